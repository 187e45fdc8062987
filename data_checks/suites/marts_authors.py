"""Mart suites for authors, authorship and co-authorship: one-row frames of violation counts (see spec.py)."""

from data_checks.spec import WARN, SuiteSpec, none_of

DIM_AUTHORS_SQL = """
select
    count(*) as authors,
    count(*) - count(distinct author_id) as duplicate_author_ids,
    count(*) filter (where author_id is null) as null_author_ids,
    count(*) filter (where display_name is null or trim(display_name) = '') as authors_without_name,
    count(*) filter (where paper_count < 1) as authors_without_papers,
    count(*) filter (where is_linked is distinct from (hf_user is not null)) as inconsistent_links,
    count(*) filter (where first_paper_date > last_paper_date) as paper_dates_out_of_order,
    count(*) filter (where total_upvotes < 0) as negative_upvotes
from marts.dim_authors
"""

DIM_AUTHORS_SAMPLES = {
    "duplicate_author_ids": "select author_id, count(*) as n from marts.dim_authors group by 1 having n > 1",
    "null_author_ids": "select * from marts.dim_authors where author_id is null",
    "authors_without_name": """select author_id, display_name from marts.dim_authors
        where display_name is null or trim(display_name) = ''""",
    "authors_without_papers": """select author_id, display_name, paper_count from marts.dim_authors
        where paper_count < 1""",
    "inconsistent_links": """select author_id, hf_user, is_linked from marts.dim_authors
        where is_linked is distinct from (hf_user is not null)""",
    "paper_dates_out_of_order": """select author_id, first_paper_date, last_paper_date from marts.dim_authors
        where first_paper_date > last_paper_date""",
    "negative_upvotes": "select author_id, total_upvotes from marts.dim_authors where total_upvotes < 0",
}

BRIDGE_SQL = """
with bridge as (
    select * from marts.bridge_paper_authors
),

papers as (
    select paper_id from marts.dim_papers
),

authors as (
    select author_id from marts.dim_authors
)

select
    count(*) as authorships,
    count(*) - count(distinct (b.paper_id, b.author_position)) as duplicate_keys,
    count(*) filter (where b.paper_id is null or b.author_id is null) as null_keys,
    count(*) filter (where p.paper_id is null) as orphan_paper_ids,
    count(*) filter (where a.author_id is null) as orphan_author_ids,
    count(*) filter (where b.author_position < 1) as positions_below_one,
    (select count(*) from audit.author_link_conflicts) as link_conflicts
from bridge as b
left join papers as p on b.paper_id = p.paper_id
left join authors as a on b.author_id = a.author_id
"""

BRIDGE_SAMPLES = {
    "duplicate_keys": """select paper_id, author_position, count(*) as n from marts.bridge_paper_authors
        group by 1, 2 having n > 1""",
    "null_keys": "select * from marts.bridge_paper_authors where paper_id is null or author_id is null",
    "orphan_paper_ids": """select paper_id, author_id from marts.bridge_paper_authors
        anti join marts.dim_papers using (paper_id)""",
    "orphan_author_ids": """select paper_id, author_id, name_as_listed from marts.bridge_paper_authors
        anti join marts.dim_authors using (author_id)""",
    "positions_below_one": """select paper_id, author_id, author_position from marts.bridge_paper_authors
        where author_position < 1""",
    "link_conflicts": "select * from audit.author_link_conflicts order by paper_id, author_position",
}

COAUTHORSHIPS_SQL = """
with pairs as (
    select * from marts.fct_coauthorships
),

authors as (
    select author_id from marts.dim_authors
)

select
    count(*) as pairs,
    count(*) - count(distinct (c.author_id_a, c.author_id_b)) as duplicate_pairs,
    count(*) filter (where c.author_id_a is null or c.author_id_b is null) as null_keys,
    count(*) filter (where c.author_id_a >= c.author_id_b) as unordered_pairs,
    count(*) filter (where a.author_id is null or b.author_id is null) as orphan_author_ids,
    count(*) filter (where c.papers_together < 1) as pairs_without_papers,
    count(*) filter (where c.first_together_date > c.last_together_date) as dates_out_of_order
from pairs as c
left join authors as a on c.author_id_a = a.author_id
left join authors as b on c.author_id_b = b.author_id
"""

COAUTHORSHIPS_SAMPLES = {
    "duplicate_pairs": """select author_id_a, author_id_b, count(*) as n from marts.fct_coauthorships
        group by 1, 2 having n > 1""",
    "null_keys": "select * from marts.fct_coauthorships where author_id_a is null or author_id_b is null",
    "unordered_pairs": """select author_id_a, author_id_b from marts.fct_coauthorships
        where author_id_a >= author_id_b""",
    "orphan_author_ids": """select author_id_a, author_id_b from marts.fct_coauthorships
        where author_id_a not in (select author_id from marts.dim_authors where author_id is not null)
           or author_id_b not in (select author_id from marts.dim_authors where author_id is not null)""",
    "pairs_without_papers": """select author_id_a, author_id_b, papers_together from marts.fct_coauthorships
        where papers_together < 1""",
    "dates_out_of_order": """select author_id_a, author_id_b, first_together_date, last_together_date
        from marts.fct_coauthorships where first_together_date > last_together_date""",
}

MERGE_CANDIDATES_SQL = """
with candidates as (
    select * from marts.fct_author_merge_candidates
),

authors as (
    select author_id from marts.dim_authors
)

select
    count(*) as candidates,
    count(*) - count(distinct (c.author_id_a, c.author_id_b)) as duplicate_pairs,
    count(*) filter (where a.author_id is null or b.author_id is null) as orphan_author_ids,
    count(*) filter (where c.confidence <= 0 or c.confidence > 1) as confidences_out_of_range,
    count(*) filter (where c.kind not in ('same_name', 'listed_twice', 'name_variant')) as unknown_kinds,
    count(*) filter (where c.author_id_a >= c.author_id_b) as unordered_pairs
from candidates as c
left join authors as a on c.author_id_a = a.author_id
left join authors as b on c.author_id_b = b.author_id
"""

MERGE_CANDIDATES_SAMPLES = {
    "duplicate_pairs": """select author_id_a, author_id_b, count(*) as n
        from marts.fct_author_merge_candidates group by 1, 2 having n > 1""",
    "orphan_author_ids": """select author_id_a, author_id_b from marts.fct_author_merge_candidates
        where author_id_a not in (select author_id from marts.dim_authors where author_id is not null)
           or author_id_b not in (select author_id from marts.dim_authors where author_id is not null)""",
    "confidences_out_of_range": """select author_id_a, author_id_b, confidence
        from marts.fct_author_merge_candidates where confidence <= 0 or confidence > 1""",
    "unknown_kinds": """select author_id_a, author_id_b, kind from marts.fct_author_merge_candidates
        where kind not in ('same_name', 'listed_twice', 'name_variant')""",
    "unordered_pairs": """select author_id_a, author_id_b from marts.fct_author_merge_candidates
        where author_id_a >= author_id_b""",
}


def dim_authors_expectations() -> list:
    return [
        none_of("duplicate_author_ids", "author_id is unique"),
        none_of("null_author_ids", "author_id is never null"),
        none_of("authors_without_name", "Every author has a display name"),
        none_of("authors_without_papers", "Every author has at least one paper", WARN),
        none_of("inconsistent_links", "is_linked is true exactly when hf_user is set", WARN),
        none_of("paper_dates_out_of_order", "first_paper_date <= last_paper_date", WARN),
        none_of("negative_upvotes", "total_upvotes is not negative"),
    ]


def bridge_expectations() -> list:
    return [
        none_of("duplicate_keys", "(paper_id, author_position) is unique: one row per listed entry"),
        none_of("null_keys", "paper_id and author_id are never null"),
        none_of("orphan_paper_ids", "Every bridge row's paper is in dim_papers"),
        none_of("orphan_author_ids", "Every bridge row's author is in dim_authors"),
        none_of("positions_below_one", "author_position is 1-based"),
        none_of("link_conflicts", "No HF account is linked to two entries of one paper", WARN),
    ]


def coauthorships_expectations() -> list:
    return [
        none_of("duplicate_pairs", "(author_id_a, author_id_b) is unique"),
        none_of("null_keys", "author_id_a and author_id_b are never null"),
        none_of("unordered_pairs", "author_id_a < author_id_b, so a pair is stored once"),
        none_of("orphan_author_ids", "Both authors of a pair are in dim_authors"),
        none_of("pairs_without_papers", "papers_together is at least 1", WARN),
        none_of("dates_out_of_order", "first_together_date <= last_together_date", WARN),
    ]


def merge_candidates_expectations() -> list:
    return [
        none_of("duplicate_pairs", "(author_id_a, author_id_b) is unique"),
        none_of("orphan_author_ids", "Both authors of a candidate are in dim_authors"),
        none_of("confidences_out_of_range", "confidence is within (0, 1]", WARN),
        none_of("unknown_kinds", "kind is same_name, listed_twice or name_variant", WARN),
        none_of("unordered_pairs", "author_id_a < author_id_b, so a pair is listed once"),
    ]


SUITES = (
    SuiteSpec(
        name="marts.dim_authors",
        asset_key="marts/dim_authors",
        batch_sql=DIM_AUTHORS_SQL,
        expectations=dim_authors_expectations,
        samples=DIM_AUTHORS_SAMPLES,
    ),
    SuiteSpec(
        name="marts.bridge_paper_authors",
        asset_key="marts/bridge_paper_authors",
        batch_sql=BRIDGE_SQL,
        expectations=bridge_expectations,
        samples=BRIDGE_SAMPLES,
        reads=("audit/author_link_conflicts",),
    ),
    SuiteSpec(
        name="marts.fct_coauthorships",
        asset_key="marts/fct_coauthorships",
        batch_sql=COAUTHORSHIPS_SQL,
        expectations=coauthorships_expectations,
        samples=COAUTHORSHIPS_SAMPLES,
    ),
    SuiteSpec(
        name="marts.fct_author_merge_candidates",
        asset_key="marts/fct_author_merge_candidates",
        batch_sql=MERGE_CANDIDATES_SQL,
        expectations=merge_candidates_expectations,
        samples=MERGE_CANDIDATES_SAMPLES,
    ),
)
