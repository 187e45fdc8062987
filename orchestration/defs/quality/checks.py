"""Every GX suite as a Dagster asset check on the asset whose table it validates.

All checks are blocking: a failed expectation of ERROR severity (keys, orphans, malformed raw rows) stops
the assets downstream in the same run; coverage and trend expectations fail with WARN severity, which is
shown but does not block. Checks of listing days (raw/hf_daily_papers, marts/fct_daily_listings)
validate only the partitions of the run, one day or the whole range of a single-run backfill, read from the
run's partition tags (the checks themselves are not partitioned: partitioned asset checks are a preview API
in Dagster 1.13), widened to the days the run landed outside them (days earlier runs could not land, which
every run refetches). Checks on the other marts validate whole tables.
"""

import datetime as dt

import dagster as dg

from data_checks.history import append_history, history_rows
from data_checks.registry import SUITES
from data_checks.runner import SuiteOutcome, Window, validate
from data_checks.spec import WARN, SuiteSpec
from orchestration.defs.common.resources import WarehouseResource
from orchestration.defs.quality.resources import GreatExpectationsResource
from orchestration.lib.raw_status import landed_by_runs, run_family


def window_of(context: dg.AssetCheckExecutionContext) -> Window | None:
    """The partitions of the run: a range for single-run backfills and refreshes, else one key."""
    if context.has_partition_key_range:
        key_range = context.partition_key_range
        return Window(key_range.start, key_range.end)
    if context.has_partition_key:
        return Window(context.partition_key, context.partition_key)
    return None


def widened(window: Window, days: list[str]) -> Window:
    """`window` stretched to cover `days` too."""
    return Window(min([window.start, *days]), max([window.end, *days]))


def _cell(value: object) -> str:
    return str(value).replace("|", "\\|").replace("\n", " ")[:200]


def failures_table(outcome: SuiteOutcome) -> str:
    """Markdown: each failed expectation, its severity, what was observed and how many rows broke it."""
    lines = ["| expectation | column | severity | observed | unexpected |", "|---|---|---|---|---|"]
    for result in outcome.failed:
        cells = (
            result.description or result.expectation,
            result.column,
            result.severity,
            result.observed_value,
            result.unexpected_count,
        )
        lines.append("| " + " | ".join(_cell(cell) for cell in cells) + " |")
    return "\n".join(lines)


def check_result(outcome: SuiteOutcome, window: Window | None) -> dg.AssetCheckResult:
    failed = outcome.failed
    metadata = {
        "suite": outcome.suite,
        "partition_range": window.partition_key if window else "whole table",
        "batch_rows": outcome.batch_rows,
        "expectations": len(outcome.results),
        "failed_expectations": len(failed),
        "validation_seconds": round(outcome.seconds, 3),
        "data_docs": dg.MetadataValue.path(outcome.data_docs_index.removeprefix("file://")),
    }
    if outcome.data_docs_page:
        metadata["data_docs_result"] = dg.MetadataValue.url(outcome.data_docs_page)
    if failed:
        metadata["failures"] = dg.MetadataValue.md(failures_table(outcome))
        metadata["offending_rows"] = dg.MetadataValue.json(
            {result.column or result.expectation: result.sample for result in failed}
        )
    summary = "; ".join(
        f"{result.column or result.expectation}: observed {_cell(result.observed_value)}" for result in failed
    )
    return dg.AssetCheckResult(
        passed=outcome.success,
        severity=dg.AssetCheckSeverity.WARN if outcome.severity == WARN else dg.AssetCheckSeverity.ERROR,
        metadata=metadata,
        description=f"{len(failed)} of {len(outcome.results)} expectations failed: {summary}"
        if failed
        else None,
    )


def build_check(spec: SuiteSpec) -> dg.AssetChecksDefinition:
    """The asset check running `spec`; results also go to audit.validation_results."""

    @dg.asset_check(
        asset=dg.AssetKey(spec.asset_key.split("/")),
        name=spec.check_name,
        description=f"Great Expectations suite {spec.name}.",
        blocking=True,
        additional_deps=[dg.AssetKey(key.split("/")) for key in spec.reads],
    )
    def _check(
        context: dg.AssetCheckExecutionContext,
        warehouse: WarehouseResource,
        great_expectations: GreatExpectationsResource,
    ) -> dg.AssetCheckResult:
        window = window_of(context) if spec.windowed else None
        # One DuckDB writer per file: steps run one after another in this process, so the check opens
        # its own connection for reading the batch and appending history, then closes it.
        with warehouse.connect() as con:
            if window is not None:
                window = widened(window, landed_by_runs(con, run_family(context.run)))
            outcome = validate(con, spec, window, great_expectations.root, context.run.run_id)
            partition_key = window.partition_key if window else None
            checked_at = dt.datetime.now(dt.UTC)
            append_history(
                con, history_rows(outcome, context.run.run_id, spec.asset_key, partition_key, checked_at)
            )
        return check_result(outcome, window)

    return _check


gx_checks = [build_check(spec) for spec in SUITES]
