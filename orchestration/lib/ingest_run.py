"""One materialisation: many listings fetched concurrently, each recorded atomically as it completes.

Each partition is written as soon as all its pages have landed, so a run stopped midway keeps every partition
it finished, and a rerun only adds newer fetches next to them. The partitions that complete while the writer
is busy are written together in its next transaction: a commit costs more than the rows of a day or a paper
detail, and a backfill completes them by the hundred.
"""

import asyncio
import time
import uuid
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import duckdb

from orchestration.lib.hf_client import ClientSettings, HFClient
from orchestration.lib.ingest import Listing, fetch_daily_listing, fetch_paper_detail, fetch_search_listing
from orchestration.lib.ingestion_rows import listing_rows
from orchestration.lib.landing import LandingZone
from orchestration.lib.raw_tables import IngestionRows, write_ingestions

Progress = Callable[[str], None]
FAILURES_NAMED = 5
# Progress every twentieth of a run's days or papers, and every one that did not land: a backfill of two
# years is 750 days, and each line is an event Dagster stores (one SQLite write each).
PROGRESS_LINES = 20

NEW_PAPERS_SQL = """
with this_run as (
    select paper_id from raw.hf_daily_papers where list_contains($ids, ingestion_id)
    union select paper_id from raw.hf_search_listings where list_contains($ids, ingestion_id)
), before as (
    select paper_id from raw.hf_daily_papers where not list_contains($ids, ingestion_id)
    union select paper_id from raw.hf_search_listings where not list_contains($ids, ingestion_id)
)
select count(*) from (select paper_id from this_run except select paper_id from before)
"""


@dataclass
class Summary:
    partitions: list[str] = field(default_factory=list)
    ingestion_ids: list[str] = field(default_factory=list)
    items: int = 0
    new_papers: int = 0
    quarantined_items: int = 0
    quarantined_payloads: int = 0
    failed_fetches: int = 0
    failures: dict[str, str] = field(default_factory=dict)
    landed_files: int = 0
    bytes_fetched: int = 0
    http_requests: int = 0
    http_retries: int = 0
    duration_s: float = 0.0

    def failure_line(self) -> str | None:
        """One line naming the partitions that could not be indexed, and why."""
        if not self.failures:
            return None
        failed = sorted(self.failures.items())
        details = "; ".join(f"{key}: {reason}" for key, reason in failed[:FAILURES_NAMED])
        more = f"; and {len(failed) - FAILURES_NAMED} more" if len(failed) > FAILURES_NAMED else ""
        return f"{len(failed)} of {len(self.partitions)} partition(s) not indexed: {details}{more}"


def _note(listing: Listing, items: int) -> str:
    """How one partition went, for the progress line."""
    if listing.failure is not None:
        return f"not indexed ({listing.failure})"
    if listing.source == "paper_details":
        return "detail landed"
    parts = [f"{items} items" if items else "empty"]
    if listing.refused:
        parts.append(f"{listing.refused} quarantined")
    if listing.duplicates:
        parts.append(f"{listing.duplicates} repeated across pages")
    if len(listing.pages) > 1:
        parts.append(f"{len(listing.pages)} pages")
    return ", ".join(parts)


def _record(
    con: duckdb.DuckDBPyConnection, listings: list[Listing], run_id: str, summary: Summary
) -> list[str]:
    """Write the listings in one transaction; the progress note of each."""
    rows = [listing_rows(listing, str(uuid.uuid4()), run_id) for listing in listings]
    write_ingestions(con, rows)
    return [_count(listing, written, summary) for listing, written in zip(listings, rows, strict=True)]


def _count(listing: Listing, rows: IngestionRows, summary: Summary) -> str:
    """Adds a written listing to the run's summary; its progress note."""
    summary.ingestion_ids.append(rows.ingestion_id)
    summary.items += len(rows.items)
    summary.landed_files += sum(1 for page in listing.pages if page.landed)
    if listing.failure is None:
        summary.quarantined_items += listing.refused
    else:
        summary.failures[listing.partition_key] = listing.failure
        failed_page = next(page for page in listing.pages if page.error)
        if failed_page.landed:
            summary.quarantined_payloads += 1
        else:
            summary.failed_fetches += 1
    return _note(listing, len(rows.items))


async def _run(
    keys: list[str],
    fetch: Callable[[HFClient, str], Awaitable[Listing]],
    settings: ClientSettings,
    con: duckdb.DuckDBPyConnection,
    run_id: str,
    progress: Progress,
    noun: str,
) -> Summary:
    summary = Summary(partitions=list(keys))
    every = max(1, len(keys) // PROGRESS_LINES)
    started = time.monotonic()
    loop = asyncio.get_running_loop()
    pending: list[Listing] = []

    async def drain() -> None:
        """Write what has completed, in batches, until nothing is waiting."""
        nonlocal pending
        while pending:
            batch, pending = pending, []
            notes = await loop.run_in_executor(writer, _record, con, batch, run_id, summary)
            recorded_before = len(summary.ingestion_ids) - len(batch)
            for done, (listing, note) in enumerate(zip(batch, notes, strict=True), start=recorded_before + 1):
                if listing.failure is not None or done % every == 0 or done == len(keys):
                    progress(f"{done}/{len(keys)} {noun}: {listing.partition_key} {note}")

    # One writer thread: the connection is used by one thread at a time, and the loop keeps requests going.
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="duckdb-writer") as writer:
        async with HFClient(settings) as client:
            tasks = [asyncio.create_task(fetch(client, key)) for key in keys]
            writing: asyncio.Task | None = None
            try:
                for task in asyncio.as_completed(tasks):
                    listing = await task  # not `pending.append(await task)`: drain() swaps the list meanwhile
                    pending.append(listing)
                    if writing is None or writing.done():
                        if writing is not None:
                            writing.result()  # a failed write stops the run here
                        writing = asyncio.create_task(drain())
                if writing is not None:
                    await writing
            finally:
                for task in [*tasks, *([writing] if writing else [])]:
                    task.cancel()
        summary.http_requests = client.stats.requests
        summary.http_retries = client.stats.retries
        summary.bytes_fetched = client.stats.bytes
    summary.new_papers = count_new_papers(con, summary.ingestion_ids)
    summary.duration_s = round(time.monotonic() - started, 3)
    return summary


def count_new_papers(con: duckdb.DuckDBPyConnection, ingestion_ids: list[str]) -> int:
    """Papers of these ingestions that no other ingestion in the raw layer holds."""
    if not ingestion_ids:
        return 0
    return con.execute(NEW_PAPERS_SQL, {"ids": ingestion_ids}).fetchone()[0]


def ingest_days(
    dates: list[str],
    settings: ClientSettings,
    zone: LandingZone,
    con: duckdb.DuckDBPyConnection,
    run_id: str,
    progress: Progress = print,
) -> Summary:
    """Fetch, land and record the daily listings of `dates`, days fetched concurrently."""

    async def fetch(client: HFClient, date: str) -> Listing:
        return await fetch_daily_listing(client, zone, date)

    return asyncio.run(_run(list(dates), fetch, settings, con, run_id, progress, "days"))


def ingest_watchlists(
    watchlists: dict[str, str],
    settings: ClientSettings,
    zone: LandingZone,
    con: duckdb.DuckDBPyConnection,
    run_id: str,
    progress: Progress = print,
) -> Summary:
    """Fetch, land and record the search listing of each watchlist (name -> query)."""

    async def fetch(client: HFClient, name: str) -> Listing:
        return await fetch_search_listing(client, zone, name, watchlists[name])

    return asyncio.run(_run(list(watchlists), fetch, settings, con, run_id, progress, "watchlists"))


def ingest_details(
    paper_ids: list[str],
    settings: ClientSettings,
    zone: LandingZone,
    con: duckdb.DuckDBPyConnection,
    run_id: str,
    progress: Progress = print,
) -> Summary:
    """Fetch, land and record the detail of each paper (GET /api/papers/{id}), one ingestion per paper."""

    async def fetch(client: HFClient, paper_id: str) -> Listing:
        return await fetch_paper_detail(client, zone, paper_id)

    return asyncio.run(_run(list(paper_ids), fetch, settings, con, run_id, progress, "papers"))
