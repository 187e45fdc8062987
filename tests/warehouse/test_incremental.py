"""The incremental path gives the same marts as a full refresh; a killed build heals on rerun."""

import datetime as dt
import shutil
import signal
import time

import duckdb
import pytest

from tests.support.dbt import MART_TABLES, dbt_command, differing_rows, run_dbt
from tests.support.raw_sample import load_day, load_details, load_sample_raw, recorded_days, refetched

# Every mart and everything it needs; the data and unit tests are left out: here the marts are compared
# with EXCEPT ALL, and the sample pipeline's second run (tests/conftest.py) runs every data test on an
# incremental build.
WAREHOUSE_SELECTION = ("--select", "+path:models/marts", "--exclude-resource-type", "test", "unit_test")
T0 = dt.datetime(2026, 11, 1, 7, 45, tzinfo=dt.UTC)


def built_marts(path) -> list[str]:
    with duckdb.connect(str(path), read_only=True) as con:
        rows = con.execute("select table_name from information_schema.tables where table_schema = 'marts'")
        return sorted(name for (name,) in rows.fetchall() if name in MART_TABLES)


def assert_same_marts(left, right) -> None:
    tables = built_marts(left)
    assert tables == built_marts(right) == sorted(MART_TABLES)
    assert {table: differing_rows(left, right, table) for table in tables} == dict.fromkeys(tables, 0)


def topic_rows(path, paper_id: str) -> int:
    with duckdb.connect(str(path), read_only=True) as con:
        query = "select count(*) from marts.bridge_paper_topics where paper_id = ?"
        return con.execute(query, [paper_id]).fetchall()[0][0]


def rewritten(items: list[dict], paper_id: str) -> list[dict]:
    """The listing with one paper's text replaced by one no topic matches, and its last two authors dropped
    (a pair of co-authors neither of whom is on the paper any more)."""
    items = refetched(items, 5)
    for item in items:
        if item["paper"]["id"] == paper_id:
            item["paper"].update(title="A short note", summary="We write a short note.", ai_keywords=[])
            item["paper"]["authors"] = item["paper"]["authors"][:-2]
    return items


def test_incremental_runs_equal_a_full_refresh(tmp_path):
    days = recorded_days()
    keys = list(days)
    late_day = keys[len(keys) // 2]
    incremental = tmp_path / "incremental.duckdb"
    load_sample_raw(incremental, days=[key for key in keys[:-3] if key != late_day], fetched_at=T0)
    adopted, later = days[keys[0]][0]["paper"]["id"], days[keys[-3]][0]["paper"]["id"]
    with duckdb.connect(str(incremental)) as con:
        load_details(con, adopted, {"id": adopted, "linkedModels": [{"id": "o/m1"}]}, T0)
    run_dbt(incremental, "build", *WAREHOUSE_SELECTION)

    # a scheduled run without vars: two new days, a paper's details fetched again, a new paper's first
    load_sample_raw(incremental, days=keys[-3:-1], searches=False, fetched_at=T0 + dt.timedelta(days=1))
    with duckdb.connect(str(incremental)) as con:
        models = {"linkedModels": [{"id": "o/m1"}, {"id": "o/m2"}], "linkedSpaces": [{"id": "o/s"}]}
        load_details(con, adopted, {"id": adopted, **models}, T0 + dt.timedelta(days=1))
        load_details(con, later, {"id": later, "numTotalDatasets": 2}, T0 + dt.timedelta(days=1))
    run_dbt(incremental, "build", *WAREHOUSE_SELECTION)

    # a run over two partitions: one new day and a refresh of the day before, in which
    # one paper changed its text (it loses every topic) and its author list (two co-authors fewer)
    # (a paper with 4 to 50 authors: its authors form co-author pairs)
    paper = next(item["paper"] for item in days[keys[-2]] if 4 <= len(item["paper"]["authors"]) <= 50)
    changed = paper["id"]
    assert topic_rows(incremental, changed) > 0
    with duckdb.connect(str(incremental)) as con:
        load_day(con, keys[-2], rewritten(days[keys[-2]], changed), T0 + dt.timedelta(days=2))
        load_day(con, keys[-1], refetched(days[keys[-1]], 5), T0 + dt.timedelta(days=2))
    run_dbt(incremental, "build", *WAREHOUSE_SELECTION)

    # a listing and a detail landed late: fetched before the newest fetch already loaded
    with duckdb.connect(str(incremental)) as con:
        load_day(con, late_day, days[late_day], T0 + dt.timedelta(days=1, hours=12))
        dataset = {"id": later, "linkedDatasets": [{"id": "o/d"}]}
        load_details(con, later, dataset, T0 + dt.timedelta(hours=12))
    run_dbt(incremental, "build", *WAREHOUSE_SELECTION)

    full = tmp_path / "full.duckdb"
    shutil.copy(incremental, full)
    run_dbt(full, "build", "--full-refresh", *WAREHOUSE_SELECTION)
    assert_same_marts(incremental, full)

    with duckdb.connect(str(incremental), read_only=True) as con:
        refreshed = con.execute(
            "select count(*) from marts.fct_daily_listings where listing_date = ? and fetched_at = ?",
            [keys[-2], T0 + dt.timedelta(days=2)],
        ).fetchone()[0]
        late = con.execute(
            "select (select count(*) from marts.fct_daily_listings where listing_date = ?),"
            " (select count(distinct paper_id) from raw.hf_daily_papers where listing_date = ?)",
            [late_day, late_day],
        ).fetchall()
        query = "select author_count from marts.dim_papers where paper_id = ?"
        authors = con.execute(query, [changed]).fetchall()
        adoption = con.execute(
            "select paper_id, count(*), sum(num_linked_repos) from marts.fct_paper_adoption"
            " group by 1 order by 1"
        ).fetchall()
    assert refreshed == len({item["paper"]["id"] for item in days[keys[-2]]})
    assert late[0][0] == late[0][1] > 0
    assert topic_rows(incremental, changed) == 0
    assert authors == [(len(paper["authors"]) - 2,)]
    # the adopted paper: 1 repo, then 3; the later one: 1 dataset at 12 h (landed last), 2 at 1 day
    assert adoption == sorted([(adopted, 2, 4), (later, 2, 3)])
    # its new text was scored again: its keywords are extracted from "A short note" now
    with duckdb.connect(str(incremental), read_only=True) as con:
        sources = con.execute(
            "select distinct source from marts.bridge_paper_keywords where paper_id = ?", [changed]
        ).fetchall()
    assert sources in ([], [("extracted",)])


@pytest.fixture(scope="module")
def refetched_day(sample_warehouse_copy, tmp_path_factory):
    """The sample's warehouse (as the demo built it) with one more fetch of its last day landed, and the
    same warehouse after an uninterrupted build of it: the reference a killed build must heal to."""
    base = sample_warehouse_copy("killed_build")
    with duckdb.connect(str(base)) as con:
        load_day(con, "2025-08-15", refetched(recorded_days()["2025-08-15"], 1), dt.datetime.now(dt.UTC))
    reference = tmp_path_factory.mktemp("reference") / "reference.duckdb"
    shutil.copy(base, reference)
    run_dbt(reference, "build", *WAREHOUSE_SELECTION)
    return base, reference


# one worker runs both cases, so the reference (a whole build of the sample) is built once, not per worker
@pytest.mark.xdist_group("killed_build")
@pytest.mark.parametrize(
    "kill_when",
    [
        "START sql incremental model marts.fct_daily_listings",
        "START python incremental model intermediate.int_author_blocks",
    ],
)
def test_a_killed_build_heals_on_rerun(refetched_day, tmp_path, kill_when):
    base, reference = refetched_day
    killed = tmp_path / "killed.duckdb"
    shutil.copy(base, killed)
    process = dbt_command(killed, "build", *WAREHOUSE_SELECTION)
    for line in process.stdout:
        if kill_when in line:
            time.sleep(0.02)
            process.send_signal(signal.SIGKILL)
            break
    assert process.wait(timeout=60) == -signal.SIGKILL

    run_dbt(killed, "build", *WAREHOUSE_SELECTION)
    assert_same_marts(killed, reference)
