"""The whole pipeline on the bundled sample, offline: replay server -> landing -> raw -> dbt -> GX -> publish.

    python -m orchestration.demo [--data-dir data]

Starts the replay server on a free port of 127.0.0.1 over `sample_data/`, runs the `daily_refresh` job once
over the sample's date range (the same job the daily schedule runs), and prints what landed and what was
built. The run is recorded in DAGSTER_HOME, so `make dev` shows it afterwards.
"""

import argparse
import os
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from orchestration.lib.settings import PROJECT_ROOT, SAMPLE_DIR

SAMPLE_START, SAMPLE_END = "2024-05-28", "2026-06-16"
RECORDINGS = (SAMPLE_DIR / "hf_recorded", SAMPLE_DIR / "arranged")


@contextmanager
def replay_server():
    """The replay server as a child process; yields its base URL."""
    roots = [arg for root in RECORDINGS for arg in ("--recordings", str(root))]
    proc = subprocess.Popen(
        [sys.executable, "-m", "orchestration.lib.replay_server", *roots, "--port", "0", "--quiet"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        first_line = proc.stdout.readline().strip()
        if not first_line.startswith("replay server on "):
            raise SystemExit(f"replay server did not start: {first_line!r}")
        yield first_line.removeprefix("replay server on ")
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def configure(data_dir: Path, base_url: str) -> None:
    """Point every setting at `data_dir` and the replay server, unless the caller already chose."""
    defaults = {
        "DPW_WAREHOUSE_PATH": data_dir / "warehouse.duckdb",
        "DPW_LANDING_ROOT": data_dir / "landing",
        "DPW_GX_ROOT": data_dir / "gx",
        "DPW_PUBLISH_DIR": data_dir / "published",
        "DAGSTER_HOME": data_dir / "dagster_home",
    }
    for name, value in defaults.items():
        os.environ.setdefault(name, str(value))
    Path(os.environ["DAGSTER_HOME"]).mkdir(parents=True, exist_ok=True)
    os.environ["HF_BASE_URL"] = base_url
    # Loopback can take far more than the polite production rate.
    os.environ.setdefault("DPW_RATE_LIMIT", "200")
    os.environ.setdefault("DPW_CONCURRENCY", "8")


def run_job(start: str, end: str):
    """Run `daily_refresh` over [start, end] in-process, recorded in the Dagster instance."""
    import dagster as dg

    from orchestration.definitions import build_defs
    from orchestration.defs.ingestion.partitions import range_tags

    job = build_defs().resolve_job_def("daily_refresh")
    with dg.DagsterInstance.get() as instance:
        return job.execute_in_process(
            run_config={"loggers": {"console": {"config": {"log_level": "INFO"}}}},
            instance=instance,
            tags=range_tags(start, end),
            raise_on_error=False,
        )


def warehouse_counts() -> dict[str, int]:
    """Row counts of what landed and what was built, read from the published copy and the live file."""
    import duckdb

    from orchestration.lib import settings

    queries = {
        "fetches": "select count(*) from raw.landing_manifest",
        # every day with items ends on an empty page too: a day is empty when all its fetches were
        "empty days": "select count(*) from (select partition_key from raw.landing_manifest"
        " where source = 'daily_papers' group by partition_key having bool_and(outcome = 'empty'))",
        "quarantined": "select count(*) from raw.quarantine",
        "MB landed": "select round(sum(bytes) / 1e6, 1) from raw.landing_manifest",
        "listing items": "select count(*) from raw.hf_daily_papers",
        "search items": "select count(*) from raw.hf_search_listings",
        "papers": "select count(*) from marts.dim_papers",
        "authors": "select count(*) from marts.dim_authors",
        "topics": "select count(*) from marts.dim_topics",
        "keywords": "select count(*) from marts.dim_keywords",
        "daily listings": "select count(*) from marts.fct_daily_listings",
        "topic coverage": "select format('{:.1f}% of papers without a topic; the largest, {}, holds "
        "{:.1f}%', 100 * no_topic_share, largest_topic_id, 100 * largest_topic_share) "
        "from intermediate.int_topic_coverage",
    }
    counts = {}
    with duckdb.connect(settings.warehouse_path(), read_only=True) as con:
        for name, sql in queries.items():
            try:
                counts[name] = con.execute(sql).fetchone()[0]
            except duckdb.Error:
                counts[name] = "missing"
    return counts


def print_summary(result, elapsed_s: float) -> None:
    from orchestration.lib import settings

    status = "SUCCESS" if result.success else "FAILED"
    print(f"\ndaily_refresh {status} in {elapsed_s:.0f} s (run {result.run_id[:8]})")
    for failure in result.get_step_failure_events():
        message = failure.step_failure_data.error.message.strip().splitlines()[0]
        print(f"  failed step {failure.step_key}: {message}")
    counts = warehouse_counts()
    print(
        "  landed     "
        + ", ".join(f"{counts[k]} {k}" for k in ("fetches", "empty days", "MB landed", "quarantined"))
    )
    print("  raw        " + ", ".join(f"{counts[k]} {k}" for k in ("listing items", "search items")))
    print(
        "  marts      "
        + ", ".join(f"{counts[k]} {k}" for k in ("papers", "daily listings", "authors", "topics", "keywords"))
    )
    print(f"  topics     {counts['topic coverage']}")
    evaluations = result.get_asset_check_evaluations()
    failed = [e for e in evaluations if not e.passed]
    passed = len(evaluations) - len(failed)
    print(f"  checks     {passed} passed, {len(failed)} failed (dbt tests, GX suites, landed checks)")
    for evaluation in failed:
        key = evaluation.asset_key.to_user_string()
        print(f"    failed: {key} {evaluation.check_name} ({evaluation.severity.value})")
    published = Path(settings.publish_dir()) / "warehouse.duckdb"
    print(f"  published  {published}  ->  duckdb -readonly {published}")
    print(f"  data docs  {Path(settings.gx_root())}/uncommitted/data_docs/local_site/index.html")
    print("  next       make dev (Dagster UI)  |  make dashboard  |  docs/queries/ (SQL cookbook)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=PROJECT_ROOT / "data")
    parser.add_argument("--start", default=SAMPLE_START)
    parser.add_argument("--end", default=SAMPLE_END)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    with replay_server() as url:
        configure(args.data_dir.resolve(), url)
        print(
            f"replaying sample_data/ on {url}; running daily_refresh over {args.start} .. {args.end}",
            flush=True,
        )
        result = run_job(args.start, args.end)
    print_summary(result, time.perf_counter() - started)
    return 0 if result.success else 1


if __name__ == "__main__":
    sys.exit(main())
