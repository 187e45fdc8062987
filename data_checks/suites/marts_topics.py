"""Mart suites for topics: the taxonomy, which papers carry which topic, and weekly topic trends."""

from data_checks.spec import WARN, SuiteSpec, none_of
from data_checks.suites.labels import bridge_suite, trend_suite

# On the sample 612 of 619 papers (98.9%) match a topic. Below 90% the taxonomy rules have stopped matching
# (seed not loaded, a rule broken), which a new day of ordinary ML papers does not explain.
TOPIC_COVERAGE_FLOOR = 0.9

DIM_TOPICS_SQL = """
with topics as (
    select * from marts.dim_topics
)

select
    count(*) as topics,
    count(*) - count(distinct t.topic_id) as duplicate_topic_ids,
    count(*) filter (where t.topic_id is null) as null_topic_ids,
    count(*) filter (where t.topic_name is null or trim(t.topic_name) = '') as topics_without_name,
    count(*) filter (where t.parent_topic_id is not null and p.topic_id is null) as orphan_parent_topic_ids,
    count(*) filter (where t.paper_count < 0) as negative_paper_counts
from topics as t
left join topics as p on t.parent_topic_id = p.topic_id
"""

DIM_TOPICS_SAMPLES = {
    "duplicate_topic_ids": "select topic_id, count(*) as n from marts.dim_topics group by 1 having n > 1",
    "null_topic_ids": "select * from marts.dim_topics where topic_id is null",
    "topics_without_name": "select * from marts.dim_topics where topic_name is null or trim(topic_name) = ''",
    "orphan_parent_topic_ids": """select topic_id, parent_topic_id from marts.dim_topics
        where parent_topic_id is not null
          and parent_topic_id not in (select topic_id from marts.dim_topics where topic_id is not null)""",
    "negative_paper_counts": "select topic_id, paper_count from marts.dim_topics where paper_count < 0",
}


def dim_topics_expectations() -> list:
    return [
        none_of("duplicate_topic_ids", "topic_id is unique"),
        none_of("null_topic_ids", "topic_id is never null"),
        none_of("topics_without_name", "Every topic has a name", WARN),
        none_of("orphan_parent_topic_ids", "Every parent_topic_id is a topic"),
        none_of("negative_paper_counts", "paper_count is not negative", WARN),
    ]


SUITES = (
    SuiteSpec(
        name="marts.dim_topics",
        asset_key="marts/dim_topics",
        batch_sql=DIM_TOPICS_SQL,
        expectations=dim_topics_expectations,
        samples=DIM_TOPICS_SAMPLES,
    ),
    bridge_suite(
        "topic",
        "b.method in ('rule:title', 'rule:keyword', 'rule:abstract', 'model:centroid')",
        TOPIC_COVERAGE_FLOOR,
    ),
    trend_suite("topic"),
)
