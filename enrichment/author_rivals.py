"""Names held by several accounts: an unlinked group joins one of them only when the evidence clearly
points to it.

Where a name block holds two or more HF accounts, a pair of papers sharing two co-authors is not enough:
the two accounts may share those co-authors themselves (one person with two accounts, or two people of
one lab), and the first edge taken would decide. So, before a group without an account joins an account
of such a block, its co-author evidence is counted against every account of the block:

- the evidence for an account is the number of distinct co-author names the group's papers share with
  the account's papers (as grouped so far) that no other account's papers list: a co-author on both
  accounts' papers is evidence for neither;
- the join goes ahead only when that count beats every other account's by ``ratio`` times (and by at
  least one): a tie, or evidence on both sides, leaves the group under its name, where the review list
  (``fct_author_merge_candidates``) shows it beside the accounts.

Blocks with one account are untouched. Everything read is the block's own mentions and their papers, so a
block's resolution still never depends on another block.
"""

from collections import Counter
from dataclasses import dataclass, field

import polars as pl

from enrichment.author_clusters import Groups


@dataclass(frozen=True)
class Rivals:
    # block_key -> one linked mention of each account, for blocks of two or more accounts
    accounts: dict[str, tuple[int, ...]]
    # mention -> block_key, for the mentions of those blocks
    block_of: dict[int, str]
    # paper_id -> folded names the paper lists (papers of those blocks, short author lists only)
    names: dict[str, frozenset[str]]
    ratio: float
    # (root, size) -> the group's co-authors: a group only grows, so its root and size name its papers
    _seen: dict[tuple[int, int], frozenset[str]] = field(default_factory=dict)

    def _coauthors(self, groups: Groups, root: int, block: str) -> frozenset[str]:
        key = (root, len(groups.members[root]))
        if key not in self._seen:
            listed = set().union(*(self.names.get(paper, ()) for paper in groups.papers[root]))
            self._seen[key] = frozenset(listed - {block})
        return self._seen[key]

    def clearly_for(self, groups: Groups, a: int, b: int) -> bool:
        """Whether the groups of a and b may join: always, unless one has an account of a block of several
        and the other none; then only if the evidence for that account clearly beats every other's."""
        block = self.block_of.get(a)  # both mentions of an edge are of one block
        if block is None:
            return True
        a, b = groups.find(a), groups.find(b)
        anchored, loose = (a, b) if groups.anchor[a] is not None else (b, a)
        if a == b or groups.anchor[anchored] is None or groups.anchor[loose] is not None:
            return True
        profiles = {
            groups.find(m): self._coauthors(groups, groups.find(m), block) for m in self.accounts[block]
        }
        accounts_listing = Counter(name for names in profiles.values() for name in names)
        mine = self._coauthors(groups, loose, block)
        evidence = {
            root: sum(1 for name in mine & names if accounts_listing[name] == 1)
            for root, names in profiles.items()
        }
        rival = max(count for root, count in evidence.items() if root != anchored)
        return evidence[anchored] > rival and evidence[anchored] >= self.ratio * rival


def rivals(mentions: pl.DataFrame, names: pl.DataFrame, ratio: float) -> Rivals:
    """The Rivals of the mentions' blocks (mention, block_key, paper_id, hf_user) from the papers' listed
    names (paper_id, block_key: ``paper_context``'s names)."""
    linked = mentions.filter(pl.col("hf_user").is_not_null())
    firsts = linked.group_by("block_key", "hf_user").agg(pl.col("mention").min())
    contested = (
        firsts.group_by("block_key").agg(pl.col("mention").sort()).filter(pl.col("mention").list.len() > 1)
    )
    accounts = {block: tuple(linked_mentions) for block, linked_mentions in contested.iter_rows()}
    members = mentions.filter(pl.col("block_key").is_in(sorted(accounts)))
    papers = names.join(members.select("paper_id").unique(), on="paper_id")
    listed = papers.group_by("paper_id").agg("block_key")
    return Rivals(
        accounts=accounts,
        block_of=dict(members.select("mention", "block_key").iter_rows()),
        names={paper: frozenset(block_keys) for paper, block_keys in listed.iter_rows()},
        ratio=ratio,
    )
