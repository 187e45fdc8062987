"""Which candidates are a paper's keywords: a logistic model, then the best of each paper, no two nested.

The model's probability that the API would list a candidate among the paper's keywords combines what the
paper says (PAPER_SIDE: occurrences, first position, title, an acronym defined for it, n-gram size, a whole
run of content words, capital initials, capitals inside, hyphens, digits) with what the statistics window
says (how many of its papers with API keywords offered the phrase and listed it; how often a phrase with
the same first word, or the same last word, was listed when offered). WEIGHTS were fitted by
benchmarks/keyword_tuning.py on papers listed before the benchmark's cut date.
"""

from collections.abc import Iterable
from dataclasses import dataclass

import polars as pl

from enrichment.keywords_candidates import MAX_WORDS, SHAPES

TOP_K = 10
# A paper's best candidates by what the paper says that are looked up in the window's statistics: the
# others hardly ever make its best TOP_K (measured on the tune part).
PRESELECT = 4 * TOP_K
PAPER_SIDE = (
    "log_count",
    "position",
    "title",
    "defined",
    "single",
    "triple",
    "whole",
    "caps",
    "hyphen",
    "digit",
    "capitalised",
)
# fitted by benchmarks/keyword_tuning.py (logistic regression on the tune part only)
WEIGHTS = {
    "bias": -1.041,
    "log_count": 1.500,
    "position": 0.195,
    "title": -0.485,
    "defined": 0.823,
    "single": -0.993,
    "triple": 0.028,
    "log_offered": 0.186,
    "log_chosen": 0.002,
    "unseen": 0.026,
    "head": 0.495,
    "lead": 0.707,
    "caps": 0.107,
    "hyphen": 0.634,
    "digit": -0.037,
    "whole": 0.614,
    "capitalised": 1.120,
}


@dataclass(frozen=True)
class CorpusStats:
    """What a window of papers says, from its papers with API keywords (`keyworded` of them): for each
    phrase (`phrases`: key), first word (`leads`: lead) and last word (`heads`: head), in how many of those
    papers it was a candidate (`offered`) and how many of them listed it among their keywords (`chosen`);
    and the acronyms the whole window defines consistently (`acronyms`: acronym, long_form)."""

    keyworded: int
    phrases: pl.DataFrame
    leads: pl.DataFrame
    heads: pl.DataFrame
    acronyms: pl.DataFrame


def edges(frame: pl.DataFrame) -> pl.DataFrame:
    """The frame with its key's first (`lead`) and last (`head`) word."""
    # split once: an expression used twice in one with_columns is evaluated twice
    split = frame.with_columns(_words=pl.col("key").str.split(" "))
    return split.with_columns(lead=pl.col("_words").list.first(), head=pl.col("_words").list.last()).drop(
        "_words"
    )


def paper_features(found: pl.DataFrame) -> pl.DataFrame:
    """The candidates with the features of what their paper says (PAPER_SIDE)."""
    return found.with_columns(
        log_count=pl.col("count").log1p(),
        position=pl.col("first") / 100,
        title=pl.col("in_title").cast(pl.Float64),
        defined=pl.col("defined").cast(pl.Float64),
        single=(pl.col("size") == 1).cast(pl.Float64),
        triple=(pl.col("size") == 3).cast(pl.Float64),
        **{name: pl.col(name).cast(pl.Float64) for name in (*SHAPES, "capitalised")},
    )


def _rates(stats: pl.DataFrame, name: str) -> pl.DataFrame:
    return stats.rename({"offered": f"{name}_offered", "chosen": f"{name}_chosen"})


def corpus_features(found: pl.DataFrame, stats: CorpusStats) -> pl.DataFrame:
    """The candidates with the features of what the window says (the other WEIGHTS)."""
    joined = (
        edges(found)
        .join(_rates(stats.phrases, "key"), on="key", how="left")
        .join(_rates(stats.leads, "lead"), on="lead", how="left")
        .join(_rates(stats.heads, "head"), on="head", how="left")
        .with_columns(pl.col(pl.UInt32).fill_null(0))
    )
    return joined.with_columns(
        log_offered=pl.col("key_offered").log1p(),
        log_chosen=(pl.col("key_chosen") + 0.1).log(),
        unseen=(pl.col("key_offered") == 0).cast(pl.Float64),
        head=((pl.col("head_chosen") + 1) / (pl.col("head_offered") + 5)).log(),
        lead=((pl.col("lead_chosen") + 1) / (pl.col("lead_offered") + 5)).log(),
    )


def logit(weights: dict[str, float], names: Iterable[str]) -> pl.Expr:
    return pl.sum_horizontal(pl.lit(weights["bias"]), *(pl.col(name) * weights[name] for name in names))


def probability(weights: dict[str, float] = WEIGHTS) -> pl.Expr:
    """The model's probability that the API would list the candidate among the paper's keywords."""
    return 1 / (1 + (-logit(weights, [name for name in weights if name != "bias"])).exp())


def _best(scored: pl.DataFrame, column: str, count: int) -> pl.DataFrame:
    """Each paper's candidates whose `column` is among its `count` largest values (ties kept)."""
    # a window expression: about half the time of grouping and joining the cutoffs back
    return scored.filter(pl.col(column) >= pl.col(column).top_k(count).min().over("paper"))


def preselect(found: pl.DataFrame, weights: dict[str, float] = WEIGHTS) -> pl.DataFrame:
    """A paper's PRESELECT best candidates by what the paper says."""
    return _best(found.with_columns(paper_logit=logit(weights, PAPER_SIDE)), "paper_logit", PRESELECT)


def _ranked(sorted_by_paper: pl.DataFrame) -> pl.DataFrame:
    """The candidates (sorted by paper, best first) with their rank in their paper."""
    row = pl.int_range(pl.len(), dtype=pl.UInt32)
    start = pl.when(pl.col("paper") != pl.col("paper").shift(1).fill_null(-1)).then(row).forward_fill()
    return sorted_by_paper.with_columns(rank=row - start)


def _subphrases(ranked: pl.DataFrame) -> pl.DataFrame:
    """paper, outer (a candidate's rank), key: every shorter run of words inside each candidate's key.
    One row per word of the keys of several words; the runs of each length join the next words (a shift),
    kept where they end inside their key: cheaper than slicing and joining lists."""
    words = (
        ranked.filter(pl.col("key").str.contains(" ", literal=True))
        .select("paper", outer="rank", word=pl.col("key").str.split(" "))
        .with_columns(start=pl.int_ranges(pl.col("word").list.len()), words=pl.col("word").list.len())
        .explode("word", "start")
    )
    runs = [words.select("paper", "outer", key="word").clear()]  # the columns, should no key have several
    length = 1
    while not words.is_empty():
        joined = pl.concat_str([pl.col("word").shift(-i) for i in range(length)], separator=" ")
        inside = words["start"] + length <= words["words"]
        runs.append(words.select("paper", "outer", key=joined).filter(inside))
        length += 1
        words = words.filter(pl.col("words") > length)  # the keys that have shorter runs of this length
    return pl.concat(runs)


def _skipped(pairs: pl.DataFrame) -> pl.DataFrame:
    """paper, rank: the candidates the greedy choice skips, given the nested pairs (paper, better, worse):
    a candidate is skipped when a better one it is nested with is chosen. The pairs in order of their worse
    candidate, so that each better one is settled before it is asked about: one pass over a few pairs a
    paper, cheaper than repeating joins of frames until nothing changes."""
    skipped: set[tuple[int, int]] = set()
    for paper, better, worse in pairs.sort("paper", "worse").iter_rows():
        if (paper, better) not in skipped:
            skipped.add((paper, worse))
    schema = {"paper": pairs.schema["paper"], "rank": pairs.schema["worse"]}
    return pl.DataFrame(list(skipped), schema=schema, orient="row")


def select(scored: pl.DataFrame, top_k: int = TOP_K) -> pl.DataFrame:
    """The best top_k candidates of each paper (by `probability`), skipping any nested with a better chosen
    one: one of "entity" and "named entity recognition", whichever is better, so that each keyword names a
    different thing. Only the best 3 * top_k are looked at (ties with the last of them too); ties are
    broken by key."""
    columns = ["paper", "key", "probability", "first", "size", "spelled_out"]
    best = _best(scored.select(columns), "probability", 3 * top_k)
    ranked = _ranked(best.sort(["paper", "probability", "key"], descending=[False, True, False]))
    nested = ranked.join(_subphrases(ranked), on=["paper", "key"])
    pairs = nested.select(
        "paper", better=pl.min_horizontal("rank", "outer"), worse=pl.max_horizontal("rank", "outer")
    ).unique()
    kept = ranked.join(_skipped(pairs), on=["paper", "rank"], how="anti", maintain_order="left")
    return _ranked(kept.drop("rank")).filter(pl.col("rank") < top_k)


def choose(featured: pl.DataFrame, weights: dict[str, float] = WEIGHTS) -> pl.DataFrame:
    """The keywords chosen among candidates with all their features, as paper_keywords chooses them."""
    return select(preselect(featured, weights).with_columns(probability=probability(weights)))


def with_surfaces(chosen: pl.DataFrame, words: pl.DataFrame) -> pl.DataFrame:
    """The chosen candidates with their surface: their words at their first occurrence (the words of an
    n-gram are consecutive rows of `words`, the content words keywords_candidates.tokens gives)."""
    rows = words.select("paper", "position", row=pl.int_range(pl.len(), dtype=pl.UInt32))
    chosen = chosen.join(rows, left_on=["paper", "first"], right_on=["paper", "position"])
    tokens, last = words["token"], max(words.height - 1, 0)
    parts = [
        pl.when(pl.col("size") > i).then(pl.lit(tokens).gather((pl.col("row") + i).clip(upper_bound=last)))
        for i in range(MAX_WORDS)
    ]
    return chosen.with_columns(surface=pl.concat_str(parts, separator=" ", ignore_nulls=True)).drop("row")
