"""A reader process for test_concurrent_readers: queries the published copy in a loop until told to stop.

`hold` keeps one connection open for the whole loop; `reconnect` opens a fresh one for every check. Each
check appends one JSON line to the output file: the version seen and whether the copy was whole.
"""

import json
import sys
import time
from pathlib import Path

import duckdb


def check(con: duckdb.DuckDBPyConnection) -> dict:
    """Which publication this connection sees, and whether every table matches that publication's manifest."""
    run_id = con.execute("select run_id from audit.snapshot_info").fetchone()[0]
    version = int(run_id.removeprefix("v"))
    manifest = con.execute("select table_name, row_count from audit.snapshot_tables").fetchall()
    mismatched = [
        name for name, rows in manifest if con.execute(f"select count(*) from {name}").fetchone()[0] != rows
    ]
    probe_rows, lowest, highest = con.execute(
        "select count(*), min(version), max(version) from marts.probe"
    ).fetchone()
    whole = not mismatched and probe_rows == version * 100 and lowest == highest == version
    return {"version": version, "whole": whole, "mismatched": mismatched}


def check_once(path: str, held: duckdb.DuckDBPyConnection | None) -> dict:
    try:
        con = held or duckdb.connect(path, read_only=True)
    except duckdb.Error as error:
        return {"error": f"{type(error).__name__}: {error}"}
    try:
        return check(con)
    except duckdb.Error as error:
        return {"error": f"{type(error).__name__}: {error}"}
    finally:
        if held is None:
            con.close()


def main(path: str, mode: str, stop_file: str, out_file: str) -> None:
    held = duckdb.connect(path, read_only=True) if mode == "hold" else None
    with open(out_file, "a") as out:
        print(json.dumps({"ready": True}), file=out, flush=True)
        while not Path(stop_file).exists():
            print(json.dumps({"mode": mode, **check_once(path, held)}), file=out, flush=True)
            time.sleep(0.005)


if __name__ == "__main__":
    main(*sys.argv[1:5])
