"""The dbt assets materialised by Dagster against a warehouse file whose raw tables are filled."""

import datetime as dt

import dagster as dg
import duckdb
import pytest
from dagster_dbt import DbtCliResource

from orchestration.defs.common.resources import WarehouseResource
from tests.support.dbt import ensure_manifest
from tests.support.raw_sample import load_day, load_sample_raw, recorded_days, refetched

PARTITION = "2026-06-16"
OTHER_DAY = "2026-06-10"
PAPER_AND_AUTHOR_MARTS = [
    "marts/dim_papers",
    "marts/fct_daily_listings",
    "marts/dim_authors",
    "marts/bridge_paper_authors",
    "marts/fct_coauthorships",
    "marts/fct_author_merge_candidates",
]


@pytest.fixture(scope="module")
def warehouse_defs():
    """The warehouse definitions, imported only after the manifest is prepared (as `make` does)."""
    ensure_manifest()
    from orchestration.defs.warehouse import assets
    from orchestration.defs.warehouse.project import dbt_executable, dbt_project

    return assets, DbtCliResource(project_dir=dbt_project, dbt_executable=dbt_executable())


def test_keys_follow_schema_and_model(warehouse_defs):
    assets, _ = warehouse_defs
    keys = {key.to_user_string() for key in assets.warehouse_models.keys}
    assert {"intermediate/int_papers", "marts/dim_papers"} <= keys
    # the models incremental by listing date run per partition window
    assert {key.to_user_string() for key in assets.warehouse_daily_models.keys} == {
        "staging/stg_hf__daily_papers",
        "staging/stg_hf__daily_paper_fetches",
        "marts/fct_daily_listings",
        "marts/fct_paper_engagement",
    }
    deps = {key.to_user_string() for key in assets.warehouse_models.dependency_keys}
    assert {"staging/stg_hf__daily_papers", "raw/hf_search_listings", "raw/landing_manifest"} <= deps
    daily_deps = {key.to_user_string() for key in assets.warehouse_daily_models.dependency_keys}
    assert "raw/hf_daily_papers" in daily_deps


def test_materialize_partitioned_and_unpartitioned_dbt_assets(warehouse_defs, tmp_path):
    """One run over a partition materialises daily-partitioned and unpartitioned dbt assets together."""
    assets, dbt = warehouse_defs
    path = tmp_path / "warehouse.duckdb"
    load_sample_raw(path)
    resources = {"dbt": dbt, "warehouse": WarehouseResource(path=str(path))}
    selection = dg.AssetSelection.assets(*PAPER_AND_AUTHOR_MARTS).upstream() - dg.AssetSelection.key_prefixes(
        "raw"
    )

    resources = {"dbt": dbt, "warehouse": WarehouseResource(path=str(path))}
    result = dg.materialize(
        [assets.warehouse_models, assets.warehouse_daily_models],
        resources=resources,
        selection=selection,
        partition_key=PARTITION,
    )
    assert result.success
    materialized = {event.asset_key.to_user_string() for event in result.get_asset_materialization_events()}
    assert set(PAPER_AND_AUTHOR_MARTS) <= materialized
    assert [check for check in result.get_asset_check_evaluations() if not check.passed] == []

    # a later run of one partition also re-reads a day refetched outside its window (a quarantined day
    # landed by a later run): every listing date with a newer fetch is rebuilt, not only the window's
    with duckdb.connect(str(path)) as con:
        for day in (PARTITION, OTHER_DAY):
            load_day(con, day, refetched(recorded_days()[day], 1000), dt.datetime.now(dt.UTC))
    rerun = dg.materialize([assets.warehouse_daily_models], resources=resources, partition_key=PARTITION)
    assert rerun.success
    with duckdb.connect(str(path), read_only=True) as con:
        upvotes = dict(
            con.execute(
                "select listing_date::varchar, max(upvotes) from marts.fct_daily_listings"
                " where listing_date in (?, ?) group by 1",
                [PARTITION, OTHER_DAY],
            ).fetchall()
        )
    assert upvotes[PARTITION] > 1000 and upvotes[OTHER_DAY] > 1000

    # the rerun reused dbt's saved parse of this warehouse: a full parse costs 10-15 s a step
    log = assets.target_path(resources["warehouse"], "daily_models") / "dbt.log"
    first, last = log.read_text().split('"name": "MainReportVersion"')[1:]
    assert '"name": "UnableToPartialParse"' in first
    assert '"name": "UnableToPartialParse"' not in last and '"name": "PartialParsingSkipParsing"' in last
