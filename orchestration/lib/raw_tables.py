"""The raw layer in DuckDB: table definitions and the one transaction that records an ingestion.

Landed files are the source of truth; these tables index them. One ingestion (one partition's fetch, all its
pages) is written in a single transaction, so a run killed midway leaves either all of it or none of it, and
writing the same ingestion twice replaces it instead of duplicating it.
"""

from collections.abc import Sequence
from dataclasses import dataclass

import duckdb

RAW_DDL = """
create schema if not exists raw;

create table if not exists raw.landing_manifest (
    fetch_id      varchar primary key,   -- one HTTP fetch (one page)
    ingestion_id  varchar not null,      -- all fetches of one partition in one materialisation
    source        varchar not null,      -- 'daily_papers' | 'papers_search'
    partition_key varchar not null,      -- 'YYYY-MM-DD' for daily_papers, the watchlist name for searches
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

# fmt: off
MANIFEST_COLUMNS = (
    "fetch_id", "ingestion_id", "source", "partition_key", "url", "params", "status_code", "fetched_at",
    "bytes", "sha256", "file_path", "item_count", "outcome", "error", "attempts", "run_id",
)
DAILY_COLUMNS = (
    "ingestion_id", "fetch_id", "listing_date", "item_index", "paper_id", "title", "fetched_at", "item",
)
SEARCH_COLUMNS = (
    "ingestion_id", "fetch_id", "watchlist", "query", "item_index", "paper_id", "title", "fetched_at", "item",
)
QUARANTINE_COLUMNS = (
    "ingestion_id", "fetch_id", "source", "partition_key", "file_path", "item_index", "reason", "payload",
    "quarantined_at",
)
# fmt: on
INSERT_CHUNK_ROWS = 200


@dataclass
class IngestionRows:
    """Everything one ingestion adds to the raw layer, as tuples in the column order above."""

    ingestion_id: str
    manifest: list[tuple]
    items: list[tuple]
    quarantine: list[tuple]
    items_table: str = "raw.hf_daily_papers"


def ensure_raw_schema(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(RAW_DDL)


def _insert(con: duckdb.DuckDBPyConnection, table: str, columns: Sequence[str], rows: list[tuple]) -> None:
    # One multi-row statement per chunk: several times faster than executemany, which prepares row by row.
    row_placeholder = f"({', '.join('?' for _ in columns)})"
    for start in range(0, len(rows), INSERT_CHUNK_ROWS):
        chunk = rows[start : start + INSERT_CHUNK_ROWS]
        values = ", ".join(row_placeholder for _ in chunk)
        con.execute(
            f"insert into {table} ({', '.join(columns)}) values {values}", [v for row in chunk for v in row]
        )


def write_ingestion(con: duckdb.DuckDBPyConnection, rows: IngestionRows) -> None:
    """Record one ingestion atomically; writing the same ingestion again replaces it."""
    item_columns = DAILY_COLUMNS if rows.items_table == "raw.hf_daily_papers" else SEARCH_COLUMNS
    con.execute("begin transaction")
    try:
        for table in ("raw.landing_manifest", rows.items_table, "raw.quarantine"):
            con.execute(f"delete from {table} where ingestion_id = ?", [rows.ingestion_id])
        _insert(con, "raw.landing_manifest", MANIFEST_COLUMNS, rows.manifest)
        _insert(con, rows.items_table, item_columns, rows.items)
        _insert(con, "raw.quarantine", QUARANTINE_COLUMNS, rows.quarantine)
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise
