"""The refresh policy: at which ages (days after listing) a listing day and its papers' details are fetched.

Upvotes and comments move most in the first days after a listing, and settle after one to two weeks; code,
models and datasets often appear later. The scheduled run on day D fetches, for every age a, the listing
date D-1-a (a = 0 is yesterday, fetched for the first time) and the details of the papers listed on it.
The contiguous ages from 0 are the run's partition range; the far ones are extra days the raw asset adds.
"""

import datetime as dt
import os
from dataclasses import dataclass

AGES_VARIABLE = "DPW_REFRESH_AGES"
DEFAULT_AGES = (0, 1, 2, 3, 4, 5, 6, 7, 14, 30)
# A listing older than this is history, not attention moving: a bigger age is a typo (days, not hours).
MAX_AGE = 366


def parse_ages(text: str | None) -> tuple[int, ...]:
    """Sorted distinct ages from `0,1,2,7`; empty means the default. Age 0 (the new day) is always in."""
    if text is None or not text.strip():
        return DEFAULT_AGES
    ages = set()
    for part in text.split(","):
        part = part.strip()
        if not part.isdigit() or int(part) > MAX_AGE:
            raise ValueError(
                f"{AGES_VARIABLE} must be comma-separated whole numbers of days from 0 to {MAX_AGE} "
                f"(e.g. 0,1,2,3,7,14,30), got {text!r}"
            )
        ages.add(int(part))
    return tuple(sorted(ages | {0}))


def refresh_ages() -> tuple[int, ...]:
    """The policy in force: DPW_REFRESH_AGES, or the default."""
    return parse_ages(os.environ.get(AGES_VARIABLE))


def split_ages(ages: tuple[int, ...]) -> tuple[int, tuple[int, ...]]:
    """The last age of the contiguous run from 0, and the ages past it."""
    last = 0
    while last + 1 in ages:
        last += 1
    return last, tuple(age for age in ages if age > last)


@dataclass(frozen=True)
class RefreshDays:
    """What a run on one reference day fetches: a partition range and the far days outside it."""

    start: str
    end: str
    extra: tuple[str, ...]


def refresh_days(run_day: dt.date, ages: tuple[int, ...], first_day: str) -> RefreshDays:
    """The days the scheduled run on `run_day` fetches; listing dates before `first_day` do not exist."""
    reference = run_day - dt.timedelta(days=1)
    last, far = split_ages(ages)
    start = max((reference - dt.timedelta(days=last)).isoformat(), first_day)
    extra = sorted((reference - dt.timedelta(days=age)).isoformat() for age in far)
    return RefreshDays(start, reference.isoformat(), tuple(day for day in extra if day >= first_day))


def age_of(listing_date: str, reference_day: str) -> int:
    """Days from a listing date to the run's reference day (its last partition)."""
    return (dt.date.fromisoformat(reference_day) - dt.date.fromisoformat(listing_date)).days
