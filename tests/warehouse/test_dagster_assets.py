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
LISTING_UPVOTES = "select listing_date::varchar, max(upvotes) from marts.fct_daily_listings group by 1"
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
    assert {"intermediate/int_papers", "marts/dim_papers", "marts/fct_daily_listings"} <= keys
    assert {"staging/stg_hf__daily_papers", "marts/fct_paper_engagement"} <= keys
    # one dbt build a run: no model is partitioned, whatever the raw assets' partitions
    assert assets.warehouse_models.partitions_def is None
    deps = {key.to_user_string() for key in assets.warehouse_models.dependency_keys}
    assert {"raw/hf_daily_papers", "raw/hf_search_listings", "raw/landing_manifest"} <= deps


def test_materialize_then_rerun_rebuilds_the_days_fetched_again(warehouse_defs, tmp_path):
    """A run materialises the marts; a later one rebuilds every listing date with a newer fetch."""
    assets, dbt = warehouse_defs
    path = tmp_path / "warehouse.duckdb"
    load_sample_raw(path)
    selection = dg.AssetSelection.assets(*PAPER_AND_AUTHOR_MARTS).upstream() - dg.AssetSelection.key_prefixes(
        "raw"
    )
    resources = {"dbt": dbt, "warehouse": WarehouseResource(path=str(path))}
    result = dg.materialize([assets.warehouse_models], resources=resources, selection=selection)
    assert result.success
    materialized = {event.asset_key.to_user_string() for event in result.get_asset_materialization_events()}
    assert set(PAPER_AND_AUTHOR_MARTS) <= materialized
    assert [check for check in result.get_asset_check_evaluations() if not check.passed] == []

    # two days fetched again (say one the schedule refreshes and a quarantined day landed by a later run):
    # both are rebuilt, and no other
    with duckdb.connect(str(path)) as con:
        for day in (PARTITION, OTHER_DAY):
            load_day(con, day, refetched(recorded_days()[day], 1000), dt.datetime.now(dt.UTC))
        before = dict(con.execute(LISTING_UPVOTES).fetchall())
    rerun = dg.materialize([assets.warehouse_models], resources=resources, selection=selection)
    assert rerun.success
    with duckdb.connect(str(path), read_only=True) as con:
        after = dict(con.execute(LISTING_UPVOTES).fetchall())
    assert after[PARTITION] > 1000 and after[OTHER_DAY] > 1000
    assert {day: n for day, n in after.items() if day not in (PARTITION, OTHER_DAY)} == {
        day: n for day, n in before.items() if day not in (PARTITION, OTHER_DAY)
    }

    # the rerun reused dbt's saved parse of this warehouse: a full parse costs 7-15 s
    folder = assets.target_path(resources["warehouse"])
    # dbt rotates its log at 10 MB: dbt.log.1 holds what came before dbt.log
    log = "".join(path.read_text() for path in (folder / "dbt.log.1", folder / "dbt.log") if path.exists())
    first, last = log.split('"name": "MainReportVersion"')[1:]
    assert '"name": "UnableToPartialParse"' in first
    assert '"name": "UnableToPartialParse"' not in last and '"name": "PartialParsingSkipParsing"' in last
