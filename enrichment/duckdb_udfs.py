"""dbt-duckdb plugin (profiles.yml `plugins:`): registers the warehouse's Python UDFs on each connection."""

import duckdb
from dbt.adapters.duckdb.plugins import BasePlugin
from duckdb.sqltypes import VARCHAR

from enrichment.names import fold_names_arrow


def register_udfs(conn: duckdb.DuckDBPyConnection) -> None:
    """``fold_name(varchar) -> varchar``: author-name folding (enrichment/names.py), vectorised."""
    conn.create_function("fold_name", fold_names_arrow, [VARCHAR], VARCHAR, type="arrow")


class Plugin(BasePlugin):
    def configure_connection(self, conn: duckdb.DuckDBPyConnection) -> None:
        register_udfs(conn)
