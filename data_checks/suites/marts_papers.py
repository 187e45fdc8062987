"""Mart suites for papers and their daily listings: one-row frames of violation counts (see spec.py)."""

from data_checks.spec import WARN, SuiteSpec, none_of
from data_checks.suites.raw import ARXIV_ID_REGEX

DIM_PAPERS_SQL = f"""
with papers as (
    select * from marts.dim_papers
),

authored as (
    select distinct paper_id from marts.bridge_paper_authors
)

select
    count(*) as papers,
    count(*) - count(distinct p.paper_id) as duplicate_paper_ids,
    count(*) filter (where p.paper_id is null) as null_paper_ids,
    count(*) filter (where not regexp_full_match(p.paper_id, '{ARXIV_ID_REGEX}')) as malformed_paper_ids,
    count(*) filter (where p.title is null or trim(p.title) = '') as papers_without_title,
    count(*) filter (where p.upvotes < 0 or p.num_comments < 0 or p.github_stars < 0) as negative_counts,
    count(*) filter (where a.paper_id is null) as papers_without_authors,
    count(*) filter (where p.first_listed_date > p.last_listed_date) as listing_dates_out_of_order
from papers as p
left join authored as a on p.paper_id = a.paper_id
"""

DIM_PAPERS_SAMPLES = {
    "duplicate_paper_ids": "select paper_id, count(*) as n from marts.dim_papers group by 1 having n > 1",
    "null_paper_ids": "select * from marts.dim_papers where paper_id is null",
    "malformed_paper_ids": f"""select paper_id, title from marts.dim_papers
        where not regexp_full_match(paper_id, '{ARXIV_ID_REGEX}')""",
    "papers_without_title": """select paper_id, title from marts.dim_papers
        where title is null or trim(title) = ''""",
    "negative_counts": """select paper_id, upvotes, num_comments, github_stars from marts.dim_papers
        where upvotes < 0 or num_comments < 0 or github_stars < 0""",
    "papers_without_authors": """select paper_id, title, author_count from marts.dim_papers
        anti join marts.bridge_paper_authors using (paper_id)""",
    "listing_dates_out_of_order": """select paper_id, first_listed_date, last_listed_date
        from marts.dim_papers where first_listed_date > last_listed_date""",
}

LISTINGS_SQL = """
with listings as (
    select * from marts.fct_daily_listings
    where listing_date between $start::date and $end::date
),

papers as (
    select paper_id from marts.dim_papers
)

select
    count(*) as listings,
    count(*) - count(distinct (l.listing_date, l.paper_id)) as duplicate_listing_keys,
    count(*) filter (where l.listing_date is null or l.paper_id is null) as null_keys,
    count(*) filter (where p.paper_id is null) as orphan_paper_ids,
    count(*) filter (where l.rank_in_day < 1) as ranks_below_one,
    count(*) - count(distinct (l.listing_date, l.rank_in_day)) as duplicate_ranks_in_day,
    count(*) filter (where l.upvotes < 0 or l.num_comments < 0) as negative_counts
from listings as l
left join papers as p on l.paper_id = p.paper_id
"""

LISTINGS_WINDOW = "from marts.fct_daily_listings where listing_date between $start::date and $end::date"
LISTINGS_SAMPLES = {
    "duplicate_listing_keys": f"""select listing_date, paper_id, count(*) as n {LISTINGS_WINDOW}
        group by 1, 2 having n > 1""",
    "null_keys": f"select * {LISTINGS_WINDOW} and (listing_date is null or paper_id is null)",
    "orphan_paper_ids": f"""select listing_date, paper_id {LISTINGS_WINDOW}
        and paper_id not in (select paper_id from marts.dim_papers where paper_id is not null)""",
    "ranks_below_one": f"select listing_date, paper_id, rank_in_day {LISTINGS_WINDOW} and rank_in_day < 1",
    "duplicate_ranks_in_day": f"""select listing_date, rank_in_day, count(*) as n {LISTINGS_WINDOW}
        group by 1, 2 having n > 1""",
    "negative_counts": f"""select listing_date, paper_id, upvotes, num_comments {LISTINGS_WINDOW}
        and (upvotes < 0 or num_comments < 0)""",
}


def dim_papers_expectations() -> list:
    return [
        none_of("duplicate_paper_ids", "paper_id is unique"),
        none_of("null_paper_ids", "paper_id is never null"),
        none_of("malformed_paper_ids", "paper_id is an arXiv id"),
        none_of("papers_without_title", "Every paper has a title"),
        none_of("negative_counts", "upvotes, num_comments and github_stars are not negative"),
        none_of("papers_without_authors", "Every paper has at least one author in bridge_paper_authors"),
        none_of("listing_dates_out_of_order", "first_listed_date <= last_listed_date", WARN),
    ]


def listings_expectations() -> list:
    return [
        none_of("duplicate_listing_keys", "(listing_date, paper_id) is unique"),
        none_of("null_keys", "listing_date and paper_id are never null"),
        none_of("orphan_paper_ids", "Every listed paper is in dim_papers"),
        none_of("ranks_below_one", "rank_in_day is 1-based"),
        none_of("duplicate_ranks_in_day", "A rank is given once per day", WARN),
        none_of("negative_counts", "upvotes and num_comments are not negative"),
    ]


SUITES = (
    SuiteSpec(
        name="marts.dim_papers",
        asset_key="marts/dim_papers",
        batch_sql=DIM_PAPERS_SQL,
        expectations=dim_papers_expectations,
        samples=DIM_PAPERS_SAMPLES,
    ),
    SuiteSpec(
        name="marts.fct_daily_listings",
        asset_key="marts/fct_daily_listings",
        batch_sql=LISTINGS_SQL,
        expectations=listings_expectations,
        samples=LISTINGS_SAMPLES,
        windowed=True,
        # fct_daily_listings is built in the daily-partitioned dbt step, before dim_papers
        reads=("marts/dim_papers",),
    ),
)
