"""The dashboard's questions, as SQL over the published marts: plain functions returning polars DataFrames.

Every function takes an open, read-only connection, so tests call them directly and the app caches them.
DuckDB hands its result to polars as Arrow; Streamlit and Altair take polars frames as they are, so pandas
is not needed here.
"""

import datetime as dt

import duckdb
import polars as pl

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

# Rising means is_rising (fct_keyword_trends): growth above minimum counts in the week and the 4 before it.
RISING_KEYWORDS = """
select k.display_keyword as keyword, t.papers, t.prev_4w_papers as papers_prev_4_weeks,
    t.growth_vs_prev_4w as growth, k.first_seen_date
from marts.fct_keyword_trends as t
join marts.dim_keywords as k using (keyword_id)
where t.week_start = $week_start and t.is_rising
order by growth desc, t.papers desc, keyword
limit $limit
"""

TRENDING_AS_OF = "select max(as_of) at time zone 'UTC' from marts.fct_paper_trending"

TRENDING = """
select t.trending_rank as rank, p.title, t.upvotes, t.upvotes_gained_1d as gained_1d,
    t.upvotes_gained_7d as gained_7d, t.upvotes_at_1d as at_1d, t.upvotes_at_3d as at_3d,
    t.upvotes_at_7d as at_7d, t.upvotes_at_14d as at_14d, t.is_rising_after_week as rising_after_week,
    t.trending_score as score, a.num_models as models, a.num_datasets as datasets, a.num_spaces as spaces,
    t.first_listed_date, t.paper_id, p.hf_url, p.arxiv_url
from marts.fct_paper_trending as t
join marts.dim_papers as p using (paper_id)
left join marts.fct_paper_adoption as a on a.paper_id = t.paper_id and a.is_latest
where t.trending_rank <= $limit or t.paper_id = $include
order by t.trending_rank
"""

TRAJECTORIES = """
select e.paper_id, p.title, e.fetched_at at time zone 'UTC' as fetched_at,
    round((epoch(e.fetched_at) - epoch(cast(t.first_listed_date as timestamp))) / 86400.0, 2)
        as days_since_listing,
    e.upvotes, e.num_comments as comments, e.listing_date
from marts.fct_paper_engagement as e
join marts.fct_paper_trending as t using (paper_id)
join marts.dim_papers as p using (paper_id)
where list_contains($paper_ids, e.paper_id) and e.upvotes is not null
order by e.paper_id, e.fetched_at
"""

PAPER_ADOPTION = """
select fetched_at at time zone 'UTC' as fetched_at, days_since_listing, num_models as models,
    num_datasets as datasets, num_spaces as spaces, github_stars
from marts.fct_paper_adoption
where paper_id = $paper_id
order by fetched_at
"""

PAPER_REPOS = """
select repo_kind as kind, repo_id as repo, repo_url
from marts.bridge_paper_hub_repos
where paper_id = $paper_id
order by case repo_kind when 'model' then 1 when 'dataset' then 2 else 3 end, repo_position
"""

ORGANIZATIONS = """
select coalesce(organization_fullname, organization_name) as organization, papers,
    total_upvotes as upvotes, upvotes_per_paper, authors, adopted_papers, total_models as models,
    total_datasets as datasets, total_spaces as spaces, first_paper_date, last_paper_date, hf_url
from marts.dim_organizations
order by total_upvotes desc, papers desc, organization_name
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

SAME_PERSON = """
with pairs as (
    select author_id_b as other_id, kind, shared_coauthors, confidence, review_rank
    from marts.fct_author_merge_candidates where author_id_a = $author_id
    union all
    select author_id_a, kind, shared_coauthors, confidence, review_rank
    from marts.fct_author_merge_candidates where author_id_b = $author_id
)
select a.display_name as author, a.hf_user, a.paper_count as papers, pairs.kind, pairs.shared_coauthors,
    pairs.confidence, pairs.review_rank
from pairs
join marts.dim_authors as a on a.author_id = pairs.other_id
order by pairs.review_rank
"""

SNAPSHOT_INFO = "select published_at at time zone 'UTC' as published_at, run_id from audit.snapshot_info"

VALIDATION_HISTORY = """
select strftime(checked_at at time zone 'UTC', '%Y-%m-%d') as day, suite, count(*) as expectations,
    count(*) filter (where not success) as failed
from audit.validation_results
group by all
order by day, suite
"""


def frame(con: duckdb.DuckDBPyConnection, sql: str, **params: object) -> pl.DataFrame:
    return con.sql(sql, params=params or None).pl()


def has_table(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> bool:
    sql = "select count(*) from information_schema.tables where table_schema = ? and table_name = ?"
    return con.sql(sql, params=[schema, table]).fetchall()[0][0] > 0


def snapshot_info(con: duckdb.DuckDBPyConnection) -> dict:
    """When the copy was published (UTC) and by which run."""
    [(published_at, run_id)] = con.sql(SNAPSHOT_INFO).fetchall()
    return {"published_at": published_at, "run_id": run_id}


def listing_dates(con: duckdb.DuckDBPyConnection) -> list[dt.date]:
    return [row[0] for row in con.sql(LISTING_DATES).fetchall()]


def daily_listing(con: duckdb.DuckDBPyConnection, listing_date: dt.date) -> pl.DataFrame:
    return frame(con, DAILY_LISTING, listing_date=listing_date)


def paper(con: duckdb.DuckDBPyConnection, paper_id: str) -> pl.DataFrame:
    return frame(con, PAPER, paper_id=paper_id)


def topic_trends(con: duckdb.DuckDBPyConnection, start: dt.date, end: dt.date) -> pl.DataFrame:
    return frame(con, TOPIC_TRENDS, start=start, end=end)


def top_topics(con: duckdb.DuckDBPyConnection, start: dt.date, end: dt.date) -> pl.DataFrame:
    """Topics by papers over the weeks from `start` to `end` (week starts, inclusive)."""
    return frame(con, TOP_TOPICS, start=start, end=end)


def latest_trend_week(con: duckdb.DuckDBPyConnection) -> dt.date | None:
    return con.sql("select max(week_start) from marts.fct_topic_trends").fetchall()[0][0]


def rising_keywords(con: duckdb.DuckDBPyConnection, week_start: dt.date, limit: int = 20) -> pl.DataFrame:
    return frame(con, RISING_KEYWORDS, week_start=week_start, limit=limit)


def top_authors(con: duckdb.DuckDBPyConnection, limit: int = 50) -> pl.DataFrame:
    return frame(con, TOP_AUTHORS, limit=limit)


def coauthors(con: duckdb.DuckDBPyConnection, author_id: str) -> pl.DataFrame:
    return frame(con, COAUTHORS, author_id=author_id)


def same_person(con: duckdb.DuckDBPyConnection, author_id: str) -> pl.DataFrame:
    """The authors the review list pairs with this one: possibly the same person, kept apart."""
    return frame(con, SAME_PERSON, author_id=author_id)


def validation_history(con: duckdb.DuckDBPyConnection) -> pl.DataFrame | None:
    """Expectations run and failed per day and suite; None before any validation was recorded."""
    return frame(con, VALIDATION_HISTORY) if has_table(con, "audit", "validation_results") else None


def trending_as_of(con: duckdb.DuckDBPyConnection) -> dt.datetime | None:
    """The newest listing fetch (UTC), the "now" of the trending figures; None before any fetch."""
    return con.sql(TRENDING_AS_OF).fetchall()[0][0]


def trending(con: duckdb.DuckDBPyConnection, limit: int = 20, include: str | None = None) -> pl.DataFrame:
    """The `limit` papers trending most (and the paper `include`, wherever it ranks), with their upvotes
    over time and their adoption (latest detail fetch)."""
    return frame(con, TRENDING, limit=limit, include=include)


def trajectories(con: duckdb.DuckDBPyConnection, paper_ids: list[str]) -> pl.DataFrame:
    """Every listing fetch of these papers: upvotes by days since their first listing."""
    return frame(con, TRAJECTORIES, paper_ids=paper_ids)


def paper_adoption(con: duckdb.DuckDBPyConnection, paper_id: str) -> pl.DataFrame:
    return frame(con, PAPER_ADOPTION, paper_id=paper_id)


def paper_repos(con: duckdb.DuckDBPyConnection, paper_id: str) -> pl.DataFrame:
    return frame(con, PAPER_REPOS, paper_id=paper_id)


def organizations(con: duckdb.DuckDBPyConnection, limit: int = 20) -> pl.DataFrame:
    """The organisation leaderboard: by the latest upvotes of their papers."""
    return frame(con, ORGANIZATIONS, limit=limit)
