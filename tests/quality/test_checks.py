"""The suites as Dagster asset checks: a blocking failure stops what is downstream in the same run, a
warning does not, and every result reaches audit.validation_results."""

from pathlib import Path

import dagster as dg
import duckdb
import pytest

from data_checks.registry import SUITES
from orchestration.defs.common.resources import WarehouseResource
from orchestration.defs.ingestion.partitions import daily_partitions, range_tags
from orchestration.defs.quality.checks import gx_checks
from orchestration.defs.quality.resources import GreatExpectationsResource

RAW = dg.AssetKey(["raw", "hf_daily_papers"])
DIM_PAPERS = dg.AssetKey(["marts", "dim_papers"])
DAYS = ("2025-08-11", "2025-08-13")


@dg.asset(key=RAW, partitions_def=daily_partitions, backfill_policy=dg.BackfillPolicy.single_run())
def raw_stand_in() -> None:
    """Stands in for the ingestion asset: the test has already written the raw rows."""


@dg.asset(
    key=["staging", "stg_hf__daily_papers"],
    deps=[RAW],
    partitions_def=daily_partitions,
    backfill_policy=dg.BackfillPolicy.single_run(),
)
def staging_stand_in() -> None:
    """Stands in for the dbt models that read the raw table."""


@dg.asset(key=DIM_PAPERS)
def dim_papers_stand_in() -> None:
    """Stands in for the dbt mart: the test has already built it."""


@dg.asset(key=["publishing", "warehouse_snapshot"], deps=[DIM_PAPERS])
def snapshot_stand_in() -> None:
    """Stands in for the published copy, which must not be refreshed from a broken mart."""


def checks_on(asset_key: dg.AssetKey) -> list[dg.AssetChecksDefinition]:
    return [check for check in gx_checks if all(key.asset_key == asset_key for key in check.check_keys)]


def resources(warehouse: Path, gx_root: str) -> dict:
    return {
        "warehouse": WarehouseResource(path=str(warehouse)),
        "great_expectations": GreatExpectationsResource(root=gx_root),
    }


def materialized(result: dg.ExecuteInProcessResult) -> set[str]:
    return {event.asset_key.to_user_string() for event in result.get_asset_materialization_events()}


def history(warehouse: Path, run_id: str) -> list[tuple]:
    query = """
        select suite, column_name, success, partition_key from audit.validation_results
        where run_id = ? order by suite, column_name"""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(query, [run_id]).fetchall()


def corrupt(warehouse: Path, sql: str) -> None:
    with duckdb.connect(str(warehouse)) as con:
        con.execute(sql)


def run_raw(warehouse: Path, gx_root: str, **partitions) -> dg.ExecuteInProcessResult:
    """Materialise the raw stand-in, its checks and the model below; `partitions`: tags or partition_key."""
    return dg.materialize(
        [raw_stand_in, staging_stand_in, *checks_on(RAW)],
        resources=resources(warehouse, gx_root),
        raise_on_error=False,
        **partitions,
    )


def test_every_suite_is_a_blocking_check_named_after_its_table() -> None:
    specs = [spec for check in gx_checks for spec in check.check_specs]
    assert sorted(spec.name for spec in specs) == sorted(suite.check_name for suite in SUITES)
    assert all(spec.blocking for spec in specs)


def test_clean_backfill_range_passes_and_is_recorded(warehouse_copy: Path, gx_root: str) -> None:
    result = run_raw(warehouse_copy, gx_root, tags=range_tags(*DAYS))
    assert result.success
    assert materialized(result) == {"raw/hf_daily_papers", "staging/stg_hf__daily_papers"}
    evaluations = result.get_asset_check_evaluations()
    assert {e.check_name for e in evaluations} == {
        "gx_hf_daily_papers",
        "gx_landing_manifest",
        "gx_daily_volume",
    }
    assert all(e.passed for e in evaluations)
    assert all(e.metadata["partition_range"].value == "2025-08-11..2025-08-13" for e in evaluations)
    assert Path(evaluations[0].metadata["data_docs"].value).is_file()
    rows = history(warehouse_copy, result.run_id)
    assert rows and all(success for _, _, success, _ in rows)
    assert {partition for *_, partition in rows} == {"2025-08-11..2025-08-13"}


def test_bad_raw_rows_stop_the_models_downstream(warehouse_copy: Path, gx_root: str) -> None:
    corrupt(
        warehouse_copy,
        """update raw.hf_daily_papers set item = json_merge_patch(item, '{"paper": {"upvotes": -3}}')
           where listing_date = '2025-08-12' and item_index = 1""",
    )
    result = run_raw(warehouse_copy, gx_root, partition_key="2025-08-12")
    assert not result.success
    assert "staging/stg_hf__daily_papers" not in materialized(result)
    failed = [e for e in result.get_asset_check_evaluations() if not e.passed]
    assert [e.check_name for e in failed] == ["gx_hf_daily_papers"]
    assert failed[0].severity == dg.AssetCheckSeverity.ERROR
    assert "upvotes" in failed[0].metadata["failures"].value
    assert ("raw.hf_daily_papers", "upvotes", False, "2025-08-12") in history(warehouse_copy, result.run_id)


def test_broken_mart_keys_keep_the_snapshot_from_refreshing(warehouse_copy: Path, gx_root: str) -> None:
    corrupt(warehouse_copy, "insert into marts.dim_papers select * from marts.dim_papers limit 1")
    result = dg.materialize(
        [dim_papers_stand_in, snapshot_stand_in, *checks_on(DIM_PAPERS)],
        resources=resources(warehouse_copy, gx_root),
        raise_on_error=False,
    )
    assert not result.success
    assert materialized(result) == {"marts/dim_papers"}
    (evaluation,) = result.get_asset_check_evaluations()
    assert not evaluation.passed
    assert "duplicate_paper_ids" in evaluation.description
    assert ("marts.dim_papers", "duplicate_paper_ids", False, None) in history(warehouse_copy, result.run_id)


def test_a_warning_is_shown_but_does_not_block(warehouse_copy: Path, gx_root: str) -> None:
    corrupt(
        warehouse_copy,
        """update marts.dim_papers set first_listed_date = last_listed_date + 1
           where paper_id = (select min(paper_id) from marts.dim_papers
               where last_listed_date is not null)""",
    )
    result = dg.materialize(
        [dim_papers_stand_in, snapshot_stand_in, *checks_on(DIM_PAPERS)],
        resources=resources(warehouse_copy, gx_root),
        raise_on_error=False,
    )
    assert result.success
    assert "publishing/warehouse_snapshot" in materialized(result)
    (evaluation,) = result.get_asset_check_evaluations()
    assert not evaluation.passed
    assert evaluation.severity == dg.AssetCheckSeverity.WARN


@pytest.mark.parametrize("key", ["raw/hf_daily_papers", "marts/dim_papers", "marts/fct_topic_trends"])
def test_the_code_location_carries_the_checks(key: str) -> None:
    from orchestration.definitions import defs

    check_keys = defs().resolve_asset_graph().asset_check_keys
    assert any(check.asset_key.to_user_string() == key for check in check_keys)
