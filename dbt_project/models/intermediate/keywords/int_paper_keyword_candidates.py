"""Keywords of every paper, normalised: the API's `ai_keywords` where present, else our extractor's.

A dbt Python model because the extractor is Python (orchestration/lib/keywords.py, installed with the
project). It rebuilds the whole table: document frequencies and the API-keyword vocabulary are corpus-wide,
so every paper is scored against the same statistics, and at about a thousand papers per second a full
rebuild of all of Daily Papers takes well under a minute.
"""

import pyarrow as pa

from orchestration.lib.keywords import paper_keywords

SCHEMA = pa.schema(
    [
        ("paper_id", pa.string()),
        ("keyword", pa.string()),
        ("surface", pa.string()),
        ("spelled_out", pa.bool_()),
        ("score", pa.float64()),
        ("source", pa.string()),
    ]
)


def model(dbt, session):
    dbt.config(materialized="table")
    papers = (
        dbt.ref("int_papers").project("paper_id, title, abstract, ai_keywords").order("paper_id").fetchall()
    )
    rows = paper_keywords(papers)
    return pa.Table.from_pylist([dict(zip(SCHEMA.names, row, strict=True)) for row in rows], schema=SCHEMA)
