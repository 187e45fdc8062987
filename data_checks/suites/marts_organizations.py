"""Mart suites for organisations: who papers are filed under, and how each organisation trends by week."""

from data_checks.spec import WARN, SuiteSpec, none_of

# paper_share sums over the organisations of a week; a paper has one organisation at most.
SHARE_SUM_TOLERANCE = 1e-9

DIM_ORGANIZATIONS_SQL = """
with organizations as (
    select * from marts.dim_organizations
)

select
    count(*) as organizations,
    count(*) - count(distinct organization_name) as duplicate_organization_names,
    count(*) filter (where organization_name is null or trim(organization_name) = '')
        as null_organization_names,
    count(*) filter (where papers < 1) as organizations_without_papers,
    count(*) filter (
        where total_upvotes < 0 or authors < 0 or total_models < 0 or total_datasets < 0 or total_spaces < 0
    ) as negative_counts,
    count(*) filter (where not (adopted_papers <= papers_with_details and papers_with_details <= papers))
        as adoption_exceeds_papers,
    count(*) filter (where first_paper_date > last_paper_date) as paper_dates_out_of_order,
    (select count(distinct organization_name) from marts.dim_papers
        where organization_name is not null
            and organization_name not in (select organization_name from organizations)) as listed_orgs_missing
from organizations
"""

DIM_ORGANIZATIONS_SAMPLES = {
    "duplicate_organization_names": """select organization_name, count(*) as n from marts.dim_organizations
        group by 1 having n > 1""",
    "null_organization_names": """select * from marts.dim_organizations
        where organization_name is null or trim(organization_name) = ''""",
    "organizations_without_papers": "select * from marts.dim_organizations where papers < 1",
    "negative_counts": """select * from marts.dim_organizations where total_upvotes < 0 or authors < 0
        or total_models < 0 or total_datasets < 0 or total_spaces < 0""",
    "adoption_exceeds_papers": """select organization_name, papers, papers_with_details, adopted_papers
        from marts.dim_organizations
        where not (adopted_papers <= papers_with_details and papers_with_details <= papers)""",
    "paper_dates_out_of_order": """select organization_name, first_paper_date, last_paper_date
        from marts.dim_organizations where first_paper_date > last_paper_date""",
    "listed_orgs_missing": """select distinct organization_name from marts.dim_papers
        where organization_name is not null
        and organization_name not in (select organization_name from marts.dim_organizations)""",
}

TRENDS_SQL = f"""
with trends as (
    select * from marts.fct_organization_trends
),

organizations as (
    select organization_name from marts.dim_organizations
),

weeks as (
    select week_start, sum(paper_share) as share from trends group by week_start
)

select
    count(*) as rows,
    count(*) - count(distinct (t.week_start, t.organization_name)) as duplicate_keys,
    count(*) filter (where t.week_start is null or t.organization_name is null) as null_keys,
    count(*) filter (where o.organization_name is null) as orphan_organization_names,
    count(*) filter (where isodow(t.week_start) <> 1) as weeks_not_starting_monday,
    count(*) filter (where t.iso_week is distinct from strftime(t.week_start, '%G-W%V'))
        as iso_weeks_mismatched,
    count(*) filter (where t.papers < 0 or t.upvotes < 0 or t.prev_4w_papers < 0) as counts_out_of_range,
    count(*) filter (where not (t.paper_share between 0 and 1 and t.upvote_share between 0 and 1))
        as shares_out_of_range,
    (select count(*) from weeks where share > 1 + {SHARE_SUM_TOLERANCE}) as weeks_shared_more_than_once,
    count(*) filter (where t.is_rising and not coalesce(t.growth_vs_prev_4w > 0, false))
        as rising_without_growth
from trends as t
left join organizations as o on t.organization_name = o.organization_name
"""

TRENDS_SAMPLES = {
    "duplicate_keys": """select week_start, organization_name, count(*) as n
        from marts.fct_organization_trends group by 1, 2 having n > 1""",
    "null_keys": """select * from marts.fct_organization_trends
        where week_start is null or organization_name is null""",
    "orphan_organization_names": """select week_start, organization_name
        from marts.fct_organization_trends
        anti join marts.dim_organizations using (organization_name)""",
    "weeks_not_starting_monday": """select distinct week_start from marts.fct_organization_trends
        where isodow(week_start) <> 1""",
    "iso_weeks_mismatched": """select distinct week_start, iso_week from marts.fct_organization_trends
        where iso_week is distinct from strftime(week_start, '%G-W%V')""",
    "counts_out_of_range": """select * from marts.fct_organization_trends
        where papers < 0 or upvotes < 0 or prev_4w_papers < 0""",
    "shares_out_of_range": """select * from marts.fct_organization_trends
        where not (paper_share between 0 and 1 and upvote_share between 0 and 1)""",
    "weeks_shared_more_than_once": f"""select week_start, sum(paper_share) as share
        from marts.fct_organization_trends group by 1 having share > 1 + {SHARE_SUM_TOLERANCE}""",
    "rising_without_growth": """select * from marts.fct_organization_trends
        where is_rising and not coalesce(growth_vs_prev_4w > 0, false)""",
}


def dim_organizations_expectations() -> list:
    return [
        none_of("duplicate_organization_names", "organization_name is unique"),
        none_of("null_organization_names", "organization_name is never null or blank"),
        none_of("organizations_without_papers", "Every organisation has a paper"),
        none_of("negative_counts", "Upvote, author and adoption totals are not negative"),
        none_of("adoption_exceeds_papers", "adopted_papers <= papers_with_details <= papers"),
        none_of("paper_dates_out_of_order", "first_paper_date <= last_paper_date", WARN),
        none_of("listed_orgs_missing", "Every organisation of dim_papers is in dim_organizations"),
    ]


def trends_expectations() -> list:
    return [
        none_of("duplicate_keys", "(week_start, organization_name) is unique"),
        none_of("null_keys", "week_start and organization_name are never null"),
        none_of("orphan_organization_names", "Every trend row's organisation is in dim_organizations"),
        none_of("weeks_not_starting_monday", "week_start is an ISO week's Monday", WARN),
        none_of("iso_weeks_mismatched", "iso_week names week_start's ISO week", WARN),
        none_of("counts_out_of_range", "papers, upvotes and prev_4w_papers are not negative", WARN),
        none_of("shares_out_of_range", "paper_share and upvote_share are within [0, 1]", WARN),
        none_of("weeks_shared_more_than_once", "A week's paper shares sum to at most 1", WARN),
        none_of("rising_without_growth", "is_rising only where growth_vs_prev_4w > 0", WARN),
    ]


SUITES = (
    SuiteSpec(
        name="marts.dim_organizations",
        asset_key="marts/dim_organizations",
        batch_sql=DIM_ORGANIZATIONS_SQL,
        expectations=dim_organizations_expectations,
        samples=DIM_ORGANIZATIONS_SAMPLES,
        reads=("marts/dim_papers",),
    ),
    SuiteSpec(
        name="marts.fct_organization_trends",
        asset_key="marts/fct_organization_trends",
        batch_sql=TRENDS_SQL,
        expectations=trends_expectations,
        samples=TRENDS_SAMPLES,
    ),
)
