"""Candidate phrases of many papers at once, as polars frames.

A paper's text is its title, a title break, then its abstract. Candidates are the n-grams (up to MAX_WORDS
words) of the runs of content words between punctuation, stopwords and bare numbers that neither start nor
end on a weak word, nor are a generic noun alone. Each is keyed by its normalised form, with acronyms
expanded: the paper's own definitions first, else the corpus's. Papers are numbered by their row (`paper`).
"""

import polars as pl

from enrichment.keywords_text import (
    HEAD_BREAKERS,
    JOINED_PREFIXES,
    STOPWORDS,
    fold,
    join_prefixes,
    keys_of_folded,
    with_key,
)

MAX_WORDS = 3
WEAK_EDGE = frozenset("high low key main overall general various specific certain single multiple".split())
# nouns that end many keywords ("diffusion models", "reward model") but are no keyword alone
GENERIC = frozenset(
    """paper work approach approaches method methods framework frameworks task tasks model models performance
    results result study studies problem problems issue issues challenge challenges""".split()
)
TITLE_END, BREAK = "\x1e", "\x1f"
# Where a fragment of text ends: a link (its text is no phrase), a sentence end, a punctuation mark or a
# dash between spaces; one alternation, so one pass, a link first so that its dots and slashes break
# nothing. Then a sentence end without its space ("data.We": the letters are kept, as $1 and $2): a pass
# of its own, because a replacement with groups is slower for every match (same result: links are gone
# by then, and no break of the first pass touches a letter).
_BREAKS = (
    r"\b(?:https?://|www\.)\S*|\S+\.(?:github\.io|com|org)\b\S*"
    r"""|[,;:!?()\[\]{}"\u201c\u201d]|\.(?:\s|$)|\s[\-\u2013\u2014]+\s|--"""
)
_RUN_ON = r"([a-z])\.([A-Z])"
_TOKEN = rf"[{TITLE_END}{BREAK}]|[A-Za-z0-9][\w+.'\-^]*[\w+]|[A-Za-z0-9]"
_BREAKER_PART = r"(?:^| )(?:" + "|".join(sorted(HEAD_BREAKERS)) + ")(?: |$)"
_LEAD_BREAKER = r"^(?:" + "|".join(sorted(HEAD_BREAKERS)) + ")(?: |$)"
_OPEN_END = r"(?:^| )(?:" + "|".join(sorted(JOINED_PREFIXES)) + ")$"
# stopwords as written in lower, title and upper case: cheaper than lowering every token
_STOPWORD_CASES = sorted({case for word in STOPWORDS for case in (word, word.title(), word.upper())})
# word shapes an n-gram has when any of its words has them (capitals inside, hyphen, digit)
SHAPES = ("caps", "hyphen", "digit")


def tokens(papers: pl.DataFrame) -> pl.DataFrame:
    """paper, token, position, in_title, run and the word_table columns: one row per content word of each
    paper's title and abstract, in order; `position` counts all the paper's tokens, `run` numbers the runs
    of content words (a break, a stopword or a bare number ends one)."""
    text = pl.concat_str(
        pl.col("title").fill_null(""), pl.lit(f" {TITLE_END} "), pl.col("abstract").fill_null("")
    )
    listed = papers.select(
        "paper",
        seq=pl.int_range(pl.len(), dtype=pl.UInt32),
        token=text.str.replace_all(_BREAKS, f" {BREAK} ")
        .str.replace_all(_RUN_ON, f"$1 {BREAK} $2")
        .str.extract_all(_TOKEN),
    ).with_columns(offset=pl.col("token").list.len().cum_sum() - pl.col("token").list.len())
    exploded = listed.explode("token")
    table = word_table(exploded["token"]).with_columns(word=pl.int_range(pl.len(), dtype=pl.UInt32))
    # only the row of each token's word joins: its string columns are gathered for the content words
    # alone, which are about half of the tokens
    flagged = exploded.join(
        table.select("token", "word", "skipped"), on="token", how="left", maintain_order="left"
    )
    content = flagged.with_columns(
        position=(pl.int_range(pl.len()) - pl.col("offset")).cast(pl.UInt32),
        in_title=(pl.col("token") == TITLE_END).cum_sum().cast(pl.UInt32) == pl.col("seq"),
        run=(pl.col("skipped") | pl.col("seq").ne_missing(pl.col("seq").shift(1))).cum_sum(),
    ).filter(~pl.col("skipped"))
    features = table.drop("token", "skipped", "word")[content["word"]]
    return pl.concat([content.drop("skipped", "offset", "seq", "word"), features], how="horizontal")


def word_table(words: pl.Series) -> pl.DataFrame:
    """For each distinct token: whether it is `skipped` (a break, a stopword, a bare number); its folded
    parts, `joined` (prefixes joined) and `key` (its keyword alone); whether an n-gram's key may be built
    by joining it with the next words (`simple`: no preposition and no trailing prefix inside, so the
    n-gram's head noun is a later word's) or as an n-gram's last word (`last_ok`: it does not start with a
    preposition); whether it is weak (no n-gram starts or ends on it) or generic (no n-gram of its own);
    its shape (capitals inside, a hyphen, a digit, a capital initial)."""
    table = words.unique().to_frame("token")
    plain = pl.col("token").str.contains(r"^[A-Za-z0-9]+$")
    hyphenated = pl.col("token").str.contains(r"^[A-Za-z0-9\-]+$")
    # most words are plain letters and digits (one part, which fold would only lowercase) and most others
    # hyphenated ones (fold would only lowercase them and split them at the hyphens)
    table = pl.concat(
        [
            table.filter(plain).with_columns(folded=pl.col("token").str.to_lowercase()),
            table.filter(~plain & hyphenated).with_columns(
                folded=pl.col("token").str.to_lowercase().str.replace_all("-+", " ")
            ),
            table.filter(~hyphenated).with_columns(folded=fold(pl.col("token"))),
        ]
    )
    table = table.with_columns(key=keys_of_folded(table["folded"]))
    # a word of one part has no prefix to join and is a preposition or not: no regex needed
    single = ~pl.col("folded").str.contains(" ", literal=True)
    breaker = pl.col("folded").is_in(list(HEAD_BREAKERS))
    table = pl.concat(
        [
            table.filter(single).with_columns(joined=pl.col("folded"), simple=~breaker, last_ok=~breaker),
            table.filter(~single).with_columns(
                joined=join_prefixes(pl.col("folded")),
                simple=~pl.col("folded").str.contains(_BREAKER_PART),
                last_ok=~pl.col("folded").str.contains(_LEAD_BREAKER),
            ),
        ]
    )
    lowered = pl.col("token").str.to_lowercase()
    return table.with_columns(
        skipped=pl.col("token").is_in([TITLE_END, BREAK, *_STOPWORD_CASES])
        | pl.col("token").str.contains(r"^[\d.]+$"),
        simple=pl.col("simple") & ~pl.col("folded").str.contains(_OPEN_END),
        weak=lowered.is_in(list(WEAK_EDGE)) | (pl.col("token").str.len_chars() == 1),
        generic=lowered.is_in(list(GENERIC)),
        caps=pl.col("token").str.contains(r"[a-z][A-Z]|^[A-Z][^a-z]*[A-Z]"),
        hyphen=pl.col("token").str.contains("-", literal=True),
        digit=pl.col("token").str.contains(r"\d"),
        initial=pl.col("token").str.contains(r"^[A-Z]"),
    )


def _gram_frame(
    words: pl.DataFrame, rows: pl.Series, size: int, detail: bool, text: tuple[str, list[str]]
) -> pl.DataFrame:
    """paper and, in `detail`, position, in_title, size, whole, shape and capitalised of the n-grams of
    `size` words starting at `rows`; `text` names a column and the word columns it joins, word by word."""
    name, columns = text
    at = [pl.lit(rows + i) for i in range(size)]
    joined = pl.concat_str([pl.col(c).gather(at[i]) for i, c in enumerate(columns)], separator=" ")
    if not detail:
        return words.select(pl.col("paper").gather(at[0]), joined.alias(name))
    return words.select(
        pl.col("paper", "position", "in_title").gather(at[0]),
        joined.alias(name),
        size=pl.lit(size, dtype=pl.UInt8),
        whole=pl.col("run_start").gather(at[0]) & pl.col("run_end").gather(at[-1]),
        **{shape: pl.any_horizontal(pl.col(shape).gather(row) for row in at) for shape in SHAPES},
        capitalised=pl.all_horizontal(pl.col("initial").gather(row) for row in at)
        & ~pl.col("in_title").gather(at[0]),
    )


def _grams(words: pl.DataFrame, size: int, detail: bool) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(n-grams with their key, n-grams with their folded parts for the slow path) of `size` words."""

    def at(column: str, offset: int) -> pl.Expr:
        return pl.col(column).shift(-offset) if offset else pl.col(column)

    last = size - 1
    ok = ~pl.col("weak") & ~at("weak", last) & ~(pl.col("generic") & (size == 1))
    ok = pl.all_horizontal(ok, *(at("run", i) == pl.col("run") for i in range(1, size)))
    fast = pl.all_horizontal(pl.lit(True), *(at("simple", i) for i in range(last)), at("last_ok", last))
    flags = words.select(ok=ok, fast=fast | (size == 1)).select(
        fast=pl.col("ok") & pl.col("fast"), slow=pl.col("ok") & ~pl.col("fast")
    )
    key = ("key", ["joined"] * last + ["key"])
    folded = ("folded", ["folded"] * size)
    return (
        _gram_frame(words, flags["fast"].arg_true(), size, detail, key),
        _gram_frame(words, flags["slow"].arg_true(), size, detail, folded),
    )


def ngrams(words: pl.DataFrame, detail: bool = True) -> pl.DataFrame:
    """paper, key (before acronym expansion) and, in `detail`, position, in_title, size, whole (the n-gram
    is its whole run), capitalised and shape of every n-gram of up to MAX_WORDS words of one run that
    neither starts nor ends on a weak word and is no generic noun alone."""
    words = words.with_columns(
        run_start=pl.col("run").ne_missing(pl.col("run").shift(1)),
        run_end=pl.col("run").ne_missing(pl.col("run").shift(-1)),
    )
    fast, slow = zip(*(_grams(words, size, detail) for size in range(1, MAX_WORDS + 1)), strict=True)
    slow = with_key(pl.concat(slow), "folded", "key").select(fast[0].columns)
    return pl.concat([*fast, slow])


def expand(grams: pl.DataFrame, acronyms: pl.DataFrame, corpus: pl.DataFrame) -> pl.DataFrame:
    """Keys that are acronyms become their expansion: the paper's own definition first, else the corpus's;
    `spelled_out` says whether the key stayed as written. `acronyms`: paper, acronym, long_form; `corpus`:
    acronym, long_form."""
    shorts = pl.concat([acronyms["acronym"], corpus["acronym"]]).unique()
    short = pl.col("key").is_in(shorts.implode())
    expanded = (
        grams.filter(short)
        .join(acronyms.rename({"acronym": "key"}), on=["paper", "key"], how="left")
        .join(corpus.rename({"acronym": "key", "long_form": "corpus_form"}), on="key", how="left")
        .with_columns(
            key=pl.coalesce("long_form", "corpus_form", "key"),
            spelled_out=pl.col("long_form").is_null() & pl.col("corpus_form").is_null(),
        )
        .drop("long_form", "corpus_form")
    )
    # one chunk: grouping and joining a frame of many chunks costs more than copying it once
    return pl.concat([grams.filter(~short).with_columns(spelled_out=pl.lit(True)), expanded], rechunk=True)


def paper_candidates(grams: pl.DataFrame, acronyms: pl.DataFrame) -> pl.DataFrame:
    """One row per paper and key: occurrences, first position and the n-gram size there, whether it occurs
    in the title, the share of its occurrences that are a whole run, whether it is written with capital
    initials outside the title, its shape, and whether the paper defines an acronym for it."""
    first = pl.col("position").arg_min()
    defined = acronyms.select("paper", key="long_form", defined=pl.lit(True)).unique()
    return (
        grams.group_by("paper", "key")
        .agg(
            pl.len().alias("count"),
            pl.col("position").min().alias("first"),
            # the title comes first: a key in the title has its first occurrence there. One struct: the
            # first occurrence is looked up once, not once per column
            pl.struct("size", "spelled_out", "in_title").get(first).alias("at_first"),
            pl.col("capitalised", *SHAPES).any(),
            pl.col("whole").mean(),
        )
        .unnest("at_first")
        .join(defined, on=["paper", "key"], how="left")
        .with_columns(pl.col("defined").fill_null(False))
    )
