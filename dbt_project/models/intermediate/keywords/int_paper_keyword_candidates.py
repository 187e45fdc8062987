"""Keywords of every paper, normalised: the API's `ai_keywords` where present, else our extractor's.

A dbt Python model because the extractor is Python (enrichment/keywords.py, installed with the
project). Incremental: among the papers changed since the model's last build (its watermark,
macros/incremental_papers.sql), a run scores those that are new or whose title, abstract or ai_keywords
changed (`text_hash`; the YAML's post-hook deletes their old rows); the other papers keep the rows, and so
the scores, they were given. The corpus statistics (how often the API chose each candidate phrase, and its
first and last word, among the window papers that offered it; consistently defined acronyms) come from the
latest STATS_WINDOW papers of the current corpus: all of Daily Papers so far, a bounded cost per run at any
scale. `dbt build --full-refresh` rescores every paper against today's statistics.
"""

import polars as pl
import pyarrow as pa

from enrichment.keywords import STATS_WINDOW, corpus_stats, paper_keywords

BATCH = 10_000
PAPER_COLUMNS = ["paper_id", "title", "abstract", "ai_keywords"]
SCHEMA = pa.schema(
    [
        ("paper_id", pa.string()),
        ("keyword", pa.string()),
        ("surface", pa.string()),
        ("spelled_out", pa.bool_()),
        ("score", pa.float64()),
        ("source", pa.string()),
        ("text_hash", pa.string()),
    ]
)
PAPERS = "select paper_id, title, abstract, ai_keywords, paper_date, text_hash, loaded_at from papers"


def batch_table(batch: pa.RecordBatch, stats) -> pa.Table:
    papers = pl.from_arrow(batch)
    rows = paper_keywords(papers.select(PAPER_COLUMNS), stats)
    with_hash = rows.join(papers.select("paper_id", "text_hash"), on="paper_id")
    return with_hash.to_arrow().select(SCHEMA.names).cast(SCHEMA)


def changed_since_last_build(dbt) -> str:
    """The SQL of macros/incremental_papers.sql's paper_changed(), which a Python model cannot call."""
    watermark = f"select max(loaded_at) from dbt_state.watermarks where model = '{dbt.this.identifier}'"
    return f"loaded_at > (select coalesce(({watermark}), '-infinity'::timestamptz))"


def model(dbt, session):
    dbt.config(
        materialized="incremental",
        incremental_strategy="append",
        tags=["incremental_by_paper"],
        # not "fail": dbt-duckdb cannot read the columns of a Python model's temporary table, so "fail"
        # reports every column as missing
        on_schema_change="append_new_columns",
    )
    papers = dbt.ref("int_papers").query("papers", PAPERS)
    window = papers.order("paper_date desc, paper_id desc").limit(STATS_WINDOW)
    stats = corpus_stats(window.pl().select(PAPER_COLUMNS))

    todo = "select * from papers"
    if dbt.is_incremental:
        # changed papers, less those whose text did not change: they keep their rows
        todo += (
            f" anti join (select distinct paper_id, text_hash from {dbt.this}) using (paper_id, text_hash)"
            f" where {changed_since_last_build(dbt)}"
        )
    reader = papers.query("papers", f"{todo} order by paper_id").fetch_record_batch(BATCH)
    batches = [batch_table(batch, stats) for batch in reader]
    return pa.concat_tables(batches) if batches else SCHEMA.empty_table()
