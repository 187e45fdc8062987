"""The client's manners: who it says it is, the token it sends and never shows, what it refuses to do."""

import datetime as dt
import logging

import dagster as dg
import pytest

from orchestration.defs.common.resources import WarehouseResource
from orchestration.defs.ingestion.assets import hf_daily_papers
from orchestration.defs.ingestion.resources import HFApiResource, LandingResource
from orchestration.lib.hf_client import (
    USER_AGENT,
    ClientSettings,
    HFClient,
    parse_retry_after,
    validate_base_url,
)
from orchestration.lib.ingest_run import ingest_days
from tests.ingestion.conftest import fast_settings

TOKEN = "hf_secretTOKENvalue1234567890"


def test_user_agent_names_project_version_and_contact(header_server, zone, con):
    ingest_days(["2025-07-12"], fast_settings(header_server.url), zone, con, "run", lambda _: None)
    (headers,) = header_server.seen
    assert headers["User-Agent"] == USER_AGENT
    assert USER_AGENT.startswith("daily-papers-warehouse/0.") and "github.com" in USER_AGENT
    assert "Authorization" not in headers


def test_token_is_sent_as_bearer_and_never_shown(header_server, tmp_path, monkeypatch, caplog):
    monkeypatch.setenv("HF_TOKEN", TOKEN)
    caplog.set_level(logging.DEBUG)
    resources = {
        "hf_api": HFApiResource(base_url=header_server.url, rate_limit=1000),
        "landing": LandingResource(root=str(tmp_path / "landing")),
        "warehouse": WarehouseResource(path=str(tmp_path / "warehouse.duckdb")),
    }
    result = dg.materialize([hf_daily_papers], partition_key="2025-07-12", resources=resources)

    assert [h["Authorization"] for h in header_server.seen] == [f"Bearer {TOKEN}"]
    settings = resources["hf_api"].client_settings()
    shown = [
        caplog.text,
        repr(settings),
        repr(HFClient(settings)),
        repr(resources["hf_api"]),
        str(result.all_events),
        str(result.asset_materializations_for_node("raw__hf_daily_papers")[0].metadata),
        str(result.dagster_run),
    ]
    assert settings.token == TOKEN
    assert not [text for text in shown if TOKEN in text]
    con = resources["warehouse"].connect()
    assert TOKEN not in str(con.execute("select * from raw.landing_manifest").fetchall())


@pytest.mark.parametrize("url", ["ftp://huggingface.co", "file:///etc/passwd", "huggingface.co", "http://"])
def test_base_url_that_is_not_http_is_refused(url):
    with pytest.raises(ValueError, match="must be an http\\(s\\) URL"):
        validate_base_url(url)
    with pytest.raises(ValueError, match="must be an http\\(s\\) URL"):
        ClientSettings(base_url=url)


def test_refused_base_url_fails_the_asset_before_any_request(replay, tmp_path):
    resources = {
        "hf_api": HFApiResource(base_url=replay.url.replace("http://", "ftp://")),
        "landing": LandingResource(root=str(tmp_path / "landing")),
        "warehouse": WarehouseResource(path=str(tmp_path / "warehouse.duckdb")),
    }
    result = dg.materialize(
        [hf_daily_papers], partition_key="2025-07-08", resources=resources, raise_on_error=False
    )
    assert not result.success
    (failure,) = result.get_step_failure_events()
    assert "HF_BASE_URL must be an http(s) URL" in failure.step_failure_data.error.message
    assert replay.requests() == []
    assert not (tmp_path / "landing").exists()


def test_retry_after_in_seconds_or_as_a_date():
    now = dt.datetime(2025, 7, 8, 6, 0, 0, tzinfo=dt.UTC)
    assert parse_retry_after("7") == 7.0
    assert parse_retry_after("Tue, 08 Jul 2025 06:00:30 GMT", now=now) == 30.0
    assert parse_retry_after("Tue, 08 Jul 2025 05:00:00 GMT", now=now) == 0.0
    assert parse_retry_after("soon") is None
    assert parse_retry_after(None) is None


def test_trending_sort_is_never_sent(replay, zone, con):
    ingest_days(["2025-07-08"], fast_settings(replay.url, page_size=5), zone, con, "run", lambda _: None)
    assert all("sort" not in r["params"] for r in replay.requests())
    assert len(replay.requests()) == 5  # 16 items in pages of 5, then the empty page that ends the day
