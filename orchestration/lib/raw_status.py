"""What the raw layer says about partitions: which are still not landed, and which a run landed.

A partition is not landed while its latest ingestion is quarantined (a payload that did not parse, or a
fetch that failed for good) and no later ingestion indexed it. Every run refetches those, whatever its
window, until they land.
"""

import duckdb

DAILY_SOURCE = "daily_papers"
SEARCH_SOURCE = "papers_search"

UNLANDED_SQL = """
with ingestions as (
    select
        partition_key,
        ingestion_id,
        max(fetched_at) as fetched_at,
        bool_or(outcome = 'quarantined') as quarantined
    from raw.landing_manifest
    where source = $source
    group by partition_key, ingestion_id
),

latest as (
    select *
    from ingestions
    qualify row_number() over (partition by partition_key order by fetched_at desc, ingestion_id desc) = 1
)

select l.partition_key, coalesce(any_value(q.reason), 'not indexed') as reason
from latest as l
left join raw.quarantine as q on l.ingestion_id = q.ingestion_id and q.item_index is null
where l.quarantined
group by l.partition_key
order by l.partition_key
"""

LANDED_BY_RUNS_SQL = """
select distinct partition_key
from raw.landing_manifest
where source = $source and list_contains($run_ids, run_id) and outcome <> 'quarantined'
order by partition_key
"""


def unlanded(con: duckdb.DuckDBPyConnection, source: str = DAILY_SOURCE) -> dict[str, str]:
    """Partitions whose latest ingestion is quarantined, with the reason it gave."""
    return dict(con.execute(UNLANDED_SQL, {"source": source}).fetchall())


def run_family(run) -> list[str]:
    """A Dagster run's id and those of the runs it re-executes: a retry from failure does not fetch again,
    its parent did."""
    return [run_id for run_id in (run.run_id, run.parent_run_id, run.root_run_id) if run_id]


def landed_by_runs(
    con: duckdb.DuckDBPyConnection, run_ids: list[str], source: str = DAILY_SOURCE
) -> list[str]:
    """Partitions that these runs indexed (their fetches landed and parsed), in order."""
    rows = con.execute(LANDED_BY_RUNS_SQL, {"source": source, "run_ids": run_ids}).fetchall()
    return [key for (key,) in rows]
