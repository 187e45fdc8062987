"""Run a suite: read its batch from DuckDB, validate it with GX in the file context, keep Data Docs current.

The GX file context lives under DPW_GX_ROOT so validation results and Data Docs persist across runs; the
suites, the pandas data source and the checkpoints in it are rebuilt from code every time a process opens
it, so nobody edits GX JSON by hand. GX is imported on first use only: the import costs about 2-3 s, which
loading the Dagster definitions should not pay.
"""

import functools
import json
import os
import time
from dataclasses import dataclass
from typing import Any

import duckdb
import pandas as pd

from data_checks.registry import SUITES
from data_checks.spec import ERROR, WARN, SuiteSpec

DATASOURCE = "warehouse"
BATCH_DEFINITION = "frame"
SAMPLE_ROWS = 5
# GX keeps this many latest results per suite for Data Docs; older ones are dropped, as rebuilding the docs
# costs time in proportion to the results kept (about 0.25 ms each per validation). The long history is
# audit.validation_results in the warehouse.
KEEP_RESULTS_PER_SUITE = 30
DOCS_SITE = {
    "local_site": {
        "class_name": "SiteBuilder",
        "show_how_to_buttons": False,
        "store_backend": {
            "class_name": "TupleFilesystemStoreBackend",
            "base_directory": "uncommitted/data_docs/local_site/",
        },
        "site_index_builder": {
            "class_name": "DefaultSiteIndexBuilder",
            "validation_results_limit": KEEP_RESULTS_PER_SUITE * len(SUITES),
        },
    }
}
ALL_PARTITIONS = ("0001-01-01", "9999-12-31")


@dataclass(frozen=True)
class Window:
    """The partitions a batch covers, as inclusive 'YYYY-MM-DD' keys; None means the whole table."""

    start: str
    end: str

    @property
    def partition_key(self) -> str:
        return self.start if self.start == self.end else f"{self.start}..{self.end}"


@dataclass(frozen=True)
class ExpectationOutcome:
    expectation: str
    column: str | None
    description: str | None
    severity: str
    success: bool
    observed_value: Any
    unexpected_count: int | None
    sample: list[dict]


@dataclass(frozen=True)
class SuiteOutcome:
    suite: str
    results: tuple[ExpectationOutcome, ...]
    batch_rows: int
    data_docs_index: str
    data_docs_page: str | None
    read_seconds: float  # DuckDB building the batch
    seconds: float  # the whole validation: batch, GX, Data Docs

    @property
    def failed(self) -> tuple[ExpectationOutcome, ...]:
        return tuple(result for result in self.results if not result.success)

    @property
    def success(self) -> bool:
        return not self.failed

    @property
    def severity(self) -> str | None:
        """ERROR if a blocking expectation failed, WARN if only warnings did, None if all passed."""
        severities = {result.severity for result in self.failed}
        return ERROR if ERROR in severities else (WARN if severities else None)


def plain(value: Any) -> Any:
    """A JSON-ready copy of a GX or DuckDB value (numpy scalars, dates, tuples)."""
    return json.loads(json.dumps(value, default=lambda v: v.item() if hasattr(v, "item") else str(v)))


@functools.cache
def gx_context(root: str) -> Any:
    """The file context under `root`, with a pandas asset per suite (cached per process)."""
    # Usage statistics would be sent from every run; the setting is read when GX is imported.
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context = gx.get_context(mode="file", context_root_dir=root)
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    context.variables.analytics_enabled = False
    context.variables.data_docs_sites = DOCS_SITE
    context.variables.save()
    datasource = context.data_sources.add_or_update_pandas(DATASOURCE)
    for spec in SUITES:
        datasource.add_dataframe_asset(spec.name).add_batch_definition_whole_dataframe(BATCH_DEFINITION)
    return context


def query(con: duckdb.DuckDBPyConnection, sql: str, spec: SuiteSpec, window: Window | None) -> pd.DataFrame:
    """Run one of the suite's queries, bound to the partition window when the suite is windowed."""
    if not spec.windowed:
        return con.sql(sql).df()
    start, end = (window.start, window.end) if window else ALL_PARTITIONS
    return con.execute(sql, {"start": start, "end": end}).df()


def sample_rows(con: duckdb.DuckDBPyConnection, spec: SuiteSpec, window: Window | None, column: str) -> list:
    """A few offending rows for a failed count, from the suite's sample query for that column."""
    sql = spec.samples.get(column)
    if sql is None:
        return []
    frame = query(con, f"select * from ({sql}) limit {SAMPLE_ROWS}", spec, window)
    return plain(frame.astype(object).where(frame.notna(), None).to_dict("records"))


def _column(kwargs: dict) -> str | None:
    """The column an expectation looks at; pair and compound expectations name theirs joined by commas."""
    if "column" in kwargs:
        return kwargs["column"]
    names = [kwargs[key] for key in ("column_A", "column_B") if key in kwargs]
    return ",".join([*names, *(kwargs.get("column_list") or [])]) or None


def _observed(result: Any) -> Any:
    details = result.result or {}
    if "observed_value" in details:
        return details["observed_value"]
    if "partial_unexpected_list" in details:
        return details["partial_unexpected_list"]
    # GX reports an expectation it could not evaluate (a column gone from the batch) as failed, unexplained.
    return (result.exception_info or {}).get("exception_message")


def _outcome(
    con: duckdb.DuckDBPyConnection, spec: SuiteSpec, window: Window | None, result: Any
) -> ExpectationOutcome:
    config = result.expectation_config
    details = result.result or {}
    column = _column(config.kwargs)
    sample = details.get("partial_unexpected_index_list") or []
    if not result.success and not sample and column:
        sample = sample_rows(con, spec, window, column)
    return ExpectationOutcome(
        expectation=config.type,
        column=column,
        description=config.description,
        severity=(config.meta or {}).get("severity", ERROR),
        success=bool(result.success),
        observed_value=plain(_observed(result)),
        unexpected_count=details.get("unexpected_count"),
        sample=plain(sample),
    )


def prune_results(context: Any, suite: str, keep: int = KEEP_RESULTS_PER_SUITE) -> int:
    """Drop all but the `keep` latest stored results of `suite`; their Data Docs pages go with them."""
    store = context.validation_results_store
    keys = [key for key in store.list_keys() if key.expectation_suite_identifier.name == suite]
    stale = sorted(keys, key=lambda key: str(key.run_id.run_time))[:-keep] if len(keys) > keep else []
    for key in stale:
        store.remove_key(key)
    return len(stale)


def validate(
    con: duckdb.DuckDBPyConnection, spec: SuiteSpec, window: Window | None, gx_root: str, run_name: str
) -> SuiteOutcome:
    """Validate one suite's batch; the result is stored in the GX context and its Data Docs page written."""
    import great_expectations as gx
    from great_expectations.checkpoint import UpdateDataDocsAction
    from great_expectations.core.run_identifier import RunIdentifier

    context = gx_context(gx_root)
    started = time.perf_counter()
    frame = query(con, spec.batch_sql, spec, window)
    read_seconds = time.perf_counter() - started
    suite = context.suites.add_or_update(
        gx.ExpectationSuite(name=spec.name, expectations=spec.expectations())
    )
    batch_definition = (
        context.data_sources.get(DATASOURCE).get_asset(spec.name).get_batch_definition(BATCH_DEFINITION)
    )
    definition = context.validation_definitions.add_or_update(
        gx.ValidationDefinition(name=spec.name, data=batch_definition, suite=suite)
    )
    result_format = {"result_format": "SUMMARY", "partial_unexpected_count": SAMPLE_ROWS}
    if spec.index_columns:
        result_format["unexpected_index_column_names"] = list(spec.index_columns)
    checkpoint = context.checkpoints.add_or_update(
        gx.Checkpoint(
            name=spec.name,
            validation_definitions=[definition],
            actions=[UpdateDataDocsAction(name="data_docs")],
            result_format=result_format,
        )
    )
    prune_results(context, spec.name, KEEP_RESULTS_PER_SUITE - 1)
    run = checkpoint.run(batch_parameters={"dataframe": frame}, run_id=RunIdentifier(run_name=run_name))
    identifier, validation = next(iter(run.run_results.items()))
    pages = context.get_docs_sites_urls(resource_identifier=identifier)
    return SuiteOutcome(
        suite=spec.name,
        results=tuple(_outcome(con, spec, window, result) for result in validation.results),
        batch_rows=len(frame),
        data_docs_index=context.get_docs_sites_urls()[0]["site_url"],
        data_docs_page=pages[0]["site_url"] if pages else None,
        read_seconds=read_seconds,
        seconds=time.perf_counter() - started,
    )
