"""Topics of each paper: the taxonomy (seeds/topics.csv) applied by enrichment/topics.py.

One row per paper with its topics as a list (main topic first), so that a paper that lost every topic
keeps an empty list. Incremental by paper (delete+insert on paper_id): a run matches the papers int_papers
loaded since this model's newest loaded_at, and every paper when the taxonomy changed (each row keeps the
hash of the taxonomy, and of the frozen topic model, it was matched with).
"""

import hashlib

import polars as pl

from enrichment.topics import TOPIC_ROW, paper_topics
from enrichment.topics_model import DEFAULT_PATH as DEFAULT_MODEL_PATH

TOPIC = pl.Struct({name: dtype for name, dtype in TOPIC_ROW.items() if name != "paper_id"})
SCHEMA = {
    "paper_id": pl.String,
    "topics": pl.List(TOPIC),
    "taxonomy_hash": pl.String,
    "loaded_at": pl.Datetime("us", "UTC"),
}
PAPERS = "select paper_id, title, abstract, coalesce(ai_keywords, []) as keywords, loaded_at from int_papers"


def taxonomy_hash(taxonomy: pl.DataFrame) -> str:
    """md5 of the taxonomy and of the frozen topic model: a change to either re-matches every paper."""
    digest = hashlib.md5(taxonomy.sort("topic_id").write_csv().encode())
    if DEFAULT_MODEL_PATH.exists():
        digest.update(DEFAULT_MODEL_PATH.read_bytes())
    return digest.hexdigest()


def model(dbt, session):
    dbt.config(
        materialized="incremental",
        incremental_strategy="delete+insert",
        unique_key="paper_id",
        # dbt-duckdb cannot read the columns of a Python model's temporary table, so "fail" would report
        # every column as missing
        on_schema_change="append_new_columns",
    )
    taxonomy = dbt.ref("int_topics").pl()
    current_hash = taxonomy_hash(taxonomy)
    papers = dbt.ref("int_papers").query("int_papers", PAPERS)
    if dbt.is_incremental:
        stored = session.sql(f"select max(loaded_at), any_value(taxonomy_hash) from {dbt.this}").fetchall()[0]
        if stored[0] is not None and stored[1] == current_hash:
            papers = papers.filter(f"loaded_at > '{stored[0].isoformat()}'::timestamptz")
    papers = papers.pl()
    if papers.is_empty():
        return pl.DataFrame(schema=SCHEMA)
    found = paper_topics(papers, taxonomy)
    lists = found.group_by("paper_id").agg(
        pl.struct("topic_id", "score", "method", "rank").sort_by("rank").alias("topics")
    )
    return (
        papers.select("paper_id", "loaded_at")
        .join(lists, on="paper_id", how="left")
        .with_columns(
            pl.col("topics").fill_null(pl.lit([], dtype=pl.List(TOPIC))),
            pl.lit(current_hash).alias("taxonomy_hash"),
        )
        .select(list(SCHEMA))
        .cast(SCHEMA)
        .sort("paper_id")
    )
