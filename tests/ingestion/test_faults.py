"""Every fault the replay server can inject ends in a retry that succeeds, or in one clear line plus a
manifest and quarantine row; nothing landed is lost and a rerun lands the data once."""

import gzip
import json
import time
from pathlib import Path

import pytest

from orchestration.lib.ingest_run import ingest_days
from tests.ingestion.conftest import fast_settings, recorded_ids, staged

DAY = "2025-07-08"
OTHER_DAY = "2025-07-09"


def _run(replay, zone, con, dates=(DAY, OTHER_DAY), **overrides):
    return ingest_days(
        list(dates), fast_settings(replay.url, **overrides), zone, con, "test-run", lambda _: None
    )


def _staged_ids(con, date):
    return sorted(paper_id for listing_date, paper_id, _ in staged(con) if listing_date == date)


def _final_files(root: Path) -> list[Path]:
    return sorted(root.rglob("*.json.gz"))


@pytest.mark.parametrize(
    "kind, options",
    [
        ("429", {"retry_after": 0}),
        ("500", {}),
        ("503", {"count": 2}),
        ("slow", {"delay_s": 3.0}),
        ("reset", {}),
        ("truncated", {}),
        ("html200", {}),
        ("malformed", {"count": 2}),
    ],
)
def test_transient_fault_is_retried_and_the_day_lands_once(replay, zone, con, tmp_path, kind, options):
    replay.add_fault(kind, date=DAY, **options)
    summary = _run(replay, zone, con, timeout=1.0)

    faults = options.get("count", 1)
    assert summary.failure_line() is None
    assert summary.http_retries == faults
    assert _staged_ids(con, DAY) == sorted(recorded_ids(DAY))
    statuses = [r["fault"] for r in replay.requests() if r["params"].get("date") == DAY]
    assert statuses == [kind] * faults + [None, None]  # the day's page, then the empty page that ends it
    attempts = con.execute(
        "select attempts, outcome from raw.landing_manifest where partition_key = ? order by fetched_at",
        [DAY],
    ).fetchall()
    assert attempts == [(faults + 1, "ok"), (1, "empty")]
    assert len(_final_files(tmp_path / "landing" / f"daily_papers/date={DAY}")) == 2


def test_retry_after_is_honoured_and_capped(replay, zone, con):
    replay.add_fault("429", date=DAY, retry_after=1)
    _run(replay, zone, con, dates=[DAY])
    first, second, _ = (r["at"] for r in replay.requests())  # 429, its retry, the empty page
    assert second - first >= 0.95

    replay.clear_requests()
    replay.add_fault("429", date=DAY, retry_after=30)
    started = time.monotonic()
    _run(replay, zone, con, dates=[DAY], max_retry_after=0.3)
    assert time.monotonic() - started < 5


def test_retries_exhausted_fail_the_day_in_one_line_and_keep_the_other(replay, zone, con):
    replay.add_fault("503", date=DAY, count=None)
    summary = _run(replay, zone, con)

    line = summary.failure_line()
    assert line == f"1 of 2 partition(s) not indexed: {DAY}: HTTP 503 after 4 attempts"
    assert "\n" not in line
    assert _staged_ids(con, DAY) == []
    assert _staged_ids(con, OTHER_DAY) == sorted(recorded_ids(OTHER_DAY))
    manifest = con.execute(
        "select outcome, error, status_code, attempts from raw.landing_manifest where partition_key = ?",
        [DAY],
    ).fetchall()
    assert manifest == [("quarantined", "HTTP 503 after 4 attempts", 503, 4)]
    quarantine = con.execute(
        "select reason, payload from raw.quarantine where partition_key = ?", [DAY]
    ).fetchall()
    assert quarantine == [("HTTP 503 after 4 attempts", '{"error": "Simulated 503"}')]

    replay.clear_faults()
    rerun = _run(replay, zone, con)
    assert rerun.failure_line() is None
    assert _staged_ids(con, DAY) == sorted(recorded_ids(DAY))
    assert _staged_ids(con, OTHER_DAY) == sorted(recorded_ids(OTHER_DAY))


@pytest.mark.parametrize(
    "kind, reason", [("html200", "payload is HTML"), ("malformed", "payload is malformed JSON")]
)
def test_a_payload_bad_on_every_attempt_is_landed_once_then_quarantined(
    replay, zone, con, tmp_path, kind, reason
):
    replay.add_fault(kind, date=DAY, count=None)
    summary = _run(replay, zone, con)

    line = summary.failure_line()
    assert line.startswith(f"1 of 2 partition(s) not indexed: {DAY}: {reason}")
    assert line.endswith("after 4 attempts")
    assert summary.quarantined_payloads == 1 and summary.http_retries == 3
    path, outcome, error, attempts = con.execute(
        "select file_path, outcome, error, attempts from raw.landing_manifest where partition_key = ?", [DAY]
    ).fetchone()
    assert outcome == "quarantined" and error.startswith(reason) and attempts == 4
    # Retried like a 5xx: the bodies of attempts that were retried are not landed, the last one is.
    assert _final_files(tmp_path / "landing" / f"daily_papers/date={DAY}") == [Path(path)]
    landed_body = gzip.decompress(Path(path).read_bytes())
    quarantined = con.execute("select file_path, item_index, payload from raw.quarantine").fetchall()
    assert quarantined == [(path, None, landed_body[:1024].decode(errors="replace"))]
    assert _staged_ids(con, DAY) == []
    assert _staged_ids(con, OTHER_DAY) == sorted(recorded_ids(OTHER_DAY))

    landed_before = _final_files(tmp_path / "landing")
    replay.clear_faults()
    rerun = _run(replay, zone, con)
    assert rerun.failure_line() is None
    assert _staged_ids(con, DAY) == sorted(recorded_ids(DAY))
    landed_after = _final_files(tmp_path / "landing")
    assert set(landed_before) < set(landed_after)
    assert gzip.decompress(Path(path).read_bytes()) == landed_body


def test_schema_drift_keeps_unknown_fields_and_quarantines_the_item_without_id(replay, zone, con):
    replay.add_fault("drift", date=DAY)
    summary = _run(replay, zone, con, dates=[DAY])

    assert summary.failure_line() is None
    assert summary.quarantined_items == 1
    ids = recorded_ids(DAY)
    assert _staged_ids(con, DAY) == sorted(ids[1:])
    reason, index, payload = con.execute("select reason, item_index, payload from raw.quarantine").fetchone()
    assert (reason, index) == ("item has no paper.id string", 0)
    assert "id" not in json.loads(payload)["paper"]
    item = json.loads(con.execute("select item from raw.hf_daily_papers where item_index = 1").fetchone()[0])
    assert item["paper"]["reproducibility"] == {"badge": "unknown", "checkedAt": None}
    assert "num_comments" in item and "numComments" not in item
    outcomes = con.execute("select outcome from raw.landing_manifest order by fetched_at").fetchall()
    assert outcomes == [("ok",), ("empty",)]
