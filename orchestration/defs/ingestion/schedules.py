"""The daily run: land yesterday, refresh the days before it, and rebuild everything downstream."""

import dagster as dg

from orchestration.defs.ingestion.assets import hf_daily_papers, hf_search_listings
from orchestration.defs.ingestion.partitions import range_tags, refresh_window

# Downstream of raw, so the dbt, check and publishing assets other domains add join the run by themselves;
# and what those read besides raw (the topic taxonomy seed and the models built from it alone).
daily_refresh = dg.define_asset_job(
    "daily_refresh",
    selection=dg.AssetSelection.assets(hf_daily_papers, hf_search_listings).downstream().upstream(),
    description="Daily Papers for the last few days and every watchlist, then everything built from them.",
)


@dg.schedule(
    job=daily_refresh,
    cron_schedule="0 6 * * *",
    execution_timezone="UTC",
    default_status=dg.DefaultScheduleStatus.RUNNING,
)
def daily_refresh_schedule(context: dg.ScheduleEvaluationContext) -> dg.RunRequest:
    """One run over [D-4, D-1]: yesterday's new listing plus three days whose upvotes still move."""
    start, end = refresh_window(context.scheduled_execution_time.date())
    return dg.RunRequest(run_key=f"daily_refresh:{end}", tags=range_tags(start, end))
