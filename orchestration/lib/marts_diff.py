"""Whether two warehouse files hold the same marts, row for row, whatever order and runs built them.

Each mart is compared with EXCEPT ALL both ways (so duplicates count), over every column but those saying
when or by which fetch or run a row was written: two builds of the same data differ there by design. A mart
one file lacks counts as different.
"""

import duckdb

from orchestration.lib.publish import sql_string

MART_SCHEMA = "marts"
# When and by which fetch, ingestion or run a row was written: not part of what a mart says. The trending
# mart is read as of the newest fetch (`as_of`, and `age_hours` from listing to it), so the moment the same
# answers were fetched moves those too; its other columns, the score and rank included, must still agree.
VOLATILE_COLUMNS = frozenset(
    {"fetched_at", "fetch_id", "ingestion_id", "loaded_at", "checked_at", "run_id", "published_at"}
    | {"as_of", "last_fetched_at", "age_hours"}
)


def _columns(con: duckdb.DuckDBPyConnection, catalog: str, table: str) -> list[str]:
    rows = con.execute(
        "select column_name from information_schema.columns"
        " where table_catalog = ? and table_schema = ? and table_name = ? order by ordinal_position",
        [catalog, MART_SCHEMA, table],
    ).fetchall()
    return [name for (name,) in rows]


def _tables(con: duckdb.DuckDBPyConnection, catalog: str) -> set[str]:
    rows = con.execute(
        "select table_name from information_schema.tables where table_catalog = ? and table_schema = ?",
        [catalog, MART_SCHEMA],
    ).fetchall()
    return {name for (name,) in rows}


def _differing(con: duckdb.DuckDBPyConnection, table: str) -> int:
    left, right = _columns(con, "l", table), _columns(con, "r", table)
    if left != right:
        return -1
    listed = ", ".join(f'"{name}"' for name in left if name not in VOLATILE_COLUMNS)
    one, other = (
        f"select {listed} from l.{MART_SCHEMA}.{table}",
        f"select {listed} from r.{MART_SCHEMA}.{table}",
    )
    query = f"select count(*) from (({one} except all {other}) union all ({other} except all {one}))"
    return con.execute(query).fetchone()[0]


def differing_marts(left: str, right: str, tables: list[str] | None = None) -> dict[str, int]:
    """Mart -> rows in one file and not the other (both ways), for each mart that differs; -1 when the
    columns differ or one file lacks the mart. Every mart of either file unless `tables` names some."""
    with duckdb.connect() as con:
        for alias, path in (("l", left), ("r", right)):
            con.execute(f"attach '{sql_string(path)}' as {alias} (read_only)")
        left_tables, right_tables = _tables(con, "l"), _tables(con, "r")
        names = sorted(tables or (left_tables | right_tables))
        counts = {name: _differing(con, name) if name in left_tables & right_tables else -1 for name in names}
    return {name: count for name, count in counts.items() if count != 0}
