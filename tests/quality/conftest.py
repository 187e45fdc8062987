"""Fixtures of the quality tests: one sample warehouse per session, built by the real ingestion from the
replay server and the real dbt project, and copies of it that a test may corrupt."""

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import duckdb
import pytest

from data_checks.registry import SUITES_BY_NAME
from data_checks.runner import SuiteOutcome, Window, validate
from orchestration.lib.hf_client import ClientSettings
from orchestration.lib.ingest_run import ingest_days, ingest_watchlists
from orchestration.lib.landing import LandingZone
from orchestration.lib.settings import SAMPLE_DIR
from orchestration.lib.warehouse import connect
from orchestration.lib.watchlists import DEFAULT_WATCHLISTS, load_watchlists
from tests.support.dbt import run_dbt
from tests.support.replay import running_replay_server

RECORDING_ROOTS = (SAMPLE_DIR / "hf_recorded", SAMPLE_DIR / "arranged")
# A Saturday no recording holds: the replay server answers [] like the API on a quiet day.
EMPTY_DAY = "2025-08-09"
ALL_DAYS = Window("2023-05-04", "2026-12-31")


def recorded_dates() -> list[str]:
    return sorted({path.stem for root in RECORDING_ROOTS for path in (root / "daily_papers").glob("*.json")})


def quiet(_: str) -> None:
    return None


@pytest.fixture(scope="session")
def sample_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every recorded day and watchlist ingested through the replay server, then `dbt build`."""
    folder = tmp_path_factory.mktemp("sample_warehouse")
    path = folder / "warehouse.duckdb"
    zone = LandingZone(str(folder / "landing"))
    with running_replay_server(RECORDING_ROOTS) as replay:
        settings = ClientSettings(base_url=replay.url, rate_limit=1000)
        with connect(str(path)) as con:
            ingest_days([*recorded_dates(), EMPTY_DAY], settings, zone, con, "quality-tests", quiet)
            watchlists = load_watchlists(DEFAULT_WATCHLISTS)
            ingest_watchlists(watchlists, settings, zone, con, "quality-tests", quiet)
    run_dbt(path, "build")
    return path


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
