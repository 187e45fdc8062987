"""Keywords of every paper, normalised: the API's `ai_keywords` where present, else our extractor's.

A dbt Python model because the extractor is Python (enrichment/keywords.py, installed with the
project). Incremental: among the papers changed since the model's last build (its watermark,
macros/incremental_papers.sql), a run scores those that are new or whose title, abstract or ai_keywords
changed (`text_hash`; the YAML's post-hook deletes their old rows); the other papers keep the rows, and so
the scores, they were given. The corpus statistics (document frequencies, the API's keywords as a
vocabulary, consistently defined acronyms) come from the latest STATS_WINDOW papers of the current corpus:
all of Daily Papers so far, a bounded cost per run at any scale. `dbt build --full-refresh` rescores every
paper against today's statistics. The window papers' phrases come from int_keyword_corpus, which
extracts each paper once.
"""

import pyarrow as pa

from enrichment.keywords import STATS_WINDOW, corpus_stats, score_paper

BATCH = 10_000
COLUMNS = ("paper_id", "keyword", "surface", "spelled_out", "score", "source")
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


def batch_table(rows: list[tuple], hashes: dict[str, str]) -> pa.Table:
    columns = {name: [row[i] for row in rows] for i, name in enumerate(COLUMNS)}
    columns["text_hash"] = [hashes[paper_id] for paper_id in columns["paper_id"]]
    return pa.Table.from_pydict(columns, schema=SCHEMA)


DOC_FREQ = "select phrase, count(*) from (select unnest(phrases) as phrase from corpus) group by phrase"


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
    # the window's phrases were extracted once, by int_keyword_corpus
    corpus = dbt.ref("int_keyword_corpus").join(window.project("paper_id"), "paper_id", how="semi")
    doc_freq = dict(corpus.query("corpus", DOC_FREQ).fetchall())
    stats = corpus_stats([paper[:4] for paper in window.fetchall()], doc_freq=doc_freq)

    todo = "select * from papers"
    if dbt.is_incremental:
        # changed papers, less those whose text did not change: they keep their rows
        todo += (
            f" anti join (select distinct paper_id, text_hash from {dbt.this}) using (paper_id, text_hash)"
            f" where {changed_since_last_build(dbt)}"
        )
    reader = papers.query("papers", f"{todo} order by paper_id").fetch_record_batch(BATCH)
    batches = []
    for batch in reader:
        chunk = batch.to_pydict()
        hashes = dict(zip(chunk["paper_id"], chunk["text_hash"], strict=True))
        rows = [
            row
            for paper in zip(
                chunk["paper_id"], chunk["title"], chunk["abstract"], chunk["ai_keywords"], strict=True
            )
            for row in score_paper(paper, stats)
        ]
        batches.append(batch_table(rows, hashes))
    return pa.concat_tables(batches) if batches else SCHEMA.empty_table()
