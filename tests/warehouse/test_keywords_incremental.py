"""Incremental keyword extraction: a run scores only new papers and papers whose text changed; the others keep
their row; and the result equals a full refresh."""

import datetime as dt
import json
import shutil

import duckdb

from tests.support.dbt import run_dbt
from tests.support.raw_sample import load_day, load_sample_raw, recorded_days

T0 = dt.datetime(2026, 11, 1, 7, 45, tzinfo=dt.UTC)
KEYWORDS = ("--select", "+int_paper_keywords")
ROWS = "select paper_id, text_hash, keywords from intermediate.int_paper_keywords"


def keyword_rows(path) -> dict[str, tuple]:
    with duckdb.connect(str(path), read_only=True) as con:
        return {row[0]: row[1:] for row in con.execute(ROWS).fetchall()}


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

    new = after.keys() - before.keys()
    assert new
    assert after == keyword_rows(full)
    assert {p: after[p] for p in before if p != changed} == {p: before[p] for p in before if p != changed}
    keywords = after[changed][1]
    assert "sparse autoencoder" in {keyword["keyword"] for keyword in keywords}
    assert {keyword["source"] for keyword in keywords} == {"extracted"}
