"""A published sample warehouse, built once per session by the real parts of the pipeline.

The recorded and arranged listings are served by the replay server on 127.0.0.1, fetched and indexed by
the ingestion code, modelled by `dbt build`, validated by the GX mart suites (which fill
audit.validation_results), and published by the `publishing/warehouse_snapshot` asset.
"""

import datetime as dt
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import dagster as dg
import pytest

from data_checks.history import append_history, history_rows
from data_checks.registry import SUITES
from data_checks.runner import validate
from orchestration.defs.ingestion.resources import WarehouseResource
from orchestration.defs.publishing.assets import warehouse_snapshot
from orchestration.lib import settings
from orchestration.lib.hf_client import ClientSettings
from orchestration.lib.ingest_run import ingest_days, ingest_watchlists
from orchestration.lib.landing import LandingZone
from orchestration.lib.publish import PUBLISHED_NAME
from orchestration.lib.warehouse import connect
from orchestration.lib.watchlists import load_watchlists, watchlists_path
from tests.support.replay import running_replay_server

RECORDINGS = (settings.SAMPLE_DIR / "hf_recorded", settings.SAMPLE_DIR / "arranged")
DBT = Path(sys.executable).with_name("dbt")
SAMPLE_RUN_ID = "sample-run"


@dataclass(frozen=True)
class SampleWarehouse:
    live: Path
    publish_dir: Path

    @property
    def published(self) -> Path:
        return self.publish_dir / PUBLISHED_NAME


def sample_dates() -> list[str]:
    return sorted({path.stem for root in RECORDINGS for path in (root / "daily_papers").glob("*.json")})


def ingest(live: Path, landing: Path) -> None:
    with running_replay_server(RECORDINGS) as replay, connect(str(live)) as con:
        client = ClientSettings(base_url=replay.url, rate_limit=1000, concurrency=4)
        zone = LandingZone(str(landing))
        ingest_days(sample_dates(), client, zone, con, SAMPLE_RUN_ID, progress=lambda _: None)
        ingest_watchlists(
            load_watchlists(watchlists_path()), client, zone, con, SAMPLE_RUN_ID, lambda _: None
        )


def dbt_build(live: Path, work: Path) -> None:
    env = {**os.environ, "DPW_WAREHOUSE_PATH": str(live)}
    command = [str(DBT), "build", "--target-path", str(work / "target"), "--log-path", str(work / "logs")]
    done = subprocess.run(command, cwd=settings.DBT_PROJECT_DIR, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout[-4000:]


def validate_marts(live: Path, gx_root: Path) -> None:
    with connect(str(live)) as con:
        for spec in SUITES:
            if spec.asset_key.startswith("marts/"):
                outcome = validate(con, spec, None, str(gx_root), SAMPLE_RUN_ID)
                rows = history_rows(outcome, SAMPLE_RUN_ID, spec.asset_key, None, dt.datetime.now(dt.UTC))
                append_history(con, rows)


@pytest.fixture(scope="session")
def sample_warehouse(tmp_path_factory: pytest.TempPathFactory) -> SampleWarehouse:
    work = tmp_path_factory.mktemp("sample_warehouse")
    sample = SampleWarehouse(work / "warehouse.duckdb", work / "published")
    ingest(sample.live, work / "landing")
    dbt_build(sample.live, work)
    validate_marts(sample.live, work / "gx")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DPW_PUBLISH_DIR", str(sample.publish_dir))
        result = dg.materialize(
            [warehouse_snapshot], resources={"warehouse": WarehouseResource(path=str(sample.live))}
        )
    assert result.success
    return sample
