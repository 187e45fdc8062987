"""A fetched listing as raw-layer rows: manifest, items and quarantine, as polars frames (pure: no I/O).

A listing with a page that failed or did not parse is not indexed at all: its manifest rows say why, one
quarantine row keeps the start of the refused payload, and its items wait for a rerun. An incomplete listing
would otherwise look like papers dropping out of the day. A paper detail is a listing of one page.
"""

import datetime as dt
import json

from orchestration.lib.ingest import Listing, Page, error_prefix
from orchestration.lib.listings import Item, Refused
from orchestration.lib.raw_tables import (
    ITEM_TABLES,
    MANIFEST_SCHEMA,
    QUARANTINE_SCHEMA,
    IngestionRows,
    frame,
)


def _outcome(page: Page, failure: str | None) -> tuple[str, str | None]:
    if failure is not None:
        return "quarantined", page.error or f"listing not indexed: {failure}"
    return ("ok" if page.payload else "empty"), None


def manifest_row(listing: Listing, page: Page, ingestion_id: str, run_id: str) -> dict:
    outcome, error = _outcome(page, listing.failure)
    landed = page.landed
    return {
        "fetch_id": page.fetch_id,
        "ingestion_id": ingestion_id,
        "source": listing.source,
        "partition_key": listing.partition_key,
        "url": page.url,
        "params": json.dumps(page.params),
        "status_code": page.status_code,
        "fetched_at": page.fetched_at,
        "bytes": landed.bytes if landed else (len(page.body) or None),
        "sha256": landed.sha256 if landed else None,
        "file_path": landed.path if landed else None,
        "item_count": len(page.payload) if page.payload is not None else None,
        "outcome": outcome,
        "error": error,
        "attempts": page.attempts,
        "run_id": run_id,
    }


def _partition_columns(listing: Listing) -> dict:
    """What an item row says about its partition, by source."""
    if listing.source == "daily_papers":
        return {"listing_date": dt.date.fromisoformat(listing.partition_key)}
    if listing.source == "papers_search":
        return {"watchlist": listing.partition_key, "query": listing.query}
    return {}


def _item_row(listing: Listing, page: Page, index: int, item: Item, ingestion_id: str) -> dict:
    row = {"ingestion_id": ingestion_id, "fetch_id": page.fetch_id, **_partition_columns(listing)}
    if listing.source != "paper_details":
        row |= {"item_index": index, "title": item.title}
    return row | {"paper_id": item.paper_id, "fetched_at": page.fetched_at, "item": item.json}


def _quarantine_row(
    listing: Listing, page: Page, index: int | None, reason: str, payload: str, ingestion_id: str
) -> dict:
    return {
        "ingestion_id": ingestion_id,
        "fetch_id": page.fetch_id,
        "source": listing.source,
        "partition_key": listing.partition_key,
        "file_path": page.landed.path if page.landed else None,
        "item_index": index,
        "reason": reason,
        "payload": payload,
        "quarantined_at": dt.datetime.now(dt.UTC),
    }


def listing_rows(listing: Listing, ingestion_id: str, run_id: str) -> IngestionRows:
    manifest = [manifest_row(listing, page, ingestion_id, run_id) for page in listing.pages]
    items, quarantine = [], []
    if listing.failure is not None:
        failed = next(page for page in listing.pages if page.error)
        quarantine.append(
            _quarantine_row(listing, failed, None, failed.error, error_prefix(failed), ingestion_id)
        )
    else:
        for page_number, index, entry in listing.entries:
            page = listing.pages[page_number]
            if isinstance(entry, Refused):
                quarantine.append(
                    _quarantine_row(listing, page, index, entry.reason, entry.json, ingestion_id)
                )
            else:
                items.append(_item_row(listing, page, index, entry, ingestion_id))
    _, items_schema = ITEM_TABLES[listing.source]
    return IngestionRows(
        ingestion_id,
        frame(manifest, MANIFEST_SCHEMA),
        frame(items, items_schema),
        frame(quarantine, QUARANTINE_SCHEMA),
        listing.source,
    )
