"""Suites shared by the two ways papers are labelled, topics and keywords: a bridge and a weekly trend."""

from data_checks.spec import WARN, SuiteSpec, at_least, none_of

# attention_share is a float sum per week; allow rounding, not a lost or doubled paper.
SHARE_SUM_TOLERANCE = 1e-6


def bridge_suite(label: str, allowed: str, coverage_floor: float) -> SuiteSpec:
    """Suite for marts.bridge_paper_<label>s: keys, orphans, score in (0, 1], origin, coverage of papers.

    `allowed` is a SQL boolean over the bridge row `b` saying its origin column is valid.
    """
    table, dim, key = f"marts.bridge_paper_{label}s", f"marts.dim_{label}s", f"{label}_id"
    sql = f"""
with bridge as (
    select * from {table}
),

papers as (
    select paper_id from marts.dim_papers
),

labels as (
    select {key} from {dim}
)

select
    count(*) as rows,
    count(*) - count(distinct (b.paper_id, b.{key})) as duplicate_keys,
    count(*) filter (where b.paper_id is null or b.{key} is null) as null_keys,
    count(*) filter (where p.paper_id is null) as orphan_paper_ids,
    count(*) filter (where l.{key} is null) as orphan_{key}s,
    count(*) filter (where not (b.score > 0 and b.score <= 1)) as scores_out_of_range,
    count(*) filter (where not coalesce({allowed}, false)) as unknown_origins,
    (select count(*) from papers where paper_id in (select paper_id from bridge))
        / greatest((select count(*) from papers), 1) as {label}_coverage
from bridge as b
left join papers as p on b.paper_id = p.paper_id
left join labels as l on b.{key} = l.{key}
"""
    samples = {
        "duplicate_keys": f"select paper_id, {key}, count(*) as n from {table} group by 1, 2 having n > 1",
        "null_keys": f"select * from {table} where paper_id is null or {key} is null",
        "orphan_paper_ids": f"""select paper_id, {key} from {table}
            anti join marts.dim_papers using (paper_id)""",
        f"orphan_{key}s": f"select paper_id, {key} from {table} anti join {dim} using ({key})",
        "scores_out_of_range": f"select * from {table} as b where not (b.score > 0 and b.score <= 1)",
        "unknown_origins": f"select * from {table} as b where not coalesce({allowed}, false)",
        f"{label}_coverage": f"""select paper_id, title from marts.dim_papers
            anti join {table} using (paper_id)""",
    }

    def expectations() -> list:
        return [
            none_of("duplicate_keys", f"(paper_id, {key}) is unique"),
            none_of("null_keys", f"paper_id and {key} are never null"),
            none_of("orphan_paper_ids", "Every bridge row's paper is in dim_papers"),
            none_of(f"orphan_{key}s", f"Every bridge row's {label} is in dim_{label}s"),
            none_of("scores_out_of_range", "score is within (0, 1]", WARN),
            none_of("unknown_origins", "Every bridge row says where it came from", WARN),
            at_least(
                f"{label}_coverage", coverage_floor, f"At least {coverage_floor:.0%} of papers have a {label}"
            ),
        ]

    return SuiteSpec(
        name=table,
        asset_key=table.replace(".", "/"),
        batch_sql=sql,
        expectations=expectations,
        samples=samples,
    )


def trend_suite(label: str) -> SuiteSpec:
    """Suite for marts.fct_<label>_trends: keys, orphans, Monday weeks, shares in [0, 1], attention sums
    to 1 per week."""
    table, dim, key = f"marts.fct_{label}_trends", f"marts.dim_{label}s", f"{label}_id"
    sql = f"""
with trends as (
    select * from {table}
),

labels as (
    select {key} from {dim}
),

weeks as (
    -- a week whose papers all lack a label has nothing to share out
    select week_start, sum(attention_share) as attention
    from trends
    group by week_start
    having sum(papers) > 0
)

select
    count(*) as rows,
    count(*) - count(distinct (t.week_start, t.{key})) as duplicate_keys,
    count(*) filter (where t.week_start is null or t.{key} is null) as null_keys,
    count(*) filter (where l.{key} is null) as orphan_{key}s,
    count(*) filter (where isodow(t.week_start) <> 1) as weeks_not_starting_monday,
    count(*) filter (where t.iso_week is distinct from strftime(t.week_start, '%G-W%V'))
        as iso_weeks_mismatched,
    count(*) filter (where t.papers < 0 or t.upvotes < 0) as counts_out_of_range,
    count(*) filter (where not (t.paper_share between 0 and 1)) as paper_shares_out_of_range,
    count(*) filter (where not (t.attention_share between 0 and 1)) as attention_shares_out_of_range,
    (select count(*) from weeks where abs(attention - 1) > {SHARE_SUM_TOLERANCE}) as weeks_attention_not_one
from trends as t
left join labels as l on t.{key} = l.{key}
"""
    samples = {
        "duplicate_keys": f"select week_start, {key}, count(*) as n from {table} group by 1, 2 having n > 1",
        "null_keys": f"select * from {table} where week_start is null or {key} is null",
        f"orphan_{key}s": f"select week_start, {key} from {table} anti join {dim} using ({key})",
        "weeks_not_starting_monday": f"select distinct week_start from {table} where isodow(week_start) <> 1",
        "iso_weeks_mismatched": f"""select distinct week_start, iso_week from {table}
            where iso_week is distinct from strftime(week_start, '%G-W%V')""",
        "counts_out_of_range": f"select * from {table} where papers < 0 or upvotes < 0",
        "paper_shares_out_of_range": f"select * from {table} where not (paper_share between 0 and 1)",
        "attention_shares_out_of_range": f"select * from {table} where not (attention_share between 0 and 1)",
        "weeks_attention_not_one": f"""select week_start, sum(attention_share) as attention from {table}
            group by 1 having sum(papers) > 0 and abs(attention - 1) > {SHARE_SUM_TOLERANCE}""",
    }

    def expectations() -> list:
        return [
            none_of("duplicate_keys", f"(week_start, {key}) is unique"),
            none_of("null_keys", f"week_start and {key} are never null"),
            none_of(f"orphan_{key}s", f"Every trend row's {label} is in dim_{label}s"),
            none_of("weeks_not_starting_monday", "week_start is an ISO week's Monday", WARN),
            none_of("iso_weeks_mismatched", "iso_week names week_start's ISO week", WARN),
            none_of("counts_out_of_range", "papers and upvotes are not negative", WARN),
            none_of("paper_shares_out_of_range", "paper_share is within [0, 1]", WARN),
            none_of("attention_shares_out_of_range", "attention_share is within [0, 1]", WARN),
            none_of("weeks_attention_not_one", "attention_share sums to 1 in every week", WARN),
        ]

    return SuiteSpec(
        name=table,
        asset_key=table.replace(".", "/"),
        batch_sql=sql,
        expectations=expectations,
        samples=samples,
    )
