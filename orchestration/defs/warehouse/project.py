"""The one dbt project of the warehouse.

The manifest is prepared explicitly (`dbt parse`, see the Makefile) before the code location loads in
tests and CI; `prepare_if_dev()` reparses only under `dagster dev` / `dg dev`.
"""

from dagster_dbt import DbtProject

from orchestration.lib.settings import DBT_PROJECT_DIR

dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)
dbt_project.prepare_if_dev()
