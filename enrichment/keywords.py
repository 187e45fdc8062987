"""Keywords of papers: the API's `ai_keywords` where it gave some, else keywords extracted from the title
and abstract; one normalised form per concept ("Mixture-of-Experts", "mixtures of experts" and, where the
text defines it, "MoE" are all "mixture of experts"; keywords_text.py).

The dbt Python models call two functions on polars frames of papers, one row per paper, with the columns
paper_id (str), title (str), abstract (str or null) and ai_keywords (list[str] or null). Both are
vectorised over the papers (paper_keywords in batches of BATCH_PAPERS), and give the same output for the
same papers in any row order.

- `corpus_stats(window) -> CorpusStats`: what a window of recent papers says, for scoring (keywords_rank.py):
  among its papers with API keywords, in how many each candidate phrase occurs (`offered`, a document
  frequency) and how many listed it (`chosen`), the same per first and per last word of a phrase; and the
  acronyms the whole window defines consistently ("LLM": "large language model"), which expand undefined
  ones everywhere. Only papers with `ai_keywords` lend them; the window's other papers add their acronyms.
- `paper_keywords(papers, stats) -> DataFrame`, one row per paper and keyword (KEYWORD_SCHEMA):
  paper_id (str); keyword (str, normalised); surface (str, as the API or the text wrote it); spelled_out
  (bool, the surface is the keyword written out, not an acronym of it); score (float in (0, 1]); source
  (str): 'hf_ai' for the API's keywords, normalised and deduplicated, score 1.0 (the API lists them in
  order of appearance, not of importance), or 'extracted' for papers without: up to TOP_K of ours, the
  best scored 1.0 and the others by their probability relative to it. A paper gets rows of one source.

Extraction (keywords_candidates.py): the n-grams of the runs of content words of title and abstract,
keyed by their normalised form; ranking (keywords_rank.py): a logistic model of what the paper and the
window say, then the best TOP_K of each paper with no keyword inside another.
"""

import polars as pl

from enrichment.keywords_candidates import expand, ngrams, paper_candidates, tokens
from enrichment.keywords_rank import (
    TOP_K,
    CorpusStats,
    corpus_features,
    edges,
    paper_features,
    preselect,
    probability,
    select,
    with_surfaces,
)
from enrichment.keywords_text import (
    acronym_table,
    find_acronyms,
    normalise,
    normalize_keyword,
    normalize_many,
    strip_parenthetical,
)

__all__ = [
    "KEYWORD_SCHEMA",
    "candidate_phrases",
    "STATS_WINDOW",
    "TOP_K",
    "CorpusStats",
    "corpus_stats",
    "find_acronyms",
    "normalize_keyword",
    "normalize_many",
    "paper_keywords",
]

# Corpus statistics come from the latest papers: a bounded cost per run at any warehouse size.
STATS_WINDOW = 20_000
# paper_keywords works through this many papers at a time, in paper_id order. A paper's keywords depend on
# its own text and the frozen statistics only, so the rows are the same; all at once, a full build of a
# million papers held every n-gram of every paper and was killed at 24 GB.
BATCH_PAPERS = 20_000
CORPUS_ACRONYM_MIN_PAPERS = 3
CORPUS_ACRONYM_MIN_SHARE = 0.8
PAPERS_SCHEMA = {
    "paper_id": pl.String,
    "title": pl.String,
    "abstract": pl.String,
    "ai_keywords": pl.List(pl.String),
}
# the columns of api_keywords after `paper`
API_SCHEMA = {"surface": pl.String, "order": pl.Int64, "key": pl.String, "spelled_out": pl.Boolean}
KEYWORD_SCHEMA = {
    "paper_id": pl.String,
    "keyword": pl.String,
    "surface": pl.String,
    "spelled_out": pl.Boolean,
    "score": pl.Float64,
    "source": pl.String,
}


def numbered(papers: pl.DataFrame) -> pl.DataFrame:
    """The papers in paper_id order, numbered (`paper`), with their text (title, then abstract)."""
    columns = {name: dtype for name, dtype in PAPERS_SCHEMA.items() if name in papers.columns}
    return (
        papers.cast(columns)
        .sort("paper_id")
        .with_columns(
            paper=pl.int_range(pl.len(), dtype=pl.UInt32),
            text=pl.concat_str(pl.col("title").fill_null(""), pl.lit(". "), pl.col("abstract").fill_null("")),
        )
    )


def consistent_acronyms(own: pl.DataFrame) -> pl.DataFrame:
    """acronym, long_form: the acronyms a corpus defines consistently ("LLM" is "large language model" in
    nearly every paper that defines it), from its papers' own definitions (`own`)."""
    counted = own.group_by("acronym", "long_form").agg(papers=pl.len())
    return (
        counted.with_columns(total=pl.col("papers").sum().over("acronym"))
        .sort("papers", "long_form", descending=[True, False])
        .unique("acronym", keep="first")
        .filter(
            (pl.col("papers") >= CORPUS_ACRONYM_MIN_PAPERS)
            & (pl.col("papers") >= CORPUS_ACRONYM_MIN_SHARE * pl.col("total"))
        )
        .select("acronym", "long_form")
    )


def api_keywords(papers: pl.DataFrame, corpus: pl.DataFrame, own: pl.DataFrame) -> pl.DataFrame:
    """paper, key, surface, spelled_out, order: the API's keywords of numbered papers, normalised with the
    acronyms the paper defines (`own`, in its text; then in its keywords: "Large Language Models (LLMs)")
    and then the corpus's, deduplicated (the first kept), blanks dropped."""
    listed = papers.filter(pl.col("ai_keywords").list.len() > 0)
    if listed.is_empty():  # papers to extract keywords for: normalising nothing has a fixed cost of ~7 ms
        return pl.DataFrame(schema={"paper": papers.schema["paper"], **API_SCHEMA})
    exploded = (
        listed.select("paper", surface=pl.col("ai_keywords"))
        .explode("surface")
        .with_columns(order=pl.int_range(pl.len()))
        .drop_nulls("surface")
    )
    exploded = exploded.with_columns(
        key=normalise(exploded["surface"]), surface=strip_parenthetical(pl.col("surface"))
    )
    in_keywords = acronym_table(listed["paper"], listed["ai_keywords"].list.join(" "))
    own = pl.concat([own, in_keywords]).unique(["paper", "acronym"], keep="first", maintain_order=True)
    return (
        expand(exploded, own, corpus)
        .filter(pl.col("key") != "")
        .sort("order")
        .unique(["paper", "key"], keep="first", maintain_order=True)
    )


def corpus_stats(papers: pl.DataFrame) -> CorpusStats:
    """The statistics of a window of papers (see the module docstring)."""
    papers = numbered(papers)
    own = acronym_table(papers["paper"], papers["text"])
    corpus = consistent_acronyms(own)
    chosen = api_keywords(papers, corpus, own).select("paper", "key")
    keyworded = papers.join(chosen.select("paper").unique(), on="paper", how="semi")
    found = expand(ngrams(tokens(keyworded), detail=False), own, corpus)
    # in how many papers a key is found, and how many of those listed it (each lists a key once)
    offered = found.group_by("key").agg(offered=pl.col("paper").n_unique())
    listed = chosen.join(found, on=["paper", "key"], how="semi").group_by("key").agg(chosen=pl.len())
    phrases = edges(offered.join(listed, on="key", how="left").with_columns(pl.col("chosen").fill_null(0)))

    def rates(column: str) -> pl.DataFrame:
        return phrases.group_by(column).agg(pl.col("offered", "chosen").sum())

    return CorpusStats(keyworded.height, phrases.drop("lead", "head"), rates("lead"), rates("head"), corpus)


def candidate_phrases(papers: pl.DataFrame) -> pl.DataFrame:
    """paper_id, phrases: the distinct candidate phrases of each paper (sorted), normalised with the
    acronyms the paper itself defines (the statistics also expand the window's consistent acronyms)."""
    papers = numbered(papers)
    own = acronym_table(papers["paper"], papers["text"])
    none = own.select("acronym", "long_form").clear()
    found = expand(ngrams(tokens(papers), detail=False), own, none).select("paper", "key").unique()
    phrases = found.group_by("paper").agg(phrases=pl.col("key").sort())
    return (
        papers.select("paper", "paper_id")
        .join(phrases, on="paper", how="left")
        .select("paper_id", pl.col("phrases").fill_null([]))
    )


def candidates(papers: pl.DataFrame, stats: CorpusStats, own: pl.DataFrame) -> tuple[pl.DataFrame, ...]:
    """(content words, candidates with their paper features) of numbered papers (`own`: their acronyms)."""
    words = tokens(papers)
    return words, paper_features(paper_candidates(expand(ngrams(words), own, stats.acronyms), own))


def extracted_keywords(papers: pl.DataFrame, stats: CorpusStats, own: pl.DataFrame) -> pl.DataFrame:
    """paper, key, surface, spelled_out, score: the extracted keywords of numbered papers."""
    words, found = candidates(papers, stats, own)
    chosen = select(corpus_features(preselect(found), stats).with_columns(probability=probability()))
    relative = pl.col("probability") / pl.col("probability").max().over("paper")
    return with_surfaces(chosen, words).select(
        "paper", "key", "surface", "spelled_out", score=relative.round(6).clip(lower_bound=1e-6)
    )


def paper_keywords(papers: pl.DataFrame, stats: CorpusStats) -> pl.DataFrame:
    """The keywords of each paper (see the module docstring), BATCH_PAPERS papers at a time."""
    batches = papers.sort("paper_id").iter_slices(BATCH_PAPERS) if papers.height else [papers]
    return pl.concat([_batch_keywords(batch, stats) for batch in batches])


def _batch_keywords(papers: pl.DataFrame, stats: CorpusStats) -> pl.DataFrame:
    papers = numbered(papers)
    own = acronym_table(papers["paper"], papers["text"])
    api = api_keywords(papers, stats.acronyms, own)
    todo = papers.join(api.select("paper").unique(), on="paper", how="anti")
    rows = pl.concat(
        [
            api.select("paper", "key", "surface", "spelled_out", score=pl.lit(1.0), source=pl.lit("hf_ai")),
            extracted_keywords(todo, stats, own).with_columns(source=pl.lit("extracted")),
        ]
    )
    return (
        rows.join(papers.select("paper", "paper_id"), on="paper")
        .rename({"key": "keyword"})
        .select(list(KEYWORD_SCHEMA))
        .sort("paper_id", "score", "keyword", descending=[False, True, False])
        .cast(KEYWORD_SCHEMA)
    )
