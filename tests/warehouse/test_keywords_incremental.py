"""Incremental keyword extraction: a run scores only new and changed papers, against the current corpus;
the other papers keep their rows; --full-refresh rescoring all of them."""

import datetime as dt
import json
import shutil

import duckdb

from tests.support.dbt import run_dbt
from tests.support.raw_sample import load_day, load_sample_raw, recorded_days

T0 = dt.datetime(2026, 11, 1, 7, 45, tzinfo=dt.UTC)
KEYWORDS = ("--select", "+int_paper_keyword_candidates")
ROWS = (
    "select paper_id, keyword, surface, spelled_out, score, source, text_hash "
    "from intermediate.int_paper_keyword_candidates"
)


def keyword_rows(path) -> dict[str, set[tuple]]:
    with duckdb.connect(str(path), read_only=True) as con:
        rows = con.execute(ROWS).fetchall()
    by_paper: dict[str, set[tuple]] = {}
    for row in rows:
        by_paper.setdefault(row[0], set()).add(row)
    return by_paper


def with_new_abstract(items: list[dict], paper_id: str) -> list[dict]:
    items = json.loads(json.dumps(items))
    for item in items:
        if item["paper"]["id"] == paper_id:
            item["paper"]["summary"] = "We study sparse autoencoders for mechanistic interpretability."
            item["paper"].pop("ai_keywords", None)
    return items


def test_an_incremental_run_scores_only_new_and_changed_papers(tmp_path):
    days = recorded_days()
    keys = list(days)
    path = tmp_path / "incremental.duckdb"
    load_sample_raw(path, days=keys[:-2], fetched_at=T0)
    run_dbt(path, "build", *KEYWORDS)
    before = keyword_rows(path)

    changed_day = keys[0]
    changed = days[changed_day][0]["paper"]["id"]
    with duckdb.connect(str(path)) as con:
        load_day(con, changed_day, with_new_abstract(days[changed_day], changed), T0 + dt.timedelta(days=1))
        for key in keys[-2:]:
            load_day(con, key, days[key], T0 + dt.timedelta(days=1))
    run_dbt(path, "build", *KEYWORDS)
    after = keyword_rows(path)

    full = tmp_path / "full.duckdb"
    shutil.copy(path, full)
    run_dbt(full, "build", "--full-refresh", *KEYWORDS)
    refreshed = keyword_rows(full)

    new = after.keys() - before.keys()
    assert new and after.keys() == refreshed.keys()
    # unchanged papers keep what they were given; new and changed ones get what a full refresh gives them
    assert {p: after[p] for p in before if p != changed} == {p: before[p] for p in before if p != changed}
    assert {p: after[p] for p in new | {changed}} == {p: refreshed[p] for p in new | {changed}}
    assert "sparse autoencoder" in {row[1] for row in after[changed]}
    assert {row[5] for row in after[changed]} == {"extracted"}
