"""Raw listings: fetched from the API, landed as gzip files, indexed in the DuckDB raw tables."""

import warnings

import dagster as dg
from pydantic import Field

from orchestration.defs.common.resources import WarehouseResource
from orchestration.defs.ingestion.partitions import daily_partitions
from orchestration.defs.ingestion.resources import HFApiResource, LandingResource
from orchestration.lib.hf_client import ClientSettings
from orchestration.lib.ingest_run import Summary, ingest_days, ingest_watchlists
from orchestration.lib.watchlists import load_watchlists, select_watchlists, watchlists_path

KINDS = {"python", "duckdb"}

# Single-run backfills are what make a range of days one step; the policy is beta, and chosen knowingly.
warnings.filterwarnings("ignore", message="Parameter `backfill_policy`", category=dg.BetaWarning)


class WatchlistConfig(dg.Config):
    watchlists: list[str] = Field(
        default_factory=list, description="Watchlist names to fetch; empty means every watchlist."
    )


def _client_settings(hf_api: HFApiResource) -> ClientSettings:
    try:
        return hf_api.client_settings()
    except ValueError as error:
        raise dg.Failure(description=str(error)) from None


def _metadata(summary: Summary) -> dict:
    keys = sorted(summary.partitions)
    return {
        "partitions": len(keys),
        "partition_range": f"{keys[0]} .. {keys[-1]}" if keys else "",
        "items": summary.items,
        "new_papers": summary.new_papers,
        "quarantined_items": summary.quarantined_items,
        "quarantined_payloads": summary.quarantined_payloads,
        "failed_fetches": summary.failed_fetches,
        "bytes_fetched": summary.bytes_fetched,
        "http_requests": summary.http_requests,
        "http_retries": summary.http_retries,
        "landed_files": summary.landed_files,
        "duration_s": summary.duration_s,
    }


def _result(summary: Summary) -> dg.MaterializeResult:
    """The run's metadata; partitions that could not be indexed fail the step after the rest is committed."""
    metadata = _metadata(summary)
    failure = summary.failure_line()
    if failure is not None:
        raise dg.Failure(description=failure, metadata=metadata)
    return dg.MaterializeResult(metadata=metadata)


@dg.asset(
    key=["raw", "hf_daily_papers"],
    partitions_def=daily_partitions,
    backfill_policy=dg.BackfillPolicy.single_run(),
    kinds=KINDS,
    group_name="ingestion",
)
def hf_daily_papers(
    context: dg.AssetExecutionContext,
    hf_api: HFApiResource,
    landing: LandingResource,
    warehouse: WarehouseResource,
) -> dg.MaterializeResult:
    """Daily Papers listings per day: every page landed as gzip, items indexed in raw.hf_daily_papers."""
    client_settings = _client_settings(hf_api)
    dates = list(context.partition_keys)
    context.log.info(
        f"fetching {len(dates)} day(s) {dates[0]} .. {dates[-1]} from {client_settings.base_url}"
    )
    with warehouse.connect() as con:
        summary = ingest_days(
            dates, client_settings, landing.zone(), con, context.run.run_id, context.log.info
        )
    return _result(summary)


@dg.asset(key=["raw", "hf_search_listings"], kinds=KINDS, group_name="ingestion")
def hf_search_listings(
    context: dg.AssetExecutionContext,
    config: WatchlistConfig,
    hf_api: HFApiResource,
    landing: LandingResource,
    warehouse: WarehouseResource,
) -> dg.MaterializeResult:
    """Watchlist search listings: each search landed as gzip, items indexed in raw.hf_search_listings."""
    client_settings = _client_settings(hf_api)
    try:
        watchlists = select_watchlists(load_watchlists(watchlists_path()), config.watchlists)
    except ValueError as error:
        raise dg.Failure(description=str(error)) from None
    context.log.info(f"fetching {len(watchlists)} watchlist(s): {', '.join(watchlists)}")
    with warehouse.connect() as con:
        summary = ingest_watchlists(
            watchlists, client_settings, landing.zone(), con, context.run.run_id, context.log.info
        )
    return _result(summary)


# Written by both raw assets as they fetch (one row per HTTP fetch), so it has no producing step of its own;
# declared so that dbt's source and the UI show what it is.
landing_manifest = dg.AssetSpec(
    key=["raw", "landing_manifest"],
    description="One row per HTTP fetch, whatever its outcome; written by the two raw assets as they land.",
    group_name="ingestion",
    kinds={"duckdb"},
)
