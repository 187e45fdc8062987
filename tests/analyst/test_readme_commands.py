"""`make dashboard` and `make backfill` work as the README writes them, from a shell with nothing activated
(`make dev` is tested with the code location, tests/analyst/test_code_location.py)."""

import subprocess
import time

import duckdb
import httpx
import pytest

from orchestration.lib import settings
from tests.support.replay import start_replay_subprocess
from tests.support.shell import free_port, fresh_shell_env, start_make, stop_group

STARTUP_S = 60
# `make` may reparse the dbt project: one xdist worker runs every make command (test_code_location too)
pytestmark = pytest.mark.xdist_group("make")


def make(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["make", "--no-print-directory", *args],
        cwd=settings.PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_make_dashboard_serves_the_dashboard(tmp_path) -> None:
    port = free_port()
    log = tmp_path / "make_dashboard.log"
    dashboard = start_make("dashboard", f"DASHBOARD_PORT={port}", env=fresh_shell_env(tmp_path), log=log)
    try:
        deadline = time.monotonic() + STARTUP_S
        while not healthy(f"http://127.0.0.1:{port}"):
            alive = dashboard.poll() is None and time.monotonic() < deadline
            assert alive, f"make dashboard did not serve:\n{log.read_text()}"
            time.sleep(0.5)
    finally:
        stop_group(dashboard, timeout=10)


def healthy(url: str) -> bool:
    try:
        return httpx.get(f"{url}/_stcore/health", timeout=2).text == "ok"
    except httpx.TransportError:
        return False


def test_make_backfill_lands_a_range_and_refuses_a_bad_one(tmp_path) -> None:
    env = fresh_shell_env(tmp_path)
    refused = make("backfill", "START=2025-07-09", "END=2025-07-08", env=env)
    assert refused.returncode != 0
    assert "backfill refused: the range ends (2025-07-08) before it starts (2025-07-09)" in refused.stderr

    with start_replay_subprocess([settings.SAMPLE_DIR / "hf_recorded"]) as replay:
        env |= {"HF_BASE_URL": replay.url, "DPW_RATE_LIMIT": "1000"}
        done = make("backfill", "START=2025-07-08", "END=2025-07-09", "RAW_ONLY=1", env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "2/2 days: " in done.stderr and "backfill done: partitions=2" in done.stdout
    with duckdb.connect(env["DPW_WAREHOUSE_PATH"], read_only=True) as con:
        days = con.execute("select count(distinct listing_date) from raw.hf_daily_papers").fetchone()
    assert days == (2,)
