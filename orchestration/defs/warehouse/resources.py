"""The dbt CLI resource; dbt reads the warehouse path the warehouse resource passes it (see assets.py)."""

import dagster as dg
from dagster_dbt import DbtCliResource

from orchestration.defs.warehouse.project import dbt_executable, dbt_project


@dg.definitions
def resources() -> dg.Definitions:
    return dg.Definitions(
        resources={"dbt": DbtCliResource(project_dir=dbt_project, dbt_executable=dbt_executable())}
    )
