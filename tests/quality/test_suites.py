"""Every suite passes on the sample warehouse, and the registry covers every validated table."""

import shutil
from pathlib import Path

import duckdb
import pytest

from data_checks.registry import SUITES, SUITES_BY_NAME, suites_for
from data_checks.runner import Window, gx_context, prune_results, validate
from data_checks.spec import ERROR, WARN
from tests.quality.conftest import EMPTY_DAY, table_exists
from tests.support.dbt import MART_TABLES


def test_every_validated_table_has_one_suite() -> None:
    names = [suite.name for suite in SUITES]
    assert len(names) == len(set(names))
    assert {"raw.hf_daily_papers", "raw.landing_manifest"} <= set(names)
    assert {f"marts.{mart}" for mart in MART_TABLES} <= set(names)
    assert [suite.name for suite in suites_for("raw/hf_daily_papers")] == [
        "raw.hf_daily_papers",
        "raw.landing_manifest",
        "raw.daily_volume",
    ]


# Arranged on purpose (sample_data/README.md): one HF account linked to two entries of 2508.99005.
EXPECTED_WARNINGS = {"marts.bridge_paper_authors": [("link_conflicts", 1)]}


@pytest.mark.parametrize("suite", SUITES, ids=lambda suite: suite.name)
def test_suite_passes_on_the_sample(suite, sample_warehouse: Path, run_suite) -> None:
    if suite.name.startswith("marts.") and not table_exists(sample_warehouse, suite.name):
        pytest.skip(f"{suite.name} is not built by the dbt project yet")
    outcome = run_suite(sample_warehouse, suite.name)
    expected = EXPECTED_WARNINGS.get(suite.name, [])
    assert [(r.column, r.observed_value) for r in outcome.failed] == expected
    assert outcome.severity == (WARN if expected else None)
    assert outcome.batch_rows > 0
    assert {result.severity for result in outcome.results} <= {ERROR, WARN}
    assert Path(outcome.data_docs_index.removeprefix("file://")).is_file()


ATTENTION_SUITES = [
    "marts.fct_paper_engagement",
    "marts.fct_paper_trending",
    "marts.fct_paper_adoption",
    "marts.bridge_paper_hub_repos",
    "marts.dim_organizations",
    "marts.fct_organization_trends",
]


@pytest.mark.parametrize("suite", ATTENTION_SUITES)
def test_attention_suites_pass_where_papers_are_fetched_again_and_adopted(
    suite: str, attention_warehouse, run_suite, tmp_path: Path
) -> None:
    # the sample fetches each day once and has no detail responses: these suites also run on the attention
    # sample: four fetches of each day, rising upvotes, linked repos (tests/support/attention_sample.py);
    # on a copy: the sample is shared by the workers, and a suite's connection may write
    warehouse = tmp_path / "warehouse.duckdb"
    shutil.copyfile(attention_warehouse.live, warehouse)
    outcome = run_suite(warehouse, suite)
    assert [(r.column, r.observed_value) for r in outcome.failed] == []
    with duckdb.connect(str(warehouse), read_only=True) as con:
        rows = con.execute(f"select count(*) from {suite}").fetchone()[0]
    assert rows > 0


def test_raw_suites_read_only_the_window(sample_warehouse: Path, run_suite) -> None:
    # Both runs of the demo fetched these days: its run over the sample and its scheduled run of 2025-08-16.
    day = run_suite(sample_warehouse, "raw.hf_daily_papers", Window("2025-08-12", "2025-08-12"))
    assert day.success and day.batch_rows == 2 * 21  # 19 real items and 2 arranged ones
    empty = run_suite(sample_warehouse, "raw.landing_manifest", Window(EMPTY_DAY, EMPTY_DAY))
    assert empty.success and empty.batch_rows == 2


def test_a_weekday_read_short_warns_naming_the_day(warehouse_copy: Path, run_suite) -> None:
    with duckdb.connect(str(warehouse_copy)) as con:
        con.execute("delete from raw.hf_daily_papers where listing_date = '2025-08-12' and item_index >= 2")
    outcome = run_suite(warehouse_copy, "raw.daily_volume", Window("2025-08-11", "2025-08-13"))

    assert outcome.severity == WARN and outcome.batch_rows == 3
    [failed] = outcome.failed
    assert failed.observed_value == ["2025-08-12: 2 items, trailing weekday median 10.0"]


def test_a_day_over_the_item_cap_is_an_error_and_the_cap_follows_its_setting(
    sample_warehouse: Path, run_suite, monkeypatch
) -> None:
    # 2025-08-12 holds 21 items: under the default cap of 200, over a cap of 20
    day = Window("2025-08-12", "2025-08-12")
    assert run_suite(sample_warehouse, "raw.landing_manifest", day).success
    monkeypatch.setenv("DPW_MAX_ITEMS_PER_DAY", "20")
    outcome = run_suite(sample_warehouse, "raw.landing_manifest", day)
    assert outcome.severity == ERROR
    assert [r.column for r in outcome.failed] == ["day_items"]


def test_a_listing_quarantined_after_a_good_page_is_not_an_accounting_error(
    warehouse_copy: Path, run_suite
) -> None:
    # As ingestion writes a day whose first page parsed and whose next page failed for good: every page
    # quarantined, no raw rows, one quarantine row for the listing. The day is named by every_day_landed;
    # the raw suite must not block the rest of the warehouse over it.
    with duckdb.connect(str(warehouse_copy)) as con:
        con.execute(
            "update raw.landing_manifest set outcome = 'quarantined', error = 'listing not indexed'"
            " where partition_key = '2025-08-12'"
        )
        con.execute("delete from raw.hf_daily_papers where listing_date = '2025-08-12'")
    outcome = run_suite(warehouse_copy, "raw.landing_manifest", Window("2025-08-12", "2025-08-12"))
    assert [(r.column, r.observed_value) for r in outcome.failed] == []


def test_gx_keeps_only_the_latest_results_per_suite(sample_warehouse: Path, tmp_path: Path) -> None:
    root, spec = str(tmp_path / "gx"), SUITES_BY_NAME["raw.landing_manifest"]
    with duckdb.connect(str(sample_warehouse), read_only=True) as con:
        for run in range(3):
            validate(con, spec, None, root, f"run-{run}")
    context = gx_context(root)
    assert prune_results(context, spec.name, keep=1) == 2
    kept = [key for key in context.validation_results_store.list_keys() if key.run_id.run_name == "run-2"]
    assert len(context.validation_results_store.list_keys()) == len(kept) == 1
