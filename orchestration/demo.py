"""The whole pipeline on the bundled sample, offline: replay server -> landing -> raw -> dbt -> GX -> publish.

    python -m orchestration.demo [--data-dir data] [--ephemeral-instance]

Starts the replay server on a free port of 127.0.0.1 over `sample_data/`, runs the `daily_refresh` job once
over the sample's date range (the same job the daily schedule runs), then once more as the schedule runs it
on a day after the sample's busiest weeks, the replay clock set to that day: the listing days of the refresh
policy are fetched again with the counts they would have by then, and their papers' details too. It prints
what landed and what was built. The runs are recorded in DAGSTER_HOME, so `make dev` shows them afterwards
(with --ephemeral-instance they are kept in memory instead, as the tests' sample run does).
"""

import argparse
import datetime as dt
import os
import sys
import time
from pathlib import Path

import httpx

from orchestration.lib.replay_process import replay_server_process
from orchestration.lib.settings import PROJECT_ROOT, SAMPLE_DIR

SAMPLE_START, SAMPLE_END = "2024-05-28", "2026-06-16"
# The day after the sample's 30 consecutive weekdays (2025-07-07 .. 2025-08-15): its scheduled run refreshes
# their last eight days, 2025-08-01 and 2025-07-16, and their papers' details.
SCHEDULED_DAY = dt.date(2025, 8, 16)
RECORDINGS = (SAMPLE_DIR / "hf_recorded", SAMPLE_DIR / "arranged")


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


def open_instance(ephemeral: bool):
    """DAGSTER_HOME's instance, or one in memory: Dagster's SQLite event log stores each of the first run's
    ~3,500 events in a transaction of its own, about a minute of CPU the tests' sample run does without."""
    import dagster as dg

    return dg.DagsterInstance.ephemeral() if ephemeral else dg.DagsterInstance.get()


def run_job(instance, tags: dict[str, str]):
    """Run `daily_refresh` with these tags (its partition range) in-process, recorded in the instance."""
    from orchestration.definitions import build_defs

    job = build_defs().resolve_job_def("daily_refresh")
    return job.execute_in_process(
        run_config={"loggers": {"console": {"config": {"log_level": "INFO"}}}},
        instance=instance,
        tags=tags,
        raise_on_error=False,
    )


def scheduled_run(day: dt.date) -> tuple[str, dict[str, str]]:
    """What the run `daily_refresh_schedule` requests on `day` covers, and its tags (the refresh policy of
    the environment)."""
    import dagster as dg

    from orchestration.defs.ingestion.partitions import EXTRA_DAYS_TAG, RANGE_END_TAG, RANGE_START_TAG
    from orchestration.defs.ingestion.schedules import daily_refresh_schedule

    when = dt.datetime.combine(day, dt.time(6), tzinfo=dt.UTC)
    tags = daily_refresh_schedule(dg.build_schedule_context(scheduled_execution_time=when)).tags
    extra = tags.get(EXTRA_DAYS_TAG, "").replace(",", ", ")
    label = f"as scheduled on {day}, {tags[RANGE_START_TAG]} .. {tags[RANGE_END_TAG]}"
    return label + (f" and {extra}" if extra else ""), tags


def set_replay_clock(url: str, day: dt.date | None) -> None:
    response = httpx.post(f"{url}/_clock", json={"now": day.isoformat() if day else None}, timeout=10)
    response.raise_for_status()


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
        "paper detail fetches": "select count(*) from raw.hf_paper_details",
        "engagement snapshots": "select count(*) from marts.fct_paper_engagement",
        "papers with a trajectory": "select count(distinct paper_id) from (select paper_id "
        "from marts.fct_paper_engagement group by paper_id, listing_date having count(*) > 1)",
        "papers with adoption": "select count(distinct paper_id) from marts.fct_paper_adoption "
        "where is_adopted",
        "organisations": "select count(*) from marts.dim_organizations",
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


def _line(label: str, counts: dict, keys: tuple[str, ...]) -> None:
    print(f"  {label:<10} " + ", ".join(f"{counts[key]} {key}" for key in keys))


def print_runs(runs: list[tuple[str, object, float]]) -> None:
    """One line per run (what it covered, how it ended), and the first line of each failed step."""
    print()
    for label, result, elapsed_s in runs:
        status = "SUCCESS" if result.success else "FAILED"
        print(f"daily_refresh {status} in {elapsed_s:.0f} s (run {result.run_id[:8]}): {label}")
        for failure in result.get_step_failure_events():
            message = failure.step_failure_data.error.message.strip().splitlines()[0]
            print(f"  failed step {failure.step_key}: {message}")


def print_summary(results: list) -> None:
    from orchestration.lib import settings

    counts = warehouse_counts()
    _line("landed", counts, ("fetches", "empty days", "MB landed", "quarantined"))
    _line("raw", counts, ("listing items", "search items", "paper detail fetches"))
    _line("marts", counts, ("papers", "daily listings", "authors", "topics", "keywords"))
    _line("history", counts, ("engagement snapshots", "papers with a trajectory"))
    _line("adoption", counts, ("papers with adoption", "organisations"))
    print(f"  topics     {counts['topic coverage']}")
    evaluations = [e for result in results for e in result.get_asset_check_evaluations()]
    failed = [e for e in evaluations if not e.passed]
    passed = len(evaluations) - len(failed)
    kinds = f"dbt tests, GX suites, landed checks of the {len(results)} runs"
    print(f"  checks     {passed} passed, {len(failed)} failed ({kinds})")
    named = [(e.asset_key.to_user_string(), e.check_name, e.severity.value) for e in failed]
    for key, check, severity in dict.fromkeys(named):
        print(f"    failed: {key} {check} ({severity}) in {named.count((key, check, severity))} run(s)")
    published = Path(settings.publish_dir()) / "warehouse.duckdb"
    print(f"  published  {published}  ->  duckdb -readonly {published}")
    digest = Path(settings.publish_dir()) / "digest"
    print(f"  digest     {f'{digest}/' if digest.is_dir() else 'missing'}")
    print(f"  data docs  {Path(settings.gx_root())}/uncommitted/data_docs/local_site/index.html")
    print("  next       make dev (Dagster UI)  |  make dashboard  |  docs/queries/ (SQL cookbook)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=PROJECT_ROOT / "data")
    parser.add_argument("--start", default=SAMPLE_START)
    parser.add_argument("--end", default=SAMPLE_END)
    parser.add_argument(
        "--ephemeral-instance",
        action="store_true",
        help="keep the runs in memory, not in DAGSTER_HOME (`make dev` will not show them); the tests use it",
    )
    args = parser.parse_args(argv)
    runs = []
    with replay_server_process(RECORDINGS) as url:
        configure(args.data_dir.resolve(), url)
        from orchestration.defs.ingestion.partitions import range_tags

        with open_instance(args.ephemeral_instance) as instance:
            label = f"{args.start} .. {args.end}"
            print(f"replaying sample_data/ on {url}; running daily_refresh over {label}", flush=True)
            started = time.perf_counter()
            result = run_job(instance, range_tags(args.start, args.end))
            runs.append((label, result, time.perf_counter() - started))

            label, tags = scheduled_run(SCHEDULED_DAY)
            print(f"replay clock at {SCHEDULED_DAY}; running daily_refresh {label}", flush=True)
            set_replay_clock(url, SCHEDULED_DAY)
            started = time.perf_counter()
            runs.append((label, run_job(instance, tags), time.perf_counter() - started))
    print_runs(runs)
    print_summary([result for _, result, _ in runs])
    return 0 if all(result.success for _, result, _ in runs) else 1


if __name__ == "__main__":
    sys.exit(main())
