"""The scheduled day of the scale benchmark: the `daily_refresh` run the schedule requests on one day, in
process, as orchestration/demo.py runs it, against the replay server serving the generated recordings.

    python benchmarks/scale_day.py --recordings DIR --run-date 2026-11-28 --out day.json

The run's tags come from `daily_refresh_schedule` itself (orchestration.demo.scheduled_run): the partition
range and the extra days of the refresh policy in force (DPW_REFRESH_AGES, default 0-7, 14, 30); the job
lands those listing days, their papers' details and the watchlists, then runs its dbt step, the checks and
publishing.

Every setting (warehouse, landing, GX, publishing, DAGSTER_HOME) comes from the environment the caller
sets. Writes to --out: success, the run's own duration, each step's duration from the Dagster event log
and the dbt step's slowest nodes (its run_results.json). Run as a child process, so the caller measures
its wall time (imports and loading the definitions included, as a run worker pays them) and its peak
memory, dbt's processes included.
"""

import argparse
import datetime as dt
import json
import os
import time
from pathlib import Path

from orchestration.lib.replay_process import replay_server_process
from orchestration.lib.warehouse import dbt_target_dir

SLOWEST_NODES = 10


def step_seconds(instance, run_id: str) -> tuple[dict[str, float], float]:
    """Each step's duration (start to success or failure) and the run's, from the event log."""
    import dagster as dg

    started, steps, run_start, run_end = {}, {}, None, None
    for record in instance.all_logs(run_id):
        event = record.dagster_event
        if event is None:
            continue
        kind = event.event_type
        if kind == dg.DagsterEventType.RUN_START:
            run_start = record.timestamp
        elif kind in (dg.DagsterEventType.RUN_SUCCESS, dg.DagsterEventType.RUN_FAILURE):
            run_end = record.timestamp
        elif kind == dg.DagsterEventType.STEP_START:
            started[event.step_key] = record.timestamp
        elif kind in (dg.DagsterEventType.STEP_SUCCESS, dg.DagsterEventType.STEP_FAILURE):
            steps[event.step_key] = round(record.timestamp - started[event.step_key], 3)
    return steps, round((run_end or 0) - (run_start or 0), 3)


def dbt_nodes() -> dict[str, dict]:
    """The run's dbt step: its own elapsed time, seconds per kind of node (model, test, ...) and slowest
    nodes, from the run_results.json it left in its target folder beside the warehouse file."""
    folder = dbt_target_dir(os.environ["DPW_WAREHOUSE_PATH"], "build")
    run_results = json.loads((folder / "run_results.json").read_text())
    results = run_results["results"]
    kinds: dict[str, list] = {}
    for result in results:
        kind = kinds.setdefault(result["unique_id"].split(".")[0], [0, 0.0])
        kind[0] += 1
        kind[1] = round(kind[1] + result["execution_time"], 2)
    ranked = sorted(results, key=lambda r: -r["execution_time"])[:SLOWEST_NODES]
    return {
        "warehouse_models": {
            "dbt_elapsed": round(run_results["elapsed_time"], 2),
            "count_and_seconds_by_kind": kinds,
            "slowest": [(r["unique_id"], round(r["execution_time"], 2)) for r in ranked],
        }
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--recordings", type=Path, required=True)
    parser.add_argument("--run-date", type=dt.date.fromisoformat, required=True)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    from orchestration.demo import open_instance, run_job, scheduled_run

    # DAGSTER_HOME's instance, as the schedule's runs are recorded
    with replay_server_process([args.recordings]) as url, open_instance(ephemeral=False) as instance:
        os.environ["HF_BASE_URL"] = url
        label, tags = scheduled_run(args.run_date)
        print(f"daily_refresh {label}", flush=True)
        started = time.perf_counter()
        result = run_job(instance, tags)
        job_s = time.perf_counter() - started
        steps, run_s = step_seconds(instance, result.run_id)
    failures = [
        f"{event.step_key}: {event.step_failure_data.error.message.strip().splitlines()[0]}"
        for event in result.get_step_failure_events()
    ]
    checks = result.get_asset_check_evaluations()
    record = {
        "label": label,
        "tags": tags,
        "success": result.success,
        "run_id": result.run_id,
        "job_seconds": round(job_s, 3),
        "run_seconds": run_s,
        "steps": steps,
        "dbt_nodes": dbt_nodes(),
        "failures": failures,
        "checks_failed": [
            f"{e.asset_key.to_user_string()} {e.check_name} ({e.severity.value}): {e.description}"
            for e in checks
            if not e.passed
        ],
        "checks": len(checks),
    }
    args.out.write_text(json.dumps(record, indent=2))


if __name__ == "__main__":
    main()
