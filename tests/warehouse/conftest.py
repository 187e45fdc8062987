"""A sample warehouse built once per session: raw tables from the recordings, then a real `dbt build`."""

from pathlib import Path

import duckdb
import pytest

from tests.support.dbt import run_dbt
from tests.support.raw_sample import load_sample_raw

# Everything the paper and author marts need (ancestors included), not the keyword/topic/trend marts.
WAREHOUSE_SELECTION = ("--select", "+marts.papers", "+marts.authors")


@pytest.fixture(scope="session")
def sample_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("warehouse") / "warehouse.duckdb"
    load_sample_raw(path)
    run_dbt(path, "build", *WAREHOUSE_SELECTION)
    return path


@pytest.fixture(scope="session")
def warehouse(sample_warehouse: Path):
    """Read-only connection to the sample warehouse: `warehouse(sql, *params)` returns all rows."""
    con = duckdb.connect(str(sample_warehouse), read_only=True)

    def query(sql: str, *params) -> list[tuple]:
        return con.execute(sql, list(params)).fetchall()

    yield query
    con.close()
