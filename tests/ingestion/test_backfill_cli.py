"""The backfill CLI: refusals before any request, and a run killed with SIGKILL mid-landing that a rerun
repairs to exactly what an uninterrupted run gives."""

import gzip
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from orchestration.backfill import main
from orchestration.defs.ingestion.partitions import validate_partition_range
from orchestration.lib.ingest_run import ingest_days
from orchestration.lib.landing import LandingZone, is_final
from orchestration.lib.settings import PROJECT_ROOT
from orchestration.lib.warehouse import connect
from tests.ingestion.conftest import RECORDINGS, fast_settings, recorded_ids, staged
from tests.support.replay import start_replay_subprocess

START, END = "2025-07-07", "2025-08-15"


@pytest.mark.parametrize(
    "start, end, message",
    [
        ("2023-05-03", "2023-05-05", "2023-05-03 is outside the daily partitions 2023-05-04 .. "),
        ("2025-13-01", "2025-13-02", "'2025-13-01' is not a date in YYYY-MM-DD form"),
        ("2025/07/07", "2025-07-08", "'2025/07/07' is not a date in YYYY-MM-DD form"),
        ("2025-07-08", "2025-07-07", "the range ends (2025-07-07) before it starts (2025-07-08)"),
        ("2025-07-07", "2999-01-01", "2999-01-01 is outside the daily partitions"),
    ],
)
def test_invalid_range_is_refused_before_any_request(
    replay, monkeypatch, capsys, tmp_path, start, end, message
):
    monkeypatch.setenv("HF_BASE_URL", replay.url)
    monkeypatch.setenv("DPW_LANDING_ROOT", str(tmp_path / "landing"))
    assert main(["--start", start, "--end", end]) == 2
    assert capsys.readouterr().err.startswith(f"backfill refused: {message}")
    assert replay.requests() == []
    assert not (tmp_path / "landing").exists()


def test_base_url_that_is_not_http_is_refused_by_the_cli(monkeypatch, capsys):
    monkeypatch.setenv("HF_BASE_URL", "ftp://127.0.0.1:21")
    assert main(["--start", START, "--end", START]) == 2
    assert "backfill refused: HF_BASE_URL must be an http(s) URL" in capsys.readouterr().err


def _backfill(env: dict) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "orchestration.backfill", "--start", START, "--end", END, "--raw-only"],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def _final_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file() and is_final(str(p)))


@pytest.mark.xdist_group("make")
def test_sigkill_mid_backfill_then_rerun_equals_an_uninterrupted_run(tmp_path):
    landing, warehouse = tmp_path / "landing", tmp_path / "warehouse.duckdb"
    with start_replay_subprocess([RECORDINGS], latency_ms=150) as replay:
        env = os.environ | {
            "HF_BASE_URL": replay.url,
            "DPW_LANDING_ROOT": str(landing),
            "DPW_WAREHOUSE_PATH": str(warehouse),
            "DPW_CONCURRENCY": "2",
            "DPW_RATE_LIMIT": "1000",
        }
        env.pop("DAGSTER_HOME", None)
        killed = _backfill(env)
        deadline = time.monotonic() + 60
        while len(_final_files(landing)) < 6 and time.monotonic() < deadline and killed.poll() is None:
            time.sleep(0.02)
        killed.kill()
        killed.wait()
        assert killed.returncode == -9, "the backfill finished before it could be killed"

        landed_by_killed = {p: p.read_bytes() for p in _final_files(landing)}
        assert 6 <= len(landed_by_killed) < 40
        leftovers = [p for p in landing.rglob("*") if p.is_file() and not is_final(str(p))]
        assert all(".partial-" in p.name for p in leftovers)
        with connect(str(warehouse)) as con:
            # Every recorded ingestion is whole: its items are all there, and its files are on disk.
            counts = con.execute(
                """select m.ingestion_id, sum(m.item_count), any_value(d.n), list(m.file_path)
                   from raw.landing_manifest m
                   left join (select ingestion_id, count(*) n from raw.hf_daily_papers group by 1) d
                   using (ingestion_id)
                   group by 1"""
            ).fetchall()
            assert all(expected == (found or 0) for _, expected, found, _ in counts)
            assert all(Path(path).exists() for *_, paths in counts for path in paths)

        rerun = _backfill(env)
        output, _ = rerun.communicate(timeout=120)
        assert rerun.returncode == 0, output
        assert "40/40 days" in output and "backfill done: partitions=40" in output

        reference_zone = LandingZone(str(tmp_path / "reference_landing"), storage_options={})
        with connect(str(tmp_path / "reference.duckdb")) as reference:
            ingest_days(
                validate_partition_range(START, END),
                fast_settings(replay.url),
                reference_zone,
                reference,
                "reference",
                lambda _: None,
            )
            expected = staged(reference)

    with connect(str(warehouse)) as con:
        assert staged(con) == expected
    recorded = {(p.stem, i) for p in (RECORDINGS / "daily_papers").glob("*.json") if START <= p.stem <= END
                for i in recorded_ids(p.stem)}  # fmt: skip
    assert {(day, paper_id) for day, paper_id, _ in expected} == recorded
    for path, body in landed_by_killed.items():
        assert path.read_bytes() == body
    for path in _final_files(landing):
        assert isinstance(json.loads(gzip.decompress(path.read_bytes())), list)
