"""Backfill Daily Papers over a range of days in one Dagster run, with progress per day.

    python -m orchestration.backfill --start 2025-07-07 --end 2025-08-15 [--raw-only]

Runs the `daily_refresh` job (the one the schedule runs) over the range: every day landed and indexed, the
watchlists refreshed, the warehouse rebuilt for those listing dates, validated and published. `--raw-only`
lands and indexes the days and stops there (what `dagster asset materialize -m orchestration.definitions
--select raw/hf_daily_papers --partition-range 2025-07-07...2025-08-15` does); `dbt build` by hand, or a
run covering the range, then builds them. Either way the range is checked before anything starts, a day
that did not land fails the backfill after the others are committed (and is refetched by the next run), and
a short summary ends it. Settings come from the usual environment variables (HF_BASE_URL,
DPW_LANDING_ROOT, ...); the run is recorded in the Dagster instance of DAGSTER_HOME when it is set.
"""

import argparse
import os
import sys

import dagster as dg

from orchestration.defs.ingestion.assets import hf_daily_papers
from orchestration.defs.ingestion.checks import every_day_landed
from orchestration.defs.ingestion.partitions import range_tags, validate_partition_range
from orchestration.defs.ingestion.resources import resources_from_env

LOG_CONFIG = {"loggers": {"console": {"config": {"log_level": "INFO"}}}}
RAW_NODE = "raw__hf_daily_papers"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--start", required=True, help="first listing day, YYYY-MM-DD")
    parser.add_argument("--end", required=True, help="last listing day, YYYY-MM-DD (inclusive)")
    parser.add_argument("--raw-only", action="store_true", help="land and index the days, build nothing")
    return parser.parse_args(argv)


def run(start: str, end: str, raw_only: bool) -> dg.ExecuteInProcessResult:
    instance = dg.DagsterInstance.get() if os.environ.get("DAGSTER_HOME") else dg.DagsterInstance.ephemeral()
    tags = range_tags(start, end)
    if raw_only:
        return dg.materialize(
            [hf_daily_papers, every_day_landed],
            resources=resources_from_env(),
            tags=tags,
            run_config=LOG_CONFIG,
            instance=instance,
            raise_on_error=False,
        )
    from orchestration.definitions import build_defs

    job = build_defs().resolve_job_def("daily_refresh")
    return job.execute_in_process(run_config=LOG_CONFIG, instance=instance, tags=tags, raise_on_error=False)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        days = validate_partition_range(args.start, args.end)
        resources_from_env()["hf_api"].client_settings()
    except ValueError as error:
        print(f"backfill refused: {error}", file=sys.stderr)
        return 2
    print(f"backfilling {len(days)} day(s) {args.start} .. {args.end}", flush=True)
    result = run(args.start, args.end, args.raw_only)
    materializations = result.asset_materializations_for_node(RAW_NODE)
    if materializations:
        done = ", ".join(f"{k}={v.value}" for k, v in materializations[0].metadata.items())
        print(f"backfill done: {done}")
    if not result.success:
        print(f"backfill failed: {failure_reason(result)}", file=sys.stderr)
        return 1
    return 0


def failure_reason(result: dg.ExecuteInProcessResult) -> str:
    """The first failed step's own line: a Failure's description, else the first line of the error."""
    for event in result.get_step_failure_events():
        data = event.step_failure_data
        if data.user_failure_data and data.user_failure_data.description:
            return data.user_failure_data.description
        if data.error:
            return data.error.message.strip().splitlines()[0]
    return "see the log"


if __name__ == "__main__":
    sys.exit(main())
