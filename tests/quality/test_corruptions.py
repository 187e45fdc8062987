"""Each suite catches the way its table really breaks: a corrupted copy of the sample fails the right
expectation, with the right severity, and names offending rows."""

from pathlib import Path

import duckdb
import pytest

from data_checks.runner import Window
from data_checks.spec import ERROR, WARN
from tests.quality.conftest import table_exists

DAY = "2025-08-12"
ONE_DAY = Window(DAY, DAY)
FIRST_PAPER = "(select min(paper_id) from marts.dim_papers)"

# (id, suite, corrupting SQL, window, failed column, severity of the suite's result)
CASES = [
    (
        "listing_date_off_by_one",
        "raw.hf_daily_papers",
        f"""update raw.hf_daily_papers set listing_date = listing_date + 1
            where listing_date = '{DAY}' and item_index = 0""",
        ONE_DAY,
        "listing_date,partition_date",
        ERROR,
    ),
    (
        "negative_upvotes",
        "raw.hf_daily_papers",
        f"""update raw.hf_daily_papers set item = json_merge_patch(item, '{{"paper": {{"upvotes": -3}}}}')
            where listing_date = '{DAY}' and item_index = 1""",
        ONE_DAY,
        "upvotes",
        ERROR,
    ),
    (
        "malformed_arxiv_id",
        "raw.hf_daily_papers",
        f"""update raw.hf_daily_papers set paper_id = 'hep-th/9901001',
            item = json_merge_patch(item, '{{"paper": {{"id": "hep-th/9901001"}}}}')
            where listing_date = '{DAY}' and item_index = 2""",
        ONE_DAY,
        "paper_id",
        ERROR,
    ),
    (
        "item_without_paper_title",
        "raw.hf_daily_papers",
        f"""update raw.hf_daily_papers set item = json_merge_patch(item, '{{"paper": {{"title": null}}}}')
            where listing_date = '{DAY}' and item_index = 3""",
        ONE_DAY,
        "item_title",
        ERROR,
    ),
    (
        "day_with_zero_rows",
        "raw.landing_manifest",
        f"delete from raw.hf_daily_papers where listing_date = '{DAY}'",
        ONE_DAY,
        "day_has_items_if_ok",
        ERROR,
    ),
    (
        "items_lost_between_manifest_and_raw",
        "raw.landing_manifest",
        f"delete from raw.hf_daily_papers where listing_date = '{DAY}' and item_index = 0",
        ONE_DAY,
        "accounted_items,item_count",
        ERROR,
    ),
    (
        "day_read_short",
        "raw.daily_volume",
        f"delete from raw.hf_daily_papers where listing_date = '{DAY}' and item_index >= 2",
        ONE_DAY,
        "low_volume_day",
        WARN,
    ),
    (
        "duplicate_paper",
        "marts.dim_papers",
        f"insert into marts.dim_papers select * from marts.dim_papers where paper_id = {FIRST_PAPER}",
        None,
        "duplicate_paper_ids",
        ERROR,
    ),
    (
        "paper_without_author",
        "marts.dim_papers",
        f"delete from marts.bridge_paper_authors where paper_id = {FIRST_PAPER}",
        None,
        "papers_without_authors",
        ERROR,
    ),
    (
        "duplicate_listing",
        "marts.fct_daily_listings",
        f"""insert into marts.fct_daily_listings select * from marts.fct_daily_listings
            where listing_date = '{DAY}' limit 1""",
        None,
        "duplicate_listing_keys",
        ERROR,
    ),
    (
        "duplicate_author",
        "marts.dim_authors",
        "insert into marts.dim_authors select * from marts.dim_authors limit 1",
        None,
        "duplicate_author_ids",
        ERROR,
    ),
    (
        "orphan_authorship",
        "marts.bridge_paper_authors",
        """delete from marts.dim_authors where author_id = (select min(author_id)
            from marts.bridge_paper_authors)""",
        None,
        "orphan_author_ids",
        ERROR,
    ),
    (
        "pair_stored_both_ways",
        "marts.fct_coauthorships",
        """insert into marts.fct_coauthorships (author_id_a, author_id_b, papers_together)
            select author_id_b, author_id_a, papers_together from marts.fct_coauthorships limit 1""",
        None,
        "unordered_pairs",
        ERROR,
    ),
    (
        "merge_candidate_listed_twice",
        "marts.fct_author_merge_candidates",
        """insert into marts.fct_author_merge_candidates
            select * from marts.fct_author_merge_candidates limit 1""",
        None,
        "duplicate_pairs",
        ERROR,
    ),
    (
        "orphan_parent_topic",
        "marts.dim_topics",
        """update marts.dim_topics set parent_topic_id = 'no_such_topic'
            where topic_id = (select min(topic_id) from marts.dim_topics)""",
        None,
        "orphan_parent_topic_ids",
        ERROR,
    ),
    (
        "orphan_topic_membership",
        "marts.bridge_paper_topics",
        "delete from marts.dim_topics where topic_id = (select min(topic_id) from marts.bridge_paper_topics)",
        None,
        "orphan_topic_ids",
        ERROR,
    ),
    (
        "topic_score_zero",
        "marts.bridge_paper_topics",
        """update marts.bridge_paper_topics set score = 0 where paper_id = (select min(paper_id)
            from marts.bridge_paper_topics)""",
        None,
        "scores_out_of_range",
        WARN,
    ),
    (
        "topic_coverage_collapsed",
        "marts.bridge_paper_topics",
        """delete from marts.bridge_paper_topics where paper_id <> (select min(paper_id)
            from marts.bridge_paper_topics)""",
        None,
        "topic_coverage",
        WARN,
    ),
    (
        "attention_counted_twice",
        "marts.fct_topic_trends",
        """update marts.fct_topic_trends set attention_share = attention_share * 2
            where week_start = (select max(week_start) from marts.fct_topic_trends)""",
        None,
        "weeks_attention_not_one",
        WARN,
    ),
    (
        "duplicate_normalised_keyword",
        "marts.dim_keywords",
        """insert into marts.dim_keywords (keyword_id, keyword, display_keyword, paper_count)
            select keyword_id || '_copy', keyword, display_keyword, paper_count
                from marts.dim_keywords limit 1""",
        None,
        "duplicate_keywords",
        ERROR,
    ),
    (
        "orphan_keyword_membership",
        "marts.bridge_paper_keywords",
        """delete from marts.dim_keywords where keyword_id = (select min(keyword_id)
            from marts.bridge_paper_keywords)""",
        None,
        "orphan_keyword_ids",
        ERROR,
    ),
    (
        "keyword_coverage_collapsed",
        "marts.bridge_paper_keywords",
        """delete from marts.bridge_paper_keywords
            where paper_id > (select min(paper_id) from marts.bridge_paper_keywords)""",
        None,
        "keyword_coverage",
        WARN,
    ),
    (
        "engagement_fetch_counted_twice",
        "marts.fct_paper_engagement",
        f"""insert into marts.fct_paper_engagement select * from marts.fct_paper_engagement
            where listing_date = '{DAY}' limit 1""",
        None,
        "duplicate_keys",
        ERROR,
    ),
    (
        "trending_rank_given_twice",
        "marts.fct_paper_trending",
        "update marts.fct_paper_trending set trending_rank = 1 where trending_rank = 2",
        None,
        "duplicate_ranks",
        ERROR,
    ),
    (
        "negative_model_count",
        "marts.fct_paper_adoption",
        f"""insert into marts.fct_paper_adoption (fetch_id, paper_id, num_models, num_datasets,
            num_spaces, num_linked_repos, is_adopted, is_latest)
            values ('f-1', {FIRST_PAPER}, -1, 0, 0, -1, false, true)""",
        None,
        "negative_counts",
        ERROR,
    ),
    (
        "hub_repo_of_an_unknown_paper",
        "marts.bridge_paper_hub_repos",
        """insert into marts.bridge_paper_hub_repos (paper_id, repo_kind, repo_id, repo_position, fetch_id)
            values ('2599.99999', 'model', 'nobody/model', 1, 'f-1')""",
        None,
        "orphan_paper_ids",
        ERROR,
    ),
    (
        "organisation_rising_without_growth",
        "marts.fct_organization_trends",
        """update marts.fct_organization_trends set is_rising = true
            where growth_vs_prev_4w is null and week_start = (select max(week_start)
                from marts.fct_organization_trends)""",
        None,
        "rising_without_growth",
        WARN,
    ),
    (
        "keyword_trend_orphan",
        "marts.fct_keyword_trends",
        """delete from marts.dim_keywords where keyword_id = (select min(keyword_id)
            from marts.fct_keyword_trends)""",
        None,
        "orphan_keyword_ids",
        ERROR,
    ),
]


@pytest.mark.parametrize(
    ("suite", "corruption", "window", "column", "severity"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_corruption_fails_the_right_expectation(
    suite: str,
    corruption: str,
    window: Window | None,
    column: str,
    severity: str,
    warehouse_copy: Path,
    run_suite,
) -> None:
    if suite.startswith("marts.") and not table_exists(warehouse_copy, suite):
        pytest.skip(f"{suite} is not built by the dbt project yet")
    with duckdb.connect(str(warehouse_copy)) as con:
        con.execute(corruption)
    outcome = run_suite(warehouse_copy, suite, window)
    failed = {result.column: result for result in outcome.failed}
    assert column in failed, f"expected {column} to fail, failed: {sorted(failed)}"
    assert outcome.severity == severity
    assert failed[column].sample, "the failure names offending rows"
