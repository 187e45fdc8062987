"""Fill the raw tables from recorded responses, as the ingestion assets would (test support only).

Same rules as the ingestion path: one ingestion per listing day, watchlist or paper detail, written with
`raw_tables.write_ingestion`; recordings roots given later are appended to earlier ones day by day.

    load_sample_raw(path)                          # every listing day and watchlist search
    load_sample_details(path)                      # every arranged paper detail, as recorded
    load_sample_details(path, ["2508.07999"], fetched_at=later, now="2025-08-16")
                                                   # a later snapshot, grown as the replay server with its
                                                   # clock at 2025-08-16 serves it
    load_details(con, "2508.00001", {"id": "2508.00001", ...}, fetched_at)   # any one response
"""

import datetime as dt
import json
import urllib.parse
import uuid
from collections.abc import Iterable
from pathlib import Path

import duckdb

from orchestration.lib.raw_tables import (
    ITEM_TABLES,
    MANIFEST_SCHEMA,
    QUARANTINE_SCHEMA,
    IngestionRows,
    ensure_raw_schema,
    frame,
    write_ingestions,
)
from orchestration.lib.replay_clock import age, grow_detail
from orchestration.lib.replay_recordings import latest_listing_dates
from orchestration.lib.settings import SAMPLE_DIR
from orchestration.lib.watchlists import DEFAULT_WATCHLISTS, load_watchlists

SAMPLE_ROOTS = (SAMPLE_DIR / "hf_recorded", SAMPLE_DIR / "arranged")
DETAILS_DIR = SAMPLE_DIR / "arranged" / "paper_details"
URLS = {
    "daily_papers": "http://127.0.0.1/api/daily_papers",
    "papers_search": "http://127.0.0.1/api/papers/search",
    "paper_details": "http://127.0.0.1/api/papers",
}


def recorded_days(roots: Iterable[Path] = SAMPLE_ROOTS) -> dict[str, list[dict]]:
    days: dict[str, list[dict]] = {}
    for root in roots:
        for path in sorted((root / "daily_papers").glob("*.json")):
            days.setdefault(path.stem, []).extend(json.loads(path.read_text()))
    return dict(sorted(days.items()))


def recorded_searches(roots: Iterable[Path] = SAMPLE_ROOTS) -> dict[str, tuple[str, list[dict]]]:
    searches: dict[str, tuple[str, list[dict]]] = {}
    for name, query in load_watchlists(DEFAULT_WATCHLISTS).items():
        for root in roots:
            path = root / "papers_search" / f"q={urllib.parse.quote_plus(query)}.json"
            if path.exists():
                searches[name] = (query, json.loads(path.read_text()))
    return searches


def _write(
    con: duckdb.DuckDBPyConnection, source: str, key: str, params: dict, fetched_at: dt.datetime, rows: list
) -> None:
    write_ingestions(con, [_ingestion(source, key, params, fetched_at, rows)])


def _ingestion(source: str, key: str, params: dict, fetched_at: dt.datetime, rows: list) -> IngestionRows:
    """One ingestion of one fetch: its manifest row and its item rows (ids filled in here)."""
    ingestion_id, fetch_id = str(uuid.uuid4()), str(uuid.uuid4())
    manifest = {
        "fetch_id": fetch_id,
        "ingestion_id": ingestion_id,
        "source": source,
        "partition_key": key,
        "url": URLS[source] + (f"/{key}" if source == "paper_details" else ""),
        "params": json.dumps(params),
        "status_code": 200,
        "fetched_at": fetched_at,
        "item_count": len(rows),
        "outcome": "ok" if rows else "empty",
        "attempts": 1,
        "run_id": "test",
    }
    items = [{"ingestion_id": ingestion_id, "fetch_id": fetch_id, "fetched_at": fetched_at} | r for r in rows]
    _, schema = ITEM_TABLES[source]
    return IngestionRows(
        ingestion_id,
        frame([manifest], MANIFEST_SCHEMA),
        frame(items, schema),
        frame([], QUARANTINE_SCHEMA),
        source,
    )


def _listing_rows(items: list[dict], partition: dict) -> list[dict]:
    return [
        partition
        | {
            "item_index": index,
            "paper_id": item["paper"]["id"],
            "title": item["paper"].get("title"),
            "item": json.dumps(item),
        }
        for index, item in enumerate(items)
    ]


def load_day(con: duckdb.DuckDBPyConnection, day: str, items: list[dict], fetched_at: dt.datetime) -> None:
    rows = _listing_rows(items, {"listing_date": dt.date.fromisoformat(day)})
    _write(con, "daily_papers", day, {"date": day}, fetched_at, rows)


def load_search(
    con: duckdb.DuckDBPyConnection, name: str, query: str, items: list[dict], fetched_at: dt.datetime
) -> None:
    rows = _listing_rows(items, {"watchlist": name, "query": query})
    _write(con, "papers_search", name, {"q": query}, fetched_at, rows)


def recorded_details(folder: Path = DETAILS_DIR) -> dict[str, dict]:
    """The arranged paper details: arXiv id -> the answer of GET /api/papers/{id} (sample_data/README.md)."""
    return {path.stem: json.loads(path.read_text()) for path in sorted(folder.glob("*.json"))}


def load_details(con: duckdb.DuckDBPyConnection, paper_id: str, item: dict, fetched_at: dt.datetime) -> None:
    """One GET /api/papers/{paper_id} response (a PaperInfo object, any shape) recorded as the details asset
    records it: its own ingestion, a manifest row with source 'paper_details', a raw.hf_paper_details row."""
    ensure_raw_schema(con)
    write_ingestions(con, [_detail_ingestion(paper_id, item, fetched_at)])


def _detail_ingestion(paper_id: str, item: dict, fetched_at: dt.datetime) -> IngestionRows:
    rows = [{"paper_id": paper_id, "item": json.dumps(item)}]
    return _ingestion("paper_details", paper_id, {}, fetched_at, rows)


def load_sample_details(
    path: Path,
    papers: Iterable[str] | None = None,
    fetched_at: dt.datetime | None = None,
    now: str | dt.date | None = None,
) -> None:
    """Write the arranged details of `papers` (all when None) into the raw tables, one fetch each at
    `fetched_at`. With `now`, each is grown as the replay server with its clock at `now` serves it (its
    counts and linked repos `now - latest listing date` days after the recording); without, as recorded."""
    fetched_at = fetched_at or dt.datetime.now(dt.UTC)
    details = recorded_details()
    listed = latest_listing_dates(list(SAMPLE_ROOTS)) if now is not None else {}
    day = dt.date.fromisoformat(now) if isinstance(now, str) else now
    batch = []
    for paper_id in details if papers is None else papers:
        detail = details[paper_id]
        if day is not None and paper_id in listed:
            detail = grow_detail(detail, age(listed[paper_id], day))
        batch.append(_detail_ingestion(paper_id, detail, fetched_at))
    with duckdb.connect(str(path)) as con:
        ensure_raw_schema(con)
        write_ingestions(con, batch)


def load_sample_raw(
    path: Path,
    days: Iterable[str] | None = None,
    searches: bool = True,
    fetched_at: dt.datetime | None = None,
) -> None:
    """Write the sample's listing days (all, or only `days`) and watchlist searches into raw tables."""
    fetched_at = fetched_at or dt.datetime.now(dt.UTC)
    recorded = recorded_days()
    wanted = recorded.keys() if days is None else days
    with duckdb.connect(str(path)) as con:
        ensure_raw_schema(con)
        for day in wanted:
            load_day(con, day, recorded[day], fetched_at)
        if searches:
            for name, (query, items) in recorded_searches().items():
                load_search(con, name, query, items, fetched_at)


def refetched(items: list[dict], extra_upvotes: int) -> list[dict]:
    """The same listing fetched again later: upvotes keep moving for days."""
    items = json.loads(json.dumps(items))
    for item in items:
        item["paper"]["upvotes"] = item["paper"].get("upvotes", 0) + extra_upvotes
    return items
