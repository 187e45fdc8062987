"""Whether every partition landed: a day or watchlist whose latest fetch was quarantined fails the run.

Not blocking: dbt, GX and publishing still run on what landed, so one bad day does not hold back the
others. The check names what is missing and then fails its step, so the run ends FAILED and is alerted on;
the next run of the raw asset refetches what is missing, whatever its window, until it lands.
"""

from collections.abc import Iterator

import dagster as dg

from orchestration.defs.common.resources import WarehouseResource
from orchestration.defs.ingestion.assets import hf_daily_papers, hf_search_listings
from orchestration.lib.raw_status import DAILY_SOURCE, SEARCH_SOURCE, unlanded
from orchestration.lib.watchlists import load_watchlists, watchlists_path

NAMED = 5


def unlanded_line(noun: str, missing: dict[str, str]) -> str | None:
    """One line naming what is not landed and why; None when everything is."""
    if not missing:
        return None
    named = "; ".join(f"{key}: {reason}" for key, reason in list(missing.items())[:NAMED])
    more = f"; and {len(missing) - NAMED} more" if len(missing) > NAMED else ""
    return f"{len(missing)} {noun}(s) not landed, refetched by every run until they land: {named}{more}"


def landed_result(noun: str, missing: dict[str, str]) -> dg.AssetCheckResult:
    return dg.AssetCheckResult(
        passed=not missing,
        severity=dg.AssetCheckSeverity.ERROR,
        description=unlanded_line(noun, missing),
        metadata={"not_landed": dg.MetadataValue.json(missing)},
    )


def _fail_after(result: dg.AssetCheckResult) -> Iterator[dg.AssetCheckResult]:
    yield result
    if not result.passed:
        # The check is not blocking, so this stops nothing downstream: it only makes the run report failure.
        raise dg.Failure(description=result.description)


@dg.asset_check(
    asset=hf_daily_papers,
    description="Every day's latest fetch landed and was indexed (none left quarantined).",
    blocking=False,
)
def every_day_landed(
    context: dg.AssetCheckExecutionContext, warehouse: WarehouseResource
) -> Iterator[dg.AssetCheckResult]:
    with warehouse.connect() as con:
        missing = unlanded(con, DAILY_SOURCE)
    yield from _fail_after(landed_result("day", missing))


@dg.asset_check(
    asset=hf_search_listings,
    description="Every watchlist's latest search landed and was indexed (none left quarantined).",
    blocking=False,
)
def every_watchlist_landed(
    context: dg.AssetCheckExecutionContext, warehouse: WarehouseResource
) -> Iterator[dg.AssetCheckResult]:
    current = set(load_watchlists(watchlists_path()))
    with warehouse.connect() as con:
        missing = {name: why for name, why in unlanded(con, SEARCH_SOURCE).items() if name in current}
    yield from _fail_after(landed_result("watchlist", missing))
