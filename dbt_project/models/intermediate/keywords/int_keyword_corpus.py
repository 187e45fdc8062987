"""The candidate phrases of the papers in the keyword statistics window (the latest STATS_WINDOW papers),
kept so that int_paper_keyword_candidates counts document frequencies here instead of extracting 20,000
papers again on every run. Incremental: a run extracts only the window papers it lacks or whose text
changed (int_papers.text_hash); papers that leave the window keep their row, unread.
"""

import pyarrow as pa

from enrichment.keywords import STATS_WINDOW, paper_candidates

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
    rows = window.fetchall()
    return pa.Table.from_pydict(
        {
            "paper_id": [paper_id for paper_id, *_ in rows],
            "text_hash": [text_hash for *_, text_hash in rows],
            "phrases": [sorted(paper_candidates(title, abstract or "")) for _, title, abstract, _ in rows],
        },
        schema=SCHEMA,
    )
