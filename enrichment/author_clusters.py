"""Grouping the mentions of one name block into people.

Linked mentions of one HF account start as one group (the anchor). Evidence edges are then taken strongest
first (co-authors, then organisation, then topic within a time window; more shared items first, then
nearer in time, then mention order) and each joins two groups unless that would

- put two accounts in one group,
- put two entries of one paper in one group (a paper lists two people when it lists a name twice), or
- give an account a mention whose paper links that account on another entry (a settled double claim), or
- (with a veto, ``enrichment/author_rivals.py``) give an account of a name held by several accounts a group
  whose evidence does not clearly point to it.

A mention is labelled with the rule of the edge that brought it into an anchored group (the weakest link on
its way to the account). Mentions left without an account are then handled by the defaults: with
``join_single_anchor`` a name with exactly one account takes them, else they stay with their name.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

import polars as pl

RULE_ORDER = ("joined_by_coauthors", "joined_by_org", "joined_by_topic")


@dataclass(frozen=True)
class EdgeRules:
    min_shared_coauthors: int
    # fewer shared co-authors (at least one) suffice when the papers share this many topic tokens
    supported_min_tokens: int
    join_by_org: bool
    min_shared_tokens: int
    topic_max_days: int


def evidence_edges(pairs: pl.DataFrame, rules: EdgeRules) -> pl.DataFrame:
    """The pairs that are evidence under the rules, with their rule, strongest first."""
    supported = (pl.col("shared_coauthors") >= 1) & (pl.col("shared_tokens") >= rules.supported_min_tokens)
    rule = (
        pl.when((pl.col("shared_coauthors") >= rules.min_shared_coauthors) | supported)
        .then(pl.lit(0))
        .when(pl.col("same_org") & rules.join_by_org)
        .then(pl.lit(1))
        .when(
            (pl.col("shared_tokens") >= rules.min_shared_tokens)
            & (pl.col("days_apart") <= rules.topic_max_days)
        )
        .then(pl.lit(2))
    )
    strength = (
        pl.when(pl.col("tier") == 0).then(pl.col("shared_coauthors")).otherwise(pl.col("shared_tokens"))
    )
    edges = pairs.with_columns(tier=rule).drop_nulls("tier").with_columns(strength=strength)
    return edges.sort(
        ["tier", "strength", "days_apart", "mention", "mention_b"],
        descending=[False, True, False, False, False],
    ).select("mention", "mention_b", "tier")


class Groups:
    """Union-find over mentions with the three can't-join rules."""

    def __init__(self, mentions: pl.DataFrame, paper_users: dict[str, frozenset[str]]):
        self.parent: dict[int, int] = {}
        self.anchor: dict[int, str | None] = {}
        self.papers: dict[int, set[str]] = {}
        self.users_on_papers: dict[int, set[str]] = {}
        self.members: dict[int, list[int]] = {}
        self.rule: dict[int, str] = {}
        for mention, paper_id, hf_user in mentions.select("mention", "paper_id", "hf_user").iter_rows():
            self.parent[mention] = mention
            self.anchor[mention] = hf_user
            self.papers[mention] = {paper_id}
            self.users_on_papers[mention] = set(paper_users.get(paper_id, ()))
            self.members[mention] = [mention]
            if hf_user is not None:
                self.rule[mention] = "linked"

    def find(self, mention: int) -> int:
        root = mention
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[mention] != root:
            self.parent[mention], mention = root, self.parent[mention]
        return root

    def can_join(self, a: int, b: int) -> bool:
        anchor_a, anchor_b = self.anchor[a], self.anchor[b]
        if anchor_a is not None and anchor_b is not None and anchor_a != anchor_b:
            return False
        if not self.papers[a].isdisjoint(self.papers[b]):
            return False
        if anchor_a is not None and anchor_b is None and anchor_a in self.users_on_papers[b]:
            return False
        return not (anchor_b is not None and anchor_a is None and anchor_b in self.users_on_papers[a])

    def join(self, a: int, b: int, rule: str | None = None) -> bool:
        """Joins the groups of two mentions if allowed; labels mentions newly tied to an account."""
        a, b = self.find(a), self.find(b)
        if a == b or not self.can_join(a, b):
            return False
        if rule is not None:
            if self.anchor[a] is not None and self.anchor[b] is None:
                self._label(b, rule)
            elif self.anchor[b] is not None and self.anchor[a] is None:
                self._label(a, rule)
        if len(self.members[a]) < len(self.members[b]):
            a, b = b, a
        self.parent[b] = a
        self.anchor[a] = self.anchor[a] or self.anchor[b]
        self.papers[a] |= self.papers.pop(b)
        self.users_on_papers[a] |= self.users_on_papers.pop(b)
        self.members[a].extend(self.members.pop(b))
        del self.anchor[b]
        return True

    def _label(self, root: int, rule: str) -> None:
        for mention in self.members[root]:
            self.rule[mention] = rule


def pre_join_accounts(groups: Groups, mentions: pl.DataFrame) -> None:
    """All linked mentions of one account in a block are one group from the start."""
    linked = mentions.filter(pl.col("hf_user").is_not_null()).sort("mention")
    for _, rows in linked.group_by(["block_key", "hf_user"], maintain_order=True):
        first, *rest = rows["mention"].to_list()
        for mention in rest:
            groups.join(first, mention)


def join_by_evidence(
    groups: Groups, edges: pl.DataFrame, may_join: Callable[[Groups, int, int], bool] | None = None
) -> None:
    """Takes the edges in order; ``may_join`` can veto one (enrichment/author_rivals.py)."""
    for mention, mention_b, tier in edges.iter_rows():
        if may_join is None or may_join(groups, mention, mention_b):
            groups.join(mention, mention_b, RULE_ORDER[tier])


def apply_defaults(groups: Groups, blocks: Iterable[tuple[str, list[int]]], join_single_anchor: bool) -> None:
    """Mentions without an account: to the block's only account (if so chosen), else one name group.
    A group that may not join (a paper listing the name twice) stays apart."""
    for _, mentions in blocks:
        roots = sorted({groups.find(m) for m in mentions}, key=lambda root: min(groups.members[root]))
        anchored = [root for root in roots if groups.anchor[root] is not None]
        loose = [root for root in roots if groups.anchor[root] is None]
        if join_single_anchor and len(anchored) == 1:
            for root in loose:
                groups.join(anchored[0], root, "joined_single_anchor")
            loose = [root for root in loose if groups.anchor[groups.find(root)] is None]
        kept: list[int] = []
        for root in loose:
            if not any(groups.join(keeper, root) for keeper in kept):
                kept.append(groups.find(root))
            kept = sorted({groups.find(keeper) for keeper in kept}, key=lambda r: min(groups.members[r]))
