"""Chaos: a backfill against a replay server failing a share of all requests, then daily runs until the
marts equal a clean build.

    python benchmarks/chaos.py [--start 2025-07-07 --days 60 --failure-rate 0.1 --seed 1 --max-runs 5]

1. Clean: the replay server without faults; one `daily_refresh` run over the range (orchestration.backfill),
   into <workdir>/clean.
2. Chaos: the same server failing --failure-rate of all requests at random, each failure drawn from every
   failure kind (429, 500, 503, slow, reset, truncated, html200, malformed; drift is a valid answer, not a
   failure); run 1 is the same backfill into <workdir>/chaos, and every later run is the next scheduled run
   (the schedule's window: the last 4 days of the range), still against the faulty server. After each run
   the marts are compared with the clean build (EXCEPT ALL both ways, orchestration/lib/marts_diff.py).
Prints, per run: its outcome, time, requests and faults served, retries, the days not landed, and which
marts still differ; then how many runs it took. Results go to <workdir>/chaos-…/chaos.json too. The clean
build of a range is made once under <workdir> and reused by later seeds and rates.
"""

import argparse
import datetime as dt
import sys
from pathlib import Path

from orchestration.defs.ingestion.partitions import REFRESH_DAYS
from orchestration.lib.marts_diff import differing_marts

sys.path.insert(0, str(Path(__file__).resolve().parent))
from pipeline_runs import dump, fault_counts, published_state, replay_server, run  # noqa: E402


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--start", default="2025-07-07")
    parser.add_argument("--days", type=int, default=60)
    parser.add_argument("--failure-rate", type=float, default=0.1)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--max-runs", type=int, default=5)
    parser.add_argument("--workdir", type=Path, default=Path("data/bench/chaos"))  # clean build reused
    return parser.parse_args()


def report(number: int, outcome, faults: dict, differing: dict, published: str) -> dict:
    row = {
        "run": number,
        "success": outcome.success,
        "seconds": outcome.seconds,
        "faults": faults,
        "http_retries": outcome.summary.get("http_retries"),
        "not_indexed": outcome.summary.get("not_indexed"),
        "refetched_unlanded": outcome.summary.get("refetched_unlanded"),
        "failure": outcome.failure,
        "differing_marts": differing,
        "published": published,
    }
    print(f"run {number}: " + ", ".join(f"{key}={value}" for key, value in row.items() if key != "run"))
    return row


def clean_build(clean: Path, start: str, end: str) -> float | None:
    """The clean build of the range, made once per range and reused (None: reused)."""
    if (clean / "clean.done").exists():
        print(f"clean build: reusing {clean}")
        return None
    clean.mkdir(parents=True, exist_ok=True)
    with replay_server() as url:
        reference = run(clean, url, start, end)
        print(f"clean build: success={reference.success} in {reference.seconds} s, {fault_counts(url)}")
    if not reference.success:
        raise SystemExit(f"the clean build failed: {reference.failure}")
    (clean / "clean.done").touch()
    return reference.seconds


def main() -> int:
    args = parse_args()
    start = dt.date.fromisoformat(args.start)
    end = (start + dt.timedelta(days=args.days - 1)).isoformat()
    window_start = (start + dt.timedelta(days=args.days - REFRESH_DAYS)).isoformat()
    root = args.workdir.resolve()
    clean = root / f"clean-{args.start}-{args.days}d"
    chaos = root / f"chaos-{args.start}-{args.days}d-rate{args.failure_rate}-seed{args.seed}"
    if chaos.exists():
        raise SystemExit(f"{chaos} exists: remove it or pick another --seed or --workdir")
    chaos.mkdir(parents=True)
    clean_seconds = clean_build(clean, args.start, end)

    rule = f"random:probability={args.failure_rate},count=all"
    runs = []
    with replay_server("--fault", rule, "--seed", str(args.seed)) as url:
        for number in range(1, args.max_runs + 1):
            first, last = (args.start, end) if number == 1 else (window_start, end)
            outcome = run(chaos, url, first, last)
            differing = differing_marts(str(clean / "warehouse.duckdb"), str(chaos / "warehouse.duckdb"))
            _, published = published_state(chaos)
            runs.append(report(number, outcome, fault_counts(url), differing, published))
            if not differing and outcome.success:
                break
    converged = not runs[-1]["differing_marts"] and runs[-1]["success"]
    verdict = f"equal to the clean build after {len(runs)} run(s)" if converged else "did not converge"
    print(f"chaos {args.failure_rate:.0%} over {args.days} days (seed {args.seed}): {verdict}")
    dump(chaos / "chaos.json", {"args": vars(args), "clean_seconds": clean_seconds, "runs": runs})
    return 0 if converged else 1


if __name__ == "__main__":
    sys.exit(main())
