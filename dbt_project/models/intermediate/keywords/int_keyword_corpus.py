"""The candidate phrases of the papers in the keyword statistics window (the latest STATS_WINDOW papers),
as enrichment.keywords.candidate_phrases gives them. Incremental: a run extracts only the window papers
it lacks or whose text changed (int_papers.text_hash); papers that leave the window keep their row, unread.
"""

import pyarrow as pa

from enrichment.keywords import STATS_WINDOW, candidate_phrases

SCHEMA = pa.schema(
    [("paper_id", pa.string()), ("text_hash", pa.string()), ("phrases", pa.list_(pa.string()))]
)
WINDOW = f"""
    select paper_id, title, abstract, text_hash
    from papers
    order by paper_date desc, paper_id desc
    limit {STATS_WINDOW}
"""


def model(dbt, session):
    dbt.config(
        materialized="incremental",
        incremental_strategy="delete+insert",
        unique_key="paper_id",
        # dbt-duckdb cannot read the columns of a Python model's temporary table (see the candidates model)
        on_schema_change="append_new_columns",
    )
    window = dbt.ref("int_papers").query("papers", WINDOW)
    if dbt.is_incremental:
        known = f"select paper_id, text_hash from {dbt.this}"
        window = window.query(
            "window_papers", f"select * from window_papers anti join ({known}) using (paper_id, text_hash)"
        )
    papers = window.pl()
    phrases = candidate_phrases(papers.select("paper_id", "title", "abstract"))
    return (
        phrases.join(papers.select("paper_id", "text_hash"), on="paper_id")
        .to_arrow()
        .select(SCHEMA.names)
        .cast(SCHEMA)
    )
