"""Author resolution: which listed author entries (mentions) are one person.

Input: a polars frame of mentions, one row per listed author entry of each paper's latest author list
(``MENTION_SCHEMA``; the paper-level columns repeat on each mention of a paper):

| column | type | |
|---|---|---|
| paper_id | str | arXiv id; with author_position the key |
| author_position | int | 1-based position in the author list |
| name_as_listed | str, null | the name as the listing gives it |
| normalized_name | str, null | ``enrichment.names.fold_name(name_as_listed)`` |
| hf_user | str, null | the linked HF handle, lower-cased |
| paper_date | date | the paper's date (first listing) |
| hf_fullname | str, null, optional | the linked user's full name (settles double claims) |
| organization | str, null, optional | the paper's HF organisation (``paper.organization.name``) |
| title | str, null, optional | the paper's title |
| keywords | list[str], null, optional | the paper's ``ai_keywords`` |

Output (``resolve_authors``): one row per input row, sorted by key: paper_id, author_position,
name_as_listed, normalized_name, block_key, hf_user (the link after double claims are settled),
dropped_hf_user and link_conflict (an entry that lost a link because its user is linked to another entry
of the paper), author_id, resolution (``RESOLUTIONS``) and confidence.

How: mentions are blocked by name (``block_key``: the folded name) and each block is grouped into people
(``enrichment/author_clusters.py``) by the evidence of ``enrichment/author_evidence.py``; in a name held by
several accounts an unlinked group joins one only when its specific co-authors clearly point to it
(``enrichment/author_rivals.py``). The output for
a block depends only on the block's mentions and their papers (co-author names, organisation, title,
keywords, date, links), never on other blocks: resolving only some blocks (``blocks=``, with every
mention of the papers they touch) gives exactly the rows a full resolution gives for them.

Cost: a block's pair evidence grows with the square of the block (enrichment/author_evidence.py), so the
names of two or more mentions are resolved in batches of blocks, in block order, of at most ``BATCH_ROWS``
rows each (counted first, without making any pair; a larger block is a batch of its own): the pair
evidence and union-find held at once follow the budget or the largest block, not the sum of all blocks,
and since a block's output depends only on its own mentions and papers, the output is the one a single
batch gives. The paper columns (organisation, title, keywords) are read once per paper into the
evidence's context and then dropped from the mentions.
"""

from collections.abc import Collection, Iterable
from dataclasses import dataclass

import polars as pl

from enrichment.author_candidates import CANDIDATE_COLUMNS, merge_candidates
from enrichment.author_clusters import (
    EdgeRules,
    Groups,
    apply_defaults,
    evidence_edges,
    join_by_evidence,
    pre_join_accounts,
)
from enrichment.author_evidence import pair_evidence, pair_rows, paper_context
from enrichment.author_ids import diff_resolutions, group_ids
from enrichment.author_mentions import (
    MENTION_SCHEMA,
    PAPER_COLUMNS,
    conform,
    prepare,
    with_block_keys,
    with_settled_links,
)
from enrichment.author_rivals import rivals

__all__ = [
    "CANDIDATE_COLUMNS",
    "MENTION_SCHEMA",
    "RESOLUTIONS",
    "ResolverParams",
    "author_merge_candidates",
    "diff_resolutions",
    "mentions_for_blocks",
    "resolve_authors",
    "touched_blocks",
]

RESOLUTIONS = (
    "linked",
    "joined_by_coauthors",
    "joined_by_org",
    "joined_by_topic",
    "joined_single_anchor",
    "name_only",
    "split_same_paper",
)
# a token count no two papers reach: switches a topic rule off
NEVER = 10_000
# The share of hidden links each rule resolved rightly on the tune accounts (benchmarks/
# author_disambiguation.py: joined_by_coauthors 0.955 of 89, name_only 0.947 of 898, joined_single_anchor
# 0.87 of 54 when switched on). The organisation and topic rules joined no hidden link there and a name
# listed twice is a coin toss: their figures are priors.
CONFIDENCE = {
    "linked": 1.0,
    "joined_by_coauthors": 0.96,
    "joined_by_org": 0.8,
    "joined_by_topic": 0.7,
    "joined_single_anchor": 0.87,
    "name_only": 0.95,
    "split_same_paper": 0.5,
}


@dataclass(frozen=True)
class ResolverParams:
    """Thresholds. The defaults are the grid point benchmarks/author_disambiguation.py --tune chose on the
    tune accounts: two shared co-authors, or one when the papers also share two topic tokens; the
    organisation and topic rules alone and joining a name's only account without evidence did not help
    there (docs/benchmarks.md). rival_ratio is a prior, not tuned: the benchmark hides links of names with
    two visible accounts too rarely to measure it (docs/benchmarks.md)."""

    min_shared_coauthors: int = 2
    supported_min_tokens: int = 2
    # papers listing more authors give no co-author evidence (as fct_coauthorships' pairs)
    max_coauthor_list: int = 50
    join_by_org: bool = False
    min_shared_tokens: int = NEVER
    topic_max_days: int = 0
    join_single_anchor: bool = False
    # in a name of several accounts, an unlinked group joins one only if its specific co-authors outnumber
    # every other account's this many times (enrichment/author_rivals.py); None: the first edge decides
    rival_ratio: float | None = 2.0

    def finders(self) -> tuple[str, ...]:
        """The kinds of evidence that can join on their own, so pairs need to be found by them."""
        org = ("same_org",) if self.join_by_org else ()
        return ("shared_coauthors", *org, *(("shared_tokens",) if self.min_shared_tokens < NEVER else ()))

    def edge_rules(self) -> EdgeRules:
        return EdgeRules(
            self.min_shared_coauthors,
            self.supported_min_tokens,
            self.join_by_org,
            self.min_shared_tokens,
            self.topic_max_days,
        )


DEFAULT_PARAMS = ResolverParams()
# The rows one batch of name blocks may make at once: its mentions plus the rows of its pair evidence's
# self-joins. Those grow with the square of a block, so memory follows the largest block, not the sum.
BATCH_ROWS = 4_000_000
# The mentions whose pair evidence rows are counted at once (_pair_rows_in_chunks)
COUNT_MENTIONS = 500_000
OUTPUT_COLUMNS = [
    "paper_id",
    "author_position",
    "name_as_listed",
    "normalized_name",
    "block_key",
    "hf_user",
    "dropped_hf_user",
    "link_conflict",
    "author_id",
    "resolution",
    "confidence",
]


def _paper_users(linked: pl.DataFrame, papers: pl.DataFrame) -> dict[str, frozenset[str]]:
    """The linked users of each of the papers."""
    listed = linked.join(papers, on="paper_id", how="semi").group_by("paper_id").agg("hf_user")
    return {paper_id: frozenset(users) for paper_id, users in listed.iter_rows()}


def _blocks(targets: pl.DataFrame) -> Iterable[tuple[str, list[int]]]:
    by_block = targets.group_by("block_key").agg(pl.col("mention").sort()).sort("block_key")
    return by_block.iter_rows()


def _prepared_and_context(
    mentions: pl.DataFrame, params: ResolverParams
) -> tuple[pl.DataFrame, dict[str, pl.DataFrame]]:
    """The prepared mentions without the paper columns, and their papers' context. Settling the links
    changes no paper column, so the context is read before it, and the title and keywords are not copied
    on every mention through the settling's joins and sorts."""
    keyed = with_block_keys(conform(mentions))
    context = paper_context(keyed, params.max_coauthor_list)
    return with_settled_links(keyed.drop(PAPER_COLUMNS)), context


def _batch_ids(rows: Iterable[int], budget: int) -> list[int]:
    """A batch number per block (in the given order): a batch takes blocks until the next would take it
    over the budget; a block over the budget is a batch of its own."""
    ids, batch, used = [], 0, 0
    for block_rows in rows:
        if used and used + block_rows > budget:
            batch, used = batch + 1, 0
        ids.append(batch)
        used += block_rows
    return ids


def _batches(
    shared: pl.DataFrame, context: dict[str, pl.DataFrame], params: ResolverParams
) -> list[pl.DataFrame]:
    """The mentions (mention, block_key, paper_id, hf_user) cut by name block into batches of about
    BATCH_ROWS rows: a block's mentions plus the rows its pair evidence makes (pair_rows), counted first."""
    keys = shared.select("mention", "block_key", "paper_id", "hf_user")
    sizes = keys.group_by("block_key").agg(rows=pl.len().cast(pl.Int64)).sort("block_key")
    pairs = _pair_rows_in_chunks(keys, sizes, context, params)
    rows = pl.concat([sizes, pairs]).group_by("block_key").agg(pl.col("rows").sum()).sort("block_key")
    rows = rows.with_columns(batch=pl.Series(_batch_ids(rows["rows"], BATCH_ROWS), dtype=pl.UInt32))
    keyed = keys.join(rows.select("block_key", "batch"), on="block_key", maintain_order="left")
    return keyed.partition_by("batch", include_key=False)


def _pair_rows_in_chunks(
    keys: pl.DataFrame, sizes: pl.DataFrame, context: dict[str, pl.DataFrame], params: ResolverParams
) -> pl.DataFrame:
    """pair_rows, counted for whole blocks (`sizes`: block_key and its mentions as rows, sorted) of about
    COUNT_MENTIONS mentions at a time: its join makes a row per mention and name its paper lists, 99
    million rows at a million synthetic papers."""
    chunk = pl.Series(_batch_ids(sizes["rows"], COUNT_MENTIONS), dtype=pl.UInt32)
    chunked = keys.join(sizes.select("block_key", chunk=chunk), on="block_key")
    counts = [pair_rows(part, context, params.finders()) for part in chunked.partition_by("chunk")]
    return pl.concat(counts) if counts else pl.DataFrame(schema={"block_key": pl.String, "rows": pl.Int64})


def _grouped_batch(
    batch: pl.DataFrame, linked: pl.DataFrame, context: dict[str, pl.DataFrame], params: ResolverParams
) -> pl.DataFrame:
    """(mention, group, hf_anchor, rule) for the mentions of some blocks of two or more mentions. The
    union-find, its evidence and the rivals veto read one block at a time, so a block comes out as it
    would among all blocks."""
    groups = Groups(batch, _paper_users(linked, batch.select("paper_id").unique()))
    pre_join_accounts(groups, batch)
    may_join = None
    if params.rival_ratio is not None:
        may_join = rivals(batch, context["names"], params.rival_ratio).clearly_for
    pairs = pair_evidence(
        batch.select("mention", "block_key", "paper_id"),
        context,
        params.finders(),
        tokens_below=params.min_shared_coauthors if params.min_shared_tokens >= NEVER else None,
    )
    join_by_evidence(groups, evidence_edges(pairs, params.edge_rules()), may_join)
    apply_defaults(groups, _blocks(batch), params.join_single_anchor)
    mentions = batch["mention"].to_list()
    roots = [groups.find(mention) for mention in mentions]
    return pl.DataFrame(
        {
            "mention": batch["mention"],
            "group": pl.Series(roots, dtype=pl.UInt32),
            "hf_anchor": pl.Series([groups.anchor[root] for root in roots], dtype=pl.String),
            "rule": pl.Series([groups.rule.get(mention) for mention in mentions], dtype=pl.String),
        }
    )


def _grouped(
    targets: pl.DataFrame,
    prepared: pl.DataFrame,
    context: dict[str, pl.DataFrame],
    params: ResolverParams,
) -> pl.DataFrame:
    """Targets with group (a mention of the group), hf_anchor and rule (the joining rule or 'linked').
    Names of two or more mentions are resolved in batches of blocks (_batches), so the pair evidence of
    one batch at a time is held, never all of it."""
    alone = pl.len().over("block_key") == 1
    single = targets.filter(alone).with_columns(
        group=pl.col("mention"),
        hf_anchor=pl.col("hf_user"),
        rule=pl.when(pl.col("hf_user").is_not_null()).then(pl.lit("linked")),
    )
    shared = targets.filter(~alone)
    linked = prepared.filter(pl.col("hf_user").is_not_null()).select("paper_id", "hf_user")
    grouped = [_grouped_batch(batch, linked, context, params) for batch in _batches(shared, context, params)]
    resolved = shared.join(pl.concat(grouped), on="mention") if grouped else single.clear()
    return pl.concat([single, resolved])


def resolve_authors(
    mentions: pl.DataFrame, params: ResolverParams = DEFAULT_PARAMS, blocks: Collection[str] | None = None
) -> pl.DataFrame:
    """One row per mention with its author_id, resolution and confidence (see the module docstring).

    With ``blocks``, only the mentions of those name blocks are resolved and returned; ``mentions`` must
    then hold every mention of the papers those blocks touch (``mentions_for_blocks``)."""
    prepared, context = _prepared_and_context(mentions, params)
    targets = prepared if blocks is None else prepared.filter(pl.col("block_key").is_in(sorted(blocks)))
    grouped = group_ids(_grouped(targets, prepared, context, params))
    resolution = (
        pl.when(pl.col("rule").is_not_null())
        .then(pl.col("rule"))
        .when(pl.col("group_rank") == 0)
        .then(pl.lit("name_only"))
        .otherwise(pl.lit("split_same_paper"))
    )
    resolved = grouped.with_columns(resolution=resolution).with_columns(
        confidence=pl.col("resolution").replace_strict(CONFIDENCE, return_dtype=pl.Float64)
    )
    return resolved.sort(["paper_id", "author_position"]).select(OUTPUT_COLUMNS)


def touched_blocks(
    mentions: pl.DataFrame, changed_paper_ids: Collection[str], previous: pl.DataFrame | None = None
) -> list[str]:
    """The name blocks to re-resolve after the changed papers: their blocks now, and (from the previous
    resolution's block_key) the blocks they used to list."""
    changed = sorted(changed_paper_ids)
    now = prepare(mentions).filter(pl.col("paper_id").is_in(changed))["block_key"]
    before = previous.filter(pl.col("paper_id").is_in(changed))["block_key"] if previous is not None else []
    return sorted(set(now.to_list()) | set(list(before)))


def mentions_for_blocks(mentions: pl.DataFrame, blocks: Collection[str]) -> pl.DataFrame:
    """The mentions a block-wise resolution needs: every mention of every paper that lists these blocks."""
    keyed = prepare(mentions)
    papers = keyed.filter(pl.col("block_key").is_in(sorted(blocks))).select("paper_id").unique()
    return mentions.join(papers, on="paper_id", how="semi")


def author_merge_candidates(
    mentions: pl.DataFrame, resolved: pl.DataFrame, params: ResolverParams = DEFAULT_PARAMS
) -> pl.DataFrame:
    """Pairs of resolved authors a reviewer should look at (enrichment/author_candidates.py), from the
    mentions and their resolution."""
    context = paper_context(with_block_keys(conform(mentions)), params.max_coauthor_list)
    return merge_candidates(resolved, context)
