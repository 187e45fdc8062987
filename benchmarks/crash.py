"""Crash: SIGKILL the daily run at random instants across its steps, rerun it after each, and check that the
marts equal an uninterrupted build and that the published copy always opens whole.

    python benchmarks/crash.py [--start 2025-07-07 --days 60 --kills 10 --seed 1]

1. Base: one `daily_refresh` run (orchestration.backfill) over all but the last 4 days, into <workdir>/base.
2. Reference: a copy of base, then the next daily run over the last 4 days (the schedule's window), run to
   its end; its step timeline (from its Dagster instance) says when each step ran.
3. Crash: another copy of base. --kills times: start the daily run, SIGKILL its process group (the run and
   the dbt it started) at an instant drawn within one phase of the reference timeline (ingestion, each dbt
   step, the GX checks, publishing, taken in turn), check the published copy, rerun the daily run to its
   end, compare every mart with the reference (EXCEPT ALL both ways) and check the published copy again.
   The killed run's own events say which step it was in when it died.
Prints a line per kill and writes <workdir>/crash.json.
"""

import argparse
import datetime as dt
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import dagster as dg

from orchestration.defs.ingestion.partitions import REFRESH_DAYS
from orchestration.lib.marts_diff import differing_marts

sys.path.insert(0, str(Path(__file__).resolve().parent))
from pipeline_runs import copy_workdir, dump, published_state, replay_server, run, start_run  # noqa: E402

STEP_EVENTS = {
    dg.DagsterEventType.STEP_START,
    dg.DagsterEventType.STEP_SUCCESS,
    dg.DagsterEventType.STEP_FAILURE,
}


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--start", default="2025-07-07")
    parser.add_argument("--days", type=int, default=60)
    parser.add_argument("--kills", type=int, default=10)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workdir", type=Path, default=Path("data/bench/crash"))
    return parser.parse_args()


def phase(step_key: str) -> str:
    if "publishing" in step_key:
        return "publishing"
    if "_gx_" in step_key:
        return "gx"
    if step_key.startswith("warehouse_"):
        return f"dbt:{step_key}"
    return "ingestion"


def step_times(workdir: Path) -> tuple[dict[str, list[float]], set[str]]:
    """The latest run's steps in workdir's instance: key -> [start, end] (epoch seconds; end missing for a
    step that never finished), and the keys that finished."""
    with dg.DagsterInstance.from_config(str(workdir / "dagster_home")) as instance:
        [latest] = instance.get_runs(limit=1)
        records = instance.all_logs(latest.run_id, of_type=STEP_EVENTS)
    times: dict[str, list[float]] = {}
    finished = set()
    for record in records:
        event = record.dagster_event
        times.setdefault(event.step_key, []).append(record.timestamp)
        if event.event_type != dg.DagsterEventType.STEP_START:
            finished.add(event.step_key)
    return times, finished


def phase_windows(workdir: Path, started: float) -> dict[str, tuple[float, float]]:
    """Phase -> (first start, last end) of its steps, in seconds after the run's process started."""
    times, _ = step_times(workdir)
    windows: dict[str, tuple[float, float]] = {}
    for key, (first, *rest) in times.items():
        low, high = windows.get(phase(key), (first - started, first - started))
        windows[phase(key)] = (min(low, first - started), max(high, (rest[-1] if rest else first) - started))
    return windows


def running_step(workdir: Path) -> str:
    times, finished = step_times(workdir)
    unfinished = [key for key in times if key not in finished]
    return unfinished[-1] if unfinished else ("before the first step" if not times else "after the last step")


def kill_at(workdir: Path, url: str, start: str, end: str, instant: float) -> str:
    """Start the daily run, SIGKILL its process group `instant` seconds in; the step it was in."""
    process = start_run(workdir, url, start, end, new_session=True)
    try:
        process.wait(timeout=instant)
        return "finished before the kill"
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    return running_step(workdir)


def main() -> int:
    args = parse_args()
    rng = random.Random(args.seed)
    start = dt.date.fromisoformat(args.start)
    end = (start + dt.timedelta(days=args.days - 1)).isoformat()
    window_start = (start + dt.timedelta(days=args.days - REFRESH_DAYS)).isoformat()
    base_end = (start + dt.timedelta(days=args.days - REFRESH_DAYS - 1)).isoformat()
    root = args.workdir.resolve()
    if root.exists():
        raise SystemExit(f"{root} exists: remove it or pick another --workdir")
    base, reference, crash = root / "base", root / "reference", root / "crash"
    base.mkdir(parents=True)

    with replay_server() as url:
        built = run(base, url, args.start, base_end)
        print(f"base {args.start} .. {base_end}: success={built.success} in {built.seconds} s", flush=True)
        copy_workdir(base, reference)
        started = time.time()
        daily = run(reference, url, window_start, end)
        windows = phase_windows(reference, started)
        print(f"reference daily run {window_start} .. {end}: success={daily.success} in {daily.seconds} s")
        print("phases (s after start): " + ", ".join(f"{k} {a:.1f}-{b:.1f}" for k, (a, b) in windows.items()))

        copy_workdir(base, crash)
        phases = sorted(windows, key=lambda name: windows[name][0])
        kills = []
        for number in range(args.kills):
            low, high = windows[phases[number % len(phases)]]
            instant = round(rng.uniform(low, high), 2)
            step = kill_at(crash, url, window_start, end, instant)
            after_kill = published_state(crash)
            rerun = run(crash, url, window_start, end)
            differing = differing_marts(str(reference / "warehouse.duckdb"), str(crash / "warehouse.duckdb"))
            after_rerun = published_state(crash)
            row = {
                "kill": number + 1,
                "aimed_at": phases[number % len(phases)],
                "instant_s": instant,
                "killed_in": step,
                "published_after_kill": after_kill,
                "rerun_success": rerun.success,
                "rerun_seconds": rerun.seconds,
                "rerun_failure": rerun.failure,
                "differing_marts": differing,
                "published_after_rerun": after_rerun,
            }
            kills.append(row)
            print(" | ".join(f"{key}={value}" for key, value in row.items()), flush=True)

    equal = all(not row["differing_marts"] and row["rerun_success"] for row in kills)
    whole = all(row["published_after_kill"][0] and row["published_after_rerun"][0] for row in kills)
    print(
        f"{len(kills)} kills: marts equal to the uninterrupted build after every rerun: {equal}; "
        f"published copy opened whole every time: {whole}"
    )
    dump(root / "crash.json", {"args": vars(args), "phases": windows, "kills": kills})
    return 0 if equal and whole else 1


if __name__ == "__main__":
    sys.exit(main())
