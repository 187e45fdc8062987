"""Run the real dbt project against a DuckDB file (test support)."""

import os
import subprocess
import sys
from pathlib import Path

import duckdb
from filelock import FileLock

from orchestration.lib.settings import DBT_PROJECT_DIR
from orchestration.lib.warehouse import dbt_target_dir

DBT = Path(sys.executable).with_name("dbt")
MANIFEST = DBT_PROJECT_DIR / "target" / "manifest.json"


def ensure_manifest() -> Path:
    """dbt's manifest, parsed once if `make` did not (the code location reads it at import); never rewritten
    under another test's feet: with two workers, a manifest half-written by one breaks the other."""
    with FileLock(str(DBT_PROJECT_DIR / "target.lock")):
        if not MANIFEST.exists():
            subprocess.run([str(DBT), "parse", "--quiet"], cwd=DBT_PROJECT_DIR, check=True)
    return MANIFEST


ensure_manifest()
from orchestration.defs.warehouse.project import models_in_schema  # noqa: E402  (reads the manifest)

MART_TABLES = tuple(models_in_schema("marts"))


def dbt_env(warehouse: Path) -> dict[str, str]:
    return {**os.environ, "DPW_WAREHOUSE_PATH": str(warehouse)}


def dbt_command(warehouse: Path, *args: str) -> subprocess.Popen:
    """Start `dbt <args>` from dbt_project/ against `warehouse`, its own target dir beside the file."""
    target = dbt_target_dir(str(warehouse), "cli")
    return subprocess.Popen(
        [str(DBT), *args, "--target-path", str(target), "--log-path", str(target / "logs")],
        cwd=DBT_PROJECT_DIR,
        env=dbt_env(warehouse),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def run_dbt(warehouse: Path, *args: str, timeout: float = 600) -> str:
    """Run dbt to completion; raise with its output when it fails."""
    process = dbt_command(warehouse, *args)
    output, _ = process.communicate(timeout=timeout)
    if process.returncode != 0:
        raise RuntimeError(f"dbt {' '.join(args)} failed ({process.returncode}):\n{output[-5000:]}")
    return output


def differing_rows(left: Path, right: Path, table: str) -> int:
    """Rows of marts.<table> in one warehouse and not in the other, both ways (EXCEPT ALL)."""
    with duckdb.connect() as con:
        con.execute(f"attach '{left}' as l (read_only)")
        con.execute(f"attach '{right}' as r (read_only)")
        query = (
            f"select count(*) from ((select * from l.marts.{table} except all select * from r.marts.{table})"
            f" union all (select * from r.marts.{table} except all select * from l.marts.{table}))"
        )
        return con.execute(query).fetchone()[0]
