"""The publishing asset, materialised by Dagster against a small live warehouse."""

from pathlib import Path

import dagster as dg
import duckdb
import pytest

from orchestration.defs.common.resources import WarehouseResource
from orchestration.defs.publishing.assets import warehouse_snapshot


def test_materialising_the_snapshot_publishes_marts_and_audit_with_metadata(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    live = tmp_path / "warehouse.duckdb"
    with duckdb.connect(str(live)) as con:
        con.execute("create schema marts; create schema audit; create schema staging")
        con.execute("create table marts.dim_papers as select range as paper_id from range(5)")
        con.execute("create table audit.validation_results as select true as success")
        con.execute("create table staging.stg_x as select 1 as x")
    monkeypatch.setenv("DPW_PUBLISH_DIR", str(tmp_path / "published"))

    result = dg.materialize([warehouse_snapshot], resources={"warehouse": WarehouseResource(path=str(live))})

    [materialization] = result.asset_materializations_for_node("publishing__warehouse_snapshot")
    metadata = {key: value.value for key, value in materialization.metadata.items()}
    published = tmp_path / "published" / "warehouse.duckdb"
    assert metadata["path"] == str(published)
    assert metadata["tables"] == 2
    assert metadata["rows"] == 6
    assert metadata["bytes"] == published.stat().st_size
    assert metadata["row_counts"] == {"audit.validation_results": 1, "marts.dim_papers": 5}
    with duckdb.connect(str(published), read_only=True) as con:
        run_id = con.execute("select run_id from audit.snapshot_info").fetchone()[0]
    assert run_id == result.run_id
