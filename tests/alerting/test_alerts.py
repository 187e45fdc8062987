"""Alerts reach a webhook on 127.0.0.1: one message per failed scheduled run or failed ERROR check, with the
run, job, what failed, the one-line reason and a link to the run; never the token."""

import dagster as dg
import pytest

from orchestration.defs.alerting.sensors import SCHEDULE_TAG, alert_on_failed_checks, alert_on_run_failure
from orchestration.defs.common.resources import WarehouseResource
from orchestration.defs.ingestion.assets import hf_daily_papers
from orchestration.defs.ingestion.checks import every_day_landed
from orchestration.defs.ingestion.partitions import range_tags
from orchestration.defs.ingestion.resources import HFApiResource, LandingResource
from orchestration.lib.alerts import post_alert
from tests.support.webhook import webhook_receiver

BAD_DAY = "2025-07-09"
TOKEN = "hf_secret_token_never_to_be_seen"


def raw_job_defs(replay_url: str, tmp_path) -> dg.Definitions:
    """The raw step of daily_refresh and the check that every day landed, under the job's own name."""
    return dg.Definitions(
        assets=[hf_daily_papers],
        asset_checks=[every_day_landed],
        jobs=[dg.define_asset_job("daily_refresh", selection=[hf_daily_papers])],
        resources={
            "hf_api": HFApiResource(
                base_url=replay_url, rate_limit=1000, max_attempts=2, backoff_initial_s=0.01
            ),
            "landing": LandingResource(root=str(tmp_path / "landing")),
            "warehouse": WarehouseResource(path=str(tmp_path / "warehouse.duckdb")),
        },
    )


def run_context(instance, result, sensor_name: str, failed: bool):
    event = result.get_run_failure_event() if failed else result.get_run_success_event()
    context = dg.build_run_status_sensor_context(
        sensor_name=sensor_name,
        dagster_event=event,
        dagster_instance=instance,
        dagster_run=result.dagster_run,
    )
    return context.for_run_failure() if failed else context


@pytest.fixture
def scheduled_failure(replay, tmp_path, monkeypatch):
    """A scheduled daily_refresh whose raw step could not land one day: the run fails on the check."""
    monkeypatch.setenv("HF_TOKEN", TOKEN)
    replay.add_fault("html200", date=BAD_DAY, count=None)
    instance = dg.DagsterInstance.ephemeral()
    job = raw_job_defs(replay.url, tmp_path).resolve_job_def("daily_refresh")
    tags = {SCHEDULE_TAG: "daily_refresh_schedule", **range_tags("2025-07-08", "2025-07-10")}
    result = job.execute_in_process(instance=instance, tags=tags, raise_on_error=False)
    assert not result.success
    return instance, result


def test_a_failed_scheduled_run_posts_one_message(scheduled_failure, monkeypatch):
    instance, result = scheduled_failure
    with webhook_receiver() as receiver:
        monkeypatch.setenv("DPW_ALERT_WEBHOOK", receiver.url)
        assert alert_on_run_failure(run_context(instance, result, "alert_on_run_failure", True)) is None

    [message] = receiver.messages
    first, *details = message["text"].splitlines()
    run_id = result.run_id
    assert first.startswith(f":rotating_light: daily_refresh scheduled run {run_id[:8]} FAILED: ")
    assert f"1 day(s) not landed, refetched by every run until they land: {BAD_DAY}: payload is HTML" in first
    assert "failed steps: raw__hf_daily_papers_every_day_landed" in details
    assert "failed checks (ERROR): raw/hf_daily_papers:every_day_landed" in details
    assert details[-1] == f"run {run_id}: http://127.0.0.1:3000/runs/{run_id}"
    assert TOKEN not in message["text"] and receiver.url not in message["text"]


def test_the_ui_link_follows_dpw_ui_url_and_nothing_is_sent_without_a_webhook(scheduled_failure, monkeypatch):
    instance, result = scheduled_failure
    context = run_context(instance, result, "alert_on_run_failure", True)
    monkeypatch.delenv("DPW_ALERT_WEBHOOK", raising=False)
    assert isinstance(alert_on_run_failure(context), dg.SkipReason)

    monkeypatch.setenv("DPW_UI_URL", "https://dagster.example.org/")
    with webhook_receiver(fail_first=1) as receiver:
        monkeypatch.setenv("DPW_ALERT_WEBHOOK", receiver.url)
        alert_on_run_failure(context)
    assert receiver.posts == 2  # the first answer was a 500: retried
    [message] = receiver.messages
    assert message["text"].endswith(f"https://dagster.example.org/runs/{result.run_id}")


@dg.asset(group_name="test")
def listed() -> None:
    """A stand-in asset."""


@dg.asset_check(asset=listed)
def listed_is_whole() -> dg.AssetCheckResult:
    return dg.AssetCheckResult(passed=False, severity=dg.AssetCheckSeverity.ERROR, description="3 rows lost")


def test_a_run_that_succeeds_past_a_failed_error_check_is_alerted_once(monkeypatch):
    instance = dg.DagsterInstance.ephemeral()
    result = dg.materialize([listed, listed_is_whole], instance=instance)
    assert result.success
    with webhook_receiver() as receiver:
        monkeypatch.setenv("DPW_ALERT_WEBHOOK", receiver.url)
        alert_on_failed_checks(run_context(instance, result, "alert_on_failed_checks", False))
        quiet = dg.materialize([listed], instance=instance)
        skipped = alert_on_failed_checks(run_context(instance, quiet, "alert_on_failed_checks", False))

    [message] = receiver.messages
    assert "SUCCEEDED with failed checks: 3 rows lost" in message["text"]
    assert "failed checks (ERROR): listed:listed_is_whole" in message["text"]
    assert isinstance(skipped, dg.SkipReason)


def test_an_alert_that_cannot_be_delivered_is_reported_not_raised():
    with webhook_receiver(fail_first=5) as receiver:
        problem = post_alert(receiver.url, "hello", attempts=2, backoff_s=0.01)
    assert problem == "the webhook answered HTTP 500 after 2 attempts"
    assert post_alert("http://127.0.0.1:9/hook", "hello", attempts=2, backoff_s=0.01) == (
        "ConnectError after 2 attempts"
    )
