"""Pages are followed until an empty one (a short page is not the end), papers repeated across pages are
kept once, and a rerun adds a newer fetch without duplicating what staging sees or deleting anything
landed."""

import gzip
import json
from pathlib import Path

import pytest

from orchestration.lib.ingest_run import ingest_days
from orchestration.lib.landing import is_final
from tests.ingestion.conftest import RECORDINGS, fast_settings, recorded_ids, staged
from tests.support.replay import running_replay_server

DAY = "2025-07-08"  # 16 items recorded
CAPPED_DAYS = ["2025-07-08", "2025-09-30", "2026-06-10", "2025-07-12"]  # 16, 50, 35 and 0 items


def _ingest(url, zone, con, dates, **overrides):
    return ingest_days(dates, fast_settings(url, **overrides), zone, con, "test-run", lambda _: None)


def test_two_pages_are_one_ingestion_in_listing_order(replay, zone, con):
    summary = _ingest(replay.url, zone, con, [DAY], page_size=10)

    assert [r["params"] for r in replay.requests()] == [
        {"date": DAY, "limit": "10", "p": "0"},
        {"date": DAY, "limit": "10", "p": "1"},
        {"date": DAY, "limit": "10", "p": "2"},
    ]
    assert summary.http_requests == 3 and summary.landed_files == 3 and summary.items == 16
    rows = con.execute(
        "select paper_id, item_index, fetch_id, ingestion_id from raw.hf_daily_papers order by item_index"
    ).fetchall()
    assert [r[0] for r in rows] == recorded_ids(DAY)
    assert [r[1] for r in rows] == list(range(16))
    assert len({r[2] for r in rows}) == 2 and len({r[3] for r in rows}) == 1
    manifest = con.execute(
        "select params ->> 'p', item_count, outcome from raw.landing_manifest order by params ->> 'p'"
    ).fetchall()
    assert manifest == [("0", 10, "ok"), ("1", 6, "ok"), ("2", 0, "empty")]


@pytest.mark.parametrize("cap", [10, 1])
def test_a_server_capping_its_pages_still_lands_every_item(zone, con, cap):
    with running_replay_server([RECORDINGS], max_page_size=cap) as capped:
        summary = _ingest(capped.url, zone, con, CAPPED_DAYS, concurrency=8)
        requests = capped.requests()

    assert summary.failure_line() is None
    expected = sorted((day, paper_id) for day in CAPPED_DAYS for paper_id in recorded_ids(day))
    assert sorted((day, paper_id) for day, paper_id, _ in staged(con)) == expected
    assert summary.items == len(expected) == 101
    pages = {day: -(-len(recorded_ids(day)) // cap) + 1 for day in CAPPED_DAYS}
    assert len(requests) == sum(pages.values())
    for day in CAPPED_DAYS:
        order = con.execute(
            "select paper_id from raw.hf_daily_papers where listing_date = ? order by item_index", [day]
        ).fetchall()
        assert [paper_id for (paper_id,) in order] == recorded_ids(day)


def test_a_listing_that_never_ends_is_refused_not_cut_short(replay, zone, con, monkeypatch):
    monkeypatch.setattr("orchestration.lib.ingest.MAX_PAGES", 2)
    summary = _ingest(replay.url, zone, con, [DAY], page_size=5)

    assert (
        summary.failure_line() == f"1 of 1 partition(s) not indexed: {DAY}: listing still going after 2 pages"
    )
    assert staged(con) == []
    outcomes = con.execute("select outcome from raw.landing_manifest").fetchall()
    assert outcomes == [("quarantined",), ("quarantined",)]


def test_a_full_last_page_is_followed_by_an_empty_one(replay, zone, con):
    _ingest(replay.url, zone, con, ["2025-09-30"])  # exactly 50 items: one page size
    outcomes = con.execute(
        "select item_count, outcome from raw.landing_manifest order by fetched_at"
    ).fetchall()
    assert outcomes == [(50, "ok"), (0, "empty")]
    assert len(staged(con)) == 50


def test_a_paper_repeated_on_a_later_page_is_kept_once(tmp_path, zone, con):
    items = json.loads((RECORDINGS / "daily_papers" / f"{DAY}.json").read_text())
    shifted = tmp_path / "shifted"
    (shifted / "daily_papers").mkdir(parents=True)
    # The listing moved while we paged: the first paper shows up again on page two.
    (shifted / "daily_papers" / f"{DAY}.json").write_text(json.dumps(items[:12] + [items[0]] + items[12:]))
    with running_replay_server([shifted]) as replay:
        summary = _ingest(replay.url, zone, con, [DAY], page_size=10)
    assert summary.items == 16
    assert [
        r[0] for r in con.execute("select paper_id from raw.hf_daily_papers order by item_index").fetchall()
    ] == [item["paper"]["id"] for item in items]


def test_rerun_adds_a_fetch_but_staging_sees_each_paper_once(replay, zone, con, tmp_path):
    days = [DAY, "2025-07-09", "2025-07-12"]  # the last one is a weekend day: empty
    _ingest(replay.url, zone, con, days)
    first_files = {p: p.read_bytes() for p in Path(tmp_path / "landing").rglob("*") if p.is_file()}
    first_view = staged(con)
    _ingest(replay.url, zone, con, days)

    assert staged(con) == first_view
    expected = sorted((d, i) for d in days for i in recorded_ids(d))
    assert sorted((d, i) for d, i, _ in first_view) == expected
    # per run: two pages (the second empty) for each weekday, one for the weekend day
    assert con.execute(
        "select count(distinct ingestion_id), count(*) from raw.landing_manifest"
    ).fetchone() == (6, 10)
    assert con.execute("select count(*) from raw.hf_daily_papers").fetchone()[0] == 2 * len(expected)
    assert con.execute(
        "select outcome from raw.landing_manifest where partition_key = '2025-07-12'"
    ).fetchall() == [
        ("empty",),
        ("empty",),
    ]
    files_now = [p for p in Path(tmp_path / "landing").rglob("*") if p.is_file()]
    assert all(p.read_bytes() == body for p, body in first_files.items())
    assert len(files_now) == 2 * len(first_files)
    assert all(
        is_final(str(p)) and json.loads(gzip.decompress(p.read_bytes())) is not None for p in files_now
    )


def test_the_landed_path_follows_the_contract(replay, zone, con, tmp_path):
    _ingest(replay.url, zone, con, [DAY])
    path, sha256, size = con.execute("select file_path, sha256, bytes from raw.landing_manifest").fetchone()
    relative = Path(path).relative_to(tmp_path / "landing")
    assert relative.parent == Path(f"daily_papers/date={DAY}")
    stamp, sha8 = relative.name.removesuffix(".json.gz").split("_")
    assert len(stamp) == len("20250708T061502.123456Z") and sha8 == sha256[:8]
    assert len(gzip.decompress(Path(path).read_bytes())) == size
