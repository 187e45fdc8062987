"""A fetched listing as raw-layer rows: manifest, items and quarantine (pure: no I/O).

A listing with a page that failed or did not parse is not indexed at all: its manifest rows say why, one
quarantine row keeps the start of the refused payload, and its items wait for a rerun. An incomplete listing
would otherwise look like papers dropping out of the day.
"""

import datetime as dt
import json

from orchestration.lib.ingest import Listing, Page, error_prefix
from orchestration.lib.listings import Item, Refused
from orchestration.lib.raw_tables import IngestionRows


def _outcome(page: Page, failure: str | None) -> tuple[str, str | None]:
    if failure is not None:
        return "quarantined", page.error or f"listing not indexed: {failure}"
    return ("ok" if page.payload else "empty"), None


def manifest_row(listing: Listing, page: Page, ingestion_id: str, run_id: str) -> tuple:
    outcome, error = _outcome(page, listing.failure)
    landed = page.landed
    return (
        page.fetch_id,
        ingestion_id,
        listing.source,
        listing.partition_key,
        page.url,
        json.dumps(page.params),
        page.status_code,
        page.fetched_at,
        landed.bytes if landed else (len(page.body) or None),
        landed.sha256 if landed else None,
        landed.path if landed else None,
        len(page.payload) if page.payload is not None else None,
        outcome,
        error,
        page.attempts,
        run_id,
    )


def _item_row(listing: Listing, page: Page, index: int, item: Item, ingestion_id: str) -> tuple:
    if listing.source == "daily_papers":
        key: tuple = (dt.date.fromisoformat(listing.partition_key),)
    else:
        key = (listing.partition_key, listing.query)
    return (ingestion_id, page.fetch_id, *key, index, item.paper_id, item.title, page.fetched_at, item.json)


def _quarantine_row(
    listing: Listing, page: Page, index, reason: str, payload: str, ingestion_id: str
) -> tuple:
    path = page.landed.path if page.landed else None
    return (
        ingestion_id,
        page.fetch_id,
        listing.source,
        listing.partition_key,
        path,
        index,
        reason,
        payload,
        dt.datetime.now(dt.UTC),
    )


def listing_rows(listing: Listing, ingestion_id: str, run_id: str) -> IngestionRows:
    manifest = [manifest_row(listing, page, ingestion_id, run_id) for page in listing.pages]
    items_table = "raw.hf_daily_papers" if listing.source == "daily_papers" else "raw.hf_search_listings"
    if listing.failure is not None:
        failed = next(page for page in listing.pages if page.error)
        quarantine = [
            _quarantine_row(listing, failed, None, failed.error, error_prefix(failed), ingestion_id)
        ]
        return IngestionRows(ingestion_id, manifest, [], quarantine, items_table)
    items, quarantine = [], []
    for page_number, index, entry in listing.entries:
        page = listing.pages[page_number]
        if isinstance(entry, Refused):
            quarantine.append(_quarantine_row(listing, page, index, entry.reason, entry.json, ingestion_id))
        else:
            items.append(_item_row(listing, page, index, entry, ingestion_id))
    return IngestionRows(ingestion_id, manifest, items, quarantine, items_table)
