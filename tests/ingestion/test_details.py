"""Paper details (GET /api/papers/{id}) into raw.hf_paper_details: landed, retried, quarantined, rerun."""

import asyncio
import datetime as dt
import gzip
import json
from pathlib import Path

import dagster as dg
import pytest

from orchestration.defs.common.resources import WarehouseResource
from orchestration.defs.ingestion.assets import hf_daily_papers, hf_paper_details
from orchestration.defs.ingestion.partitions import EXTRA_DAYS_TAG, range_tags
from orchestration.defs.ingestion.resources import HFApiResource, LandingResource
from orchestration.lib.details_plan import plan_details
from orchestration.lib.hf_client import HFClient
from orchestration.lib.ingest import fetch_paper_detail
from orchestration.lib.ingest_run import ingest_details
from orchestration.lib.ingestion_rows import listing_rows
from orchestration.lib.listings import PayloadError, detail_reader
from orchestration.lib.raw_tables import write_ingestions
from orchestration.lib.settings import SAMPLE_DIR
from orchestration.lib.warehouse import connect
from tests.ingestion.conftest import RECORDINGS, fast_settings, recorded_ids
from tests.support.replay import running_replay_server

ARRANGED = SAMPLE_DIR / "arranged"
PAPERS = ["2508.07999", "2508.06471", "2508.99001"]  # adoption arranged; none; a made-up withdrawn paper


@pytest.fixture
def replay():
    with running_replay_server([RECORDINGS, ARRANGED]) as handle:
        yield handle


def _ingest(replay, zone, con, papers=PAPERS, **overrides):
    settings = fast_settings(replay.url, **overrides)
    return ingest_details(list(papers), settings, zone, con, "test-run", lambda _: None)


def _details(con) -> dict[str, list[dict]]:
    rows = con.execute("select paper_id, item from raw.hf_paper_details order by fetched_at").fetchall()
    found: dict[str, list[dict]] = {}
    for paper_id, item in rows:
        found.setdefault(paper_id, []).append(json.loads(item))
    return found


def test_details_land_whole_with_one_manifest_row_each(replay, zone, con, tmp_path):
    summary = _ingest(replay, zone, con)

    assert summary.failure_line() is None and summary.items == 3 and summary.http_requests == 3
    for paper_id, [item] in _details(con).items():
        assert item == json.loads((ARRANGED / "paper_details" / f"{paper_id}.json").read_text())
    manifest = con.execute(
        "select source, partition_key, url, outcome, item_count, file_path, sha256 from raw.landing_manifest"
    ).fetchall()
    assert sorted(row[1] for row in manifest) == sorted(PAPERS)
    for source, paper_id, url, outcome, item_count, path, sha256 in manifest:
        assert (source, url, outcome, item_count) == (
            "paper_details",
            f"{replay.url}/api/papers/{paper_id}",
            "ok",
            1,
        )
        relative = Path(path).relative_to(tmp_path / "landing")
        assert relative.parent == Path(f"paper_details/paper={paper_id}")
        assert relative.name.endswith(f"_{sha256[:8]}.json.gz")
        assert json.loads(gzip.decompress(Path(path).read_bytes()))["id"] == paper_id
    assert con.execute(
        "select count(*) from raw.hf_paper_details join raw.landing_manifest using (fetch_id, ingestion_id)"
    ).fetchone() == (3,)


def test_a_rerun_adds_a_fetch_and_rewriting_an_ingestion_replaces_it(replay, zone, con):
    _ingest(replay, zone, con)
    _ingest(replay, zone, con)
    assert {paper: len(items) for paper, items in _details(con).items()} == dict.fromkeys(PAPERS, 2)
    assert con.execute("select count(distinct fetch_id) from raw.hf_paper_details").fetchone() == (6,)

    # The same ingestion written again (a retried write) replaces itself, it does not add rows.
    async def fetch():
        async with HFClient(fast_settings(replay.url)) as client:
            return await fetch_paper_detail(client, zone, PAPERS[0])

    rows = listing_rows(asyncio.run(fetch()), "one-ingestion", "test-run")
    write_ingestions(con, [rows])
    write_ingestions(con, [rows])
    assert len(_details(con)[PAPERS[0]]) == 3
    assert con.execute(
        "select count(*) from raw.landing_manifest where ingestion_id = 'one-ingestion'"
    ).fetchone() == (1,)


@pytest.mark.parametrize("kind", ["503", "reset", "html200", "malformed"])
def test_a_transient_fault_on_a_detail_is_retried(replay, zone, con, kind):
    replay.add_fault(kind, paper=PAPERS[0], count=2)
    summary = _ingest(replay, zone, con, timeout=1.0)
    assert summary.failure_line() is None and summary.http_retries == 2
    assert sorted(_details(con)) == sorted(PAPERS)
    assert con.execute(
        "select attempts from raw.landing_manifest where partition_key = ?", [PAPERS[0]]
    ).fetchone() == (3,)


def test_a_bad_or_missing_detail_is_quarantined_and_the_others_land(replay, zone, con):
    replay.add_fault("html200", paper=PAPERS[0], count=None)
    summary = _ingest(replay, zone, con, papers=[*PAPERS, "2508.00000"])

    assert sorted(summary.failures) == ["2508.00000", PAPERS[0]]
    assert summary.failures[PAPERS[0]].startswith("payload is HTML, not a JSON object (")
    assert summary.failures[PAPERS[0]].endswith(") after 4 attempts")
    assert summary.failures["2508.00000"] == "HTTP 404 (not retried)"
    assert (summary.quarantined_payloads, summary.failed_fetches) == (1, 1)
    assert sorted(_details(con)) == sorted(PAPERS[1:])
    quarantined = con.execute(
        "select q.source, q.partition_key, q.item_index, q.file_path is not null, m.outcome "
        "from raw.quarantine q join raw.landing_manifest m using (fetch_id) order by q.partition_key"
    ).fetchall()
    assert quarantined == [
        ("paper_details", "2508.00000", None, False, "quarantined"),
        ("paper_details", PAPERS[0], None, True, "quarantined"),
    ]


def test_a_detail_of_another_paper_is_refused():
    read = detail_reader("2508.07999")
    assert read(b'{"id": "2508.07999", "future": 1}')[0].paper_id == "2508.07999"
    for body, reason in [
        (b'{"id": "2508.00001"}', "not the detail of 2508.07999"),
        (b'{"title": "no id"}', "its id is None"),
        (b"[]", "a JSON list, not an object"),
    ]:
        with pytest.raises(PayloadError, match=reason):
            read(body)


def test_plan_fetches_refresh_ages_and_papers_never_fetched():
    listed = [
        ("a", "2025-08-15", True),  # age 0
        ("b", "2025-08-07", True),  # age 8: not a refresh age, already fetched
        ("c", "2025-08-07", False),  # age 8, never fetched
        ("d", "2025-08-01", True),  # age 14
        ("d", "2025-07-20", True),  # the same paper listed again earlier: fetched once
    ]
    plan = plan_details(listed, "2025-08-15", (0, 1, 2, 7, 14, 30))
    assert (plan.first, plan.refresh, plan.papers) == (["c"], ["a", "d"], ["a", "c", "d"])


@pytest.fixture
def resources(replay, tmp_path):
    return {
        "hf_api": HFApiResource(base_url=replay.url, rate_limit=1000, backoff_initial_s=0.01),
        "landing": LandingResource(root=str(tmp_path / "landing")),
        "warehouse": WarehouseResource(path=str(tmp_path / "warehouse.duckdb")),
    }


def _metadata(result, node: str) -> dict:
    (materialization, *_) = result.asset_materializations_for_node(node)
    return {key: value.value for key, value in materialization.metadata.items()}


def test_the_asset_fetches_new_papers_then_only_those_at_a_refresh_age(resources, replay, monkeypatch):
    monkeypatch.setenv("DPW_REFRESH_AGES", "0,1,14")
    first = dg.materialize(
        [hf_daily_papers, hf_paper_details],
        resources=resources,
        tags=range_tags("2025-08-13", "2025-08-14") | {EXTRA_DAYS_TAG: "2025-07-31"},
    )
    listed = {*recorded_ids("2025-08-13"), *recorded_ids("2025-07-31"), *recorded_ids("2025-08-14")}
    listed |= {"2508.99004", "2508.99005"}  # arranged items of 2025-08-13
    metadata = _metadata(first, "raw__hf_paper_details")
    assert (metadata["listing_days"], metadata["papers_first_fetched"], metadata["papers_refreshed"]) == (
        3,
        len(listed),
        0,
    )
    assert metadata["items"] == len(listed) and metadata["not_indexed"] == []

    replay.clear_requests()
    # The next day's run: 2025-08-15 is new, 08-14 is a day old, 08-13 two days (not an age), 08-01 is 14.
    dg.materialize(
        [hf_daily_papers, hf_paper_details],
        resources=resources,
        tags=range_tags("2025-08-13", "2025-08-15") | {EXTRA_DAYS_TAG: "2025-08-01"},
    )
    asked = {r["path"].rsplit("/", 1)[1] for r in replay.requests() if r["path"].startswith("/api/papers/")}
    assert asked == {*recorded_ids("2025-08-15"), *recorded_ids("2025-08-14"), *recorded_ids("2025-08-01")}
    with connect(resources["warehouse"].path) as con:
        fetched_twice = con.execute(
            "select paper_id from raw.hf_paper_details group by 1 having count(*) = 2 order by 1"
        ).fetchall()
    assert [paper for (paper,) in fetched_twice] == sorted(recorded_ids("2025-08-14"))


def test_a_failed_detail_is_fetched_by_the_next_run_whatever_its_days(resources, replay, monkeypatch):
    monkeypatch.setenv("DPW_REFRESH_AGES", "0")
    failing = sorted(recorded_ids("2025-07-31"))[0]
    replay.add_fault("html200", paper=failing, count=None)
    first = dg.materialize(
        [hf_daily_papers, hf_paper_details], resources=resources, tags=range_tags("2025-07-31", "2025-07-31")
    )
    assert _metadata(first, "raw__hf_paper_details")["not_indexed"] == [failing]

    replay.clear_faults()
    replay.clear_requests()
    # a run over other days (a backfill does not come back to 2025-07-31): the failed detail comes along
    dg.materialize(
        [hf_daily_papers, hf_paper_details], resources=resources, tags=range_tags("2025-08-14", "2025-08-14")
    )
    asked = {r["path"].rsplit("/", 1)[1] for r in replay.requests() if r["path"].startswith("/api/papers/")}
    assert asked == {*recorded_ids("2025-08-14"), failing}
    with connect(resources["warehouse"].path) as con:
        landed = con.execute("select count(*) from raw.hf_paper_details where paper_id = ?", [failing])
        assert landed.fetchone() == (1,)


def test_a_bad_refresh_policy_fails_the_step_with_its_reason(resources, monkeypatch):
    monkeypatch.setenv("DPW_REFRESH_AGES", "0,1,two")
    result = dg.materialize(
        [hf_paper_details], resources=resources, partition_key="2025-08-14", raise_on_error=False
    )
    (failure,) = result.get_step_failure_events()
    assert failure.step_failure_data.user_failure_data.description.startswith(
        "DPW_REFRESH_AGES must be comma-separated whole numbers of days"
    )


def test_fetched_at_is_the_time_of_the_fetch(replay, zone, con):
    before = dt.datetime.now(dt.UTC)
    _ingest(replay, zone, con, papers=PAPERS[:1])
    (fetched_at,) = con.execute("select fetched_at from raw.hf_paper_details").fetchone()
    assert before <= fetched_at <= dt.datetime.now(dt.UTC)
