"""The dbt CLI resource; the warehouse file reaches dbt from the warehouse resource (defs/warehouse/assets.py)."""

import dagster as dg
from dagster_dbt import DbtCliResource

from orchestration.defs.warehouse.project import dbt_executable, dbt_project


@dg.definitions
def resources() -> dg.Definitions:
    return dg.Definitions(
        resources={"dbt": DbtCliResource(project_dir=dbt_project, dbt_executable=dbt_executable())}
    )
