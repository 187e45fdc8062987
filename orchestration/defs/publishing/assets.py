"""The published copy of the warehouse (what analysts, notebooks and dashboards open, read-only) and the
weekly digest written from it."""

import datetime as dt
from pathlib import Path

import dagster as dg
import duckdb

from orchestration.defs.common.resources import WarehouseResource
from orchestration.defs.ingestion.partitions import RANGE_END_TAG
from orchestration.defs.warehouse.project import models_in_schema
from orchestration.defs.warehouse.translator import MARTS_FRESHNESS
from orchestration.lib import digest, publish, settings
from orchestration.lib.watchlists import load_watchlists, watchlists_path

PARTITION_TAG = "dagster/partition"

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


def newest_listing_date(context: dg.AssetExecutionContext, published: duckdb.DuckDBPyConnection) -> dt.date:
    """The run's newest listing date (the end of its partition range), else the copy's newest one."""
    tags = context.run.tags
    key = tags.get(RANGE_END_TAG) or tags.get(PARTITION_TAG)
    return dt.date.fromisoformat(key) if key else digest.newest_listing_date(published)


@dg.asset(
    key=["publishing", "weekly_digest"],
    deps=[warehouse_snapshot],
    group_name="publishing",
    kinds={"html", "duckdb"},
    output_required=False,
)
def weekly_digest(context: dg.AssetExecutionContext):
    """Weekly HTML digest and Atom feed per watchlist and overall, written after each week's last run."""
    root = Path(settings.publish_dir())
    with duckdb.connect(str(root / publish.PUBLISHED_NAME), read_only=True) as published:
        newest = newest_listing_date(context, published)
        week = digest.week_to_write(newest, digest.written_weeks(root)) if newest else None
        if week is None:
            context.log.info(f"newest listing date {newest}: the digest of its last complete week stands")
            return
        scopes = list(load_watchlists(watchlists_path()))
        written = digest.write(published, root, scopes, week, dt.datetime.now(dt.UTC))
    context.log.info(f"wrote the digest of the week of {week} for {len(scopes) + 1} scopes")
    yield dg.MaterializeResult(
        metadata={
            "week_start": dg.MetadataValue.text(week.isoformat()),
            "newest_listing_date": dg.MetadataValue.text(newest.isoformat()),
            "scopes": dg.MetadataValue.json([digest.OVERALL, *scopes]),
            "index": dg.MetadataValue.path(str(digest.scope_dir(root, digest.OVERALL) / "index.html")),
            "files": dg.MetadataValue.int(len(written)),
        }
    )
