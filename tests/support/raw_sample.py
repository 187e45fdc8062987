"""Fill the raw tables from recorded responses, as the ingestion assets would (test support only).

Same rules as the ingestion path: one ingestion per listing day or watchlist, written with
`raw_tables.write_ingestion`; recordings roots given later are appended to earlier ones day by day.
"""

import datetime as dt
import json
import urllib.parse
import uuid
from collections.abc import Iterable
from pathlib import Path

import duckdb

from orchestration.lib.raw_tables import IngestionRows, ensure_raw_schema, write_ingestion
from orchestration.lib.settings import SAMPLE_DIR
from orchestration.lib.watchlists import DEFAULT_WATCHLISTS, load_watchlists

SAMPLE_ROOTS = (SAMPLE_DIR / "hf_recorded", SAMPLE_DIR / "arranged")


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


def _manifest(fetch_id, ingestion_id, source, key, params, fetched_at, items) -> tuple:
    url = (
        "http://127.0.0.1/api/daily_papers"
        if source == "daily_papers"
        else "http://127.0.0.1/api/papers/search"
    )
    outcome = "ok" if items else "empty"
    return (
        fetch_id,
        ingestion_id,
        source,
        key,
        url,
        json.dumps(params),
        200,
        fetched_at,
        None,
        None,
        None,
        len(items),
        outcome,
        None,
        1,
        "test",
    )


def load_day(con: duckdb.DuckDBPyConnection, day: str, items: list[dict], fetched_at: dt.datetime) -> None:
    ingestion_id, fetch_id = str(uuid.uuid4()), str(uuid.uuid4())
    manifest = [_manifest(fetch_id, ingestion_id, "daily_papers", day, {"date": day}, fetched_at, items)]
    rows = [
        (
            ingestion_id,
            fetch_id,
            dt.date.fromisoformat(day),
            index,
            item["paper"]["id"],
            item["paper"].get("title"),
            fetched_at,
            json.dumps(item),
        )
        for index, item in enumerate(items)
    ]
    write_ingestion(con, IngestionRows(ingestion_id, manifest, rows, []))


def load_search(
    con: duckdb.DuckDBPyConnection, name: str, query: str, items: list[dict], fetched_at: dt.datetime
) -> None:
    ingestion_id, fetch_id = str(uuid.uuid4()), str(uuid.uuid4())
    manifest = [_manifest(fetch_id, ingestion_id, "papers_search", name, {"q": query}, fetched_at, items)]
    rows = [
        (
            ingestion_id,
            fetch_id,
            name,
            query,
            index,
            item["paper"]["id"],
            item["paper"].get("title"),
            fetched_at,
            json.dumps(item),
        )
        for index, item in enumerate(items)
    ]
    write_ingestion(
        con, IngestionRows(ingestion_id, manifest, rows, [], items_table="raw.hf_search_listings")
    )


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


# The contract of raw.hf_paper_details: the detail ingestion creates it; tests that load details do too.
PAPER_DETAILS_DDL = """
create table if not exists raw.hf_paper_details (
    ingestion_id varchar, fetch_id varchar primary key, paper_id varchar, fetched_at timestamptz, item json
)
"""


def load_details(con: duckdb.DuckDBPyConnection, paper_id: str, item: dict, fetched_at: dt.datetime) -> None:
    """One GET /api/papers/{paper_id} response (a PaperInfo object) as the detail ingestion lands it."""
    con.execute("create schema if not exists raw")
    con.execute(PAPER_DETAILS_DDL)
    con.execute(
        "insert into raw.hf_paper_details values (?, ?, ?, ?, ?)",
        [str(uuid.uuid4()), str(uuid.uuid4()), paper_id, fetched_at, json.dumps(item)],
    )
