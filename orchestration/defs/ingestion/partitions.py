"""Daily Papers partitions: one per listing day, from the first day the listing existed; and the tags that
say which days a run covers."""

import datetime as dt

import dagster as dg

from orchestration.lib.refresh_policy import DEFAULT_AGES, RefreshDays, split_ages
from orchestration.lib.settings import FIRST_LISTING_DATE

daily_partitions = dg.DailyPartitionsDefinition(start_date=FIRST_LISTING_DATE)

# The partition range of a scheduled run under the default refresh policy (DPW_REFRESH_AGES): yesterday and
# the days before it whose upvotes still move every day.
REFRESH_DAYS = split_ages(DEFAULT_AGES)[0] + 1

# Tags that make one run cover a partition range (as `dagster asset materialize --partition-range` sets).
RANGE_START_TAG = "dagster/asset_partition_range_start"
RANGE_END_TAG = "dagster/asset_partition_range_end"
# Listing days outside the range that the run fetches too (the policy's far ages, e.g. 14 and 30 days).
EXTRA_DAYS_TAG = "dpw/refresh_extra_days"


def range_tags(start: str, end: str) -> dict[str, str]:
    return {RANGE_START_TAG: start, RANGE_END_TAG: end}


def refresh_tags(days: RefreshDays) -> dict[str, str]:
    """The tags of a run fetching `days`: its partition range, and its extra days when it has any."""
    extra = {EXTRA_DAYS_TAG: ",".join(days.extra)} if days.extra else {}
    return range_tags(days.start, days.end) | extra


def extra_days(tags: dict[str, str]) -> list[str]:
    """The extra days a run's tags ask for; a malformed or out-of-range day is refused with a reason."""
    text = tags.get(EXTRA_DAYS_TAG, "")
    days = sorted({day.strip() for day in text.split(",") if day.strip()})
    for day in days:
        try:
            dt.date.fromisoformat(day)
        except ValueError:
            raise ValueError(f"tag {EXTRA_DAYS_TAG}: {day!r} is not a date in YYYY-MM-DD form") from None
        if day < FIRST_LISTING_DATE:
            raise ValueError(f"tag {EXTRA_DAYS_TAG}: {day} is before the first listing, {FIRST_LISTING_DATE}")
    return days


def validate_partition_range(start: str, end: str) -> list[str]:
    """The partition keys from `start` to `end`; a malformed or out-of-range key is refused with a reason."""
    keys = daily_partitions.get_partition_keys()
    for key in (start, end):
        try:
            dt.date.fromisoformat(key)
        except ValueError:
            raise ValueError(f"{key!r} is not a date in YYYY-MM-DD form") from None
        if key not in keys:
            raise ValueError(f"{key} is outside the daily partitions {keys[0]} .. {keys[-1]}")
    if end < start:
        raise ValueError(f"the range ends ({end}) before it starts ({start})")
    return keys[keys.index(start) : keys.index(end) + 1]
