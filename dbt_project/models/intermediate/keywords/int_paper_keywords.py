"""Keywords of each paper, normalised: the API's `ai_keywords` where present, else our extractor's.

One row per paper with its keywords as a list, so a paper whose keywords changed is replaced whole.
Incremental by paper (delete+insert on paper_id): a run scores the papers that are new or whose title,
abstract or ai_keywords changed (int_papers.text_hash); the others keep their row.
"""

import polars as pl

from enrichment.keywords import STATS_WINDOW, corpus_stats, score_paper

FIELDS = {
    "keyword": pl.String,
    "surface": pl.String,
    "spelled_out": pl.Boolean,
    "score": pl.Float64,
    "source": pl.String,
}
KEYWORD = pl.Struct(FIELDS)
SCHEMA = {"paper_id": pl.String, "text_hash": pl.String, "keywords": pl.List(KEYWORD)}
PAPERS = "select paper_id, title, abstract, ai_keywords, paper_date, text_hash from papers"
DOC_FREQ = "select phrase, count(*) from (select unnest(phrases) as phrase from corpus) group by phrase"


def window_stats(dbt, papers):
    """Corpus statistics over the latest STATS_WINDOW papers, their phrases read from int_keyword_corpus."""
    window = papers.order("paper_date desc, paper_id desc").limit(STATS_WINDOW)
    corpus = dbt.ref("int_keyword_corpus").join(window.project("paper_id"), "paper_id", how="semi")
    doc_freq = dict(corpus.query("corpus", DOC_FREQ).fetchall())
    return corpus_stats([paper[:4] for paper in window.fetchall()], doc_freq=doc_freq)


def model(dbt, session):
    dbt.config(
        materialized="incremental",
        incremental_strategy="delete+insert",
        unique_key="paper_id",
        # dbt-duckdb cannot read the columns of a Python model's temporary table, so "fail" would report
        # every column as missing
        on_schema_change="append_new_columns",
    )
    papers = dbt.ref("int_papers").query("papers", PAPERS)
    todo = papers
    if dbt.is_incremental:
        todo = papers.query(
            "papers", f"select * from papers anti join {dbt.this} using (paper_id, text_hash)"
        )
    rows = todo.order("paper_id").fetchall()
    if not rows:
        return pl.DataFrame(schema=SCHEMA)
    stats = window_stats(dbt, papers)
    keywords = [
        [
            dict(zip(FIELDS, scored[1:], strict=True))
            for scored in score_paper((paper_id, title, abstract, ai_keywords), stats)
        ]
        for paper_id, title, abstract, ai_keywords, _, _ in rows
    ]
    return pl.DataFrame(
        {
            "paper_id": [row[0] for row in rows],
            "text_hash": [row[5] for row in rows],
            "keywords": keywords,
        },
        schema=SCHEMA,
    )
