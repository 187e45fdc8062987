"""The ingestion assets in Dagster: real materialisations against the replay server and a temp DuckDB."""

import datetime as dt

import dagster as dg
import pytest

from orchestration.defs.common.resources import WarehouseResource
from orchestration.defs.ingestion.assets import days_to_fetch, hf_daily_papers, hf_search_listings
from orchestration.defs.ingestion.checks import every_day_landed
from orchestration.defs.ingestion.partitions import EXTRA_DAYS_TAG, daily_partitions, range_tags
from orchestration.defs.ingestion.resources import HFApiResource, LandingResource
from orchestration.defs.ingestion.schedules import daily_refresh_schedule
from orchestration.lib.warehouse import connect
from tests.ingestion.conftest import recorded_ids, staged

METADATA_KEYS = {
    "partitions", "partition_range", "items", "new_papers", "quarantined_items", "quarantined_payloads",
    "failed_fetches", "not_indexed", "bytes_fetched", "http_requests", "http_retries", "landed_files",
    "duration_s", "refetched_unlanded", "refreshed_extra_days",
}  # fmt: skip


@pytest.fixture
def resources(replay, tmp_path, monkeypatch):
    watchlists = tmp_path / "watchlists.yaml"
    watchlists.write_text(
        "watchlists:\n  - {name: kazakh, query: kazakh}\n  - {name: llama_3_herd, query: llama 3 herd}\n"
    )
    monkeypatch.setenv("DPW_WATCHLISTS", str(watchlists))
    return {
        "hf_api": HFApiResource(
            base_url=replay.url, rate_limit=1000, backoff_initial_s=0.01, backoff_max_s=0.05
        ),
        "landing": LandingResource(root=str(tmp_path / "landing")),
        "warehouse": WarehouseResource(path=str(tmp_path / "warehouse.duckdb")),
    }


def _metadata(result, node):
    return {
        key: value.value for key, value in result.asset_materializations_for_node(node)[0].metadata.items()
    }


def test_one_partition_materialises_with_run_metadata(resources):
    result = dg.materialize([hf_daily_papers], partition_key="2025-07-08", resources=resources)

    metadata = _metadata(result, "raw__hf_daily_papers")
    assert set(metadata) == METADATA_KEYS
    n = len(recorded_ids("2025-07-08"))
    assert (metadata["partitions"], metadata["items"], metadata["new_papers"]) == (1, n, n)
    # the day's page, then the empty page that ends it
    assert (metadata["http_requests"], metadata["http_retries"], metadata["landed_files"]) == (2, 0, 2)
    assert (metadata["not_indexed"], metadata["refetched_unlanded"]) == ([], [])
    assert metadata["bytes_fetched"] > 10_000

    again = dg.materialize([hf_daily_papers], partition_key="2025-07-08", resources=resources)
    assert _metadata(again, "raw__hf_daily_papers")["new_papers"] == 0


def test_a_partition_range_runs_in_one_step_with_progress(resources, replay):
    instance = dg.DagsterInstance.ephemeral()
    result = dg.materialize(
        [hf_daily_papers], resources=resources, tags=range_tags("2025-07-07", "2025-07-13"), instance=instance
    )

    assert len(result.get_step_success_events()) == 1
    partitions = {m.partition for m in result.asset_materializations_for_node("raw__hf_daily_papers")}
    assert partitions == {f"2025-07-{d:02d}" for d in range(7, 14)}
    messages = [entry.user_message for entry in instance.all_logs(result.run_id)]
    progress = [message for message in messages if " days: " in message]
    assert len(progress) == 7 and progress[-1].startswith("7/7 days: ")
    assert len(replay.requests()) == 5 * 2 + 2  # five weekdays of two pages, an empty weekend


def test_a_day_not_landed_fails_the_check_not_the_rest_and_the_next_run_refetches_it(resources, replay):
    replay.add_fault("html200", date="2025-07-09", count=None)
    result = dg.materialize(
        [hf_daily_papers, every_day_landed],
        resources=resources,
        tags=range_tags("2025-07-08", "2025-07-10"),
        raise_on_error=False,
    )

    assert not result.success
    assert [event.step_key for event in result.get_step_success_events()] == ["raw__hf_daily_papers"]
    assert _metadata(result, "raw__hf_daily_papers")["not_indexed"] == ["2025-07-09"]
    (check,) = result.get_asset_check_evaluations()
    assert (check.check_name, check.passed, check.severity) == (
        "every_day_landed",
        False,
        dg.AssetCheckSeverity.ERROR,
    )
    assert check.description.startswith(
        "1 day(s) not landed, refetched by every run until they land: "
        "2025-07-09: payload is HTML, not a JSON array"
    )
    (failure,) = result.get_step_failure_events()
    assert failure.step_failure_data.user_failure_data.description == check.description
    assert "\n" not in check.description
    with connect(resources["warehouse"].path) as con:
        assert {day for day, _, _ in staged(con)} == {"2025-07-08", "2025-07-10"}

    replay.clear_faults()
    replay.clear_requests()
    healed = dg.materialize(
        [hf_daily_papers, every_day_landed], resources=resources, partition_key="2025-07-15"
    )
    assert healed.success
    assert _metadata(healed, "raw__hf_daily_papers")["refetched_unlanded"] == ["2025-07-09"]
    assert {r["params"]["date"] for r in replay.requests()} == {"2025-07-09", "2025-07-15"}
    assert [check.passed for check in healed.get_asset_check_evaluations()] == [True]
    with connect(resources["warehouse"].path) as con:
        days = {day for day, _, _ in staged(con)}
    assert days == {"2025-07-08", "2025-07-09", "2025-07-10", "2025-07-15"}


def test_days_to_fetch_adds_the_unlanded_days_outside_the_window():
    window = ["2025-08-12", "2025-08-13"]
    unlanded = {"2025-08-13": "HTTP 503", "2025-07-09": "payload is HTML"}
    assert days_to_fetch(window, unlanded) == (["2025-07-09", "2025-08-12", "2025-08-13"], ["2025-07-09"])
    assert days_to_fetch(window, {}) == (window, [])


def test_watchlists_default_to_all_and_can_be_chosen(resources, replay):
    result = dg.materialize([hf_search_listings], resources=resources)
    assert _metadata(result, "raw__hf_search_listings")["partitions"] == 2

    replay.clear_requests()
    config = dg.RunConfig({"raw__hf_search_listings": {"config": {"watchlists": ["kazakh"]}}})
    result = dg.materialize([hf_search_listings], resources=resources, run_config=config)
    assert [r["params"] for r in replay.requests()] == [{"q": "kazakh"}]
    with connect(resources["warehouse"].path) as con:
        rows = con.execute(
            "select watchlist, query, count(*) from raw.hf_search_listings group by all order by 1"
        )
        assert rows.fetchall() == [("kazakh", "kazakh", 18), ("llama_3_herd", "llama 3 herd", 11)]


def test_an_unknown_watchlist_is_refused_before_any_request(resources, replay):
    config = dg.RunConfig({"raw__hf_search_listings": {"config": {"watchlists": ["kazakh", "nope"]}}})
    result = dg.materialize(
        [hf_search_listings], resources=resources, run_config=config, raise_on_error=False
    )

    (failure,) = result.get_step_failure_events()
    assert failure.step_failure_data.user_failure_data.description == (
        "unknown watchlist(s) nope; known: kazakh, llama_3_herd"
    )
    assert replay.requests() == []


def test_the_scheduled_run_shape_lands_the_range_and_the_watchlists_in_one_run(resources, replay):
    result = dg.materialize(
        [hf_daily_papers, hf_search_listings],
        resources=resources,
        tags=range_tags("2025-08-12", "2025-08-15"),
    )

    assert result.success and len(result.get_step_success_events()) == 2
    days = sorted({r["params"]["date"] for r in replay.requests() if "date" in r["params"]})
    assert days == ["2025-08-12", "2025-08-13", "2025-08-14", "2025-08-15"]
    assert sorted(r["params"]["q"] for r in replay.requests() if "q" in r["params"]) == [
        "kazakh",
        "llama 3 herd",
    ]


def test_schedule_requests_one_run_over_the_refresh_ages(monkeypatch):
    monkeypatch.delenv("DPW_REFRESH_AGES", raising=False)
    context = dg.build_schedule_context(
        scheduled_execution_time=dt.datetime(2025, 8, 16, 6, 0, tzinfo=dt.UTC)
    )
    request = daily_refresh_schedule(context)
    # ages 0-7 as the partition range, 14 and 30 as extra days
    assert request.tags == range_tags("2025-08-08", "2025-08-15") | {EXTRA_DAYS_TAG: "2025-07-16,2025-08-01"}
    assert request.partition_key is None and request.run_key == "daily_refresh:2025-08-15"

    monkeypatch.setenv("DPW_REFRESH_AGES", "0,1,2,3")
    assert daily_refresh_schedule(context).tags == range_tags("2025-08-12", "2025-08-15")
    monkeypatch.setenv("DPW_REFRESH_AGES", "2,9")
    assert daily_refresh_schedule(context).tags == range_tags("2025-08-15", "2025-08-15") | {
        EXTRA_DAYS_TAG: "2025-08-06,2025-08-13"
    }


def test_schedule_targets_a_job_covering_raw_everything_downstream_and_what_that_reads():
    from orchestration.definitions import defs

    definitions = defs()
    job = definitions.resolve_job_def("daily_refresh")
    graph = definitions.resolve_asset_graph()

    def closure(start: set, neighbours) -> set:
        found, frontier = set(start), set(start)
        while frontier:
            frontier = {other for key in frontier for other in neighbours(graph.get(key))} - found
            found |= frontier
        return found

    raw = {dg.AssetKey(["raw", "hf_daily_papers"]), dg.AssetKey(["raw", "hf_search_listings"])}
    downstream = closure(raw, lambda node: node.child_keys)
    inputs = closure(downstream, lambda node: node.parent_keys)
    expected = {key for key in inputs if graph.get(key).is_executable}
    assert dg.AssetKey(["seeds", "topics"]) in expected - downstream
    assert job.partitions_def == daily_partitions
    assert job.asset_layer.executable_asset_keys == expected
    assert definitions.resolve_schedule_def("daily_refresh_schedule").job_name == "daily_refresh"
