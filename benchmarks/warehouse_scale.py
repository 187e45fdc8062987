"""Warehouse at scale: full dbt build, one incremental day, peak memory, and the same SQL run as one script.

    python benchmarks/warehouse_scale.py --papers 1000000 --workdir data/bench

Steps, each on its own copy of the synthetic raw tables (benchmarks/synthetic_raw.py, cached by size):
1. `dbt build --full-refresh` from scratch: wall time and peak memory of the dbt process;
2. one more day landed, then the daily run's `dbt build` with that day as the partition window;
3. the plain baseline: every model's compiled SQL (from dbt's own manifest, so the transformations are the
   same) run in dependency order as `create or replace table` in one DuckDB connection, with dbt's Python
   models run through the same function dbt calls. No tests, no incremental logic, no dbt overhead.
Prints the times and the ratios the targets are stated in.
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

from orchestration.lib.duckdb_udfs import register_udfs  # noqa: E402
from orchestration.lib.settings import DBT_PROJECT_DIR  # noqa: E402

DBT = str(Path(sys.executable).with_name("dbt"))


def raw_copy(source: Path, target: Path) -> Path:
    target.unlink(missing_ok=True)
    shutil.copyfile(source, target)
    return target


def run_dbt(args: list[str], warehouse: Path) -> tuple[float, float]:
    """Wall seconds and peak RSS (GiB) of one dbt invocation, measured by the OS for the child process."""
    env = {**os.environ, "DPW_WAREHOUSE_PATH": str(warehouse)}
    started = time.perf_counter()
    proc = subprocess.Popen(
        [
            DBT,
            *args,
            "--project-dir",
            str(DBT_PROJECT_DIR),
            "--profiles-dir",
            str(DBT_PROJECT_DIR),
            "--quiet",
        ],
        env=env,
    )
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"dbt {' '.join(args)} failed")
    return elapsed, usage.ru_maxrss / 1024 / 1024


def compiled_models(warehouse: Path) -> list[dict]:
    """Models in dependency order with their compiled SQL, from `dbt compile`'s manifest."""
    run_dbt(["compile", "--full-refresh"], warehouse)
    manifest = json.loads((DBT_PROJECT_DIR / "target" / "manifest.json").read_text())
    nodes = {k: v for k, v in manifest["nodes"].items() if v["resource_type"] in ("model", "seed")}
    ordered, seen = [], set()

    def visit(key: str) -> None:
        if key in seen or key not in nodes:
            return
        seen.add(key)
        for parent in nodes[key]["depends_on"]["nodes"]:
            visit(parent)
        ordered.append(nodes[key])

    for key in sorted(nodes):
        visit(key)
    return ordered


def plain_sql(warehouse: Path, models: list[dict]) -> float:
    """Run every model once as a plain table, in order, in one connection; seeds are loaded as dbt does."""
    run_dbt(["seed", "--full-refresh"], warehouse)
    con = duckdb.connect(str(warehouse))
    register_udfs(con)
    started = time.perf_counter()
    for node in models:
        if node["resource_type"] != "model":
            continue
        con.execute(f"create schema if not exists {node['schema']}")
        relation = f"{node['schema']}.{node['alias']}"
        if node["language"] == "python":
            run_python_model(con, node, relation)
        else:
            con.execute(f"create or replace table {relation} as {node['compiled_code']}")
    elapsed = time.perf_counter() - started
    con.close()
    return elapsed


def run_python_model(con: duckdb.DuckDBPyConnection, node: dict, relation: str) -> None:
    """Execute a dbt Python model's `model(dbt, session)` with refs resolved to the tables built so far."""
    namespace: dict = {}
    exec(node["raw_code"], namespace)  # noqa: S102 - our own model file, as dbt itself runs it

    class Dbt:
        is_incremental = False

        @staticmethod
        def ref(name: str, *_args, **_kwargs):
            for schema in ("intermediate", "staging", "marts", "seeds"):
                if con.execute(
                    "select count(*) from information_schema.tables "
                    "where table_schema = ? and table_name = ?",
                    [schema, name],
                ).fetchone()[0]:
                    return con.table(f"{schema}.{name}")
            raise KeyError(name)

        @staticmethod
        def config(*_args, **_kwargs):
            return None

    result = namespace["model"](Dbt, con)
    con.register("python_model_result", result)
    con.execute(f"create or replace table {relation} as select * from python_model_result")
    con.unregister("python_model_result")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=1_000_000)
    parser.add_argument("--workdir", type=Path, default=Path("data/bench"))
    args = parser.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    raw = args.workdir / f"raw_{args.papers}.duckdb"
    if not raw.exists():
        print(f"generating {args.papers:,} papers of raw listings into {raw}")
        synthetic_raw.generate(raw, args.papers)

    dbt_db = raw_copy(raw, args.workdir / "dbt.duckdb")
    full_s, full_gib = run_dbt(["build", "--full-refresh"], dbt_db)
    print(f"dbt build --full-refresh: {full_s:8.1f} s, peak memory {full_gib:.2f} GiB")
    new_day = synthetic_raw.add_day(dbt_db).isoformat()
    window = json.dumps({"min_date": new_day, "max_date": new_day})
    inc_s, inc_gib = run_dbt(["build", "--vars", window], dbt_db)
    print(f"dbt build, one day ({new_day}): {inc_s:8.1f} s, peak memory {inc_gib:.2f} GiB")

    plain_db = raw_copy(raw, args.workdir / "plain.duckdb")
    models = compiled_models(plain_db)
    plain_s = plain_sql(plain_db, models)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 / 1024
    print(
        f"plain SQL script ({len(models)} nodes): {plain_s:8.1f} s, peak memory {peak:.2f} GiB (this process)"
    )
    print(f"incremental day / full build: {inc_s / full_s:.3f}  (target < 0.10)")
    print(f"dbt build / plain SQL:        {full_s / plain_s:.2f}  (target <= 1.5)")


if __name__ == "__main__":
    main()
