"""Mart suites for attention over time: every listing fetch of a paper, and where its upvotes stand now."""

from data_checks.spec import WARN, SuiteSpec, none_of

ENGAGEMENT_WINDOW = "from marts.fct_paper_engagement where listing_date between $start::date and $end::date"

# No orphan check against dim_papers here: that would make this check, which fct_paper_trending waits for,
# wait for dim_papers, built after it in the other dbt step. Every engaged paper has a trending row, and the
# trending suite checks those against dim_papers.
ENGAGEMENT_SQL = """
with engagement as (
    select * from marts.fct_paper_engagement
    where listing_date between $start::date and $end::date
)

select
    count(*) as fetched_rows,
    count(*) - count(distinct (e.paper_id, e.ingestion_id)) as duplicate_keys,
    count(*) filter (where e.paper_id is null or e.ingestion_id is null) as null_keys,
    count(*) filter (where e.rank_in_day < 1) as ranks_below_one,
    count(*) - count(distinct (e.ingestion_id, e.rank_in_day)) as duplicate_ranks_in_fetch,
    count(*) filter (where e.upvotes < 0 or e.num_comments < 0 or e.github_stars < 0) as negative_counts,
    count(*) filter (where e.days_since_listing < 0) as fetched_before_listing_day,
    count(*) filter (where e.upvotes_change < 0) as upvotes_falling
from engagement as e
"""

ENGAGEMENT_SAMPLES = {
    "duplicate_keys": f"""select paper_id, ingestion_id, count(*) as n {ENGAGEMENT_WINDOW}
        group by 1, 2 having n > 1""",
    "null_keys": f"select * {ENGAGEMENT_WINDOW} and (paper_id is null or ingestion_id is null)",
    "ranks_below_one": f"select listing_date, paper_id, rank_in_day {ENGAGEMENT_WINDOW} and rank_in_day < 1",
    "duplicate_ranks_in_fetch": f"""select ingestion_id, rank_in_day, count(*) as n {ENGAGEMENT_WINDOW}
        group by 1, 2 having n > 1""",
    "negative_counts": f"""select listing_date, paper_id, upvotes, num_comments, github_stars
        {ENGAGEMENT_WINDOW} and (upvotes < 0 or num_comments < 0 or github_stars < 0)""",
    "fetched_before_listing_day": f"""select listing_date, paper_id, fetched_at {ENGAGEMENT_WINDOW}
        and days_since_listing < 0""",
    "upvotes_falling": f"""select listing_date, paper_id, fetched_at, upvotes, upvotes_change
        {ENGAGEMENT_WINDOW} and upvotes_change < 0""",
}

TRENDING_SQL = """
with trending as (
    select * from marts.fct_paper_trending
),

papers as (
    select paper_id from marts.dim_papers
)

select
    count(*) as papers,
    count(*) - count(distinct t.paper_id) as duplicate_paper_ids,
    count(*) filter (where t.paper_id is null) as null_paper_ids,
    count(*) filter (where p.paper_id is null) as orphan_paper_ids,
    count(*) - count(distinct t.trending_rank) as duplicate_ranks,
    count(*) filter (where t.trending_rank not between 1 and (select count(*) from trending))
        as ranks_out_of_range,
    count(*) filter (where t.trending_score is null or t.trending_score < 0) as scores_out_of_range,
    greatest(count(distinct t.as_of) - 1, 0) + count(*) filter (where t.as_of is null)
        as as_of_not_one_instant,
    count(*) filter (where t.last_fetched_at > t.as_of or t.fetches < 1 or t.age_days < 0)
        as clock_inconsistent,
    count(*) filter (
        where (t.upvotes_at_1d is not null and t.age_days < 1)
            or (t.upvotes_at_3d is not null and t.age_days < 3)
            or (t.upvotes_at_7d is not null and t.age_days < 7)
            or (t.upvotes_at_14d is not null and t.age_days < 14)
    ) as ages_not_reached,
    count(*) filter (where t.upvotes < 0) as negative_upvotes,
    count(*) filter (
        where t.upvotes_at_1d > t.upvotes_at_3d or t.upvotes_at_3d > t.upvotes_at_7d
            or t.upvotes_at_7d > t.upvotes_at_14d
    ) as upvotes_falling_with_age
from trending as t
left join papers as p on t.paper_id = p.paper_id
"""

TRENDING_SAMPLES = {
    "duplicate_paper_ids": """select paper_id, count(*) as n from marts.fct_paper_trending
        group by 1 having n > 1""",
    "null_paper_ids": "select * from marts.fct_paper_trending where paper_id is null",
    "orphan_paper_ids": """select paper_id, first_listed_date from marts.fct_paper_trending
        anti join marts.dim_papers using (paper_id)""",
    "duplicate_ranks": """select trending_rank, count(*) as n from marts.fct_paper_trending
        group by 1 having n > 1""",
    "ranks_out_of_range": """select paper_id, trending_rank from marts.fct_paper_trending
        where trending_rank not between 1 and (select count(*) from marts.fct_paper_trending)""",
    "scores_out_of_range": """select paper_id, trending_score from marts.fct_paper_trending
        where trending_score is null or trending_score < 0""",
    "as_of_not_one_instant": "select as_of, count(*) as n from marts.fct_paper_trending group by 1",
    "clock_inconsistent": """select paper_id, as_of, last_fetched_at, fetches, age_days
        from marts.fct_paper_trending where last_fetched_at > as_of or fetches < 1 or age_days < 0""",
    "ages_not_reached": """select paper_id, age_days, upvotes_at_1d, upvotes_at_3d, upvotes_at_7d,
            upvotes_at_14d from marts.fct_paper_trending
        where (upvotes_at_1d is not null and age_days < 1) or (upvotes_at_3d is not null and age_days < 3)
            or (upvotes_at_7d is not null and age_days < 7)
            or (upvotes_at_14d is not null and age_days < 14)""",
    "negative_upvotes": "select paper_id, upvotes from marts.fct_paper_trending where upvotes < 0",
    "upvotes_falling_with_age": """select paper_id, upvotes_at_1d, upvotes_at_3d, upvotes_at_7d,
            upvotes_at_14d from marts.fct_paper_trending
        where upvotes_at_1d > upvotes_at_3d or upvotes_at_3d > upvotes_at_7d
            or upvotes_at_7d > upvotes_at_14d""",
}


def engagement_expectations() -> list:
    return [
        none_of("duplicate_keys", "(paper_id, ingestion_id) is unique"),
        none_of("null_keys", "paper_id and ingestion_id are never null"),
        none_of("ranks_below_one", "rank_in_day is 1-based"),
        none_of("duplicate_ranks_in_fetch", "A rank is given once per fetch", WARN),
        none_of("negative_counts", "upvotes, num_comments and github_stars are not negative"),
        none_of("fetched_before_listing_day", "No fetch is dated before its listing day", WARN),
        # Votes can be withdrawn, so a fall is possible; many falls mean fetches were mixed up.
        none_of("upvotes_falling", "Upvotes do not fall from one fetch of a day to the next", WARN),
    ]


def trending_expectations() -> list:
    return [
        none_of("duplicate_paper_ids", "paper_id is unique"),
        none_of("null_paper_ids", "paper_id is never null"),
        none_of("orphan_paper_ids", "Every trending paper is in dim_papers"),
        none_of("duplicate_ranks", "trending_rank is unique"),
        none_of("ranks_out_of_range", "trending_rank runs from 1 to the number of papers"),
        none_of("scores_out_of_range", "trending_score is set and not negative"),
        none_of("as_of_not_one_instant", "Every row is as of the same newest fetch"),
        none_of("clock_inconsistent", "No paper was fetched after as_of, every paper was fetched"),
        none_of("ages_not_reached", "An upvotes_at_<n>d is set only once the paper is n days old"),
        none_of("negative_upvotes", "upvotes are not negative"),
        none_of("upvotes_falling_with_age", "Upvotes at 1, 3, 7 and 14 days do not fall", WARN),
    ]


SUITES = (
    SuiteSpec(
        name="marts.fct_paper_engagement",
        asset_key="marts/fct_paper_engagement",
        batch_sql=ENGAGEMENT_SQL,
        expectations=engagement_expectations,
        samples=ENGAGEMENT_SAMPLES,
        windowed=True,
    ),
    SuiteSpec(
        name="marts.fct_paper_trending",
        asset_key="marts/fct_paper_trending",
        batch_sql=TRENDING_SQL,
        expectations=trending_expectations,
        samples=TRENDING_SAMPLES,
    ),
)
