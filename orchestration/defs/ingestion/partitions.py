"""Daily Papers partitions: one per listing day, from the first day the listing existed."""

import datetime as dt

import dagster as dg

from orchestration.lib.settings import FIRST_LISTING_DATE

daily_partitions = dg.DailyPartitionsDefinition(start_date=FIRST_LISTING_DATE)

# Upvotes and comments keep moving for days after a listing: each scheduled run refetches this many days.
REFRESH_DAYS = 4

# Tags that make one run cover a partition range (as `dagster asset materialize --partition-range` sets).
RANGE_START_TAG = "dagster/asset_partition_range_start"
RANGE_END_TAG = "dagster/asset_partition_range_end"


def refresh_window(today: dt.date, days: int = REFRESH_DAYS) -> tuple[str, str]:
    """The partition range a run on `today` refreshes: the `days` days before it, yesterday last."""
    return (today - dt.timedelta(days=days)).isoformat(), (today - dt.timedelta(days=1)).isoformat()


def range_tags(start: str, end: str) -> dict[str, str]:
    return {RANGE_START_TAG: start, RANGE_END_TAG: end}


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
