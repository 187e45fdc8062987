"""Author mentions as the resolver reads them: the input schema, its checks, name blocks and link conflicts.

A mention is one listed author entry: (paper_id, author_position) is its key. The paper-level columns
(organization, title, keywords, paper_date) repeat on every mention of a paper; the resolver reads them once
per paper.
"""

import polars as pl
import pyarrow as pa

from enrichment.names import fold_names_arrow

REQUIRED_COLUMNS = {
    "paper_id": pl.String,
    "author_position": pl.Int64,
    "name_as_listed": pl.String,
    "normalized_name": pl.String,
    "hf_user": pl.String,
    "paper_date": pl.Date,
}
OPTIONAL_COLUMNS = {
    "hf_fullname": pl.String,
    "organization": pl.String,
    "title": pl.String,
    "keywords": pl.List(pl.String),
}
MENTION_SCHEMA = REQUIRED_COLUMNS | OPTIONAL_COLUMNS
# read once per paper (enrichment/author_evidence.py, paper_context); link settling never reads them
PAPER_COLUMNS = ("organization", "title", "keywords")
KEY = ["paper_id", "author_position"]


def conform(mentions: pl.DataFrame) -> pl.DataFrame:
    """The input with the schema's types, absent optional columns as nulls, sorted by key; checks the key."""
    missing = sorted(set(REQUIRED_COLUMNS) - set(mentions.columns))
    if missing:
        raise ValueError(f"author mentions lack columns: {', '.join(missing)}")
    for name, dtype in OPTIONAL_COLUMNS.items():
        if name not in mentions.columns:
            mentions = mentions.with_columns(pl.lit(None, dtype=dtype).alias(name))
    frame = mentions.select([pl.col(name).cast(dtype) for name, dtype in MENTION_SCHEMA.items()])
    frame = frame.with_columns(pl.col("hf_user").str.to_lowercase())
    if frame.select(pl.col(KEY).is_null().any()).row(0) != (False, False):
        raise ValueError("author mentions need paper_id and author_position on every row")
    if frame.select(pl.struct(KEY).is_duplicated().any()).item():
        raise ValueError("author mentions hold a (paper_id, author_position) twice")
    return frame.sort(KEY).with_row_index("mention")


def with_block_keys(frame: pl.DataFrame) -> pl.DataFrame:
    """Adds block_key: the folded name, else the name as listed, else '' (the key the name ids hash)."""
    folded = pl.when(pl.col("normalized_name") != "").then(pl.col("normalized_name"))
    return frame.with_columns(block_key=pl.coalesce(folded, pl.col("name_as_listed"), pl.lit("")))


def _folded(series: pl.Series) -> pl.Series:
    return pl.Series(series.name, fold_names_arrow(series.to_arrow().cast(pa.large_string())))


def with_misplaced_claims(frame: pl.DataFrame) -> pl.DataFrame:
    """A user none of whose entries on a paper carries the user's folded full name also claims the paper's
    unlinked entries that do ("Khai-Nguyen Nguyen" linked to "Anh Totti Nguyen" of a paper that lists
    Khai-Nguyen Nguyen too): a claim put on the wrong entry of the right paper. The double claim this makes
    is then settled like any other, for the entry with the full name. A user whose full name matches no
    entry, or only an entry linked to someone else, keeps the claim as made."""
    claims = frame.filter(pl.col("hf_user").is_not_null() & pl.col("_folded_fullname").is_not_null())
    matched = (pl.col("normalized_name") == pl.col("_folded_fullname")).any().over(["paper_id", "hf_user"])
    misplaced = (
        claims.filter(~matched)
        .group_by("paper_id", normalized_name="_folded_fullname")
        .agg(
            _user=pl.col("hf_user").min(),
            _full=pl.col("hf_fullname").min(),
            _users=pl.col("hf_user").n_unique(),
        )
        # a name two users' full names point to stays as listed: which of them it is is anyone's guess
        .filter(pl.col("_users") == 1)
        .drop("_users")
    )
    moved = frame.join(misplaced, on=["paper_id", "normalized_name"], how="left").sort("mention")
    move = pl.col("hf_user").is_null() & pl.col("_user").is_not_null()
    return moved.with_columns(
        hf_user=pl.when(move).then("_user").otherwise("hf_user"),
        hf_fullname=pl.when(move).then("_full").otherwise("hf_fullname"),
        _folded_fullname=pl.when(move).then("normalized_name").otherwise("_folded_fullname"),
    ).drop("_user", "_full")


def with_settled_links(frame: pl.DataFrame) -> pl.DataFrame:
    """One entry per (paper, HF user), after misplaced claims moved (with_misplaced_claims): the user keeps
    the entry whose folded name is the user's folded full name, else the first; the others lose the link
    (dropped_hf_user) and are flagged (link_conflict)."""
    frame = frame.with_columns(_folded(frame["hf_fullname"]).alias("_folded_fullname"))
    frame = with_misplaced_claims(frame)
    mismatch = (pl.col("normalized_name") != pl.col("_folded_fullname")).fill_null(True)
    keeper = pl.col("author_position").sort_by([mismatch, pl.col("author_position")]).first()
    keeper = keeper.over(["paper_id", "hf_user"])
    lost = pl.col("hf_user").is_not_null() & (pl.col("author_position") != keeper)
    return frame.with_columns(
        hf_user=pl.when(lost).then(None).otherwise(pl.col("hf_user")),
        dropped_hf_user=pl.when(lost).then(pl.col("hf_user")),
        link_conflict=lost,
    ).drop("_folded_fullname")


def prepare(mentions: pl.DataFrame) -> pl.DataFrame:
    """Conformed mentions with block keys and settled links, one row per input row."""
    return with_settled_links(with_block_keys(conform(mentions)))
