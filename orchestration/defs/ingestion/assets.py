"""Raw listings and paper details: fetched from the API, landed as gzip files, indexed in the raw tables."""

import warnings

import dagster as dg
from pydantic import Field

from orchestration.defs.common.resources import WarehouseResource
from orchestration.defs.ingestion.partitions import daily_partitions, extra_days
from orchestration.defs.ingestion.resources import HFApiResource, LandingResource
from orchestration.lib.details_plan import details_to_fetch
from orchestration.lib.hf_client import ClientSettings
from orchestration.lib.ingest_run import Summary, ingest_days, ingest_details, ingest_watchlists
from orchestration.lib.raw_status import DAILY_SOURCE, landed_by_runs, run_family, unlanded
from orchestration.lib.refresh_policy import refresh_ages
from orchestration.lib.watchlists import load_watchlists, select_watchlists, watchlists_path

KINDS = {"python", "duckdb"}

# Single-run backfills are what make a range of days one step; the policy is beta, and chosen knowingly.
warnings.filterwarnings("ignore", message="Parameter `backfill_policy`", category=dg.BetaWarning)


class WatchlistConfig(dg.Config):
    watchlists: list[str] = Field(
        default_factory=list, description="Watchlist names to fetch; empty means every watchlist."
    )


def _refused(settle):
    """The value of `settle()`, or the run's step failed with the reason a bad setting gave."""
    try:
        return settle()
    except ValueError as error:
        raise dg.Failure(description=str(error)) from None


def _client_settings(hf_api: HFApiResource) -> ClientSettings:
    return _refused(hf_api.client_settings)


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
        "not_indexed": dg.MetadataValue.json(sorted(summary.failures)),
        "bytes_fetched": summary.bytes_fetched,
        "http_requests": summary.http_requests,
        "http_retries": summary.http_retries,
        "landed_files": summary.landed_files,
        "duration_s": summary.duration_s,
    }


def _result(
    context: dg.AssetExecutionContext, summary: Summary, extra: dict | None = None
) -> dg.MaterializeResult:
    """The run's metadata. Partitions that could not be indexed do not fail the step: the rest of the
    warehouse is built from what landed, and the `*_landed` checks name them and fail the run."""
    failure = summary.failure_line()
    if failure is not None:
        context.log.warning(failure)
    return dg.MaterializeResult(metadata=_metadata(summary) | (extra or {}))


def days_to_fetch(window: list[str], unlanded_before: dict[str, str]) -> tuple[list[str], list[str]]:
    """The run's days, and the days outside its window that earlier runs could not land: every run
    refetches those until they land."""
    extra = sorted(set(unlanded_before) - set(window))
    return sorted(set(window) | set(extra)), extra


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
    window = list(context.partition_keys)
    far = [day for day in _refused(lambda: extra_days(context.run.tags)) if day not in window]
    with warehouse.connect() as con:
        dates, refetched = days_to_fetch(sorted({*window, *far}), unlanded(con, DAILY_SOURCE))
        context.log.info(
            f"fetching {len(window)} day(s) {window[0]} .. {window[-1]} from {client_settings.base_url}"
        )
        if far:
            named = ", ".join(far)
            context.log.info(f"also refreshing {len(far)} older day(s) of the refresh policy: {named}")
        if refetched:
            named = ", ".join(refetched)
            context.log.info(f"also refetching {len(refetched)} day(s) earlier runs could not land: {named}")
        summary = ingest_days(
            dates, client_settings, landing.zone(), con, context.run.run_id, context.log.info
        )
    extra = {"refreshed_extra_days": dg.MetadataValue.json(far)}
    return _result(context, summary, extra | {"refetched_unlanded": dg.MetadataValue.json(refetched)})


@dg.asset(
    key=["raw", "hf_paper_details"],
    deps=[hf_daily_papers],
    partitions_def=daily_partitions,
    backfill_policy=dg.BackfillPolicy.single_run(),
    kinds=KINDS,
    group_name="ingestion",
)
def hf_paper_details(
    context: dg.AssetExecutionContext,
    hf_api: HFApiResource,
    landing: LandingResource,
    warehouse: WarehouseResource,
) -> dg.MaterializeResult:
    """Paper details (linked models, datasets, Spaces) of the run's listed papers, per the refresh policy."""
    client_settings = _client_settings(hf_api)
    ages = _refused(refresh_ages)
    window = list(context.partition_keys)
    with warehouse.connect() as con:
        # The run's listing days: its window, and the days it landed outside it (far ages, healed days).
        days = sorted({*window, *landed_by_runs(con, run_family(context.run), DAILY_SOURCE)})
        plan = details_to_fetch(con, days, window[-1], ages)
        context.log.info(
            f"fetching the details of {len(plan.papers)} paper(s) listed on {len(days)} day(s): "
            f"{len(plan.first)} never fetched, {len(plan.refresh)} at a refresh age ({window[-1]} is age 0)"
        )
        summary = ingest_details(
            plan.papers, client_settings, landing.zone(), con, context.run.run_id, context.log.info
        )
    extra = {
        # the run's partitions, not the papers the summary counts as its partitions
        "partitions": len(window),
        "partition_range": f"{window[0]} .. {window[-1]}",
        "papers": len(plan.papers),
        "listing_days": len(days),
        "papers_first_fetched": len(plan.first),
        "papers_refreshed": len(plan.refresh),
        "refresh_ages": ",".join(map(str, ages)),
    }
    return _result(context, summary, extra)


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
    return _result(context, summary)


# Written by the raw assets as they fetch (one row per HTTP fetch), so it has no producing step of its own;
# declared so that dbt's source and the UI show what it is.
landing_manifest = dg.AssetSpec(
    key=["raw", "landing_manifest"],
    description="One row per HTTP fetch, whatever its outcome; written by the raw assets as they land.",
    group_name="ingestion",
    kinds={"duckdb"},
)
