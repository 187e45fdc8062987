"""Author ids for resolved groups, and what changed between two resolutions.

Ids:
- a group holding an HF account: ``hf:<user>`` (the lower-cased handle);
- the earliest group without an account in a name block (earliest mention by paper_date, paper_id,
  author_position): ``name:<md5 of the block key>``, the id today's name key gives, so a name that needs
  no splitting keeps its id;
- any later group without an account in the block: ``name:<md5>:<paper_id>.<author_position>`` of its
  earliest mention.
An id depends only on its block's mentions and their papers, so a paper that lists nobody of the block
never changes it.
"""

import hashlib

import polars as pl


def name_key(block_key: str) -> str:
    return "name:" + hashlib.md5(block_key.encode()).hexdigest()


def group_ids(groups: pl.DataFrame) -> pl.DataFrame:
    """(mention, group, hf_anchor, block_key, paper_id, author_position, paper_date) -> adds author_id and
    group_rank (0 for an account's group or a block's earliest group without one)."""
    firsts = (
        groups.sort(["paper_date", "paper_id", "author_position"])
        .group_by("group", maintain_order=True)
        .first()
        .select("group", "block_key", "hf_anchor", first_paper="paper_id", first_position="author_position")
    )
    loose_rank = pl.int_range(pl.len()).over("block_key")
    firsts = pl.concat(
        [
            firsts.filter(pl.col("hf_anchor").is_not_null()).with_columns(group_rank=pl.lit(0, pl.Int64)),
            firsts.filter(pl.col("hf_anchor").is_null()).with_columns(group_rank=loose_rank.cast(pl.Int64)),
        ]
    )
    keys = firsts.select("block_key").unique()
    keys = keys.with_columns(name_key=pl.col("block_key").map_elements(name_key, return_dtype=pl.String))
    firsts = firsts.join(keys, on="block_key").with_columns(
        author_id=pl.when(pl.col("hf_anchor").is_not_null())
        .then(pl.lit("hf:") + pl.col("hf_anchor"))
        .when(pl.col("group_rank") == 0)
        .then(pl.col("name_key"))
        .otherwise(
            pl.concat_str(
                [
                    pl.col("name_key"),
                    pl.lit(":"),
                    pl.col("first_paper"),
                    pl.lit("."),
                    pl.col("first_position").cast(pl.String),
                ]
            )
        )
    )
    return groups.join(firsts.select("group", "author_id", "group_rank"), on="group")


def diff_resolutions(previous: pl.DataFrame, current: pl.DataFrame) -> pl.DataFrame:
    """What moved between two resolutions (frames with paper_id, author_position, author_id): one row per
    (author_id_before, author_id_after) that share mentions where the mapping is not the same id:

    - ``merge``: several ids before are one after; ``split``: one id before is several after;
    - ``renamed``: one id before is one other id after; ``added`` / ``removed``: mentions only in one of them.
    A pair that is part of both a merge and a split is a merge. Sorted by change, then ids; mentions counts
    the mentions the pair shares."""
    key = ["paper_id", "author_position"]
    before = previous.select(*key, author_id_before="author_id")
    after = current.select(*key, author_id_after="author_id")
    both = before.join(after, on=key, how="full", coalesce=True)
    moves = both.group_by("author_id_before", "author_id_after").agg(mentions=pl.len().cast(pl.Int64))
    ids_after = pl.col("author_id_after").n_unique().over("author_id_before")
    ids_before = pl.col("author_id_before").n_unique().over("author_id_after")
    known = moves.filter(pl.col("author_id_before").is_not_null() & pl.col("author_id_after").is_not_null())
    known = known.with_columns(after_n=ids_after, before_n=ids_before)
    classified = known.with_columns(
        change=pl.when(pl.col("before_n") > 1)
        .then(pl.lit("merge"))
        .when(pl.col("after_n") > 1)
        .then(pl.lit("split"))
        .when(pl.col("author_id_before") != pl.col("author_id_after"))
        .then(pl.lit("renamed"))
    ).drop("after_n", "before_n")
    added = moves.filter(pl.col("author_id_before").is_null()).with_columns(change=pl.lit("added"))
    removed = moves.filter(pl.col("author_id_after").is_null()).with_columns(change=pl.lit("removed"))
    changes = pl.concat([classified.drop_nulls("change"), added, removed], how="diagonal_relaxed")
    return changes.select("change", "author_id_before", "author_id_after", "mentions").sort(
        ["change", "author_id_before", "author_id_after"], nulls_last=True
    )
