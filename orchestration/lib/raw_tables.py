"""The raw layer in DuckDB: table definitions and the one transaction that records an ingestion.

Landed files are the source of truth; these tables index them. One ingestion (one partition's fetch, all its
pages) is written in a single transaction, so a run killed midway leaves either all of it or none of it, and
writing the same ingestion twice replaces it instead of duplicating it. Rows arrive as polars frames, typed
by the schemas below, and are inserted through DuckDB's Arrow scan.
"""

from dataclasses import dataclass

import duckdb
import polars as pl

RAW_DDL = """
create schema if not exists raw;

create table if not exists raw.landing_manifest (
    fetch_id      varchar primary key,   -- one HTTP fetch (one page)
    ingestion_id  varchar not null,      -- all fetches of one partition in one materialisation
    source        varchar not null,      -- 'daily_papers' | 'papers_search' | 'paper_details'
    partition_key varchar not null,      -- 'YYYY-MM-DD' for daily_papers, the watchlist name for searches,
                                         -- the arXiv id for paper_details
    url           varchar not null,      -- without the query string
    params        json,
    status_code   integer,
    fetched_at    timestamptz not null,
    bytes         bigint,
    sha256        varchar,
    file_path     varchar,               -- landed gzip file (local path or s3:// URL)
    item_count    integer,               -- items the payload held (null when it did not parse)
    outcome       varchar not null,      -- 'ok' | 'empty' | 'quarantined'
    error         varchar,
    attempts      integer,               -- HTTP attempts including retries
    run_id        varchar
);

create table if not exists raw.hf_daily_papers (
    ingestion_id  varchar not null,
    fetch_id      varchar not null,
    listing_date  date not null,          -- the requested date (the partition)
    item_index    integer not null,       -- 0-based position in the day's listing, across pages
    paper_id      varchar not null,       -- paper.id, the arXiv id
    title         varchar,                -- paper.title as sent
    fetched_at    timestamptz not null,
    item          json not null,          -- the whole item, unknown fields included
    primary key (fetch_id, item_index)
);

create table if not exists raw.hf_search_listings (
    ingestion_id  varchar not null,
    fetch_id      varchar not null,
    watchlist     varchar not null,
    query         varchar not null,
    item_index    integer not null,
    paper_id      varchar not null,
    title         varchar,
    fetched_at    timestamptz not null,
    item          json not null,
    primary key (fetch_id, item_index)
);

create table if not exists raw.hf_paper_details (
    ingestion_id  varchar not null,
    fetch_id      varchar not null,       -- one GET /api/papers/{arxiv_id}; joins raw.landing_manifest
    paper_id      varchar not null,       -- the arXiv id asked for (the response's id, checked)
    fetched_at    timestamptz not null,
    item          json not null,          -- the whole response object (PaperInfo), unknown fields included
    primary key (fetch_id)
);

create table if not exists raw.quarantine (
    ingestion_id   varchar not null,
    fetch_id       varchar not null,
    source         varchar not null,
    partition_key  varchar not null,
    file_path      varchar,
    item_index     integer,               -- null when the whole payload was refused
    reason         varchar not null,
    payload        varchar,               -- the refused item's JSON, or the first KiB of a refused payload
    quarantined_at timestamptz not null
);
"""

TIMESTAMP = pl.Datetime("us", "UTC")
MANIFEST_SCHEMA = {
    "fetch_id": pl.String,
    "ingestion_id": pl.String,
    "source": pl.String,
    "partition_key": pl.String,
    "url": pl.String,
    "params": pl.String,
    "status_code": pl.Int32,
    "fetched_at": TIMESTAMP,
    "bytes": pl.Int64,
    "sha256": pl.String,
    "file_path": pl.String,
    "item_count": pl.Int32,
    "outcome": pl.String,
    "error": pl.String,
    "attempts": pl.Int32,
    "run_id": pl.String,
}
_ITEM_KEYS = {"ingestion_id": pl.String, "fetch_id": pl.String}
_ITEM_FIELDS = {"item_index": pl.Int32, "paper_id": pl.String, "title": pl.String, "fetched_at": TIMESTAMP}
DAILY_SCHEMA = _ITEM_KEYS | {"listing_date": pl.Date} | _ITEM_FIELDS | {"item": pl.String}
SEARCH_SCHEMA = _ITEM_KEYS | {"watchlist": pl.String, "query": pl.String} | _ITEM_FIELDS | {"item": pl.String}
DETAILS_SCHEMA = _ITEM_KEYS | {"paper_id": pl.String, "fetched_at": TIMESTAMP, "item": pl.String}
QUARANTINE_SCHEMA = {
    "ingestion_id": pl.String,
    "fetch_id": pl.String,
    "source": pl.String,
    "partition_key": pl.String,
    "file_path": pl.String,
    "item_index": pl.Int32,
    "reason": pl.String,
    "payload": pl.String,
    "quarantined_at": TIMESTAMP,
}
# The items table of each source, and the schema of its rows.
ITEM_TABLES = {
    "daily_papers": ("raw.hf_daily_papers", DAILY_SCHEMA),
    "papers_search": ("raw.hf_search_listings", SEARCH_SCHEMA),
    "paper_details": ("raw.hf_paper_details", DETAILS_SCHEMA),
}


def frame(rows: list[dict], schema: dict[str, pl.DataType]) -> pl.DataFrame:
    """Rows (dicts keyed by column) as a frame of exactly `schema`, empty or not."""
    return pl.DataFrame(rows, schema=schema)


@dataclass
class IngestionRows:
    """Everything one ingestion adds to the raw layer: frames of the schemas above."""

    ingestion_id: str
    manifest: pl.DataFrame
    items: pl.DataFrame
    quarantine: pl.DataFrame
    source: str = "daily_papers"


def ensure_raw_schema(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(RAW_DDL)


def _insert(con: duckdb.DuckDBPyConnection, table: str, rows: pl.DataFrame) -> None:
    if rows.is_empty():
        return
    columns = ", ".join(rows.columns)
    # Registered as Arrow, not as the polars frame: the scan is zero-copy and independent of polars' version.
    con.register("ingestion_rows", rows.to_arrow())
    try:
        con.execute(f"insert into {table} ({columns}) select {columns} from ingestion_rows")
    finally:
        con.unregister("ingestion_rows")


def write_ingestion(con: duckdb.DuckDBPyConnection, rows: IngestionRows) -> None:
    """Record one ingestion atomically; writing the same ingestion again replaces it."""
    write_ingestions(con, [rows])


def write_ingestions(con: duckdb.DuckDBPyConnection, batch: list[IngestionRows]) -> None:
    """Record several ingestions in one transaction (each all or nothing, as one alone would be)."""
    if not batch:
        return
    ids = [rows.ingestion_id for rows in batch]
    items_tables = {rows.source: ITEM_TABLES[rows.source][0] for rows in batch}
    con.execute("begin transaction")
    try:
        for table in ("raw.landing_manifest", *sorted(set(items_tables.values())), "raw.quarantine"):
            con.execute(f"delete from {table} where list_contains(?, ingestion_id)", [ids])
        _insert(con, "raw.landing_manifest", pl.concat([rows.manifest for rows in batch]))
        for source, table in items_tables.items():
            _insert(con, table, pl.concat([rows.items for rows in batch if rows.source == source]))
        _insert(con, "raw.quarantine", pl.concat([rows.quarantine for rows in batch]))
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise
