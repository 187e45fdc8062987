"""Resources every domain shares: the DuckDB warehouse, configured from the environment.

A setting is read through `dg.EnvVar` when its variable is set (the UI then shows where it came from) and
falls back to the local default of orchestration/lib/settings.py otherwise, so a fresh checkout runs with
nothing set.
"""

import os

import dagster as dg
import duckdb

from orchestration.lib import settings
from orchestration.lib.warehouse import connect


def from_env(name: str, default: str) -> str | dg.EnvVar:
    """`dg.EnvVar(name)` when the variable is set (and not empty), else the local default."""
    return dg.EnvVar(name) if os.environ.get(name) else default


def resolved(value: str | dg.EnvVar) -> str:
    """A setting's value: Dagster resolves an EnvVar when it initialises a resource for a run, but a
    resource used outside a run (the backfill CLI's checks) still holds the EnvVar."""
    return value.get_value() if isinstance(value, dg.EnvVar) else value


class WarehouseResource(dg.ConfigurableResource):
    """The DuckDB warehouse file: the raw assets, dbt (passed as a var), GX and publishing all use `path`."""

    path: str

    def connect(self, read_only: bool = False) -> duckdb.DuckDBPyConnection:
        return connect(resolved(self.path), read_only=read_only)


def warehouse_from_env() -> WarehouseResource:
    return WarehouseResource(path=from_env("DPW_WAREHOUSE_PATH", settings.warehouse_path()))


@dg.definitions
def resources() -> dg.Definitions:
    return dg.Definitions(resources={"warehouse": warehouse_from_env()})
