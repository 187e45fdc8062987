"""The dbt CLI resource; the warehouse file is DPW_WAREHOUSE_PATH, read by dbt_project/profiles.yml."""

import sys
from pathlib import Path

import dagster as dg
from dagster_dbt import DbtCliResource

from orchestration.defs.warehouse.project import dbt_project


def dbt_executable() -> str:
    """The dbt beside this interpreter, so a venv that is not on PATH still finds its own dbt."""
    beside = Path(sys.executable).with_name("dbt")
    return str(beside) if beside.exists() else "dbt"


@dg.definitions
def resources() -> dg.Definitions:
    return dg.Definitions(
        resources={"dbt": DbtCliResource(project_dir=dbt_project, dbt_executable=dbt_executable())}
    )
