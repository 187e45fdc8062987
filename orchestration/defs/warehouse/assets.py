"""Every dbt model as a Dagster asset, built by one `dbt build` a run.

The models are not partitioned. The listing-date models rebuild every date with a newer fetch, so a run
rebuilds its partitions (each one refetched) and any day landed late without being told which they are; a
partitioned dbt asset would only add one materialisation event per asset and day (3,000 for the demo's
two-year range, most of its dbt step) and a second dbt step. The raw assets stay daily-partitioned: they
are what a run fetches, and the UI shows which days landed.
"""

import json
from pathlib import Path

import dagster as dg
from dagster_dbt import DbtCliResource, dbt_assets

from orchestration.defs.common.resources import WarehouseResource
from orchestration.defs.warehouse.project import dbt_project
from orchestration.defs.warehouse.translator import WarehouseTranslator
from orchestration.lib.warehouse import dbt_target_dir


class DbtBuildConfig(dg.Config):
    full_refresh: bool = False


def build_args(config: DbtBuildConfig, warehouse: WarehouseResource) -> list[str]:
    """`dbt build` on the warehouse resource's file (profiles.yml reads the var). Nothing else goes in the
    vars: they are part of what dbt's saved parse must match (`target_path`)."""
    args = ["build", "--vars", json.dumps({"warehouse_path": warehouse.path})]
    if config.full_refresh:
        args.append("--full-refresh")
    return args


def target_path(warehouse: WarehouseResource) -> Path:
    """dbt's target folder, kept beside the warehouse file so that dbt reuses its saved parse
    (`dbt_target_dir`). dagster-dbt's default, a new folder per invocation seeded from `make manifest`'s
    parse (no vars), never matches a run's vars, so every run parsed the whole project; and old runs'
    folders no longer pile up in dbt_project/target."""
    return dbt_target_dir(warehouse.path, "build")


@dbt_assets(
    manifest=dbt_project.manifest_path,
    project=dbt_project,
    dagster_dbt_translator=WarehouseTranslator(),
    name="warehouse_models",
)
def warehouse_models(
    context: dg.AssetExecutionContext,
    dbt: DbtCliResource,
    warehouse: WarehouseResource,
    config: DbtBuildConfig,
):
    """dbt staging, intermediate models and marts: incremental ones rebuild what newer fetches changed."""
    path = target_path(warehouse)
    yield from dbt.cli(build_args(config, warehouse), context=context, target_path=path).stream()
