"""The warehouse tests read a private copy of the sample run's warehouse (see tests/conftest.py)."""

from pathlib import Path

import duckdb
import pytest


@pytest.fixture(scope="session")
def sample_warehouse(sample_warehouse_copy) -> Path:
    return sample_warehouse_copy("warehouse")


@pytest.fixture(scope="session")
def warehouse(sample_warehouse: Path):
    """Read-only connection to the sample warehouse: `warehouse(sql, *params)` returns all rows."""
    con = duckdb.connect(str(sample_warehouse), read_only=True)

    def query(sql: str, *params) -> list[tuple]:
        return con.execute(sql, list(params)).fetchall()

    yield query
    con.close()
