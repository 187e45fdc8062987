"""The DuckDB warehouse file: one place that opens it, so every writer gets the raw schema in place."""

from pathlib import Path

import duckdb

from orchestration.lib.raw_tables import ensure_raw_schema


def connect(path: str, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """A connection to the warehouse; a writable one creates the file, its folder and the raw schema."""
    if read_only:
        return duckdb.connect(path, read_only=True)
    if path != ":memory:" and not path.startswith("md:"):
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(path)
    ensure_raw_schema(con)
    return con


def dbt_target_dir(path: str, step: str) -> Path:
    """dbt's target folder for one kind of dbt invocation (`step`) on this warehouse file, beside the file
    and kept from run to run.

    dbt reuses the parse it saved in its target folder (partial_parse.msgpack) only when the vars and the
    profile's connection (the warehouse path) are those it was saved with; otherwise it parses the whole
    project again, 7-15 s on two cores. A folder per file and step matches from the file's second run on.
    """
    file = Path(path).resolve()
    return file.parent / f"dbt_target_{file.stem}" / step
