"""The refresh policy (DPW_REFRESH_AGES): parsing, and the days a run on a given day fetches."""

import datetime as dt

import pytest

from orchestration.defs.ingestion.assets import days_to_fetch
from orchestration.defs.ingestion.partitions import EXTRA_DAYS_TAG, extra_days, refresh_tags
from orchestration.lib.refresh_policy import (
    DEFAULT_AGES,
    RefreshDays,
    parse_ages,
    refresh_ages,
    refresh_days,
    split_ages,
)
from orchestration.lib.settings import FIRST_LISTING_DATE


@pytest.mark.parametrize(
    "text, ages",
    [
        (None, (0, 1, 2, 3, 4, 5, 6, 7, 14, 30)),
        ("", DEFAULT_AGES),
        ("  ", DEFAULT_AGES),
        ("0,1,2,3", (0, 1, 2, 3)),
        (" 30, 7 ,7,1 ", (0, 1, 7, 30)),  # sorted, deduplicated, spaces ignored, 0 always in
        ("5", (0, 5)),
        ("366", (0, 366)),
    ],
)
def test_ages_parse(text, ages):
    assert parse_ages(text) == ages


@pytest.mark.parametrize("text", ["0,1,,2", "-1", "1.5", "a week", "0;1", "400"])
def test_bad_ages_are_refused_with_the_variable_named(text):
    with pytest.raises(ValueError, match=r"DPW_REFRESH_AGES must be comma-separated whole numbers"):
        parse_ages(text)


def test_the_policy_is_read_from_the_environment(monkeypatch):
    monkeypatch.delenv("DPW_REFRESH_AGES", raising=False)
    assert refresh_ages() == DEFAULT_AGES
    monkeypatch.setenv("DPW_REFRESH_AGES", "0,2")
    assert refresh_ages() == (0, 2)


def test_ages_split_into_a_contiguous_range_and_far_ages():
    assert split_ages(DEFAULT_AGES) == (7, (14, 30))
    assert split_ages((0,)) == (0, ())
    assert split_ages((0, 2, 3)) == (0, (2, 3))


def test_the_run_of_a_day_fetches_the_range_and_the_far_days():
    days = refresh_days(dt.date(2025, 8, 16), DEFAULT_AGES, FIRST_LISTING_DATE)
    assert days == RefreshDays("2025-08-08", "2025-08-15", ("2025-07-16", "2025-08-01"))
    assert refresh_tags(days) == {
        "dagster/asset_partition_range_start": "2025-08-08",
        "dagster/asset_partition_range_end": "2025-08-15",
        EXTRA_DAYS_TAG: "2025-07-16,2025-08-01",
    }
    assert EXTRA_DAYS_TAG not in refresh_tags(refresh_days(dt.date(2025, 8, 16), (0, 1), FIRST_LISTING_DATE))


def test_days_before_the_first_listing_are_not_fetched():
    days = refresh_days(dt.date(2023, 5, 10), DEFAULT_AGES, FIRST_LISTING_DATE)
    assert days == RefreshDays(FIRST_LISTING_DATE, "2023-05-09", ())


def test_extra_days_come_from_the_run_tag_and_join_the_unlanded_ones():
    assert extra_days({}) == []
    assert extra_days({EXTRA_DAYS_TAG: "2025-08-01, 2025-07-16,2025-08-01"}) == ["2025-07-16", "2025-08-01"]
    for bad in ("2025-13-01", "yesterday", "2023-01-01"):
        with pytest.raises(ValueError, match=EXTRA_DAYS_TAG):
            extra_days({EXTRA_DAYS_TAG: bad})
    window = ["2025-08-14", "2025-08-15"]
    fetched, refetched = days_to_fetch([*window, "2025-08-01"], {"2025-07-09": "HTTP 503", "2025-08-01": "x"})
    assert (fetched, refetched) == (["2025-07-09", "2025-08-01", *window], ["2025-07-09"])
