"""Merge candidates: pairs of resolved authors that may be one person, for a reviewer.

Only pairs the resolver kept apart and that have evidence (a shared co-author name, the same HF
organisation, or at least ``MIN_SHARED_TOKENS`` shared topic tokens):

- ``same_name``: two authors of one name block, e.g. two HF accounts whose papers share co-authors (one
  person with two accounts, or a claim by the wrong person) or a name key beside an account with weak
  evidence;
- ``listed_twice``: two same-named authors listed on one paper (two people, or an entry repeated);
- ``name_variant``: authors whose names differ by a middle name, a given name reduced to its initial, or
  the order of the words ("jason m baldridge" / "jason baldridge", "j baldridge", "baldridge jason"), with
  at least one shared co-author (a name variant alone is no evidence: thousands of pairs have one).

Confidence ranks the pairs: 1 - 0.5 ** weight, weight = shared co-authors + 1 for the same organisation +
shared tokens (at most 8) / 4, times 0.8 for a name variant; 0.5 for authors listed on one paper. Name
variants listed on one paper ("Cheng Yu" and "Yu Cheng") are two people and never candidates. Sorted by
confidence (highest first), then ids.
"""

import polars as pl

MIN_SHARED_TOKENS = 3
# a name key pools many papers, so its words overlap an account's a lot whoever it is
MAX_COUNTED_TOKENS = 8
LISTED_TWICE_CONFIDENCE = 0.5
SHARED_ITEMS = (
    ("shared_papers", "papers"),
    ("shared_coauthors", "coauthors"),
    ("same_org", "orgs"),
    ("shared_tokens", "tokens"),
)
VARIANT_DISCOUNT = 0.8
# pairs weighed at once (merge_candidates): all at once took more than 24 GB at a million papers
PAIRS_PER_CHUNK = 100_000
CANDIDATE_COLUMNS = [
    "author_id_a",
    "author_id_b",
    "name_a",
    "name_b",
    "kind",
    "shared_coauthors",
    "same_org",
    "shared_tokens",
    "days_apart",
    "confidence",
]


def _author_names(resolved: pl.DataFrame) -> pl.DataFrame:
    """(author_id, block_key) and the author's display name: its most frequent spelling."""
    spellings = resolved.group_by("author_id", "block_key", "name_as_listed").agg(pl.len().alias("n"))
    display = (
        spellings.sort(["author_id", "n", "name_as_listed"], descending=[False, True, False], nulls_last=True)
        .group_by("author_id", maintain_order=True)
        .first()
        .select("author_id", display_name=pl.coalesce("name_as_listed", "block_key"))
    )
    return resolved.select("author_id", "block_key").unique().join(display, on="author_id")


def _variant_keys(names: pl.DataFrame) -> pl.DataFrame:
    """(block_key, variant, reduced): the name reduced to its first and last word, to its first initial
    and last word, and to its words sorted; reduced says the reduction dropped something."""
    words = pl.col("block_key").str.split(" ")
    keyed = names.select("block_key").unique().filter(words.list.len() >= 2)
    first, last = words.list.first(), words.list.last()
    variants = [
        (pl.concat_str([pl.lit("fl:"), first, pl.lit(" "), last]), words.list.len() > 2),
        (pl.concat_str([pl.lit("il:"), first.str.slice(0, 1), pl.lit(" "), last]), first.str.len_chars() > 1),
        (pl.lit("so:") + words.list.sort().list.join(" "), pl.lit(False)),
    ]
    frames = [keyed.select("block_key", variant=key, reduced=reduced) for key, reduced in variants]
    return pl.concat(frames).unique()


def _pairs(names: pl.DataFrame) -> pl.DataFrame:
    same = names.join(names, on="block_key", suffix="_b")
    same = same.select("author_id", "author_id_b", kind=pl.lit("same_name"))
    variants = names.join(_variant_keys(names), on="block_key")
    # two names that both lost words to one reduction ("hai long sun" / "hai wei sun") are not variants;
    # joining only against unreduced names also keeps "il:j wang" from pairing every J. Wang
    whole = variants.filter(~pl.col("reduced"))
    variant = variants.join(whole, on="variant", suffix="_b").filter(
        pl.col("block_key") != pl.col("block_key_b")
    )
    variant = variant.select("author_id", "author_id_b", kind=pl.lit("name_variant"))
    variant = pl.concat(
        [variant, variant.select(author_id="author_id_b", author_id_b="author_id", kind="kind")]
    )
    pairs = pl.concat([same, variant]).filter(pl.col("author_id") < pl.col("author_id_b"))
    # a pair both same-named and a variant (several spellings) counts as same-named
    return pairs.sort("kind", descending=True).unique(["author_id", "author_id_b"], keep="first")


def _profiles(authored: pl.DataFrame, context: dict[str, pl.DataFrame]) -> dict:
    """Each author's papers, co-authors, organisations, topic tokens and first and last date, from
    (paper_id, author_id, block_key)."""
    coauthors = authored.join(context["names"].rename({"block_key": "item"}), on="paper_id")
    coauthors = coauthors.filter(pl.col("item") != pl.col("block_key")).select("author_id", "item").unique()
    orgs = authored.join(context["papers"], on="paper_id")
    tokens = authored.join(context["tokens"].rename({"token": "item"}), on="paper_id")
    dates = orgs.group_by("author_id").agg(first=pl.col("paper_date").min(), last=pl.col("paper_date").max())
    return {
        "papers": authored.select("author_id", item="paper_id").unique(),
        "coauthors": coauthors,
        "orgs": orgs.select("author_id", item="organization").drop_nulls().unique(),
        "tokens": tokens.select("author_id", "item").unique(),
        "dates": dates,
    }


def _shared(pairs: pl.DataFrame, items: pl.DataFrame, name: str) -> pl.DataFrame:
    left = pairs.join(items, on="author_id")
    both = left.join(items, left_on=["author_id_b", "item"], right_on=["author_id", "item"], how="semi")
    return both.group_by("author_id", "author_id_b").agg(pl.len().cast(pl.Int64).alias(name))


def _with_evidence(pairs: pl.DataFrame, profiles: dict) -> pl.DataFrame:
    keys = ["author_id", "author_id_b"]
    for name, items in SHARED_ITEMS:
        pairs = pairs.join(_shared(pairs, profiles[items], name), on=keys, how="left")
    dates = profiles["dates"]
    pairs = pairs.join(dates, on="author_id").join(
        dates, left_on="author_id_b", right_on="author_id", suffix="_b"
    )
    gap = pl.max_horizontal(pl.col("first_b") - pl.col("last"), pl.col("first") - pl.col("last_b"))
    return pairs.with_columns(
        pl.col("shared_papers").fill_null(0),
        pl.col("shared_coauthors").fill_null(0),
        same_org=pl.col("same_org").fill_null(0) > 0,
        shared_tokens=pl.col("shared_tokens").fill_null(0),
        days_apart=pl.max_horizontal(gap.dt.total_days(), pl.lit(0)),
    )


def merge_candidates(resolved: pl.DataFrame, context: dict[str, pl.DataFrame]) -> pl.DataFrame:
    """The review list (module docstring) from a resolution and its papers' context. The pairs are
    weighed PAIRS_PER_CHUNK at a time, each chunk with the profiles of its own authors only: a pair's
    evidence reads its two authors alone, and all profiles at once (a row per author and co-author) did
    not fit in memory at a million papers."""
    names = _author_names(resolved)
    authored = resolved.select("paper_id", "author_id", "block_key").unique()
    pairs = _pairs(names).sort("author_id", "author_id_b")
    chunks = [_reviewable(chunk, authored, context) for chunk in pairs.iter_slices(PAIRS_PER_CHUNK)]
    candidates = pl.concat(chunks) if chunks else _reviewable(pairs, authored, context)
    display = names.select("author_id", "display_name").unique("author_id")
    candidates = candidates.join(display, on="author_id").join(
        display, left_on="author_id_b", right_on="author_id", suffix="_b"
    )
    return candidates.select(
        author_id_a="author_id",
        author_id_b="author_id_b",
        name_a="display_name",
        name_b="display_name_b",
        kind="kind",
        shared_coauthors="shared_coauthors",
        same_org="same_org",
        shared_tokens="shared_tokens",
        days_apart="days_apart",
        confidence="confidence",
    ).sort(["confidence", "author_id_a", "author_id_b"], descending=[True, False, False])


def _reviewable(
    pairs: pl.DataFrame, authored: pl.DataFrame, context: dict[str, pl.DataFrame]
) -> pl.DataFrame:
    """The pairs with evidence enough for a reviewer, with their evidence and confidence."""
    ids = pl.concat([pairs["author_id"], pairs["author_id_b"]]).unique().to_frame("author_id")
    profiles = _profiles(authored.join(ids, on="author_id", how="semi"), context)
    pairs = _with_evidence(pairs, profiles)
    evident = (
        (pl.col("shared_coauthors") > 0) | pl.col("same_org") | (pl.col("shared_tokens") >= MIN_SHARED_TOKENS)
    )
    variant_evident = (pl.col("kind") == "same_name") | (pl.col("shared_coauthors") > 0)
    # two entries of one paper are two people as listed; a reviewer only checks same-named ones
    listed_apart = (pl.col("kind") == "same_name") | (pl.col("shared_papers") == 0)
    tokens = pl.min_horizontal(pl.col("shared_tokens"), MAX_COUNTED_TOKENS) / 4
    weight = pl.col("shared_coauthors") + pl.col("same_org").cast(pl.Int64) + tokens
    discount = pl.when(pl.col("kind") == "name_variant").then(VARIANT_DISCOUNT).otherwise(1.0)
    return pairs.filter(evident & variant_evident & listed_apart).with_columns(
        kind=pl.when(pl.col("shared_papers") > 0).then(pl.lit("listed_twice")).otherwise(pl.col("kind")),
        confidence=pl.when(pl.col("shared_papers") > 0)
        .then(LISTED_TWICE_CONFIDENCE)
        .otherwise(((1 - pl.lit(0.5).pow(weight)) * discount).round(4)),
    )
