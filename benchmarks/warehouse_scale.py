"""Warehouse at scale: full dbt build, one incremental day, peak memory, and the same SQL run as one script.

    python benchmarks/warehouse_scale.py --papers 1000000 --workdir data/bench

Steps, each on its own copy of the synthetic raw tables (benchmarks/synthetic_raw.py, cached by size):
1. `dbt build --full-refresh` from scratch: wall time and peak memory of the dbt process;
2. one more day landed, then the daily run's `dbt build` with that day as the partition window;
3. the plain baseline: every model's compiled SQL (from dbt's own manifest, so the transformations are the
   same) run in dependency order as the view or table its config says, in one DuckDB connection, with dbt's
   Python models run through the same function dbt calls. No tests, no incremental logic, no dbt overhead.
Prints the times, each step's slowest nodes (dbt's run_results.json, kept in <workdir>/target_full and
target_day) and the ratios the targets are stated in.
"""

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

import duckdb

sys.path.insert(0, str(Path(__file__).resolve().parent))
import synthetic_raw  # noqa: E402

from enrichment.duckdb_udfs import register_udfs  # noqa: E402
from orchestration.lib.settings import DBT_PROJECT_DIR  # noqa: E402

DBT = str(Path(sys.executable).with_name("dbt"))
PARTIAL_PARSE = "partial_parse.msgpack"


def raw_copy(source: Path, target: Path) -> Path:
    target.unlink(missing_ok=True)
    # a write-ahead log left by an interrupted run would be replayed against the fresh copy
    target.with_name(target.name + ".wal").unlink(missing_ok=True)
    shutil.copyfile(source, target)
    return target


def run_dbt(
    args: list[str], warehouse: Path, target: Path, parsed: Path | None = None
) -> tuple[float, float]:
    """Wall seconds and peak RSS (GiB) of one dbt invocation, measured by the OS for the child process;
    its own target folder (run_results.json holds each node's timing). With `parsed` (a target folder of
    `dbt parse`), dbt starts from that parse as it does under Dagster, which copies the project's
    partial_parse.msgpack into each run's target folder."""
    env = {**os.environ, "DPW_WAREHOUSE_PATH": str(warehouse)}
    if parsed is not None:
        target.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(parsed / PARTIAL_PARSE, target / PARTIAL_PARSE)
    started = time.perf_counter()
    proc = subprocess.Popen(
        [
            DBT,
            *args,
            "--project-dir",
            str(DBT_PROJECT_DIR),
            "--profiles-dir",
            str(DBT_PROJECT_DIR),
            "--target-path",
            str(target),
            "--log-path",
            str(target / "logs"),
            "--quiet",
        ],
        env=env,
    )
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"dbt {' '.join(args)} failed")
    return elapsed, usage.ru_maxrss / 1024 / 1024


def compiled_models(warehouse: Path, target: Path) -> list[dict]:
    """Models in dependency order with their compiled SQL, from `dbt compile`'s manifest. Compiled against a
    built warehouse: some models read a table while compiling (the taxonomy's rules become constants)."""
    run_dbt(["compile", "--full-refresh"], warehouse, target)
    manifest = json.loads((target / "manifest.json").read_text())
    nodes = {k: v for k, v in manifest["nodes"].items() if v["resource_type"] in ("model", "seed")}
    ordered, seen = [], set()

    def visit(key: str) -> None:
        if key in seen or key not in nodes:
            return
        seen.add(key)
        for parent in nodes[key].get("depends_on", {}).get("nodes", []):
            visit(parent)
        ordered.append(nodes[key])

    for key in sorted(nodes):
        visit(key)
    return ordered


def plain_sql(warehouse: Path, models: list[dict]) -> tuple[float, dict[str, float]]:
    """Run every model once, in order, in one connection, as the view or table its config says (a view's
    cost is paid by its readers, as in dbt); seeds are loaded as dbt does. Total and per-model seconds."""
    run_dbt(["seed", "--full-refresh"], warehouse, warehouse.with_name("target_seed"))
    con = duckdb.connect(str(warehouse))
    register_udfs(con)
    started, timings = time.perf_counter(), {}
    for node in models:
        if node["resource_type"] != "model":
            continue
        node_started = time.perf_counter()
        con.execute(f"create schema if not exists {node['schema']}")
        relation = f"{node['schema']}.{node['alias']}"
        if node["language"] == "python":
            run_python_model(con, node, relation)
        elif node["config"]["materialized"] == "view":
            con.execute(f"create or replace view {relation} as {node['compiled_code']}")
        else:
            con.execute(f"create or replace table {relation} as {node['compiled_code']}")
        timings[node["unique_id"]] = time.perf_counter() - node_started
    elapsed = time.perf_counter() - started
    con.close()
    return elapsed, timings


def run_python_model(con: duckdb.DuckDBPyConnection, node: dict, relation: str) -> None:
    """Execute a dbt Python model's `model(dbt, session)` with refs resolved to the tables built so far."""
    namespace: dict = {}
    exec(node["raw_code"], namespace)  # noqa: S102 - our own model file, as dbt itself runs it

    class Dbt:
        is_incremental = False
        this = relation

        @staticmethod
        def ref(name: str, *_args, **_kwargs):
            for schema in ("intermediate", "staging", "marts", "seeds"):
                if con.execute(
                    "select count(*) from information_schema.tables "
                    "where table_schema = ? and table_name = ?",
                    [schema, name],
                ).fetchall()[0][0]:
                    return con.table(f"{schema}.{name}")
            raise KeyError(name)

        @staticmethod
        def config(*_args, **_kwargs):
            return None

    result = namespace["model"](Dbt, con)
    con.register("python_model_result", result)
    con.execute(f"create or replace table {relation} as select * from python_model_result")
    con.unregister("python_model_result")


def print_slowest(target: Path, top: int = 8) -> None:
    """The nodes that took longest in one dbt run, from its run_results.json."""
    results = json.loads((target / "run_results.json").read_text())["results"]
    for result in sorted(results, key=lambda r: -r["execution_time"])[:top]:
        print(f"    {result['execution_time']:8.1f} s  {result['unique_id']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=1_000_000)
    parser.add_argument("--workdir", type=Path, default=Path("data/bench"))
    args = parser.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    raw = args.workdir / f"raw_{args.papers}_v{synthetic_raw.VERSION}.duckdb"
    if not raw.exists():
        print(f"generating {args.papers:,} papers of raw listings into {raw}")
        synthetic_raw.generate(raw, args.papers)

    dbt_db = raw_copy(raw, args.workdir / "dbt.duckdb")
    parsed = args.workdir / "target_parse"
    shutil.rmtree(parsed, ignore_errors=True)
    run_dbt(["parse"], dbt_db, parsed)
    full_s, full_gib = run_dbt(["build", "--full-refresh"], dbt_db, args.workdir / "target_full", parsed)
    print(f"dbt build --full-refresh: {full_s:8.1f} s, peak memory {full_gib:.2f} GiB")
    print_slowest(args.workdir / "target_full")
    new_day = synthetic_raw.add_day(dbt_db).isoformat()
    window = json.dumps({"min_date": new_day, "max_date": new_day})
    inc_s, inc_gib = run_dbt(["build", "--vars", window], dbt_db, args.workdir / "target_day", parsed)
    print(f"dbt build, one day ({new_day}): {inc_s:8.1f} s, peak memory {inc_gib:.2f} GiB")
    print_slowest(args.workdir / "target_day")

    # the same file name in its own folder: compiled SQL names relations by the database (the file's stem)
    (args.workdir / "plain").mkdir(exist_ok=True)
    plain_db = raw_copy(raw, args.workdir / "plain" / dbt_db.name)
    models = compiled_models(dbt_db, args.workdir / "target_compile")
    plain_s, timings = plain_sql(plain_db, models)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 / 1024
    print(
        f"plain SQL script ({len(models)} nodes): {plain_s:8.1f} s, peak memory {peak:.2f} GiB (this process)"
    )
    for unique_id, seconds in sorted(timings.items(), key=lambda item: -item[1])[:8]:
        print(f"    {seconds:8.1f} s  {unique_id}")
    print(f"incremental day / full build: {inc_s / full_s:.3f}  (target < 0.10)")
    print(f"dbt build / plain SQL:        {full_s / plain_s:.2f}  (target <= 1.5)")


if __name__ == "__main__":
    main()
