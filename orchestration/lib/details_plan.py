"""Which papers' details a run fetches: the refresh policy applied to the papers of the run's listing days.

A paper listed on a day the run fetched is fetched when the day's age (days from the listing date to the
run's reference day, its last partition) is one of the refresh ages, or when no detail of it has landed yet:
listed for the first time, or its earlier detail fetch failed. A paper whose detail fetch failed is also
fetched by every later run, whatever days it fetches, until a detail lands (as an unlanded listing day is):
a backfill's days are not fetched again, so waiting for its listing day would leave the paper without
adoption figures for good. So a backfill fetches every paper once, and nothing that failed stays missing.
"""

from dataclasses import dataclass

import duckdb

from orchestration.lib.refresh_policy import age_of

LISTED_SQL = """
select distinct d.paper_id, d.listing_date::varchar as listing_date, f.paper_id is not null as has_detail
from raw.hf_daily_papers as d
left join (select distinct paper_id from raw.hf_paper_details) as f on d.paper_id = f.paper_id
where list_contains($days, d.listing_date::varchar)
    -- a detail fetched before (a manifest row) that never landed: failed or quarantined
    or (f.paper_id is null and d.paper_id in (
        select partition_key from raw.landing_manifest where source = 'paper_details'
    ))
order by d.paper_id, listing_date
"""


@dataclass(frozen=True)
class DetailPlan:
    first: list[str]  # no detail landed yet
    refresh: list[str]  # listed on a day whose age is a refresh age

    @property
    def papers(self) -> list[str]:
        return sorted({*self.first, *self.refresh})


def plan_details(
    listed: list[tuple[str, str, bool]], reference_day: str, ages: tuple[int, ...]
) -> DetailPlan:
    """`listed`: (paper, listing date, has a landed detail) for the run's listing days."""
    first = {paper for paper, _, has_detail in listed if not has_detail}
    due = {paper for paper, day, _ in listed if age_of(day, reference_day) in ages}
    return DetailPlan(first=sorted(first), refresh=sorted(due - first))


def details_to_fetch(
    con: duckdb.DuckDBPyConnection, days: list[str], reference_day: str, ages: tuple[int, ...]
) -> DetailPlan:
    return plan_details(con.execute(LISTED_SQL, {"days": days}).fetchall(), reference_day, ages)
