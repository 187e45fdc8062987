"""The published copy of the warehouse: what analysts, notebooks and dashboards open, read-only."""

import dagster as dg

from orchestration.defs.common.resources import WarehouseResource
from orchestration.defs.warehouse.project import models_in_schema
from orchestration.defs.warehouse.translator import MARTS_FRESHNESS
from orchestration.lib import publish, settings

# What the copy holds (docs/contract.md), as dbt selects it: it waits for every model of those schemas, and
# for their blocking checks.
PUBLISHED_KEYS = [
    dg.AssetKey([schema, name]) for schema in publish.PUBLISHED_SCHEMAS for name in models_in_schema(schema)
]


def snapshot_metadata(snapshot: publish.Snapshot) -> dict[str, dg.MetadataValue]:
    return {
        "path": dg.MetadataValue.path(str(snapshot.path)),
        "published_at": dg.MetadataValue.timestamp(snapshot.published_at),
        "tables": dg.MetadataValue.int(len(snapshot.row_counts)),
        "rows": dg.MetadataValue.int(sum(snapshot.row_counts.values())),
        "bytes": dg.MetadataValue.int(snapshot.bytes),
        "row_counts": dg.MetadataValue.json(snapshot.row_counts),
    }


@dg.asset(
    key=["publishing", "warehouse_snapshot"],
    deps=PUBLISHED_KEYS,
    group_name="publishing",
    kinds={"duckdb"},
    freshness_policy=MARTS_FRESHNESS,
)
def warehouse_snapshot(
    context: dg.AssetExecutionContext, warehouse: WarehouseResource
) -> dg.MaterializeResult:
    """Read-only copy of the marts and audit schemas, swapped in atomically for readers."""
    snapshot = publish.publish(warehouse.path, settings.publish_dir(), run_id=context.run.run_id)
    context.log.info(f"published {len(snapshot.row_counts)} tables to {snapshot.path}")
    return dg.MaterializeResult(metadata=snapshot_metadata(snapshot))
