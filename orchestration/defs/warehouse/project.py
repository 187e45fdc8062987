"""The one dbt project of the warehouse.

The manifest is prepared explicitly (`dbt parse`, see the Makefile) before the code location loads in
tests and CI; under `dagster dev` / `dg dev` it is reparsed at load, by the dbt beside this interpreter:
dagster-dbt's own preparer runs `dbt` from PATH, which a venv that is not activated is not on.
"""

import json
import sys
from pathlib import Path

from dagster_dbt import DagsterDbtProjectPreparer, DbtCliResource, DbtProject

from orchestration.lib.settings import DBT_PROJECT_DIR

PARSE_ARGS = ["parse", "--quiet"]


def dbt_executable() -> str:
    """The dbt beside this interpreter, so a venv that is not on PATH still finds its own dbt."""
    beside = Path(sys.executable).with_name("dbt")
    return str(beside) if beside.exists() else "dbt"


class VenvDbtPreparer(DagsterDbtProjectPreparer):
    """dagster-dbt's development preparer, parsing with `dbt_executable()` instead of PATH's dbt."""

    def prepare(self, project: DbtProject) -> None:
        dbt = DbtCliResource(project_dir=project, dbt_executable=dbt_executable())
        dbt.cli(PARSE_ARGS, target_path=project.target_path).wait()


dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)
VenvDbtPreparer().prepare_if_dev(dbt_project)


def models_in_schema(schema: str) -> list[str]:
    """The names of the dbt models built into `schema` (e.g. the marts), read from dbt's manifest."""
    nodes = json.loads(dbt_project.manifest_path.read_text())["nodes"].values()
    return sorted(
        node["name"]
        for node in nodes
        if node["resource_type"] == "model" and node["config"].get("schema") == schema
    )
