"""dbt models as Dagster assets: date-windowed incremental models daily-partitioned, the rest not."""

import json
from datetime import timedelta

import dagster as dg
from dagster_dbt import DbtCliResource, dbt_assets

from orchestration.defs.common.resources import WarehouseResource
from orchestration.defs.ingestion.partitions import daily_partitions
from orchestration.defs.warehouse.project import dbt_project
from orchestration.defs.warehouse.translator import WarehouseTranslator

# Incremental models that delete+insert whole listing dates (tag set in the model's config).
DAILY_PARTITIONED = "tag:daily_partitioned"


class DbtBuildConfig(dg.Config):
    full_refresh: bool = False


def build_args(
    config: DbtBuildConfig, warehouse: WarehouseResource, dbt_vars: dict[str, str] | None = None
) -> list[str]:
    """`dbt build` on the warehouse resource's file (profiles.yml reads the var), with the run's vars."""
    args = ["build", "--vars", json.dumps({"warehouse_path": warehouse.path, **(dbt_vars or {})})]
    if config.full_refresh:
        args.append("--full-refresh")
    return args


def window_vars(window: dg.TimeWindow) -> dict[str, str]:
    """The run's partition window as the inclusive listing-date vars the incremental models read."""
    last_day = window.end - timedelta(days=1)
    return {"min_date": window.start.date().isoformat(), "max_date": last_day.date().isoformat()}


@dbt_assets(
    manifest=dbt_project.manifest_path,
    project=dbt_project,
    select=DAILY_PARTITIONED,
    partitions_def=daily_partitions,
    backfill_policy=dg.BackfillPolicy.single_run(),
    dagster_dbt_translator=WarehouseTranslator(),
    name="warehouse_daily_models",
)
def warehouse_daily_models(
    context: dg.AssetExecutionContext,
    dbt: DbtCliResource,
    warehouse: WarehouseResource,
    config: DbtBuildConfig,
):
    """dbt models rebuilt per listing date (delete+insert over the run's partition window)."""
    args = build_args(config, warehouse, window_vars(context.partition_time_window))
    yield from dbt.cli(args, context=context).stream()


@dbt_assets(
    manifest=dbt_project.manifest_path,
    project=dbt_project,
    exclude=DAILY_PARTITIONED,
    dagster_dbt_translator=WarehouseTranslator(),
    name="warehouse_models",
)
def warehouse_models(
    context: dg.AssetExecutionContext,
    dbt: DbtCliResource,
    warehouse: WarehouseResource,
    config: DbtBuildConfig,
):
    """dbt staging views, intermediate models and marts that are not date-partitioned."""
    yield from dbt.cli(build_args(config, warehouse), context=context).stream()
