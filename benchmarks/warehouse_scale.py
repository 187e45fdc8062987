"""Warehouse at scale: a full build, the scheduled day end to end, and the same SQL without dbt.

    python benchmarks/warehouse_scale.py --papers 50000 --repeat 3 --workdir data/bench

Data: benchmarks/synthetic_raw.py (calibrated to the 146 real recorded days; generated once per size into
<workdir>/synthetic_<papers>_f<fetches>_v<version>, then reused). Each repeat starts from a fresh copy of
the raw history and measures, each step in a child process (wall time, CPU time and peak RSS from the OS,
the child's own children included; the replay server's process is not measured):
1. full: `dbt build --full-refresh` (every model and test), from a `dbt parse` as under Dagster;
2. day: the scheduled run on synthetic_raw.RUN_DATE: the `daily_refresh` run the schedule requests
   (benchmarks/scale_day.py, in process as orchestration/demo.py runs it: the refresh policy's partition
   range with the new day and its extra days, their papers' details, the watchlists, its one dbt step, the
   checks and publishing), served over HTTP by the replay server from the generated recordings, on the
   warehouse the full build left;
3. plain: the same transformations as plain SQL in one DuckDB connection (benchmarks/scale_plain.py),
   under the same DuckDB memory limit as dbt's profile (DPW_DUCKDB_MEMORY_LIMIT, default 2GB).
The load average is recorded before and after each repeat: the machine may be shared. The figures of each
repeat and their medians are printed side by side with the ratios (scheduled day / full build, full build /
plain SQL), and everything is written to <workdir>/results_<papers>_f<fetches>.json.
"""

import argparse
import json
import math
import os
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import synthetic_raw  # noqa: E402
from synthetic_real import calibration_table  # noqa: E402

from data_checks.suites.raw import DEFAULT_MAX_ITEMS_PER_DAY  # noqa: E402
from orchestration.lib.settings import DBT_PROJECT_DIR  # noqa: E402

HERE = Path(__file__).resolve().parent
PYTHON = sys.executable
DBT = str(Path(PYTHON).with_name("dbt"))
PARTIAL_PARSE = "partial_parse.msgpack"
# Where each Dagster step goes in the breakdown (step keys contain the asset or check name).
STEP_KINDS = (
    ("GX", ("gx_",)),
    ("dbt", ("warehouse_models",)),
    ("publishing", ("warehouse_snapshot", "weekly_digest")),
    ("ingestion", ("hf_daily_papers", "hf_paper_details", "hf_search_listings")),
)
TARGETS = {
    50_000: {"full": 60.0, "day": 30.0},
    1_000_000: {"full": 300.0, "day_ratio": 0.15, "full_rss_gib": 4.0},
}


@dataclass
class Measured:
    """Wall seconds, CPU seconds (user + system) and peak RSS (GiB) of a child process, its own children
    included (Linux folds the CPU time and the largest peak of waited-for descendants into what wait4
    reports). CPU seconds move less with the machine's load than wall time does."""

    wall_s: float
    cpu_s: float
    rss_gib: float


# Linux folds a parent's resident set at fork into the child's ru_maxrss (through exec), so a command
# started from this process, which holds the generated history, would report this process's size as its
# own peak. A small launcher in between starts the command from a process of a few MB and reports its usage.
LAUNCHER = """
import json, os, subprocess, sys
proc = subprocess.Popen(sys.argv[2:])
_, status, usage = os.wait4(proc.pid, 0)
report = {"code": os.waitstatus_to_exitcode(status), "cpu_s": usage.ru_utime + usage.ru_stime}
with open(sys.argv[1], "w") as out:
    json.dump(report | {"maxrss_kib": usage.ru_maxrss}, out)
"""


def measured(command: list[str], env: dict[str, str], log: Path) -> Measured:
    usage_path = log.with_suffix(".usage.json")
    with log.open("a") as out:
        started = time.perf_counter()
        launcher = [sys.executable, "-c", LAUNCHER, str(usage_path), *command]
        subprocess.run(launcher, env=env, stdout=out, stderr=subprocess.STDOUT, check=True)
    elapsed = time.perf_counter() - started
    usage = json.loads(usage_path.read_text())
    if usage["code"] != 0:
        raise SystemExit(f"{' '.join(command[:3])} failed: see {log}")
    rss_gib = usage["maxrss_kib"] / 1024 / 1024
    return Measured(round(elapsed, 3), round(usage["cpu_s"], 3), round(rss_gib, 3))


def record_measured(record: dict, step: str, result: Measured) -> None:
    record[f"{step}_s"] = result.wall_s
    record[f"{step}_cpu_s"] = result.cpu_s
    record[f"{step}_rss_gib"] = result.rss_gib


def dbt_command(args: list[str], target: Path) -> list[str]:
    dirs = ["--project-dir", str(DBT_PROJECT_DIR), "--profiles-dir", str(DBT_PROJECT_DIR)]
    return [DBT, *args, *dirs, "--target-path", str(target), "--log-path", str(target / "logs"), "--quiet"]


def run_dbt(args: list[str], env: dict, target: Path, log: Path, parsed: Path | None = None):
    """One dbt invocation in its own target folder; with `parsed` (a `dbt parse` target folder) it starts
    from that parse, as under Dagster, which copies partial_parse.msgpack into each run's target."""
    if parsed is not None:
        target.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(parsed / PARTIAL_PARSE, target / PARTIAL_PARSE)
    return measured(dbt_command(args, target), env, log)


def slowest_nodes(target: Path, top: int = 10) -> list[tuple[str, float]]:
    results = json.loads((target / "run_results.json").read_text())["results"]
    ranked = sorted(results, key=lambda r: -r["execution_time"])[:top]
    return [(r["unique_id"], round(r["execution_time"], 2)) for r in ranked]


def fresh_copy(source: Path, target: Path) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    for stale in (target, target.with_name(target.name + ".wal")):
        stale.unlink(missing_ok=True)
    shutil.copyfile(source, target)
    return target


def step_breakdown(steps: dict[str, float]) -> dict[str, float]:
    """Seconds per kind of step (ingestion, each dbt step, GX, publishing, other checks)."""
    kinds: dict[str, float] = {}
    for key, seconds in steps.items():
        kind = next((k for k, needles in STEP_KINDS if any(n in key for n in needles)), "other")
        kinds[kind] = round(kinds.get(kind, 0.0) + seconds, 3)
    return kinds


def load() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def density(data: Path) -> float:
    """Real days the generator packed into each history day (synthetic_raw.generate)."""
    return json.loads((data / "summary.json").read_text())["density"]


def one_run(number: int, data: Path, work: Path, env: dict, parsed: Path, compiled: Path | None) -> dict:
    """Full build, scheduled day and plain baseline on fresh copies of the history."""
    log = work / "run.log"
    record: dict = {"run": number, "load_before": load(), "started": time.strftime("%Y-%m-%d %H:%M:%S")}
    live = work / "live"
    shutil.rmtree(live, ignore_errors=True)
    warehouse = fresh_copy(data / "history.duckdb", live / "warehouse.duckdb")
    dbt_env = env | {"DPW_WAREHOUSE_PATH": str(warehouse)}
    full_target = work / f"target_full_{number}"
    shutil.rmtree(full_target, ignore_errors=True)
    record_measured(record, "full", run_dbt(["build", "--full-refresh"], dbt_env, full_target, log, parsed))
    record["full_slowest"] = slowest_nodes(full_target)
    record["load_after_full"] = load()
    if compiled is not None and not (compiled / "manifest.json").exists():
        run_dbt(["compile", "--full-refresh"], dbt_env, compiled, log, parsed)

    day_env = dbt_env | {
        "DPW_LANDING_ROOT": str(live / "landing"),
        "DPW_PUBLISH_DIR": str(live / "published"),
        "DPW_GX_ROOT": str(work / "gx"),  # kept across runs, as a deployment keeps its results
        "DAGSTER_HOME": str(live / "dagster_home"),
        "DPW_RATE_LIMIT": "200",
        "DPW_CONCURRENCY": "8",
        # the generator packs `density` real days into one; the raw check's cap scales with it
        "DPW_MAX_ITEMS_PER_DAY": str(math.ceil(DEFAULT_MAX_ITEMS_PER_DAY * density(data))),
    }
    (live / "dagster_home").mkdir(parents=True, exist_ok=True)
    day_json = work / f"day_{number}.json"
    command = [PYTHON, str(HERE / "scale_day.py"), "--recordings", str(data / "recordings")]
    command += ["--run-date", synthetic_raw.RUN_DATE.isoformat(), "--out", str(day_json)]
    record_measured(record, "day", measured(command, day_env, log))
    day = json.loads(day_json.read_text())
    record |= {
        "day_label": day["label"],
        "day_success": day["success"],
        "day_run_s": day["run_seconds"],
        "day_steps": step_breakdown(day["steps"]),
        "day_step_keys": day["steps"],
        "day_dbt_nodes": day["dbt_nodes"],
        "day_failures": day["failures"],
        "day_checks_failed": day["checks_failed"],
        "load_after_day": load(),
    }
    shutil.rmtree(live, ignore_errors=True)

    if compiled is not None:
        plain_dir = work / "plain"
        shutil.rmtree(plain_dir, ignore_errors=True)
        plain_db = fresh_copy(data / "history.duckdb", plain_dir / "warehouse.duckdb")
        plain_json = work / f"plain_{number}.json"
        command = [PYTHON, str(HERE / "scale_plain.py"), "--warehouse", str(plain_db)]
        command += ["--manifest", str(compiled / "manifest.json"), "--out", str(plain_json)]
        command += ["--memory-limit", env["DPW_DUCKDB_MEMORY_LIMIT"]]
        # the process also starts Python and loads the seed with dbt; plain_s is the transformations alone
        record_measured(record, "plain_process", measured(command, env, log))
        plain = json.loads(plain_json.read_text())
        record["plain_s"], record["plain_slowest"] = plain["seconds"], plain["slowest"]
        shutil.rmtree(plain_dir, ignore_errors=True)
    record["load_after"] = load()
    return record


def median(runs: list[dict], key: str) -> float | None:
    values = [run[key] for run in runs if run.get(key) is not None]
    return round(statistics.median(values), 3) if values else None


def summarise(runs: list[dict]) -> dict:
    keys = ("full_s", "full_cpu_s", "full_rss_gib", "day_s", "day_cpu_s", "day_run_s", "day_rss_gib")
    keys += ("plain_s", "plain_process_cpu_s", "plain_process_rss_gib")
    summary = {key: median(runs, key) for key in keys}
    kinds = sorted({kind for run in runs for kind in run["day_steps"]})
    summary["day_steps"] = {
        kind: round(statistics.median(run["day_steps"].get(kind, 0.0) for run in runs), 3) for kind in kinds
    }
    # ratios of the medians (the per-repeat ratios are in the table and the results file)
    return summary | ratios(summary)


ROWS = (
    ("full build: dbt build --full-refresh, s", "full_s"),
    ("  CPU s", "full_cpu_s"),
    ("  peak RSS, GiB", "full_rss_gib"),
    ("scheduled day: daily_refresh process, s", "day_s"),
    ("  the run itself (Dagster's run start to end), s", "day_run_s"),
    ("  CPU s", "day_cpu_s"),
    ("  peak RSS, GiB", "day_rss_gib"),
    ("plain SQL, s", "plain_s"),
    ("  process CPU s", "plain_process_cpu_s"),
    ("  process peak RSS, GiB", "plain_process_rss_gib"),
    ("**scheduled day / full build**", "day_over_full"),
    ("scheduled day / full build, CPU", "day_over_full_cpu"),
    ("**full build / plain SQL**", "full_over_plain"),
)


def ratios(run: dict) -> dict:
    def ratio(a: str, b: str) -> float | None:
        return round(run[a] / run[b], 3) if run.get(a) and run.get(b) else None

    return {
        "day_over_full": ratio("day_s", "full_s"),
        "day_over_full_cpu": ratio("day_cpu_s", "full_cpu_s"),
        "full_over_plain": ratio("full_s", "plain_s"),
    }


def side_by_side(runs: list[dict], summary: dict) -> str:
    """Markdown: each figure and ratio, one column per repeat, then the median."""
    columns = [run | ratios(run) for run in runs]
    head = "| | " + " | ".join(f"repeat {run['run']}" for run in runs) + " | **median** |"
    lines = [head, "|---|" + "---:|" * (len(runs) + 1)]
    for label, key in ROWS:
        cells = [column.get(key) for column in columns] + [summary.get(key)]
        lines.append(f"| {label} | " + " | ".join("n/a" if c is None else f"{c:,.3f}" for c in cells) + " |")
    return "\n".join(lines)


def print_run(run: dict) -> None:
    print(
        f"run {run['run']} (load {run['load_before']} -> {run['load_after']}): "
        f"full {run['full_s']:.1f} s ({run['full_cpu_s']:.0f} CPU s, {run['full_rss_gib']:.2f} GiB), "
        f"day {run['day_s']:.1f} s (run {run['day_run_s']:.1f} s, {run['day_cpu_s']:.0f} CPU s, "
        f"{run['day_rss_gib']:.2f} GiB, {'SUCCESS' if run['day_success'] else 'FAILED'}), "
        f"plain {run.get('plain_s', float('nan')):.1f} s "
        f"({run.get('plain_process_cpu_s', float('nan')):.0f} CPU s, "
        f"{run.get('plain_process_rss_gib', float('nan')):.2f} GiB)",
        flush=True,
    )
    print(f"    day steps: {run['day_steps']}")
    for failure in run["day_failures"] + run["day_checks_failed"]:
        print(f"    failed: {failure}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=3, help="repeats; medians are taken over them")
    parser.add_argument(
        "--fetches",
        type=int,
        default=len(synthetic_raw.DEFAULT_AGES),
        help="refresh ages each history day was fetched at (default all: the policy's ten)",
    )
    parser.add_argument("--workdir", type=Path, default=Path("data/bench"))
    parser.add_argument("--no-plain", action="store_true", help="skip the plain-SQL baseline")
    args = parser.parse_args()
    workdir = args.workdir.resolve()
    data = workdir / f"synthetic_{args.papers}_f{args.fetches}_v{synthetic_raw.VERSION}"
    if not (data / "summary.json").exists():
        print(f"generating {args.papers:,} papers into {data}", flush=True)
        synthetic_raw.generate(data, args.papers, args.fetches)
    generated = json.loads((data / "summary.json").read_text())
    print(calibration_table(generated["real"], generated["synthetic"]))
    print({k: v for k, v in generated.items() if k not in ("real", "synthetic")}, flush=True)

    work = workdir / f"runs_{args.papers}_f{args.fetches}"
    work.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ)
    env.setdefault("DPW_DUCKDB_MEMORY_LIMIT", "2GB")
    parsed = work / "target_parse"
    shutil.rmtree(parsed, ignore_errors=True)
    run_dbt(["parse"], env | {"DPW_WAREHOUSE_PATH": str(work / "unused.duckdb")}, parsed, work / "run.log")
    compiled = None if args.no_plain else work / "target_compile"
    if compiled is not None:
        shutil.rmtree(compiled, ignore_errors=True)
    runs = []
    for number in range(1, args.repeat + 1):
        runs.append(one_run(number, data, work, env, parsed, compiled))
        print_run(runs[-1])
    summary = summarise(runs)
    limit = env["DPW_DUCKDB_MEMORY_LIMIT"]
    print(f"\n{args.papers:,} papers, {runs[0]['day_label']}, DuckDB memory_limit {limit}")
    print(side_by_side(runs, summary))
    print("scheduled day, seconds by kind of step (median):", summary["day_steps"])
    results = {
        "generated": generated,
        "memory_limit": env["DPW_DUCKDB_MEMORY_LIMIT"],
        "runs": runs,
        "median": summary,
    }
    (workdir / f"results_{args.papers}_f{args.fetches}.json").write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
