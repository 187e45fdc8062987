"""dbt models as Dagster assets: date-windowed incremental models daily-partitioned, the rest not."""

import json
from pathlib import Path

import dagster as dg
from dagster_dbt import DbtCliResource, dbt_assets

from orchestration.defs.common.resources import WarehouseResource
from orchestration.defs.ingestion.partitions import daily_partitions
from orchestration.defs.warehouse.project import dbt_project
from orchestration.defs.warehouse.translator import WarehouseTranslator
from orchestration.lib.warehouse import dbt_target_dir

# Incremental models that delete+insert whole listing dates (tag set in the model's config).
DAILY_PARTITIONED = "tag:daily_partitioned"


class DbtBuildConfig(dg.Config):
    full_refresh: bool = False


def build_args(config: DbtBuildConfig, warehouse: WarehouseResource) -> list[str]:
    """`dbt build` on the warehouse resource's file (profiles.yml reads the var). Nothing else goes in the
    vars: they are part of what dbt's saved parse must match (below), so a var that changed every run (the
    partition window) would cost a full parse every run. The daily models need no window: they rebuild
    every listing date with a newer fetch, which covers the run's partitions."""
    args = ["build", "--vars", json.dumps({"warehouse_path": warehouse.path})]
    if config.full_refresh:
        args.append("--full-refresh")
    return args


def target_path(warehouse: WarehouseResource, step: str) -> Path:
    """dbt's target folder for this step, kept beside the warehouse file so that dbt reuses its saved parse
    (`dbt_target_dir`). dagster-dbt's default, a new folder per invocation seeded from `make manifest`'s
    parse (no vars), never matches a run's vars, so every step parsed the whole project; and old runs'
    folders no longer pile up in dbt_project/target."""
    return dbt_target_dir(warehouse.path, step)


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
    """dbt models rebuilt per listing date (delete+insert of every date with a newer fetch: the run's
    partitions and any day landed late)."""
    path = target_path(warehouse, "daily_models")
    yield from dbt.cli(build_args(config, warehouse), context=context, target_path=path).stream()


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
    path = target_path(warehouse, "models")
    yield from dbt.cli(build_args(config, warehouse), context=context, target_path=path).stream()
