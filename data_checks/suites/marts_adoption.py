"""Mart suites for adoption: the models, datasets and Spaces that link a paper, per fetch and per repo."""

from data_checks.spec import WARN, SuiteSpec, none_of

ADOPTION_SQL = """
with adoption as (
    select * from marts.fct_paper_adoption
),

papers as (
    select paper_id from marts.dim_papers
),

previous as (
    select
        num_linked_repos,
        lag(num_linked_repos) over (partition by paper_id order by fetched_at, fetch_id) as before
    from adoption
)

select
    count(*) as fetches,
    count(*) - count(distinct a.fetch_id) as duplicate_fetch_ids,
    count(*) filter (where a.fetch_id is null or a.paper_id is null) as null_keys,
    count(*) filter (where p.paper_id is null) as orphan_paper_ids,
    count(*) filter (where a.num_models < 0 or a.num_datasets < 0 or a.num_spaces < 0 or a.github_stars < 0)
        as negative_counts,
    count(*) filter (
        where a.num_linked_repos is distinct from a.num_models + a.num_datasets + a.num_spaces
            or a.is_adopted is distinct from (a.num_linked_repos > 0)
    ) as inconsistent_totals,
    (select count(*) from (
        select paper_id from adoption group by paper_id having count(*) filter (where is_latest) <> 1
    )) as papers_without_one_latest,
    (select count(*) from previous where num_linked_repos < before) as linked_repos_falling
from adoption as a
left join papers as p on a.paper_id = p.paper_id
"""

ADOPTION_SAMPLES = {
    "duplicate_fetch_ids": """select fetch_id, count(*) as n from marts.fct_paper_adoption
        group by 1 having n > 1""",
    "null_keys": "select * from marts.fct_paper_adoption where fetch_id is null or paper_id is null",
    "orphan_paper_ids": """select fetch_id, paper_id from marts.fct_paper_adoption
        anti join marts.dim_papers using (paper_id)""",
    "negative_counts": """select fetch_id, paper_id, num_models, num_datasets, num_spaces, github_stars
        from marts.fct_paper_adoption
        where num_models < 0 or num_datasets < 0 or num_spaces < 0 or github_stars < 0""",
    "inconsistent_totals": """select fetch_id, num_models, num_datasets, num_spaces, num_linked_repos,
            is_adopted from marts.fct_paper_adoption
        where num_linked_repos is distinct from num_models + num_datasets + num_spaces
            or is_adopted is distinct from (num_linked_repos > 0)""",
    "papers_without_one_latest": """select paper_id, count(*) filter (where is_latest) as latest
        from marts.fct_paper_adoption group by 1 having latest <> 1""",
    "linked_repos_falling": """select paper_id, fetched_at, num_linked_repos, before from (
        select *, lag(num_linked_repos) over (partition by paper_id order by fetched_at, fetch_id) as before
        from marts.fct_paper_adoption) where num_linked_repos < before""",
}

HUB_REPOS_SQL = """
with bridge as (
    select * from marts.bridge_paper_hub_repos
),

papers as (
    select paper_id from marts.dim_papers
),

latest as (
    select * from marts.fct_paper_adoption where is_latest
),

listed as (
    select paper_id, repo_kind, count(*) as repos from bridge group by paper_id, repo_kind
)

select
    count(*) as links,
    count(*) - count(distinct (b.paper_id, b.repo_kind, b.repo_id)) as duplicate_keys,
    count(*) filter (where b.paper_id is null or b.repo_kind is null or b.repo_id is null) as null_keys,
    count(*) filter (where p.paper_id is null) as orphan_paper_ids,
    count(*) filter (where l.fetch_id is null or l.paper_id <> b.paper_id) as not_from_latest_fetch,
    count(*) filter (where b.repo_kind not in ('model', 'dataset', 'space')) as unknown_repo_kinds,
    count(*) filter (where b.repo_position < 1) as positions_below_one,
    (select count(*) from listed join latest using (paper_id) where listed.repos > case listed.repo_kind
        when 'model' then latest.num_models when 'dataset' then latest.num_datasets
        else latest.num_spaces end) as more_repos_than_counted
from bridge as b
left join papers as p on b.paper_id = p.paper_id
left join latest as l on b.fetch_id = l.fetch_id
"""

HUB_REPOS_SAMPLES = {
    "duplicate_keys": """select paper_id, repo_kind, repo_id, count(*) as n from marts.bridge_paper_hub_repos
        group by 1, 2, 3 having n > 1""",
    "null_keys": """select * from marts.bridge_paper_hub_repos
        where paper_id is null or repo_kind is null or repo_id is null""",
    "orphan_paper_ids": """select paper_id, repo_kind, repo_id from marts.bridge_paper_hub_repos
        anti join marts.dim_papers using (paper_id)""",
    "not_from_latest_fetch": """select b.paper_id, b.repo_id, b.fetch_id
        from marts.bridge_paper_hub_repos as b
        anti join (select fetch_id, paper_id from marts.fct_paper_adoption where is_latest)
            using (fetch_id, paper_id)""",
    "unknown_repo_kinds": """select * from marts.bridge_paper_hub_repos
        where repo_kind not in ('model', 'dataset', 'space')""",
    "positions_below_one": "select * from marts.bridge_paper_hub_repos where repo_position < 1",
    "more_repos_than_counted": """select paper_id, repo_kind, count(*) as repos
        from marts.bridge_paper_hub_repos group by 1, 2""",
}


def adoption_expectations() -> list:
    return [
        none_of("duplicate_fetch_ids", "fetch_id is unique"),
        none_of("null_keys", "fetch_id and paper_id are never null"),
        none_of("orphan_paper_ids", "Every fetched paper is in dim_papers"),
        none_of("negative_counts", "Model, dataset, Space and star counts are not negative"),
        none_of("inconsistent_totals", "num_linked_repos and is_adopted agree with the counts"),
        none_of("papers_without_one_latest", "Every paper has exactly one latest detail fetch"),
        # Repos can be deleted or unlinked; a fall is possible but worth a look.
        none_of("linked_repos_falling", "A paper's linked repos do not fall from a fetch to the next", WARN),
    ]


def hub_repos_expectations() -> list:
    return [
        none_of("duplicate_keys", "(paper_id, repo_kind, repo_id) is unique"),
        none_of("null_keys", "paper_id, repo_kind and repo_id are never null"),
        none_of("orphan_paper_ids", "Every linked paper is in dim_papers"),
        none_of("not_from_latest_fetch", "Every row comes from its paper's latest detail fetch"),
        none_of("unknown_repo_kinds", "repo_kind is model, dataset or space"),
        none_of("positions_below_one", "repo_position is 1-based", WARN),
        none_of("more_repos_than_counted", "No paper lists more repos of a kind than its count"),
    ]


SUITES = (
    SuiteSpec(
        name="marts.fct_paper_adoption",
        asset_key="marts/fct_paper_adoption",
        batch_sql=ADOPTION_SQL,
        expectations=adoption_expectations,
        samples=ADOPTION_SAMPLES,
    ),
    SuiteSpec(
        name="marts.bridge_paper_hub_repos",
        asset_key="marts/bridge_paper_hub_repos",
        batch_sql=HUB_REPOS_SQL,
        expectations=hub_repos_expectations,
        samples=HUB_REPOS_SAMPLES,
        reads=("marts/fct_paper_adoption",),
    ),
)
