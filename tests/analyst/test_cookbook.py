"""Every cookbook query runs against the published sample warehouse and gives the answer checked by hand.

Expected values come from the recorded JSON (sample_data/) or from other marts, never from the query itself.
"""

import json
import re
from collections import Counter
from collections.abc import Iterator
from itertools import combinations
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from orchestration.lib import settings
from orchestration.lib.replay_clock import grown
from tests.analyst.conftest import SampleWarehouse

QUERIES = settings.PROJECT_ROOT / "docs" / "queries"
HEADER = ("-- Question:", "-- Tables:", "-- Parameters:", "-- Result:")
TABLE_NAME = re.compile(r"\b((?:marts|audit)\.\w+)")
KAZAKH_SEARCH = settings.SAMPLE_DIR / "hf_recorded" / "papers_search" / "q=kazakh.json"


@pytest.fixture(scope="module")
def warehouse(sample_warehouse: SampleWarehouse) -> Iterator[duckdb.DuckDBPyConnection]:
    with duckdb.connect(str(sample_warehouse.published), read_only=True) as con:
        yield con


def run(warehouse: duckdb.DuckDBPyConnection, name: str) -> pd.DataFrame:
    """The file as a reader runs it, in a session of its own so no variable leaks between files."""
    return warehouse.cursor().execute((QUERIES / name).read_text()).df()


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
    assert listing["rank_in_day"].tolist() == list(range(1, len(listing) + 1))
    assert len(listing) == 21
    # 63 upvotes recorded; the demo's scheduled run of 2025-08-16 refetched the day 4 days old.
    assert listing.iloc[0][["paper_id", "upvotes"]].tolist() == ["2508.07999", grown(63, 4)]
    assert "2508.99002" in set(listing["paper_id"])


def test_top_authors_by_papers(warehouse: duckdb.DuckDBPyConnection) -> None:
    top = run(warehouse, "top_authors_by_papers.sql")
    # Counted by hand in the July 2025 listings: Kai Chen 7 papers, Jiangmiao Pang 5 (tied with Zhiyuan Liu).
    assert len(top) == 10
    assert top.iloc[0][["display_name", "papers", "upvotes"]].tolist() == ["Kai Chen", 7, 153]
    assert top.iloc[1][["display_name", "papers"]].tolist() == ["Jiangmiao Pang", 5]


def test_top_authors_by_upvotes(warehouse: duckdb.DuckDBPyConnection) -> None:
    top = run(warehouse, "top_authors_by_upvotes.sql")
    assert top["upvotes"].is_monotonic_decreasing
    assert top.iloc[0][["display_name", "upvotes", "papers"]].tolist() == ["Kai Chen", 153, 7]
    assert top.iloc[1][["display_name", "upvotes"]].tolist() == ["Jiangmiao Pang", 95]


def test_author_coauthors(warehouse: duckdb.DuckDBPyConnection) -> None:
    coauthors = run(warehouse, "author_coauthors.sql")
    # Ge Zhang and Wenhao Huang share 9 papers of the sample (2507.06203, …, 2606.11042).
    assert coauthors.iloc[0][["coauthor", "papers_together"]].tolist() == ["Wenhao Huang", 9]
    pairs = scalar(
        warehouse,
        "select count(*) from marts.fct_coauthorships as c join marts.dim_authors as a"
        " on a.author_id in (c.author_id_a, c.author_id_b) where a.display_name = 'Ge Zhang'",
    )
    assert len(coauthors) == pairs


def test_most_discussed_papers(warehouse: duckdb.DuckDBPyConnection) -> None:
    discussed = run(warehouse, "most_discussed_papers.sql")
    assert len(discussed) == 10
    assert discussed["num_comments"].is_monotonic_decreasing
    # 2507.10548 (EmbRACE-3K) has 5 comments recorded, the most of July and August 2025; but the demo's
    # scheduled run of 2025-08-16 refetched 2025-08-01, where 2507.23698 has 3 comments, 15 days later.
    assert discussed.iloc[0][["paper_id", "num_comments"]].tolist() == ["2507.23698", grown(3, 15)]
    assert ["2507.10548", 5] in discussed[["paper_id", "num_comments"]].values.tolist()


def test_watchlist_papers(warehouse: duckdb.DuckDBPyConnection) -> None:
    found = run(warehouse, "watchlist_papers.sql")
    recorded = {item["paper"]["id"] for item in json.loads(KAZAKH_SEARCH.read_text())}
    assert set(found["paper_id"]) == recorded
    assert len(found) == 9


def test_papers_per_organisation(warehouse: duckdb.DuckDBPyConnection) -> None:
    organisations = run(warehouse, "papers_per_organisation.sql")
    # June 2026: six organisations with two papers each; Oxford's have the most upvotes (85, latest seen).
    assert organisations.iloc[0][
        ["organization_name", "organization_fullname", "papers", "upvotes"]
    ].tolist() == [
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
    assert days[["days_listed", "papers"]].values.tolist() == [[1, 603], [2, 2]]
    assert days.iloc[1]["max_span_days"] == 7
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
    assert rising["change"].is_monotonic_decreasing
    for row in rising.head(5).itertuples():
        # August 2025's weeks start on 08-04 and 08-11; July's on 07-07 .. 07-28 (up to Sunday 08-03).
        assert row.papers_this_month == topic_papers(warehouse, row.topic_name, "2025-08-04", "2025-08-17")
        assert row.papers_last_month == topic_papers(warehouse, row.topic_name, "2025-07-07", "2025-08-03")


def test_topic_weekly_series(warehouse: duckdb.DuckDBPyConnection) -> None:
    series = run(warehouse, "topic_weekly_series.sql")
    assert series["week_start"].is_monotonic_increasing
    assert (series["week_start"].dt.dayofweek == 0).all()
    assert series["papers"].sum() == topic_papers(warehouse, "Mixture of experts", "0001-01-01", "9999-12-31")
    assert pd.Timestamp("2025-08-11") in set(series["week_start"])


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
    assert {(row.source, row.target): row.papers_together for row in edges.itertuples()} == dict(expected)
