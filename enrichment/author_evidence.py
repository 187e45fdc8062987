"""Evidence that two mentions of one name are one person, read from their papers alone.

Per pair of mentions of one name block on different papers: co-author names the two papers share (folded
names, the block's own name left out), whether the papers carry the same HF organisation, how many topic
tokens (title words and ai_keywords words) they share, and how many days apart they are. Each figure
depends only on the two papers, so a block's evidence never changes when an unrelated paper arrives.

Cost: pairs are found by joining, within a block, the mentions whose papers share a co-author name (and,
when those rules are on, an organisation or topic token): a value that m mentions of the block share makes
m * m rows, so a block's cost grows with the square of its mentions that share something, never with all
authors. ``pair_rows`` counts those rows from a group_by before any pair is made; the resolver
(enrichment/authors.py) uses the count to take the blocks a batch at a time.
"""

import polars as pl

# Generic words of ML titles: shared by people who have nothing else in common.
TOPIC_STOPWORDS = frozenset(
    """the and for with from via into onto over under using based towards toward through beyond without
    what when where which how why your our their its are can not all one two new more less than that this
    model models modeling learning learn large language llm llms neural network networks deep data dataset
    datasets benchmark benchmarks task tasks method methods approach framework system systems study
    analysis towards improving improve improved efficient effective scalable generalist general unified
    toward survey paper via better simple fast rethinking understanding evaluating evaluation""".split()
)
MIN_TOKEN_LENGTH = 3
EVIDENCE = ("shared_coauthors", "same_org", "shared_tokens")


def paper_context(mentions: pl.DataFrame, max_coauthor_list: int) -> dict[str, pl.DataFrame]:
    """Per-paper frames the evidence reads: names listed, organisation and date, topic tokens."""
    listed = mentions.group_by("paper_id").agg(pl.len().alias("listed"))
    small = listed.filter(pl.col("listed") <= max_coauthor_list).select("paper_id")
    names = mentions.select("paper_id", "block_key").join(small, on="paper_id").unique()
    papers = mentions.group_by("paper_id").agg(
        pl.col("organization").drop_nulls().min(),
        pl.col("paper_date").min(),
        pl.col("title").drop_nulls().min(),
        pl.col("keywords").drop_nulls().first(),
    )
    return {
        "names": names,
        "papers": papers.select("paper_id", "organization", "paper_date"),
        "tokens": topic_tokens(papers),
    }


def topic_tokens(papers: pl.DataFrame) -> pl.DataFrame:
    """(paper_id, token): the distinct informative words of the title and the ai_keywords."""
    text = pl.concat_str(
        [pl.col("title").fill_null(""), pl.col("keywords").list.join(" ").fill_null("")], separator=" "
    )
    words = papers.select("paper_id", token=text.str.to_lowercase().str.extract_all(r"[a-z0-9]+"))
    words = words.explode("token").drop_nulls("token")
    words = words.with_columns(
        token=pl.when(pl.col("token").str.ends_with("s") & ~pl.col("token").str.ends_with("ss"))
        .then(pl.col("token").str.slice(0, pl.col("token").str.len_chars() - 1))
        .otherwise(pl.col("token"))
    )
    informative = (pl.col("token").str.len_chars() >= MIN_TOKEN_LENGTH) & ~pl.col("token").is_in(
        list(TOPIC_STOPWORDS)
    )
    return words.filter(informative).unique()


def _features(context: dict[str, pl.DataFrame]) -> dict[str, pl.DataFrame]:
    """(paper_id, value) per kind of evidence."""
    return {
        "shared_coauthors": context["names"].rename({"block_key": "value"}),
        "same_org": context["papers"].select("paper_id", value="organization").drop_nulls(),
        "shared_tokens": context["tokens"].rename({"token": "value"}),
    }


def _valued(targets: pl.DataFrame, values: pl.DataFrame) -> pl.DataFrame:
    """A row per target mention and value of its paper, the block's own name left out."""
    return targets.join(values, on="paper_id").filter(pl.col("value") != pl.col("block_key"))


def pair_rows(
    targets: pl.DataFrame, context: dict[str, pl.DataFrame], found_by: tuple[str, ...] = EVIDENCE
) -> pl.DataFrame:
    """(block_key, rows): the rows ``pair_evidence``'s self-joins make in each block (m * m for a value
    m mentions of the block share), counted without making them. Blocks sharing nothing are left out."""
    features = _features(context)
    keys = targets.select("block_key", "paper_id")
    sizes = pl.concat(
        [_valued(keys, features[kind]).group_by("block_key", "value").len() for kind in found_by]
    )
    return sizes.group_by("block_key").agg(rows=(pl.col("len").cast(pl.Int64) ** 2).sum())


def _found_by(targets: pl.DataFrame, values: pl.DataFrame, name: str) -> pl.DataFrame:
    """Pairs of target mentions of one block, on different papers, that share a value (the block's own
    name is never one), with how many they share."""
    rows = _valued(targets, values).select("block_key", "value", "mention", "paper_id")
    pairs = rows.join(rows, on=["block_key", "value"], suffix="_b").filter(
        (pl.col("mention") < pl.col("mention_b")) & (pl.col("paper_id") != pl.col("paper_id_b"))
    )
    return pairs.group_by("mention", "mention_b").agg(pl.len().cast(pl.Int64).alias(name))


def _overlap(pairs: pl.DataFrame, values: pl.DataFrame, name: str) -> pl.DataFrame:
    """How many values the two papers of each pair share."""
    # only the keys go through the join: it makes a row per value of each pair's first paper
    keys = pairs.select("mention", "mention_b", "block_key", "paper_id", "paper_id_b")
    left = _valued(keys, values)
    both = left.join(values, left_on=["paper_id_b", "value"], right_on=["paper_id", "value"], how="semi")
    return both.group_by("mention", "mention_b").agg(pl.len().cast(pl.Int64).alias(name))


def pair_evidence(
    targets: pl.DataFrame,
    context: dict[str, pl.DataFrame],
    found_by: tuple[str, ...] = EVIDENCE,
    tokens_below: int | None = None,
) -> pl.DataFrame:
    """One row per pair of target mentions (mention < mention_b) of one block that share a value of a
    `found_by` kind (shared_coauthors among them), with every kind counted: shared_coauthors, same_org,
    shared_tokens, and days_apart. With `tokens_below`, shared_tokens is counted only for pairs sharing
    fewer co-authors than that (0 for the others), the only pairs it can still decide."""
    features = _features(context)
    counts = [_found_by(targets, features[kind], kind) for kind in found_by]
    found = pl.concat([count.select("mention", "mention_b") for count in counts]).unique()
    sides = targets.join(context["papers"].select("paper_id", "paper_date"), on="paper_id")
    sides = sides.select("mention", "block_key", "paper_id", "paper_date")
    pairs = found.join(sides, on="mention").join(
        sides.drop("block_key"), left_on="mention_b", right_on="mention", suffix="_b"
    )
    for count in counts:
        pairs = pairs.join(count, on=["mention", "mention_b"], how="left")
    pairs = pairs.with_columns(pl.col("shared_coauthors").fill_null(0))
    for kind in EVIDENCE:
        if kind in found_by:
            continue
        counted = pairs
        if kind == "shared_tokens" and tokens_below is not None:
            counted = pairs.filter(pl.col("shared_coauthors") < tokens_below)
        pairs = pairs.join(_overlap(counted, features[kind], kind), on=["mention", "mention_b"], how="left")
    return pairs.select(
        "block_key",
        "mention",
        "mention_b",
        "shared_coauthors",
        (pl.col("same_org").fill_null(0) > 0).alias("same_org"),
        pl.col("shared_tokens").fill_null(0),
        (pl.col("paper_date") - pl.col("paper_date_b")).dt.total_days().abs().alias("days_apart"),
    )
