"""The daily run: land yesterday, refresh the days the refresh policy names, rebuild everything downstream."""

import dagster as dg

from orchestration.defs.ingestion.assets import hf_daily_papers, hf_paper_details, hf_search_listings
from orchestration.defs.ingestion.partitions import refresh_tags
from orchestration.lib.refresh_policy import refresh_ages, refresh_days
from orchestration.lib.settings import FIRST_LISTING_DATE

# Downstream of raw, so the dbt, check and publishing assets other domains add join the run by themselves;
# and what those read besides raw (the topic taxonomy seed and the models built from it alone).
daily_refresh = dg.define_asset_job(
    "daily_refresh",
    selection=dg.AssetSelection.assets(hf_daily_papers, hf_paper_details, hf_search_listings)
    .downstream()
    .upstream(),
    description="Daily Papers for the days the refresh policy names, their papers' details and every "
    "watchlist, then everything built from them.",
)


@dg.schedule(
    job=daily_refresh,
    cron_schedule="0 6 * * *",
    execution_timezone="UTC",
    default_status=dg.DefaultScheduleStatus.RUNNING,
)
def daily_refresh_schedule(context: dg.ScheduleEvaluationContext) -> dg.RunRequest:
    """The run of day D: listing dates D-1-a for every age a of DPW_REFRESH_AGES (by default [D-8, D-1]
    as the partition range, D-15 and D-31 as extra days), and their papers' details. A bad value of the
    variable fails the tick with its reason."""
    days = refresh_days(context.scheduled_execution_time.date(), refresh_ages(), FIRST_LISTING_DATE)
    return dg.RunRequest(run_key=f"daily_refresh:{days.end}", tags=refresh_tags(days))
