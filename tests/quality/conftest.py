"""Fixtures of the quality tests: the sample run's warehouse, and copies of it that a test may corrupt."""

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import duckdb
import pytest

from data_checks.registry import SUITES_BY_NAME
from data_checks.runner import SuiteOutcome, Window, validate

# A Saturday no recording holds: the replay server answered [] like the API on a quiet day.
EMPTY_DAY = "2025-08-09"
ALL_DAYS = Window("2023-05-04", "2026-12-31")


@pytest.fixture(scope="session")
def sample_warehouse(sample_warehouse_copy) -> Path:
    """The sample run's warehouse (tests/conftest.py): every recorded day, the empty days between them
    (the replay server answers [] like the API on a quiet day) and the watchlists, then `dbt build`."""
    return sample_warehouse_copy("quality")


@pytest.fixture(scope="session")
def gx_root(tmp_path_factory: pytest.TempPathFactory) -> str:
    return str(tmp_path_factory.mktemp("gx"))


@pytest.fixture
def warehouse_copy(sample_warehouse: Path, tmp_path: Path) -> Iterator[Path]:
    """A copy of the sample warehouse this test may corrupt."""
    path = tmp_path / "warehouse.duckdb"
    shutil.copy(sample_warehouse, path)
    yield path


def table_exists(path: Path, table: str) -> bool:
    schema, name = table.split(".")
    with duckdb.connect(str(path), read_only=True) as con:
        query = "select count(*) from information_schema.tables where table_schema = ? and table_name = ?"
        return con.execute(query, [schema, name]).fetchall()[0][0] == 1


@pytest.fixture
def run_suite(gx_root: str) -> Callable[..., SuiteOutcome]:
    def run(path: Path, suite: str, window: Window | None = ALL_DAYS) -> SuiteOutcome:
        with duckdb.connect(str(path)) as con:
            return validate(con, SUITES_BY_NAME[suite], window, gx_root, "quality-tests")

    return run
