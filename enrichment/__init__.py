"""What the warehouse derives from listing text: author-name folding, keywords, topics, author identities.

Plain functions over strings and frames, imported by dbt (Python models and the DuckDB UDF plugin) and by
orchestration alike, so that dbt never imports the orchestration package. Nothing here knows Dagster.
"""
