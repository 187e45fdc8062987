"""Crash: SIGKILL the daily run inside each of its phases, rerun it after each kill, and check that the marts
equal an uninterrupted build and that the published copy always opens whole.

    python benchmarks/crash.py [--start 2025-07-07 --days 60 --kills 10 --seed 1]

1. Base: one `daily_refresh` run (orchestration.backfill) over all but the last 4 days, into <workdir>/base.
2. Reference: a copy of base, then the next daily run over the last 4 days (the schedule's window), run to
   its end; its steps and their durations come from its Dagster instance.
3. Crash: another copy of base. --kills times, the phases taken in turn (ingestion, each dbt step, the GX
   checks, publishing): a step of the phase is drawn from the reference run, the daily run is started, and
   once its own event log shows that step started, the run's process group (the run and the dbt it
   started) is killed with SIGKILL after a random share of the step's reference duration. Then the
   published copy is checked, the daily run is rerun to its end, every mart is compared with the reference
   (EXCEPT ALL both ways) and the published copy checked again. The killed run's own events say which step
   it was in when it died.
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


def latest_run_id(instance: dg.DagsterInstance) -> str | None:
    runs = instance.get_runs(limit=1)
    return runs[0].run_id if runs else None


def step_times(instance: dg.DagsterInstance, run_id: str) -> tuple[dict[str, list[float]], set[str]]:
    """A run's steps: key -> [start, end] (epoch seconds; no end for a step that never finished), and the
    keys that finished."""
    times: dict[str, list[float]] = {}
    finished = set()
    for record in instance.all_logs(run_id, of_type=STEP_EVENTS):
        event = record.dagster_event
        times.setdefault(event.step_key, []).append(record.timestamp)
        if event.event_type != dg.DagsterEventType.STEP_START:
            finished.add(event.step_key)
    return times, finished


def reference_steps(workdir: Path) -> dict[str, float]:
    """Step key -> seconds it took in the latest run of workdir's instance."""
    with dg.DagsterInstance.from_config(str(workdir / "dagster_home")) as instance:
        times, _ = step_times(instance, latest_run_id(instance))
    return {key: (marks[-1] - marks[0]) for key, marks in times.items()}


def wait_for_step(instance: dg.DagsterInstance, before: str | None, step: str, process) -> str | None:
    """The id of the run started after `before`, once its event log shows `step` started; None if the
    process ended first."""
    while process.poll() is None:
        run_id = latest_run_id(instance)
        if run_id not in (None, before) and step in step_times(instance, run_id)[0]:
            return run_id
        time.sleep(0.1)
    return None


def kill_in_step(workdir: Path, url: str, window: tuple[str, str], step: str, delay: float) -> str:
    """Start the daily run, SIGKILL its process group `delay` seconds after `step` started; the step the
    run was in when it died."""
    with dg.DagsterInstance.from_config(str(workdir / "dagster_home")) as instance:
        before = latest_run_id(instance)
        process = start_run(workdir, url, *window, new_session=True)
        run_id = wait_for_step(instance, before, step, process)
        try:
            process.wait(timeout=delay)
            return "finished before the kill"
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        if run_id is None:
            return "ended before the step"
        times, finished = step_times(instance, run_id)
    unfinished = [key for key in times if key not in finished]
    return unfinished[-1] if unfinished else "between steps"


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
        daily = run(reference, url, window_start, end)
        durations = reference_steps(reference)
        phases: dict[str, list[str]] = {}
        for key in durations:
            phases.setdefault(phase(key), []).append(key)
        print(f"reference daily run {window_start} .. {end}: success={daily.success} in {daily.seconds} s")
        print("phases: " + ", ".join(f"{name} {len(keys)} step(s)" for name, keys in phases.items()))

        copy_workdir(base, crash)
        kills = []
        for number in range(args.kills):
            aimed = list(phases)[number % len(phases)]
            step = rng.choice(phases[aimed])
            delay = round(rng.uniform(0, durations[step]), 2)
            killed_in = kill_in_step(crash, url, (window_start, end), step, delay)
            after_kill = published_state(crash)
            rerun = run(crash, url, window_start, end)
            differing = differing_marts(str(reference / "warehouse.duckdb"), str(crash / "warehouse.duckdb"))
            after_rerun = published_state(crash)
            row = {
                "kill": number + 1,
                "aimed_at": f"{step} +{delay} s",
                "killed_in": killed_in,
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
    dump(root / "crash.json", {"args": vars(args), "reference_steps": durations, "kills": kills})
    return 0 if equal and whole else 1


if __name__ == "__main__":
    sys.exit(main())
