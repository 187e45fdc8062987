"""Time the daily validation of every GX suite on a warehouse, as the asset checks run it.

    .venv/bin/python benchmarks/validation_speed.py WAREHOUSE.duckdb 2025-08-12 [--gx-root DIR] [--repeat 3]

Windowed suites (raw/hf_daily_papers, marts/fct_daily_listings) read the given day; the other marts are
validated whole. Reports per suite the DuckDB batch time, the whole validation (batch, GX, Data Docs) and
the history append, plus the one-off GX import and context setup a run pays once. The history rows are
rolled back, so the warehouse is left as it was; GX results go to a temporary root unless --gx-root is given.
"""

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path

import duckdb

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from data_checks.history import append_history, history_rows  # noqa: E402
from data_checks.registry import SUITES  # noqa: E402
from data_checks.runner import Window, gx_context, validate  # noqa: E402


def existing_tables(con: duckdb.DuckDBPyConnection) -> set[str]:
    rows = con.execute("select table_schema || '.' || table_name from information_schema.tables").fetchall()
    return {name for (name,) in rows}


def time_history(con: duckdb.DuckDBPyConnection, outcome, asset_key: str, partition: str | None) -> float:
    started = time.perf_counter()
    con.execute("begin transaction")
    append_history(con, history_rows(outcome, "benchmark", asset_key, partition, dt.datetime.now(dt.UTC)))
    con.execute("rollback")
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("warehouse")
    parser.add_argument("date", help="the partition to validate, YYYY-MM-DD")
    parser.add_argument("--gx-root", help="GX file context root (default: a temporary folder)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each suite; the median is reported")
    args = parser.parse_args(argv)
    gx_root = args.gx_root or tempfile.mkdtemp(prefix="gx_bench_")
    window = Window(args.date, args.date)

    started = time.perf_counter()
    gx_context(gx_root)
    setup = time.perf_counter() - started
    print(f"GX import and context setup (once per run): {setup:.2f} s")
    print(f"{'suite':34} {'rows':>10} {'batch s':>8} {'total s':>8} {'history s':>9}  result")
    totals = []
    with duckdb.connect(args.warehouse) as con:
        tables = existing_tables(con)
        for spec in SUITES:
            if spec.name not in tables:
                print(f"{spec.name:34} {'(table missing)':>10}")
                continue
            rows = con.execute(f"select count(*) from {spec.name}").fetchall()[0][0]
            runs = [validate(con, spec, window, gx_root, "benchmark") for _ in range(args.repeat)]
            outcome = runs[-1]
            partition = window.partition_key if spec.windowed else None
            history = time_history(con, outcome, spec.asset_key, partition)
            total = statistics.median(run.seconds for run in runs)
            batch = statistics.median(run.read_seconds for run in runs)
            totals.append(total + history)
            verdict = (
                "pass"
                if outcome.success
                else f"FAIL ({outcome.severity}): "
                + ", ".join(str(result.column) for result in outcome.failed)
            )
            print(f"{spec.name:34} {rows:>10} {batch:>8.3f} {total:>8.3f} {history:>9.3f}  {verdict}")
    print(f"all suites: {sum(totals):.2f} s, plus {setup:.2f} s setup once per run process")


if __name__ == "__main__":
    main()
