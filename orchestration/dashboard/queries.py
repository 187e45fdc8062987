"""The dashboard's questions, as SQL over the published marts: plain functions returning DataFrames.

Every function takes an open, read-only connection, so tests call them directly and the app caches them.
"""

import datetime as dt

import duckdb
import pandas as pd

LISTING_DATES = "select distinct listing_date from marts.fct_daily_listings order by listing_date desc"

DAILY_LISTING = """
select l.rank_in_day as rank, p.title, l.upvotes, l.num_comments as comments,
    p.organization_name as organization, p.paper_id, p.hf_url, p.arxiv_url
from marts.fct_daily_listings as l
join marts.dim_papers as p using (paper_id)
where l.listing_date = $listing_date
order by l.rank_in_day
"""

PAPER = """
select p.paper_id, p.title, p.abstract, strftime(p.paper_date, '%Y-%m-%d') as paper_date, p.upvotes,
    p.hf_url, p.arxiv_url,
    (select string_agg(a.display_name, ', ' order by b.author_position)
     from marts.bridge_paper_authors as b join marts.dim_authors as a using (author_id)
     where b.paper_id = p.paper_id) as authors
from marts.dim_papers as p
where p.paper_id = $paper_id
"""

TOPIC_TRENDS = """
select t.week_start, d.topic_name as topic, t.papers, t.paper_share, t.growth_vs_prev_4w
from marts.fct_topic_trends as t
join marts.dim_topics as d using (topic_id)
where t.week_start between $start and $end
order by t.week_start, d.topic_name
"""

TOP_TOPICS = """
select d.topic_name as topic, sum(t.papers) as papers, sum(t.upvotes) as upvotes
from marts.fct_topic_trends as t
join marts.dim_topics as d using (topic_id)
where t.week_start between $start and $end
group by all
order by papers desc, topic
"""

RISING_KEYWORDS = """
select k.display_keyword as keyword, t.papers, t.growth_vs_prev_4w as growth, k.first_seen_date
from marts.fct_keyword_trends as t
join marts.dim_keywords as k using (keyword_id)
where t.week_start = $week_start and t.growth_vs_prev_4w is not null and t.papers >= $min_papers
order by growth desc, t.papers desc, keyword
limit $limit
"""

TOP_AUTHORS = """
select author_id, display_name as author, paper_count as papers, total_upvotes as upvotes,
    first_paper_date, last_paper_date, is_linked
from marts.dim_authors
order by paper_count desc, total_upvotes desc, display_name
limit $limit
"""

COAUTHORS = """
with pairs as (
    select author_id_b as coauthor_id, papers_together, last_together_date
    from marts.fct_coauthorships where author_id_a = $author_id
    union all
    select author_id_a, papers_together, last_together_date
    from marts.fct_coauthorships where author_id_b = $author_id
)
select a.display_name as coauthor, pairs.papers_together, pairs.last_together_date, a.paper_count
from pairs
join marts.dim_authors as a on a.author_id = pairs.coauthor_id
order by pairs.papers_together desc, a.display_name
"""

SNAPSHOT_INFO = "select published_at at time zone 'UTC' as published_at, run_id from audit.snapshot_info"

VALIDATION_HISTORY = """
select strftime(checked_at at time zone 'UTC', '%Y-%m-%d') as day, suite, count(*) as expectations,
    count(*) filter (where not success) as failed
from audit.validation_results
group by all
order by day, suite
"""


def frame(con: duckdb.DuckDBPyConnection, sql: str, **params: object) -> pd.DataFrame:
    return con.execute(sql, params or None).df()


def has_table(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> bool:
    sql = "select count(*) from information_schema.tables where table_schema = ? and table_name = ?"
    return con.execute(sql, [schema, table]).fetchone()[0] > 0


def snapshot_info(con: duckdb.DuckDBPyConnection) -> dict:
    """When the copy was published (UTC) and by which run."""
    published_at, run_id = con.execute(SNAPSHOT_INFO).fetchone()
    return {"published_at": published_at, "run_id": run_id}


def listing_dates(con: duckdb.DuckDBPyConnection) -> list[dt.date]:
    return [row[0] for row in con.execute(LISTING_DATES).fetchall()]


def daily_listing(con: duckdb.DuckDBPyConnection, listing_date: dt.date) -> pd.DataFrame:
    return frame(con, DAILY_LISTING, listing_date=listing_date)


def paper(con: duckdb.DuckDBPyConnection, paper_id: str) -> pd.DataFrame:
    return frame(con, PAPER, paper_id=paper_id)


def topic_trends(con: duckdb.DuckDBPyConnection, start: dt.date, end: dt.date) -> pd.DataFrame:
    return frame(con, TOPIC_TRENDS, start=start, end=end)


def top_topics(con: duckdb.DuckDBPyConnection, start: dt.date, end: dt.date) -> pd.DataFrame:
    """Topics by papers over the weeks from `start` to `end` (week starts, inclusive)."""
    return frame(con, TOP_TOPICS, start=start, end=end)


def latest_trend_week(con: duckdb.DuckDBPyConnection) -> dt.date | None:
    return con.execute("select max(week_start) from marts.fct_topic_trends").fetchone()[0]


def rising_keywords(
    con: duckdb.DuckDBPyConnection, week_start: dt.date, min_papers: int = 2, limit: int = 20
) -> pd.DataFrame:
    return frame(con, RISING_KEYWORDS, week_start=week_start, min_papers=min_papers, limit=limit)


def top_authors(con: duckdb.DuckDBPyConnection, limit: int = 50) -> pd.DataFrame:
    return frame(con, TOP_AUTHORS, limit=limit)


def coauthors(con: duckdb.DuckDBPyConnection, author_id: str) -> pd.DataFrame:
    return frame(con, COAUTHORS, author_id=author_id)


def validation_history(con: duckdb.DuckDBPyConnection) -> pd.DataFrame | None:
    """Expectations run and failed per day and suite; None before any validation was recorded."""
    return frame(con, VALIDATION_HISTORY) if has_table(con, "audit", "validation_results") else None
