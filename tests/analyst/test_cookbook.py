"""Every cookbook query runs against a published warehouse and gives the answer checked by hand.

Expected values come from the recorded JSON (sample_data/), from other marts, or, for the attention and
adoption queries, from the attention sample (tests/support/attention_sample.py: real listing days fetched
again on chosen days, made-up detail responses; the bundled sample has no detail responses), never from the
query itself. Results are read as polars frames.
"""

import datetime as dt
import json
import re
from collections import Counter
from collections.abc import Iterator
from itertools import combinations
from pathlib import Path

import duckdb
import polars as pl
import pytest

from orchestration.lib import settings
from orchestration.lib.replay_clock import grown
from tests.analyst.conftest import SampleWarehouse
from tests.conftest import AttentionSample

QUERIES = settings.PROJECT_ROOT / "docs" / "queries"
HEADER = ("-- Question:", "-- Tables:", "-- Parameters:", "-- Result:")
TABLE_NAME = re.compile(r"\b((?:marts|audit)\.\w+)")
KAZAKH_SEARCH = settings.SAMPLE_DIR / "hf_recorded" / "papers_search" / "q=kazakh.json"


@pytest.fixture(scope="module")
def warehouse(sample_warehouse: SampleWarehouse) -> Iterator[duckdb.DuckDBPyConnection]:
    with duckdb.connect(str(sample_warehouse.published), read_only=True) as con:
        yield con


@pytest.fixture(scope="module")
def attention(attention_warehouse: AttentionSample) -> Iterator[duckdb.DuckDBPyConnection]:
    with duckdb.connect(str(attention_warehouse.published), read_only=True) as con:
        yield con


def run(warehouse: duckdb.DuckDBPyConnection, name: str) -> pl.DataFrame:
    """The file as a reader runs it, in a session of its own so no variable leaks between files."""
    return warehouse.cursor().sql((QUERIES / name).read_text()).pl()


def first(frame: pl.DataFrame, *columns: str) -> list:
    return list(frame.select(columns).row(0))


def scalar(warehouse: duckdb.DuckDBPyConnection, sql: str, *params: object) -> object:
    return warehouse.execute(sql, list(params)).fetchone()[0]


def header_tables(text: str) -> set[str]:
    line = next(line for line in text.splitlines() if line.startswith("-- Tables:"))
    return {name.strip() for name in line.removeprefix("-- Tables:").split(",")}


@pytest.mark.parametrize("path", sorted(QUERIES.glob("*.sql")), ids=lambda path: path.stem)
def test_each_query_has_a_header_naming_the_tables_it_reads(path: Path) -> None:
    text = path.read_text()
    header = [line for line in text.splitlines() if line.startswith("--")]
    assert [prefix for prefix in HEADER if any(line.startswith(prefix) for line in header)] == list(HEADER)
    body = "\n".join(line for line in text.splitlines() if not line.startswith("--"))
    assert header_tables(text) == set(TABLE_NAME.findall(body))


def test_readme_lists_every_query() -> None:
    listed = set(re.findall(r"\(([\w]+\.sql)\)", (QUERIES / "README.md").read_text()))
    assert listed == {path.name for path in QUERIES.glob("*.sql")}
    assert len(listed) >= 10


def test_daily_listing(warehouse: duckdb.DuckDBPyConnection) -> None:
    listing = run(warehouse, "daily_listing.sql")
    # 2025-08-12: 19 recorded items and 2 arranged ones (2508.99002 holds <script> markup in its title).
    assert listing["rank_in_day"].to_list() == list(range(1, len(listing) + 1))
    assert len(listing) == 21
    # 63 upvotes recorded; the demo's scheduled run of 2025-08-16 refetched the day 4 days old.
    assert first(listing, "paper_id", "upvotes") == ["2508.07999", grown(63, 4)]
    assert "2508.99002" in set(listing["paper_id"])


def test_top_authors_by_papers(warehouse: duckdb.DuckDBPyConnection) -> None:
    top = run(warehouse, "top_authors_by_papers.sql")
    # Counted by hand in the July 2025 listings: Kai Chen 7 papers, Jiangmiao Pang 5 (tied with Zhiyuan Liu).
    assert len(top) == 10
    assert first(top, "display_name", "papers", "upvotes") == ["Kai Chen", 7, 153]
    assert first(top[1:], "display_name", "papers") == ["Jiangmiao Pang", 5]


def test_top_authors_by_upvotes(warehouse: duckdb.DuckDBPyConnection) -> None:
    top = run(warehouse, "top_authors_by_upvotes.sql")
    assert top["upvotes"].is_sorted(descending=True)
    assert first(top, "display_name", "upvotes", "papers") == ["Kai Chen", 153, 7]
    assert first(top[1:], "display_name", "upvotes") == ["Jiangmiao Pang", 95]


def test_author_coauthors(warehouse: duckdb.DuckDBPyConnection) -> None:
    coauthors = run(warehouse, "author_coauthors.sql")
    # Ge Zhang and Wenhao Huang share 9 papers of the sample (2507.06203, …, 2606.11042).
    assert first(coauthors, "coauthor", "papers_together") == ["Wenhao Huang", 9]
    pairs = scalar(
        warehouse,
        "select count(*) from marts.fct_coauthorships as c join marts.dim_authors as a"
        " on a.author_id in (c.author_id_a, c.author_id_b) where a.display_name = 'Ge Zhang'",
    )
    assert len(coauthors) == pairs


def test_most_discussed_papers(warehouse: duckdb.DuckDBPyConnection) -> None:
    discussed = run(warehouse, "most_discussed_papers.sql")
    assert len(discussed) == 10
    assert discussed["num_comments"].is_sorted(descending=True)
    # 2507.10548 (EmbRACE-3K) has 5 comments recorded, the most of July and August 2025; but the demo's
    # scheduled run of 2025-08-16 refetched 2025-08-01, where 2507.23698 has 3 comments, 15 days later.
    assert first(discussed, "paper_id", "num_comments") == ["2507.23698", grown(3, 15)]
    assert ("2507.10548", 5) in discussed.select("paper_id", "num_comments").rows()


def test_watchlist_papers(warehouse: duckdb.DuckDBPyConnection) -> None:
    found = run(warehouse, "watchlist_papers.sql")
    recorded = {item["paper"]["id"] for item in json.loads(KAZAKH_SEARCH.read_text())}
    assert set(found["paper_id"]) == recorded
    assert len(found) == 9


def test_papers_per_organisation(warehouse: duckdb.DuckDBPyConnection) -> None:
    organisations = run(warehouse, "papers_per_organisation.sql")
    # June 2026: six organisations with two papers each; Oxford's have the most upvotes (85, latest seen).
    assert first(organisations, "organization_name", "organization_fullname", "papers", "upvotes") == [
        "Oxford",
        "University of Oxford",
        2,
        85,
    ]
    assert (organisations["papers"] == 2).sum() == 6
    assert organisations["papers"].sum() == scalar(
        warehouse,
        "select count(*) from marts.dim_papers where organization_name is not null"
        " and paper_date between '2026-06-01' and '2026-06-30'",
    )


def test_days_on_daily_list(warehouse: duckdb.DuckDBPyConnection) -> None:
    days = run(warehouse, "days_on_daily_list.sql")
    # Two papers are listed on two days: 2606.11176 six days apart, 2507.16075 again in the arranged week.
    assert days.select("days_listed", "papers").rows() == [(1, 603), (2, 2)]
    assert days["max_span_days"][1] == 7
    assert days["share"].sum() == pytest.approx(1)


def test_failed_validations(warehouse: duckdb.DuckDBPyConnection) -> None:
    failed = run(warehouse, "failed_validations.sql")
    assert len(failed) == scalar(warehouse, "select count(*) from audit.validation_results where not success")
    assert set(failed.columns) >= {"asset_key", "suite", "expectation", "observed_value"}


def topic_papers(warehouse: duckdb.DuckDBPyConnection, topic: str, start: str, end: str) -> int:
    """Papers of a topic whose date falls in [start, end], counted from the bridge, not the trend mart."""
    return scalar(
        warehouse,
        "select count(distinct b.paper_id) from marts.bridge_paper_topics as b"
        " join marts.dim_topics as t using (topic_id) join marts.dim_papers as p using (paper_id)"
        " where t.topic_name = ? and p.paper_date between ? and ?",
        topic,
        start,
        end,
    )


def test_rising_topics_this_month(warehouse: duckdb.DuckDBPyConnection) -> None:
    rising = run(warehouse, "rising_topics_this_month.sql")
    assert rising["change"].is_sorted(descending=True)
    for row in rising.head(5).iter_rows(named=True):
        # August 2025's weeks start on 08-04 and 08-11; July's on 07-07 .. 07-28 (up to Sunday 08-03).
        topic = row["topic_name"]
        assert row["papers_this_month"] == topic_papers(warehouse, topic, "2025-08-04", "2025-08-17")
        assert row["papers_last_month"] == topic_papers(warehouse, topic, "2025-07-07", "2025-08-03")


def test_topic_weekly_series(warehouse: duckdb.DuckDBPyConnection) -> None:
    series = run(warehouse, "topic_weekly_series.sql")
    assert series["week_start"].is_sorted()
    assert (series["week_start"].dt.weekday() == 1).all()  # ISO weekday: Monday
    assert series["papers"].sum() == topic_papers(warehouse, "Mixture of experts", "0001-01-01", "9999-12-31")
    assert dt.date(2025, 8, 11) in set(series["week_start"])


def test_new_keywords_this_week(warehouse: duckdb.DuckDBPyConnection) -> None:
    new = run(warehouse, "new_keywords_this_week.sql")
    first_seen = warehouse.execute(
        "select k.display_keyword from marts.bridge_paper_keywords as b"
        " join marts.dim_keywords as k using (keyword_id) join marts.dim_papers as p using (paper_id)"
        " group by k.display_keyword having min(p.paper_date) between '2025-08-11' and '2025-08-17'"
    ).fetchall()
    assert len(new) > 0
    assert set(new["keyword"]) == {keyword for (keyword,) in first_seen}


def test_topic_coauthorship_network(warehouse: duckdb.DuckDBPyConnection) -> None:
    edges = run(warehouse, "topic_coauthorship_network.sql")
    authors = warehouse.execute(
        "select b.paper_id, list(b.author_id) from marts.bridge_paper_authors as b"
        " where b.paper_id in (select paper_id from marts.bridge_paper_topics"
        " join marts.dim_topics using (topic_id) where topic_name = 'Multi-task learning')"
        " group by b.paper_id having count(*) <= 50"
    ).fetchall()
    expected = Counter(pair for _, ids in authors for pair in combinations(sorted(set(ids)), 2))
    assert len(edges) > 0
    assert {
        (row["source"], row["target"]): row["papers_together"] for row in edges.iter_rows(named=True)
    } == dict(expected)


# The attention sample (tests/support/attention_sample.py), by hand: 2025-08-11 .. 13 fetched 1, 3, 7 and 14
# days after listing, at 06:00 UTC; the newest fetch is 2025-08-27 06:00. Upvotes at those fetches:
# WideSearch 2508.07999 (08-12) 20, 45, 60, 63; Voost 2508.04825 (08-11) 5, 12, 30, 48; Matrix-3D 2508.08086
# (08-13) 2, 4, 6, 24; every other paper keeps its recorded count. Details: WideSearch nothing at day 1, a
# model at day 3, 3 models and a dataset at day 7, 5 models (3 listed), a dataset and 2 Spaces at day 14;
# Voost a model at day 1, 2 models and a Space at day 14; Matrix-3D nothing at days 1 and 7, a dataset at day
# 14; WebWatcher 2508.05748 nothing at day 7, a model at day 14; 2508.99002 a Space at day 14. WideSearch and
# Voost are filed under arranged-lab, Matrix-3D and WebWatcher under other-org.


def test_fastest_risers_this_month(attention: duckdb.DuckDBPyConnection) -> None:
    risers = run(attention, "fastest_risers_this_month.sql")
    # first-week gains (day 7 - day 1): 60 - 20, 30 - 5, 6 - 2; the other papers did not move
    assert risers.select(
        "paper_id", "upvotes_at_1d", "upvotes_at_3d", "upvotes_at_7d", "first_week_gain"
    ).rows() == [
        ("2508.07999", 20, 45, 60, 40),
        ("2508.04825", 5, 12, 30, 25),
        ("2508.08086", 2, 4, 6, 4),
    ]


def test_still_rising_after_a_week(attention: duckdb.DuckDBPyConnection) -> None:
    rising = run(attention, "still_rising_after_a_week.sql")
    # Voost 30 -> 48 (+60%), Matrix-3D 6 -> 24 (+300%); WideSearch 60 -> 63 is under 10%
    assert rising.select("paper_id", "upvotes_at_7d", "upvotes", "upvotes_gained_after_week").rows() == [
        ("2508.04825", 30, 48, 18),
        ("2508.08086", 6, 24, 18),
    ]
    assert rising["growth_after_week"].to_list() == pytest.approx([0.6, 3.0])


def test_trending_now(attention: duckdb.DuckDBPyConnection) -> None:
    trending = run(attention, "trending_now.sql")
    # gains since 2025-08-20 06:00: 24 - 6, 48 - 30, 63 - 60; ages 342 h, 390 h and 366 h at 08-27 06:00
    assert trending.select("trending_rank", "paper_id", "upvotes_gained_7d", "age_days").rows() == [
        (1, "2508.08086", 18, 14),
        (2, "2508.04825", 18, 16),
        (3, "2508.07999", 3, 15),
    ]
    assert trending["trending_score"].to_list() == pytest.approx(
        [18 / 344**1.8, 18 / 392**1.8, 3 / 368**1.8], abs=1e-9
    )
    assert trending["as_of"][0] == dt.datetime(2025, 8, 27, 6, tzinfo=dt.UTC)


def test_upvote_trajectory(attention: duckdb.DuckDBPyConnection) -> None:
    trajectory = run(attention, "upvote_trajectory.sql")
    assert trajectory.select("days_since_listing", "upvotes", "upvotes_change").rows() == [
        (1, 5, None),
        (3, 12, 7),
        (7, 30, 18),
        (14, 48, 18),
    ]
    assert trajectory["fetched_at"][0] == dt.datetime(2025, 8, 12, 6, tzinfo=dt.UTC)


def test_most_adopted_papers(attention: duckdb.DuckDBPyConnection) -> None:
    adopted = run(attention, "most_adopted_papers.sql")
    # latest fetches: 5 + 1 + 2, 2 + 0 + 1, then one repo each (models first, then by id)
    assert adopted.select(
        "paper_id", "num_models", "num_datasets", "num_spaces", "num_linked_repos"
    ).rows() == [
        ("2508.07999", 5, 1, 2, 8),
        ("2508.04825", 2, 0, 1, 3),
        ("2508.05748", 1, 0, 0, 1),
        ("2508.08086", 0, 1, 0, 1),
        ("2508.99002", 0, 0, 1, 1),
    ]


def test_organisations_by_adoption(attention: duckdb.DuckDBPyConnection) -> None:
    organisations = run(attention, "organisations_by_adoption.sql")
    # arranged-lab: WideSearch and Voost, 5 + 2 models, 1 dataset, 2 + 1 Spaces, 63 + 48 upvotes;
    # other-org: Matrix-3D and WebWatcher, 1 model, 1 dataset, 24 + 60 upvotes
    columns = (
        "organization_name",
        "papers",
        "adopted_papers",
        "total_models",
        "total_datasets",
        "total_spaces",
    )
    assert organisations.select(*columns, "total_upvotes").rows() == [
        ("arranged-lab", 2, 2, 7, 1, 3, 111),
        ("other-org", 2, 2, 1, 1, 0, 84),
    ]
    assert organisations["adoption_rate"].to_list() == [1.0, 1.0]


def test_time_to_first_model(attention: duckdb.DuckDBPyConnection) -> None:
    firsts = run(attention, "time_to_first_model.sql")
    # Matrix-3D and 2508.99002 have a dataset and a Space, but no model
    assert firsts.select("paper_id", "days_to_first_model", "models_now").rows() == [
        ("2508.04825", 1, 2),
        ("2508.07999", 3, 5),
        ("2508.05748", 14, 1),
    ]
    assert firsts["first_model_fetched_at"][1] == dt.datetime(2025, 8, 15, 6, 5, tzinfo=dt.UTC)
