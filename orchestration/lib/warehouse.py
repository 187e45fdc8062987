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
