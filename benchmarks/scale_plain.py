"""The plain-SQL baseline of the scale benchmark: the same transformations without dbt.

    python benchmarks/scale_plain.py --warehouse DIR/warehouse.duckdb --manifest target/manifest.json \
        --memory-limit 2GB --out plain.json

Every model's compiled SQL from dbt's own manifest (`dbt compile --full-refresh`, so the transformations
are the same), run in dependency order in one DuckDB connection, as the view or table its config says,
with dbt's Python models run through the same `model(dbt, session)` dbt calls. No tests, no incremental
logic, no dbt start-up; DuckDB under the same memory limit as dbt's profile. Seeds are loaded by
`dbt seed` first, untimed. Run as a child process so that the caller measures its peak memory.
"""

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

import duckdb

from enrichment.duckdb_udfs import register_udfs
from orchestration.lib.settings import DBT_PROJECT_DIR

SNAPSHOT_SQL = """
    select *, md5(cast(source as varchar)) as dbt_scd_id, now() as dbt_updated_at, now() as dbt_valid_from,
        cast(null as timestamptz) as dbt_valid_to
    from ({}) as source
"""


def compiled_models(manifest_path: Path) -> list[dict]:
    """Models, seeds and snapshots in dependency order, with their compiled SQL."""
    manifest = json.loads(manifest_path.read_text())
    kinds = ("model", "seed", "snapshot")
    nodes = {k: v for k, v in manifest["nodes"].items() if v["resource_type"] in kinds}
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


def run_python_model(con: duckdb.DuckDBPyConnection, node: dict, relation: str) -> None:
    """Execute a dbt Python model's `model(dbt, session)` with refs resolved to the tables built so far."""
    namespace: dict = {}
    exec(node["raw_code"], namespace)  # noqa: S102 - our own model file, as dbt itself runs it

    class Dbt:
        is_incremental = False
        this = relation

        @staticmethod
        def ref(name: str, *_args, **_kwargs):
            for schema in ("intermediate", "staging", "marts", "seeds", "audit"):
                found = con.execute(
                    "select count(*) from information_schema.tables "
                    "where table_schema = ? and table_name = ?",
                    [schema, name],
                ).fetchall()[0][0]
                if found:
                    return con.table(f"{schema}.{name}")
            raise KeyError(name)

        @staticmethod
        def config(*_args, **_kwargs):
            return None

    result = namespace["model"](Dbt, con)
    con.register("python_model_result", result)
    con.execute(f"create or replace table {relation} as select * from python_model_result")
    con.unregister("python_model_result")


def plain_sql(warehouse: Path, models: list[dict], memory_limit: str) -> tuple[float, dict[str, float]]:
    """Every model once, in order, in one connection, as the view or table its config says (a view's cost
    is paid by its readers, as in dbt). Total and per-model seconds."""
    con = duckdb.connect(str(warehouse), config={"memory_limit": memory_limit})
    register_udfs(con)
    started, timings = time.perf_counter(), {}
    for node in models:
        if node["resource_type"] == "seed":
            continue
        node_started = time.perf_counter()
        con.execute(f"create schema if not exists {node['schema']}")
        relation = f"{node['schema']}.{node['alias']}"
        if node["resource_type"] == "snapshot":
            # a snapshot's first build: every row, valid from now
            con.execute(f"create or replace table {relation} as {SNAPSHOT_SQL.format(node['compiled_code'])}")
        elif node["language"] == "python":
            run_python_model(con, node, relation)
        elif node["config"]["materialized"] == "view":
            con.execute(f"create or replace view {relation} as {node['compiled_code']}")
        else:
            con.execute(f"create or replace table {relation} as {node['compiled_code']}")
        timings[node["unique_id"]] = round(time.perf_counter() - node_started, 3)
    elapsed = time.perf_counter() - started
    con.close()
    return elapsed, timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--warehouse", type=Path, required=True)
    parser.add_argument("--manifest", type=Path, required=True)
    parser.add_argument("--memory-limit", default="2GB")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    dbt = str(Path(sys.executable).with_name("dbt"))
    target = args.warehouse.with_name("target_seed")
    subprocess.run(
        [dbt, "seed", "--full-refresh", "--quiet", "--project-dir", str(DBT_PROJECT_DIR)]
        + ["--profiles-dir", str(DBT_PROJECT_DIR), "--target-path", str(target)]
        + ["--log-path", str(target / "logs"), "--vars", json.dumps({"warehouse_path": str(args.warehouse)})],
        check=True,
    )
    seconds, timings = plain_sql(args.warehouse, compiled_models(args.manifest), args.memory_limit)
    slowest = dict(sorted(timings.items(), key=lambda item: -item[1])[:10])
    args.out.write_text(json.dumps({"seconds": round(seconds, 3), "slowest": slowest}, indent=2))


if __name__ == "__main__":
    main()
