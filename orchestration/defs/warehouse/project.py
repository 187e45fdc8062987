"""The one dbt project of the warehouse.

The manifest is prepared explicitly (`dbt parse`, see the Makefile) before the code location loads in
tests and CI; `prepare_if_dev()` reparses only under `dagster dev` / `dg dev`.
"""

import json

from dagster_dbt import DbtProject

from orchestration.lib.settings import DBT_PROJECT_DIR

dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)
dbt_project.prepare_if_dev()


def models_in_schema(schema: str) -> list[str]:
    """The names of the dbt models built into `schema` (e.g. the marts), read from dbt's manifest."""
    nodes = json.loads(dbt_project.manifest_path.read_text())["nodes"].values()
    return sorted(
        node["name"]
        for node in nodes
        if node["resource_type"] == "model" and node["config"].get("schema") == schema
    )
