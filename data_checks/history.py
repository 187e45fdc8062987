"""Validation history: one row per expectation per validation in audit.validation_results."""

import datetime as dt
import json

import duckdb

from data_checks.runner import SuiteOutcome

AUDIT_DDL = """
create schema if not exists audit;

create table if not exists audit.validation_results (
    run_id           varchar not null,
    asset_key        varchar not null,
    partition_key    varchar,            -- 'YYYY-MM-DD', 'start..end' for a range, null for whole tables
    suite            varchar not null,
    expectation      varchar not null,   -- GX expectation type
    column_name      varchar,            -- the column (or the violation count) it looked at
    success          boolean not null,
    observed_value   json,
    unexpected_count bigint,
    checked_at       timestamptz not null
);
"""

COLUMNS = (
    "run_id", "asset_key", "partition_key", "suite", "expectation", "column_name", "success",
    "observed_value", "unexpected_count", "checked_at",
)  # fmt: skip


def history_rows(
    outcome: SuiteOutcome, run_id: str, asset_key: str, partition_key: str | None, checked_at: dt.datetime
) -> list[tuple]:
    return [
        (
            run_id,
            asset_key,
            partition_key,
            outcome.suite,
            result.expectation,
            result.column,
            result.success,
            json.dumps(result.observed_value),
            result.unexpected_count,
            checked_at,
        )
        for result in outcome.results
    ]


def append_history(con: duckdb.DuckDBPyConnection, rows: list[tuple]) -> None:
    con.execute(AUDIT_DDL)
    if rows:
        placeholders = ", ".join("?" for _ in COLUMNS)
        con.executemany(
            f"insert into audit.validation_results ({', '.join(COLUMNS)}) values ({placeholders})", rows
        )
