"""Keywords of each paper, normalised: the API's `ai_keywords` where present, else our extractor's
(enrichment/keywords.py), scored against the frozen corpus statistics of enrichment/keyword_stats.py.

One row per paper with its keywords as a list, so a paper whose keywords changed is replaced whole.
Incremental by paper (delete+insert on paper_id): a run scores the papers that are new or whose title,
abstract or ai_keywords changed (int_papers.text_hash); every paper when the statistics changed. A paper's
keywords depend only on its own text and the frozen statistics, so this equals a full refresh.
"""

import polars as pl

from enrichment import keyword_stats
from enrichment.keywords import KEYWORD_SCHEMA, paper_keywords

KEYWORD = pl.Struct({name: dtype for name, dtype in KEYWORD_SCHEMA.items() if name != "paper_id"})
SCHEMA = {
    "paper_id": pl.String,
    "text_hash": pl.String,
    "stats_version": pl.String,
    "keywords": pl.List(KEYWORD),
}
PAPERS = "select paper_id, title, abstract, ai_keywords, text_hash from papers"


def model(dbt, session):
    dbt.config(
        materialized="incremental",
        incremental_strategy="delete+insert",
        unique_key="paper_id",
        # dbt-duckdb cannot read the columns of a Python model's temporary table, so "fail" would report
        # every column as missing
        on_schema_change="append_new_columns",
    )
    version = keyword_stats.version()
    papers = dbt.ref("int_papers").query("papers", PAPERS)
    if dbt.is_incremental:
        scored = f"select paper_id, text_hash from {dbt.this} where stats_version = '{version}'"
        papers = papers.query(
            "papers", f"select * from papers anti join ({scored}) using (paper_id, text_hash)"
        )
    papers = papers.pl()
    keywords = paper_keywords(papers.drop("text_hash"), keyword_stats.load())
    lists = keywords.group_by("paper_id").agg(
        pl.struct([field.name for field in KEYWORD.fields]).alias("keywords")
    )
    return (
        papers.select("paper_id", "text_hash")
        .join(lists, on="paper_id", how="left")
        .with_columns(
            pl.col("keywords").fill_null(pl.lit([], dtype=pl.List(KEYWORD))),
            pl.lit(version).alias("stats_version"),
        )
        .select(list(SCHEMA))
        .cast(SCHEMA)
        .sort("paper_id")
    )
