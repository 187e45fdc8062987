"""What the fault benchmarks (chaos.py, crash.py) share: the replay server as a process, one pipeline run as
a process of its own (the real `daily_refresh` job through orchestration.backfill, so whatever dbt project is
in the tree runs), and what a run or a published copy says.
"""

import json
import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb
import httpx

from orchestration.lib.publish import PUBLISHED_NAME
from orchestration.lib.replay_process import replay_server_process
from orchestration.lib.settings import PROJECT_ROOT, SAMPLE_DIR

ROOTS = (SAMPLE_DIR / "hf_recorded", SAMPLE_DIR / "arranged")
CONTRACT_MARTS = 12
DONE_LINE = re.compile(r"^backfill done: (.*)$", re.MULTILINE)


def replay_server(*options: str):
    """The replay server over the sample on a free port of 127.0.0.1, with extra options (faults, seed)."""
    return replay_server_process(ROOTS, *options)


def fault_counts(url: str) -> dict[str, int]:
    """Requests the server answered with each fault since the last call, and clears its record."""
    seen = httpx.get(f"{url}/_requests", timeout=10).json()
    httpx.delete(f"{url}/_requests", timeout=10)
    counts: dict[str, int] = {"requests": len(seen)}
    for request in seen:
        if request["fault"]:
            counts[request["fault"]] = counts.get(request["fault"], 0) + 1
    return counts


def pipeline_env(workdir: Path, url: str) -> dict[str, str]:
    """Every setting pointing into `workdir` and at the replay server, as the demo sets them."""
    return os.environ | {
        "HF_BASE_URL": url,
        "DPW_WAREHOUSE_PATH": str(workdir / "warehouse.duckdb"),
        "DPW_LANDING_ROOT": str(workdir / "landing"),
        "DPW_GX_ROOT": str(workdir / "gx"),
        "DPW_PUBLISH_DIR": str(workdir / "published"),
        "DAGSTER_HOME": str(workdir / "dagster_home"),
        "DPW_RATE_LIMIT": "200",
        "DPW_CONCURRENCY": "8",
    }


def start_run(workdir: Path, url: str, start: str, end: str, new_session: bool = False) -> subprocess.Popen:
    """`python -m orchestration.backfill`: one daily_refresh run over [start, end], logged to workdir; in a
    process group of its own with `new_session`, so that it can be killed with everything it started."""
    (workdir / "dagster_home").mkdir(parents=True, exist_ok=True)
    log = (workdir / "runs.log").open("a")
    log.write(f"\n=== run {start} .. {end} at {time.strftime('%H:%M:%S')}\n")
    log.flush()
    return subprocess.Popen(
        [sys.executable, "-m", "orchestration.backfill", "--start", start, "--end", end],
        cwd=PROJECT_ROOT,
        env=pipeline_env(workdir, url),
        stdout=log,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=new_session,
    )


@dataclass
class RunOutcome:
    success: bool
    seconds: float
    summary: dict[str, str]
    failure: str


def run(workdir: Path, url: str, start: str, end: str) -> RunOutcome:
    """One whole run, to its end."""
    started = time.monotonic()
    offset = (workdir / "runs.log").stat().st_size if (workdir / "runs.log").exists() else 0
    process = start_run(workdir, url, start, end)
    process.wait()
    text = (workdir / "runs.log").read_text()[offset:]
    done = DONE_LINE.findall(text)
    summary = dict(pair.split("=", 1) for pair in re.split(r", (?=\w+=)", done[-1])) if done else {}
    failure = next((line for line in text.splitlines() if line.startswith("backfill failed: ")), "")
    return RunOutcome(process.returncode == 0, round(time.monotonic() - started, 1), summary, failure)


def copy_workdir(source: Path, target: Path) -> None:
    """A fresh copy of a finished workdir (warehouse, landing, published copy, GX, instance)."""
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(source, target)


def published_state(workdir: Path) -> tuple[bool, str]:
    """Whether the published copy opens read-only and holds every table its manifest lists, row for row."""
    path = workdir / "published" / PUBLISHED_NAME
    try:
        with duckdb.connect(str(path), read_only=True) as con:
            listed = dict(con.execute("select table_name, row_count from audit.snapshot_tables").fetchall())
            found = {name: con.execute(f"select count(*) from {name}").fetchone()[0] for name in listed}
            run_id = con.execute("select run_id from audit.snapshot_info").fetchone()[0]
    except duckdb.Error as error:
        return False, f"does not open: {error}"
    marts = sum(1 for name in listed if name.startswith("marts."))
    whole = found == listed and marts >= CONTRACT_MARTS
    return whole, f"{marts} marts, {sum(found.values())} rows, run {run_id[:8]}"


def dump(path: Path, record: object) -> None:
    path.write_text(json.dumps(record, indent=2, default=str))
