"""The Dagster code location: everything is found under `orchestration/defs/<domain>/`."""

from pathlib import Path

import dagster as dg

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def build_defs() -> dg.Definitions:
    # One DuckDB file has one writer: steps of a run go one after another, in one process.
    return dg.Definitions.merge(
        dg.load_from_defs_folder(path_within_project=PROJECT_ROOT),
        dg.Definitions(executor=dg.in_process_executor),
    )


defs = dg.definitions(build_defs)
