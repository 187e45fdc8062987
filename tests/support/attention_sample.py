"""A small warehouse whose attention and adoption marts can be checked by hand (test support only).

Three real listing days of the sample (2025-08-11 .. 13), each fetched again 1, 3, 7 and 14 days after it,
at 06:00 UTC, as the refresh policy does. Three papers get the upvote series below; every other paper keeps
its recorded count in every fetch. Detail responses (PaperInfo) are made up for five papers, fetched five
minutes after the listings, and loaded with `load_details`: the sample has none. So the newest fetch (as_of)
is 2025-08-27 06:00, the day-14 fetch of 2025-08-13, and the newest detail fetch is 06:05 that day.
"""

import datetime as dt
from pathlib import Path

import duckdb

from orchestration.lib.raw_tables import ensure_raw_schema
from tests.support.dbt import run_dbt
from tests.support.raw_sample import load_day, load_details, recorded_days

DAYS = ("2025-08-11", "2025-08-12", "2025-08-13")
AGES = (1, 3, 7, 14)
FETCH_HOUR = 6
DETAIL_DELAY = dt.timedelta(minutes=5)

# Upvotes at the fetches of AGES.
SERIES = {
    "2508.07999": (20, 45, 60, 63),  # WideSearch (08-12): 40 in its first week, then +3: not still rising
    "2508.04825": (5, 12, 30, 48),  # Voost (08-11): +25 in its first week, +18 after it: still rising
    "2508.08086": (2, 4, 6, 24),  # Matrix-3D (08-13): a slow first week, +18 after it: still rising
}

LAB = {"name": "arranged-lab", "fullname": "Arranged Lab"}
OTHER = {"name": "other-org", "fullname": "Other Org"}


def repos(*ids: str) -> list[dict]:
    return [{"id": repo_id, "likes": 1} for repo_id in ids]


# (paper, age of the fetch, PaperInfo fields besides id): what the Hub linked to the paper then.
DETAILS = [
    ("2508.07999", 1, {"organization": LAB}),
    ("2508.07999", 3, {"organization": LAB, "linkedModels": repos("arranged-lab/ws-7b")}),
    (
        "2508.07999",
        7,
        {
            "organization": LAB,
            "linkedModels": repos("arranged-lab/ws-7b", "arranged-lab/ws-32b", "u/ws-gguf"),
            "numTotalModels": 3,
            "linkedDatasets": repos("arranged-lab/widesearch"),
        },
    ),
    (
        "2508.07999",
        14,
        {
            "organization": LAB,
            # the API lists a sample of the models: 3 of 5
            "linkedModels": repos("arranged-lab/ws-7b", "arranged-lab/ws-32b", "u/ws-gguf"),
            "numTotalModels": 5,
            "linkedDatasets": repos("arranged-lab/widesearch"),
            "numTotalDatasets": 1,
            "linkedSpaces": repos("arranged-lab/ws-demo", "u/ws-playground"),
        },
    ),
    ("2508.04825", 1, {"organization": LAB, "linkedModels": repos("arranged-lab/voost")}),
    (
        "2508.04825",
        14,
        {
            "organization": LAB,
            "linkedModels": repos("arranged-lab/voost", "arranged-lab/voost-xl"),
            "linkedSpaces": repos("arranged-lab/voost-try-on"),
        },
    ),
    ("2508.08086", 1, {"organization": OTHER}),
    ("2508.08086", 7, {"organization": OTHER, "linkedModels": [], "numTotalModels": 0}),
    ("2508.08086", 14, {"organization": OTHER, "linkedDatasets": repos("other-org/matrix-3d-scenes")}),
    ("2508.05748", 7, {"organization": OTHER}),
    ("2508.05748", 14, {"organization": OTHER, "linkedModels": repos("other-org/webwatcher-32b")}),
    # the arranged paper whose title holds <script> markup
    ("2508.99002", 14, {"linkedSpaces": repos("arranged-curator/filter-demo"), "numTotalSpaces": 1}),
]


def fetched_at(day: str, age: int) -> dt.datetime:
    listed = dt.datetime.combine(dt.date.fromisoformat(day), dt.time(FETCH_HOUR), dt.UTC)
    return listed + dt.timedelta(days=age)


def listing_at_age(items: list[dict], age_index: int) -> list[dict]:
    fetched = [{**item, "paper": dict(item["paper"])} for item in items]
    for item in fetched:
        series = SERIES.get(item["paper"]["id"])
        if series:
            item["paper"]["upvotes"] = series[age_index]
    return fetched


def load_attention_raw(path: Path) -> None:
    """The raw tables of the attention sample: every listing fetch and every detail response."""
    recorded = recorded_days()
    listing_day = {item["paper"]["id"]: day for day in DAYS for item in recorded[day]}
    with duckdb.connect(str(path)) as con:
        ensure_raw_schema(con)
        for day in DAYS:
            for index, age in enumerate(AGES):
                load_day(con, day, listing_at_age(recorded[day], index), fetched_at(day, age))
        for paper_id, age, fields in DETAILS:
            item = {"id": paper_id, **fields}
            load_details(con, paper_id, item, fetched_at(listing_day[paper_id], age) + DETAIL_DELAY)


def build_attention_warehouse(path: Path) -> Path:
    """The attention sample, landed and built with `dbt build` (its data and unit tests included)."""
    load_attention_raw(path)
    run_dbt(path, "build")
    return path
