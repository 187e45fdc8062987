"""People behind the author entries: enrichment/authors.py resolves the mentions of each name block.

One row per name block (the folded name) with its resolved mentions as a list, so that a block whose last
mention moved away gets an empty list. Incremental by block (delete+insert on block_key): a run re-resolves
the blocks the papers int_paper_authors loaded since this model's newest loaded_at list now or listed
before, from every mention of the papers of those blocks. A block's resolution depends only on its own
mentions and their papers, so this equals a full refresh.
"""

import polars as pl

from enrichment.authors import mentions_for_blocks, resolve_authors, touched_blocks

MENTION = pl.Struct(
    {
        "paper_id": pl.String,
        "author_position": pl.Int64,
        "name_as_listed": pl.String,
        "normalized_name": pl.String,
        "hf_user": pl.String,
        "dropped_hf_user": pl.String,
        "link_conflict": pl.Boolean,
        "author_id": pl.String,
        "resolution": pl.String,
        "confidence": pl.Float64,
    }
)
SCHEMA = {"block_key": pl.String, "mentions": pl.List(MENTION), "loaded_at": pl.Datetime("us", "UTC")}
MENTIONS = """
select
    paper_id, author_position, name_as_listed, normalized_name, linked_user as hf_user,
    linked_fullname as hf_fullname, paper_date, organization_name as organization, title,
    ai_keywords as keywords, loaded_at
from mentions
"""


def previous_mentions(session, this) -> pl.DataFrame:
    return session.sql(
        f"select block_key, m.paper_id from (select block_key, unnest(mentions) as m from {this})"
    ).pl()


def model(dbt, session):
    dbt.config(
        materialized="incremental",
        incremental_strategy="delete+insert",
        unique_key="block_key",
        # dbt-duckdb cannot read the columns of a Python model's temporary table, so "fail" would report
        # every column as missing
        on_schema_change="append_new_columns",
    )
    mentions = dbt.ref("int_author_mentions").query("mentions", MENTIONS).pl()
    newest = mentions["loaded_at"].max()
    blocks = None
    if dbt.is_incremental:
        loaded = session.sql(f"select max(loaded_at) from {dbt.this}").fetchall()[0][0]
        if loaded is not None:
            changed = mentions.filter(pl.col("loaded_at") > loaded)["paper_id"].unique()
            blocks = touched_blocks(mentions, changed, previous_mentions(session, dbt.this))
            mentions = mentions_for_blocks(mentions, blocks)
    resolved = resolve_authors(mentions.drop("loaded_at"), blocks=blocks)
    lists = resolved.group_by("block_key").agg(
        pl.struct([field.name for field in MENTION.fields])
        .sort_by("paper_id", "author_position")
        .alias("mentions")
    )
    every_block = pl.DataFrame({"block_key": sorted(blocks) if blocks is not None else lists["block_key"]})
    return (
        every_block.join(lists, on="block_key", how="left")
        .with_columns(
            pl.col("mentions").fill_null(pl.lit([], dtype=pl.List(MENTION))),
            pl.lit(newest).cast(SCHEMA["loaded_at"]).alias("loaded_at"),
        )
        .select(list(SCHEMA))
        .cast(SCHEMA)
        .sort("block_key")
    )
