"""dbt models as Dagster assets: date-windowed incremental models daily-partitioned, the rest not."""

import json
from collections.abc import Sequence
from datetime import timedelta

import dagster as dg
from dagster_dbt import DbtCliResource, dbt_assets

from orchestration.defs.ingestion.partitions import daily_partitions
from orchestration.defs.ingestion.resources import WarehouseResource
from orchestration.defs.warehouse.project import dbt_project
from orchestration.defs.warehouse.translator import WarehouseTranslator
from orchestration.lib.raw_status import landed_by_runs, run_family

# Incremental models that delete+insert whole listing dates (tag set in the model's config).
DAILY_PARTITIONED = "tag:daily_partitioned"


class DbtBuildConfig(dg.Config):
    full_refresh: bool = False


def build_args(config: DbtBuildConfig, dbt_vars: dict[str, str] | None = None) -> list[str]:
    args = ["build"]
    if dbt_vars:
        args += ["--vars", json.dumps(dbt_vars)]
    if config.full_refresh:
        args.append("--full-refresh")
    return args


def window_vars(window: dg.TimeWindow, landed: Sequence[str] = ()) -> dict[str, str]:
    """The run's partition window as the inclusive listing-date vars the incremental models read, widened
    to the days the run landed outside it (days earlier runs could not land, refetched by this one)."""
    days = [window.start.date().isoformat(), (window.end - timedelta(days=1)).date().isoformat(), *landed]
    return {"min_date": min(days), "max_date": max(days)}


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
    config: DbtBuildConfig,
    warehouse: WarehouseResource,
):
    """dbt models rebuilt per listing date (delete+insert over the run's partition window)."""
    with warehouse.connect() as con:
        landed = landed_by_runs(con, run_family(context.run))
    args = build_args(config, window_vars(context.partition_time_window, landed))
    yield from dbt.cli(args, context=context).stream()


@dbt_assets(
    manifest=dbt_project.manifest_path,
    project=dbt_project,
    exclude=DAILY_PARTITIONED,
    dagster_dbt_translator=WarehouseTranslator(),
    name="warehouse_models",
)
def warehouse_models(context: dg.AssetExecutionContext, dbt: DbtCliResource, config: DbtBuildConfig):
    """dbt staging views, intermediate models and marts that are not date-partitioned."""
    yield from dbt.cli(build_args(config), context=context).stream()
