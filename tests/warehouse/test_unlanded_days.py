"""A day that does not land holds nothing back: the daily run builds, validates and publishes what landed,
names the day in a failing check and ends FAILED. A day an earlier run could not land is refetched by the
next run, outside its window, and built and validated with the window."""

import datetime as dt

import dagster as dg
import duckdb
import pytest

from orchestration.defs.ingestion.partitions import range_tags
from orchestration.defs.ingestion.resources import HFApiResource
from orchestration.lib.ingest_run import ingest_days
from orchestration.lib.landing import LandingZone
from orchestration.lib.publish import PUBLISHED_NAME
from orchestration.lib.settings import SAMPLE_DIR
from tests.ingestion.conftest import fast_settings
from tests.support.replay import running_replay_server

LEFT_OVER = "2025-08-12"  # an earlier run could not land it
WINDOW = ("2025-08-14", "2025-08-15")
BAD_NOW = "2025-08-14"  # this run cannot land it: its first page comes, the (empty) second never does


@pytest.fixture
def pipeline(sample_warehouse_copy, tmp_path, monkeypatch):
    """The sample warehouse and settings pointing at a replay server, as the daily run sees them."""
    warehouse = sample_warehouse_copy("unlanded")
    with running_replay_server([SAMPLE_DIR / "hf_recorded", SAMPLE_DIR / "arranged"]) as replay:
        settings = {
            "HF_BASE_URL": replay.url,
            "DPW_WAREHOUSE_PATH": str(warehouse),
            "DPW_LANDING_ROOT": str(tmp_path / "landing"),
            "DPW_GX_ROOT": str(tmp_path / "gx"),
            "DPW_PUBLISH_DIR": str(tmp_path / "published"),
            "DPW_RATE_LIMIT": "1000",
        }
        for name, value in settings.items():
            monkeypatch.setenv(name, value)
        yield replay, warehouse, tmp_path


def leave_unlanded(replay, warehouse, tmp_path, day: str) -> None:
    """An earlier run that fetched `day` and got an HTML page on every attempt."""
    replay.add_fault("html200", date=day, count=None)
    zone = LandingZone(str(tmp_path / "landing"), storage_options={})
    with duckdb.connect(str(warehouse)) as con:
        summary = ingest_days([day], fast_settings(replay.url), zone, con, "earlier-run", lambda _: None)
    assert list(summary.failures) == [day]
    replay.clear_faults()


def ingestion_of(con, day: str) -> str:
    return con.execute(
        "select distinct run_id from marts.fct_daily_listings join raw.landing_manifest using (ingestion_id)"
        " where listing_date = ?",
        [dt.date.fromisoformat(day)],
    ).fetchall()


def test_an_unlanded_day_holds_nothing_back_and_the_next_run_heals_an_earlier_one(pipeline):
    replay, warehouse, tmp_path = pipeline
    leave_unlanded(replay, warehouse, tmp_path, LEFT_OVER)
    replay.add_fault("html200", date=BAD_NOW, page=1, count=None)
    from orchestration.definitions import build_defs

    job = build_defs().resolve_job_def("daily_refresh")
    # retries in milliseconds: the day that cannot land exhausts them
    fast_client = HFApiResource(
        base_url=replay.url, rate_limit=1000, backoff_initial_s=0.01, backoff_max_s=0.05
    )
    result = job.execute_in_process(
        instance=dg.DagsterInstance.ephemeral(),
        tags=range_tags(*WINDOW),
        resources={"hf_api": fast_client},
        raise_on_error=False,
    )

    assert not result.success
    assert [event.step_key for event in result.get_step_failure_events()] == [
        "raw__hf_daily_papers_every_day_landed"
    ]
    landed_check = next(e for e in result.get_asset_check_evaluations() if e.check_name == "every_day_landed")
    assert landed_check.description.startswith(
        f"1 day(s) not landed, refetched by every run until they land: {BAD_NOW}: payload is HTML"
    )
    materialized = {e.asset_key.to_user_string() for e in result.get_asset_materialization_events()}
    assert {"marts/dim_papers", "marts/fct_daily_listings", "publishing/warehouse_snapshot"} <= materialized
    raw = result.asset_materializations_for_node("raw__hf_daily_papers")[0].metadata
    assert raw["refetched_unlanded"].value == [LEFT_OVER]
    assert raw["not_indexed"].value == [BAD_NOW]

    with duckdb.connect(str(warehouse), read_only=True) as con:
        # the day left over was refetched and built with the window; the day that failed now kept its
        # earlier fetch
        assert ingestion_of(con, LEFT_OVER) == [(result.run_id,)]
        assert ingestion_of(con, WINDOW[1]) == [(result.run_id,)]
        assert ingestion_of(con, BAD_NOW) != [(result.run_id,)]
        validated = con.execute(
            "select distinct partition_key from audit.validation_results where run_id = ?"
            " and asset_key = 'raw/hf_daily_papers'",
            [result.run_id],
        ).fetchall()
    assert validated == [(f"{LEFT_OVER}..{WINDOW[1]}",)]
    with duckdb.connect(str(tmp_path / "published" / PUBLISHED_NAME), read_only=True) as published:
        assert published.execute("select run_id from audit.snapshot_info").fetchall() == [(result.run_id,)]
