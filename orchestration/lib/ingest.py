"""Fetch one listing (every page of it), landing each body before anything reads it.

A listing is one partition: a day of Daily Papers, one watchlist's search, or one paper's detail (a listing
of one page holding one item). Pages are fetched in order until an empty page or a page that adds no new
paper; a short page is not the end, because a server may cap its pages below the `limit` asked for. A paper
already seen on an earlier page is skipped, because the listing can shift while we page through it.
"""

import asyncio
import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import quote

from orchestration.lib.hf_client import (
    DAILY_PATH,
    PAPERS_PATH,
    SEARCH_PATH,
    FetchError,
    HFClient,
    daily_params,
    search_params,
)
from orchestration.lib.landing import LandedFile, LandingZone, daily_folder, details_folder, search_folder
from orchestration.lib.listings import (
    Item,
    PayloadError,
    Refused,
    detail_reader,
    parse_payload,
    payload_prefix,
    read_listing,
)

# Reads a landed body into items; raises PayloadError when the body is not what the endpoint answers.
Reader = Callable[[bytes], list[Item | Refused]]

# A day of a thousand items at one item a page; a listing still going after that is refused, not cut short.
MAX_PAGES = 1000


@dataclass
class Page:
    fetch_id: str
    url: str
    params: dict[str, str]
    status_code: int | None
    fetched_at: dt.datetime
    attempts: int
    landed: LandedFile | None
    body: bytes
    payload: list | None = None
    error: str | None = None


@dataclass
class Listing:
    source: str
    partition_key: str
    query: str | None = None
    pages: list[Page] = field(default_factory=list)
    # (page number, global position, item or refusal), duplicates across pages already dropped
    entries: list[tuple[int, int, Item | Refused]] = field(default_factory=list)
    duplicates: int = 0

    @property
    def refused(self) -> int:
        return sum(1 for _, _, entry in self.entries if isinstance(entry, Refused))

    @property
    def failure(self) -> str | None:
        """Why the listing cannot be indexed (the first page that failed), or None."""
        return next((page.error for page in self.pages if page.error), None)


def _land_and_parse(zone: LandingZone, folder: str, page: Page, read: Reader) -> Page:
    """Blocking work of a fetched page (gzip, fsync, JSON), run in a worker thread off the event loop."""
    page.landed = zone.land(folder, page.body, page.fetched_at)
    try:
        page.payload = read(page.body)
    except PayloadError as error:
        page.error = str(error) if page.attempts <= 1 else f"{error} after {page.attempts} attempts"
    return page


async def fetch_page(
    client: HFClient,
    zone: LandingZone,
    folder: str,
    path: str,
    params: dict,
    read: Reader = read_listing,
    validate: Callable[[bytes], object] = parse_payload,
) -> Page:
    """One HTTP fetch: retried by the client (a 2xx body `validate` refuses too), landed if the server
    answered 2xx, then read. `validate` is the cheap part of `read`: the client runs it on the event loop."""
    fetch_id = str(uuid.uuid4())
    url = f"{client.settings.base_url}{path}"
    try:
        response = await client.get(path, params, validate=validate)
    except FetchError as error:
        return Page(
            fetch_id=fetch_id,
            url=url,
            params=params,
            status_code=error.status_code,
            fetched_at=dt.datetime.now(dt.UTC),
            attempts=error.attempts,
            landed=None,
            body=error.body,
            error=str(error),
        )
    page = Page(
        fetch_id=fetch_id,
        url=url,
        params=params,
        status_code=response.status_code,
        fetched_at=response.fetched_at,
        attempts=response.attempts,
        landed=None,
        body=response.body,
    )
    return await asyncio.to_thread(_land_and_parse, zone, folder, page, read)


def _seen_key(entry: Item | Refused) -> str:
    # A refused item has no id to know it by, but its JSON does: a page repeating only those ends paging too.
    return entry.paper_id if isinstance(entry, Item) else f"refused:{entry.json}"


def _add_page(listing: Listing, page: Page, seen: set[str]) -> int:
    """Adds a page's entries; returns how many it brought that no earlier page held."""
    page_number = len(listing.pages)
    listing.pages.append(page)
    new = 0
    for entry in page.payload or []:
        key = _seen_key(entry)
        if key not in seen:
            seen.add(key)
            new += 1
        elif isinstance(entry, Item):
            listing.duplicates += 1
            continue
        listing.entries.append((page_number, len(listing.entries), entry))
    return new


async def fetch_daily_listing(client: HFClient, zone: LandingZone, date: str) -> Listing:
    listing = Listing(source="daily_papers", partition_key=date)
    seen: set[str] = set()
    size = client.settings.page_size
    for page_number in range(MAX_PAGES):
        params = daily_params(date, page_number, size)
        page = await fetch_page(client, zone, daily_folder(date), DAILY_PATH, params)
        # An empty page ends the listing; a server that ignores `p` repeats its first page forever, so a
        # page that adds no new paper ends it too.
        if _add_page(listing, page, seen) == 0:
            break
    else:
        listing.pages[-1].error = f"listing still going after {MAX_PAGES} pages"
    return listing


async def fetch_search_listing(client: HFClient, zone: LandingZone, watchlist: str, query: str) -> Listing:
    listing = Listing(source="papers_search", partition_key=watchlist, query=query)
    page = await fetch_page(client, zone, search_folder(watchlist), SEARCH_PATH, search_params(query))
    _add_page(listing, page, set())
    return listing


async def fetch_paper_detail(client: HFClient, zone: LandingZone, paper_id: str) -> Listing:
    """GET /api/papers/{paper_id}: one page, one item (the whole response object)."""
    listing = Listing(source="paper_details", partition_key=paper_id)
    path = f"{PAPERS_PATH}/{quote(paper_id, safe='')}"
    read = detail_reader(paper_id)
    page = await fetch_page(client, zone, details_folder(paper_id), path, {}, read, validate=read)
    _add_page(listing, page, set())
    return listing


def error_prefix(page: Page) -> str:
    return payload_prefix(page.body) if page.body else ""
