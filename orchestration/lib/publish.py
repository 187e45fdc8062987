"""The read-only copy of the warehouse that readers open, swapped in atomically.

DuckDB lets one process write a database file, and a reader holding the live file would block the pipeline.
So readers never open the live file: after each build we copy the public schemas into a new file under a
temporary name, make it durable, and rename it over the published one. On POSIX a rename is atomic and a
reader that already has the old file open keeps reading the old, complete file until it reconnects.
"""

import datetime as dt
import os
import uuid
from dataclasses import dataclass
from pathlib import Path

import duckdb

PUBLISHED_NAME = "warehouse.duckdb"
PUBLISHED_SCHEMAS = ("marts", "audit")
SNAPSHOT_TABLE = "audit.snapshot_tables"
SNAPSHOT_INFO = "audit.snapshot_info"
SOURCE_ALIAS = "live"
# A copy left by a killed publication; younger ones may belong to a publication still running in another run.
STALE_AFTER_S = 3600


@dataclass(frozen=True)
class Snapshot:
    """What one publication wrote: the file, when, and the row count of every copied table."""

    path: Path
    published_at: dt.datetime
    row_counts: dict[str, int]
    bytes: int


def source_tables(con: duckdb.DuckDBPyConnection, schemas: tuple[str, ...]) -> list[tuple[str, str]]:
    """(schema, table) of every table and view of the attached live warehouse in `schemas`."""
    return con.execute(
        "select table_schema, table_name from information_schema.tables "
        "where table_catalog = ? and list_contains(?, table_schema) "
        "order by table_schema, table_name",
        [SOURCE_ALIAS, list(schemas)],
    ).fetchall()


def copy_tables(con: duckdb.DuckDBPyConnection, tables: list[tuple[str, str]]) -> dict[str, int]:
    """Materialise each live table (views too, so the copy stands alone) and return its row count."""
    counts: dict[str, int] = {}
    for schema, table in tables:
        key = f"{schema}.{table}"
        con.execute(f'create schema if not exists "{schema}"')
        con.execute(f"create table {quoted(key)} as select * from {SOURCE_ALIAS}.{quoted(key)}")
        counts[key] = con.execute(f"select count(*) from {quoted(key)}").fetchone()[0]
    return counts


def write_manifest(
    con: duckdb.DuckDBPyConnection, counts: dict[str, int], published_at: dt.datetime, run_id: str
) -> None:
    """Record what this copy holds, so a reader can tell which publication it sees and check it is whole."""
    con.execute("create schema if not exists audit")
    con.execute(f"create table {SNAPSHOT_INFO} (published_at timestamptz, run_id varchar, tables integer)")
    con.execute(f"insert into {SNAPSHOT_INFO} values (?, ?, ?)", [published_at, run_id, len(counts)])
    con.execute(f"create table {SNAPSHOT_TABLE} (table_name varchar primary key, row_count bigint)")
    if counts:
        con.executemany(f"insert into {SNAPSHOT_TABLE} values (?, ?)", list(counts.items()))


def quoted(table: str) -> str:
    """'schema.table' as a quoted identifier."""
    return ".".join(f'"{part}"' for part in table.split(".", 1))


def sql_string(text: str) -> str:
    return text.replace("'", "''")


def fsync_path(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def build_copy(source: str, target: Path, published_at: dt.datetime, run_id: str) -> dict[str, int]:
    """Write the public schemas of `source` into the new file `target`, checkpointed, with its manifest."""
    con = duckdb.connect(str(target))
    try:
        con.execute(f"attach '{sql_string(source)}' as {SOURCE_ALIAS} (read_only)")
        counts = copy_tables(con, source_tables(con, PUBLISHED_SCHEMAS))
        con.execute(f"detach {SOURCE_ALIAS}")
        write_manifest(con, counts, published_at, run_id)
        con.execute("checkpoint")
    finally:
        con.close()
    return counts


class IncompleteCopy(RuntimeError):
    """The new copy does not hold what was copied into it; it is not published."""


def verify_copy(target: Path, counts: dict[str, int]) -> None:
    """Open the closed copy as a reader will and check it holds its manifest and every counted row.

    A write-ahead log left beside a closed copy means some of its data is not in the file: renaming the file
    alone would publish a copy without it, so that is refused too."""
    wal = target.with_name(target.name + ".wal")
    if wal.exists():
        raise IncompleteCopy(f"{wal} is left after the copy was closed: its data is not all in {target}")
    con = duckdb.connect(str(target), read_only=True)
    try:
        tables = con.execute(f"select tables from {SNAPSHOT_INFO}").fetchone()[0]
        recorded = dict(con.execute(f"select table_name, row_count from {SNAPSHOT_TABLE}").fetchall())
        found = {name: con.execute(f"select count(*) from {quoted(name)}").fetchone()[0] for name in recorded}
    except duckdb.Error as error:
        raise IncompleteCopy(f"{target} cannot be read as a whole copy: {error}") from error
    finally:
        con.close()
    wrong = sorted(name for name in counts.keys() | found.keys() if counts.get(name) != found.get(name))
    if wrong:
        raise IncompleteCopy(f"{target} does not hold the rows copied into {', '.join(wrong)}")
    if tables != len(counts) or recorded != counts:
        raise IncompleteCopy(f"{target}'s manifest does not list the {len(counts)} tables copied into it")


def remove_stale_copies(directory: Path, now: float) -> list[Path]:
    """Delete temporary copies that publications killed midway left behind."""
    stale = [
        path
        for path in directory.glob(f"{PUBLISHED_NAME}.tmp-*")
        if now - path.stat().st_mtime > STALE_AFTER_S
    ]
    for path in stale:
        path.unlink(missing_ok=True)
    return stale


def publish(source: str, publish_dir: str, run_id: str = "") -> Snapshot:
    """Copy the marts and audit schemas of `source` to `<publish_dir>/warehouse.duckdb`, atomically."""
    directory = Path(publish_dir)
    directory.mkdir(parents=True, exist_ok=True)
    final = directory / PUBLISHED_NAME
    tmp = directory / f"{PUBLISHED_NAME}.tmp-{uuid.uuid4().hex}"
    published_at = dt.datetime.now(dt.UTC)
    remove_stale_copies(directory, published_at.timestamp())
    try:
        counts = build_copy(source, tmp, published_at, run_id)
        verify_copy(tmp, counts)
        fsync_path(tmp)
        os.replace(tmp, final)
        fsync_path(directory)
    finally:
        for leftover in (tmp, tmp.with_name(tmp.name + ".wal")):
            leftover.unlink(missing_ok=True)
    return Snapshot(final, published_at, counts, final.stat().st_size)
