"""Backfill latency: how close a concurrent backfill comes to the ideal set by request latency.

    python benchmarks/backfill_latency.py --days 60 --latency-ms 50

The replay server runs as its own process on 127.0.0.1 and adds `--latency-ms` to every request. Each
configuration backfills the same days into a fresh landing folder and DuckDB file (fetch, land, parse, write:
the whole ingestion, without Dagster's constant start-up) and reports:
  wall   measured time (median of --repeat runs)
  ideal  HTTP requests x latency / concurrency: the time if every slot were always busy and nothing else cost
  ratio  wall / ideal
  speed-up versus concurrency 1
The rate limit is set to --rate-limit (default 1000 requests/s), far above what even concurrency 8 can
issue at 50 ms (160/s), so it does not bind.
"""

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from orchestration.defs.ingestion.partitions import daily_partitions
from orchestration.lib.hf_client import ClientSettings
from orchestration.lib.ingest_run import ingest_days
from orchestration.lib.landing import LandingZone
from orchestration.lib.settings import SAMPLE_DIR
from orchestration.lib.warehouse import connect

RECORDINGS = SAMPLE_DIR / "hf_recorded"


# The stock replay server answers in two writes (headers, then body); with Nagle's algorithm on, a small
# body then waits for the client's delayed ACK (~40 ms on Linux), a stall the real API does not have. The
# benchmark turns Nagle off and deepens the listen backlog so that only the injected latency is measured.
REPLAY = """
import sys
from orchestration.lib import replay_server
replay_server.ReplayHandler.disable_nagle_algorithm = True
replay_server.ReplayServer.request_queue_size = 128
replay_server.main(sys.argv[1:])
"""


def start_replay(latency_ms: int) -> tuple[subprocess.Popen, str]:
    command = [sys.executable, "-c", REPLAY, "--port", "0", "--quiet"]
    command += ["--recordings", str(RECORDINGS), "--latency-ms", str(latency_ms)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    line = process.stdout.readline()
    if not line.startswith("replay server on "):
        process.kill()
        raise RuntimeError(f"replay server did not start: {line!r}")
    return process, line.split()[-1]


def one_backfill(
    url: str, days: list[str], concurrency: int, rate_limit: float, workdir: Path
) -> tuple[float, int]:
    shutil.rmtree(workdir, ignore_errors=True)
    workdir.mkdir(parents=True)
    settings = ClientSettings(base_url=url, concurrency=concurrency, rate_limit=rate_limit)
    zone = LandingZone(str(workdir / "landing"), storage_options={})
    with connect(str(workdir / "warehouse.duckdb")) as con:
        started = time.perf_counter()
        summary = ingest_days(days, settings, zone, con, "benchmark", lambda _: None)
        wall = time.perf_counter() - started
    if summary.failure_line():
        raise RuntimeError(summary.failure_line())
    return wall, summary.http_requests


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--start", default="2025-07-07", help="first day (recordings cover 2025-07-07 ..)")
    parser.add_argument("--days", type=int, default=60)
    parser.add_argument("--latency-ms", type=int, default=50)
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 4, 8], help="the first is the base")
    parser.add_argument("--rate-limit", type=float, default=1000.0)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    keys = daily_partitions.get_partition_keys()
    days = keys[keys.index(args.start) : keys.index(args.start) + args.days]
    process, url = start_replay(args.latency_ms)
    print(f"{len(days)} days {days[0]} .. {days[-1]}, {args.latency_ms} ms per request")
    print(f"rate limit {args.rate_limit:g} requests/s (does not bind)")
    print(f"{'concurrency':>11} {'requests':>8} {'wall s':>7} {'ideal s':>7} {'ratio':>6} {'speed-up':>8}")
    base = None
    try:
        with tempfile.TemporaryDirectory(prefix="backfill_latency_") as tmp:
            one_backfill(url, days[:2], 1, args.rate_limit, Path(tmp) / "warm-up")
            for concurrency in args.concurrency:
                runs = [
                    one_backfill(url, days, concurrency, args.rate_limit, Path(tmp) / f"c{concurrency}")
                    for _ in range(args.repeat)
                ]
                wall = statistics.median(w for w, _ in runs)
                requests = runs[0][1]
                ideal = requests * args.latency_ms / 1000 / concurrency
                base = base or wall
                print(
                    f"{concurrency:>11} {requests:>8} {wall:>7.3f} {ideal:>7.3f} {wall / ideal:>6.2f}", end=""
                )
                print(f" {base / wall:>7.2f}x")
    finally:
        process.terminate()
        process.wait()


if __name__ == "__main__":
    main()
