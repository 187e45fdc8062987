"""Mart suites for keywords: the normalised vocabulary, which papers carry which keyword, weekly trends."""

from data_checks.spec import WARN, SuiteSpec, none_of
from data_checks.suites.labels import bridge_suite, trend_suite

# On the sample every paper (619 of 619) has a keyword: 511 from the API's ai_keywords, the rest extracted
# from title and abstract, which every paper has. Below 95% the extractor or the ai_keywords path broke.
KEYWORD_COVERAGE_FLOOR = 0.95

DIM_KEYWORDS_SQL = """
select
    count(*) as keywords,
    count(*) - count(distinct keyword_id) as duplicate_keyword_ids,
    count(*) filter (where keyword_id is null) as null_keyword_ids,
    count(*) - count(distinct keyword) as duplicate_keywords,
    count(*) filter (where keyword is null or trim(keyword) = '') as keywords_without_text,
    count(*) filter (where paper_count < 1) as keywords_without_papers,
    count(*) filter (where first_seen_date > last_seen_date) as seen_dates_out_of_order
from marts.dim_keywords
"""

DIM_KEYWORDS_SAMPLES = {
    "duplicate_keyword_ids": """select keyword_id, count(*) as n from marts.dim_keywords
        group by 1 having n > 1""",
    "null_keyword_ids": "select * from marts.dim_keywords where keyword_id is null",
    "duplicate_keywords": "select keyword, count(*) as n from marts.dim_keywords group by 1 having n > 1",
    "keywords_without_text": "select * from marts.dim_keywords where keyword is null or trim(keyword) = ''",
    "keywords_without_papers": """select keyword_id, keyword, paper_count from marts.dim_keywords
        where paper_count < 1""",
    "seen_dates_out_of_order": """select keyword_id, first_seen_date, last_seen_date from marts.dim_keywords
        where first_seen_date > last_seen_date""",
}


def dim_keywords_expectations() -> list:
    return [
        none_of("duplicate_keyword_ids", "keyword_id is unique"),
        none_of("null_keyword_ids", "keyword_id is never null"),
        none_of("duplicate_keywords", "A normalised keyword appears once"),
        none_of("keywords_without_text", "Every keyword has text"),
        none_of("keywords_without_papers", "Every keyword is carried by a paper", WARN),
        none_of("seen_dates_out_of_order", "first_seen_date <= last_seen_date", WARN),
    ]


SUITES = (
    SuiteSpec(
        name="marts.dim_keywords",
        asset_key="marts/dim_keywords",
        batch_sql=DIM_KEYWORDS_SQL,
        expectations=dim_keywords_expectations,
        samples=DIM_KEYWORDS_SAMPLES,
    ),
    bridge_suite("keyword", "b.source in ('hf_ai', 'extracted')", KEYWORD_COVERAGE_FLOOR),
    trend_suite("keyword"),
)
