"""Author disambiguation measured against HF-linked identities on real listing days.

    .venv/bin/python benchmarks/author_disambiguation.py   # --tune, --persons, --stress 4 16 (see main)

Data: the recorded ``GET /api/daily_papers`` days of ``sample_data/hf_recorded/daily_papers`` (41) and
``benchmarks/data/recorded_more/daily_papers`` (105), one mention per listed author entry of each paper's
latest listing (later listing date, then later file), links settled as the resolver settles double claims.

Protocol. U is every linked entry (one account each). For rotation r in 0, 1, 2 the entries whose
md5("<paper_id>.<author_position>") is r modulo 3 lose their link (a third of U), and the resolver runs on
all mentions with those links removed. Scored: every entry of U whose account lost a link in the rotation.
For a scored entry e, pred(e) is the entries of U the resolver gave e's author id and true(e) the entries of
U of e's account; B-cubed precision is the mean of |pred(e) & true(e)| / |pred(e)| and recall the mean of
|pred(e) & true(e)| / |true(e)| over the scored entries of the three rotations; F1 their harmonic mean.
Accounts are split by md5("account:<user>") into tune (even) and held-out (odd): thresholds are chosen on
tune only (--tune: the TUNING_GRID point with the best sum of tune F1 on all names and on shared names,
ties kept by the more conservative point). "Shared names" scores only the entries whose folded name is that
of entries of two or more accounts in U. The baseline is today's name key: the HF user where linked, else
the folded name.
"""

import argparse
import hashlib
import json
import time
from dataclasses import dataclass, replace
from datetime import date
from itertools import product
from pathlib import Path

import polars as pl

from enrichment.author_evidence import paper_context
from enrichment.author_mentions import prepare
from enrichment.authors import (
    DEFAULT_PARAMS,
    NEVER,
    ResolverParams,
    author_merge_candidates,
    resolve_authors,
)
from enrichment.names import fold_name

ROOT = Path(__file__).resolve().parents[1]
DAY_DIRS = (
    ROOT / "sample_data" / "hf_recorded" / "daily_papers",
    ROOT / "benchmarks" / "data" / "recorded_more" / "daily_papers",
)
ROTATIONS = 3
KEY = ["paper_id", "author_position"]
PARTS = ("tune", "heldout")


def _digest(text: str) -> int:
    return int(hashlib.md5(text.encode()).hexdigest(), 16)


def _latest_listings(folders: tuple[Path, ...]) -> tuple[dict[str, dict], dict[str, str]]:
    """Each paper's latest listed paper object, and its first listing date."""
    latest: dict[str, tuple[tuple[str, str], dict]] = {}
    first: dict[str, str] = {}
    for folder in folders:
        for path in sorted(folder.glob("*.json")):
            listed = path.stem
            for item in json.loads(path.read_text()):
                paper = item["paper"]
                recency = (listed, str(path))
                first[paper["id"]] = min(first.get(paper["id"], listed), listed)
                if paper["id"] not in latest or recency > latest[paper["id"]][0]:
                    latest[paper["id"]] = (recency, paper)
    return {paper_id: paper for paper_id, (_, paper) in latest.items()}, first


def _mention_rows(paper: dict, listed: str) -> list[dict]:
    organization = (paper.get("organization") or {}).get("name")
    title = " ".join((paper.get("title") or "").split()) or None
    rows = []
    for position, author in enumerate(paper.get("authors") or [], start=1):
        name = " ".join((author.get("name") or "").split()) or None
        user = author.get("user") or {}
        rows.append(
            {
                "paper_id": paper["id"],
                "author_position": position,
                "name_as_listed": name,
                "normalized_name": fold_name(name) or None if name else None,
                "hf_user": user["user"].lower() if user.get("user") else None,
                "hf_fullname": user.get("fullname"),
                "paper_date": date.fromisoformat(listed),
                "organization": organization,
                "title": title,
                "keywords": paper.get("ai_keywords"),
            }
        )
    return rows


def load_mentions(folders: tuple[Path, ...] = DAY_DIRS) -> pl.DataFrame:
    """One row per listed author entry of each paper's latest listing, in the resolver's input schema."""
    missing = [str(folder) for folder in folders if not folder.is_dir()]
    if missing:
        raise SystemExit(
            f"recorded days missing: {', '.join(missing)} (copy ../shared/data/hf_recorded_more)"
        )
    papers, first = _latest_listings(folders)
    rows = [row for paper_id in sorted(papers) for row in _mention_rows(papers[paper_id], first[paper_id])]
    return pl.DataFrame(rows, schema_overrides={"keywords": pl.List(pl.String)}, infer_schema_length=None)


def linked_truth(mentions: pl.DataFrame) -> pl.DataFrame:
    """U: the linked entries (links settled), with rotation, part and whether their name is shared."""
    settled = prepare(mentions).filter(pl.col("hf_user").is_not_null())
    # account: whose entry it is for the score; linked_user: the link hide_links removes (the same here,
    # apart in one_person_accounts' truth)
    truth = settled.select(
        "paper_id", "author_position", "block_key", account="hf_user", linked_user="hf_user"
    )
    digest = pl.col("paper_id") + "." + pl.col("author_position").cast(pl.String)
    truth = truth.with_columns(
        rotation=digest.map_elements(lambda key: _digest(key) % ROTATIONS, return_dtype=pl.Int64),
        part=pl.col("account").map_elements(
            lambda user: PARTS[_digest("account:" + user) % 2], return_dtype=pl.String
        ),
        shared_name=pl.col("account").n_unique().over("block_key") > 1,
    )
    return truth


def full_name_key(fullname: str | None, listed: str) -> str | None:
    """The account's full name, folded; the listed name itself when the full name is some of its words."""
    folded = fold_name(fullname) if fullname else None
    if folded and set(folded.split()) <= set(listed.split()):
        return listed
    return folded or None


def one_person_accounts(mentions: pl.DataFrame, truth: pl.DataFrame) -> pl.DataFrame:
    """A person-level truth, for a diagnostic beside the measure: two accounts count as one person when
    they are demonstrably one, i.e. all of
    - their linked entries carry one folded name,
    - their HF full names agree: each folds to that listed name or to some of its words ("Bahare" on an
      entry "Bahare Fatemi", "Huang Zihao" on "Zihao Huang"), or the two fold to the same name, and
    - a paper of one shares at least the resolver's ``min_shared_coauthors`` co-author names with a paper
      of the other (lists of up to ``max_coauthor_list`` names): the evidence on which the resolver claims
      one account's paper for the other.
    The account first in sort order names the person (`account`); shared_name then says the name belongs
    to several such people. `linked_user` stays the entry's own account, so a rotation hides the same links
    as at the account level."""
    prepared = prepare(mentions)
    full = prepared.filter(pl.col("hf_user").is_not_null()).select(
        "paper_id",
        "author_position",
        fullname=pl.struct("hf_fullname", "block_key").map_elements(
            lambda row: full_name_key(row["hf_fullname"], row["block_key"]), pl.String
        ),
    )
    names = paper_context(prepared, DEFAULT_PARAMS.max_coauthor_list)["names"].rename(
        {"block_key": "coauthor"}
    )
    entries = truth.join(full, on=KEY).select("paper_id", "block_key", "fullname", "account")
    coauthors = entries.join(names, on="paper_id").filter(pl.col("coauthor") != pl.col("block_key"))
    pairs = coauthors.join(coauthors, on=["block_key", "fullname", "coauthor"], suffix="_b")
    pairs = pairs.filter(pl.col("account") < pl.col("account_b"))
    shared = pairs.group_by("account", "account_b", "paper_id", "paper_id_b").len()
    shared = shared.filter(pl.col("len") >= DEFAULT_PARAMS.min_shared_coauthors)
    person = {account: account for account in truth["account"].unique().sort()}

    def root(account: str) -> str:
        while person[account] != account:
            account = person[account]
        return account

    for account, other in (
        shared.select("account", "account_b").unique().sort(["account", "account_b"]).iter_rows()
    ):
        first, second = sorted((root(account), root(other)))
        person[second] = first
    merged = truth.with_columns(account=pl.col("account").replace_strict({a: root(a) for a in person}))
    return merged.with_columns(shared_name=pl.col("account").n_unique().over("block_key") > 1)


def hide_links(mentions: pl.DataFrame, truth: pl.DataFrame, rotation: int) -> pl.DataFrame:
    """The mentions with every link of a hidden entry's account on its paper removed: by account, not by
    position, so an account that also claimed another entry of the paper (a double claim settled away
    from it) cannot get the paper back through that entry."""
    hidden = truth.filter(pl.col("rotation") == rotation).select("paper_id", hf_user="linked_user")
    hidden = hidden.with_columns(hide=pl.lit(True))
    joined = mentions.join(hidden, on=["paper_id", "hf_user"], how="left")
    cleared = pl.when(pl.col("hide")).then(None)
    return joined.with_columns(
        hf_user=cleared.otherwise(pl.col("hf_user")), hf_fullname=cleared.otherwise(pl.col("hf_fullname"))
    ).drop("hide")


def name_key_baseline(mentions: pl.DataFrame) -> pl.DataFrame:
    """Today's rule: the HF user where linked, else the folded name."""
    prepared = prepare(mentions)
    author_id = pl.when(pl.col("hf_user").is_not_null()).then("hf:" + pl.col("hf_user"))
    return prepared.select(
        "paper_id", "author_position", author_id=author_id.otherwise("name:" + pl.col("block_key"))
    )


def bcubed_rows(truth: pl.DataFrame, predicted: pl.DataFrame, rotation: int) -> pl.DataFrame:
    """Per scored entry of one rotation: its B-cubed precision and recall over U."""
    scored = truth.join(predicted, on=["paper_id", "author_position"])
    lost = scored.filter(pl.col("rotation") == rotation).select("account").unique()
    both = scored.group_by("author_id", "account").agg(pl.len().alias("both"))
    sizes = scored.with_columns(pred=pl.len().over("author_id"), true=pl.len().over("account")).join(
        both, on=["author_id", "account"]
    )
    sizes = sizes.join(lost, on="account", how="semi")
    return sizes.select(
        *KEY,
        "part",
        "shared_name",
        precision=pl.col("both") / pl.col("pred"),
        recall=pl.col("both") / pl.col("true"),
    )


@dataclass(frozen=True)
class Score:
    precision: float
    recall: float
    entries: int

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


def summarise(rows: pl.DataFrame) -> dict[tuple[str, str], Score]:
    """B-cubed by (part, 'all' | 'shared')."""
    scores = {}
    for part in PARTS:
        for subset in ("all", "shared"):
            chosen = rows.filter(pl.col("part") == part)
            if subset == "shared":
                chosen = chosen.filter(pl.col("shared_name"))
            scores[(part, subset)] = Score(chosen["precision"].mean(), chosen["recall"].mean(), chosen.height)
    return scores


def evaluate(mentions: pl.DataFrame, truth: pl.DataFrame, resolver) -> tuple[pl.DataFrame, float]:
    """Scored rows over the three rotations, and the seconds the resolver took."""
    rows, seconds = [], 0.0
    for rotation in range(ROTATIONS):
        hidden = hide_links(mentions, truth, rotation)
        started = time.perf_counter()
        predicted = resolver(hidden)
        seconds += time.perf_counter() - started
        rows.append(
            bcubed_rows(truth, predicted.select("paper_id", "author_position", "author_id"), rotation)
        )
    return pl.concat(rows), seconds


def shared_name_losses(
    mentions: pl.DataFrame, truth: pl.DataFrame, persons: pl.DataFrame, params: ResolverParams
) -> pl.DataFrame:
    """(part, loss, resolution, entries): the scored entries on shared names that lose precision or recall
    at the account level, over the three rotations, by what the loss is: `one person` when the entry's
    group holds nothing wrong at the person level (one_person_accounts), `two people` when it still does,
    `recall only` when the group holds only its own account's entries."""
    rows = []
    for rotation in range(ROTATIONS):
        resolved = resolve_authors(hide_links(mentions, truth, rotation), params)
        predicted = resolved.select(*KEY, "author_id")
        by_account = bcubed_rows(truth, predicted, rotation).filter(pl.col("shared_name"))
        by_person = bcubed_rows(persons, predicted, rotation).select(*KEY, person_precision="precision")
        rows.append(by_account.join(by_person, on=KEY).join(resolved.select(*KEY, "resolution"), on=KEY))
    lost = pl.concat(rows).filter((pl.col("precision") < 1) | (pl.col("recall") < 1))
    loss = (
        pl.when(pl.col("precision") == 1)
        .then(pl.lit("recall only"))
        .when(pl.col("person_precision") == 1)
        .then(pl.lit("one person"))
        .otherwise(pl.lit("two people"))
    )
    return lost.group_by("part", loss=loss, resolution="resolution").len("entries").sort(pl.all())


def rule_accuracy(mentions: pl.DataFrame, truth: pl.DataFrame, params: ResolverParams) -> pl.DataFrame:
    """Per resolution rule, over the hidden entries of tune accounts (three rotations): how many it
    resolved and the share it got right. A join is right when it reaches the entry's account; leaving an
    entry under its name is right when no entry of its account kept a link in that name's block."""
    rows = []
    for rotation in range(ROTATIONS):
        resolved = resolve_authors(hide_links(mentions, truth, rotation), params)
        visible = truth.filter(pl.col("rotation") != rotation).select("block_key", "account").unique()
        hidden = truth.filter((pl.col("rotation") == rotation) & (pl.col("part") == "tune"))
        hidden = hidden.join(
            resolved.select("paper_id", "author_position", "author_id", "resolution"), on=KEY
        )
        hidden = hidden.join(
            visible.with_columns(anchored=pl.lit(True)), on=["block_key", "account"], how="left"
        )
        joined = pl.col("author_id").str.starts_with("hf:")
        right = pl.when(joined).then(pl.col("author_id") == "hf:" + pl.col("account"))
        rows.append(hidden.select("resolution", right=right.otherwise(pl.col("anchored").is_null())))
    return (
        pl.concat(rows)
        .group_by("resolution")
        .agg(entries=pl.len(), right=pl.col("right").mean().round(3))
        .sort("resolution")
    )


def resolver_for(params: ResolverParams):
    return lambda mentions: resolve_authors(mentions, params)


# Each range runs from the most conservative value to the most liberal: ties keep the conservative one.
TUNING_GRID = {
    "min_shared_coauthors": (2, 1),
    "supported_min_tokens": (NEVER, 3, 2),
    "max_coauthor_list": (50, 1000),
    "join_by_org": (False, True),
    "topic": ((NEVER, 0), (3, 90), (2, 365)),
    "join_single_anchor": (False, True),
}


def grid_points() -> list[ResolverParams]:
    points = []
    for values in product(*TUNING_GRID.values()):
        chosen = dict(zip(TUNING_GRID, values, strict=True))
        tokens, days = chosen.pop("topic")
        points.append(replace(DEFAULT_PARAMS, **chosen, min_shared_tokens=tokens, topic_max_days=days))
    return points


def tune(mentions: pl.DataFrame, truth: pl.DataFrame) -> ResolverParams:
    """The grid point with the best sum of tune F1 overall and on shared names; ties keep the earlier."""
    best, best_value = DEFAULT_PARAMS, -1.0
    for params in grid_points():
        scores = summarise(evaluate(mentions, truth, resolver_for(params))[0])
        value = scores[("tune", "all")].f1 + scores[("tune", "shared")].f1
        print(f"{value:.4f}  {params}", flush=True)
        if value > best_value:
            best, best_value = params, value
    return best


def _line(label: str, score: Score) -> str:
    return (
        f"  {label:<28} P {score.precision:.4f}  R {score.recall:.4f}  F1 {score.f1:.4f}  ({score.entries})"
    )


def compare(mentions: pl.DataFrame, truth: pl.DataFrame, params: ResolverParams) -> float:
    """Prints resolver and baseline side by side; returns the resolver's seconds."""
    resolved_rows, seconds = evaluate(mentions, truth, resolver_for(params))
    resolved = summarise(resolved_rows)
    baseline = summarise(evaluate(mentions, truth, name_key_baseline)[0])
    for part, subset in product(PARTS, ("all", "shared")):
        print(f"{part} accounts, {'all names' if subset == 'all' else 'shared names'}:")
        print(_line("resolver", resolved[(part, subset)]))
        print(_line("name-key baseline", baseline[(part, subset)]))
    return seconds


def report(mentions: pl.DataFrame, truth: pl.DataFrame, params: ResolverParams) -> None:
    accounts = truth["account"].n_unique()
    print(f"{mentions.height} mentions, {truth.height} linked entries, {accounts} accounts")
    seconds = compare(mentions, truth, params)
    runs = ROTATIONS * mentions.height
    print(f"resolver: {seconds:.2f} s for {ROTATIONS} runs, {runs / seconds:,.0f} mentions/s")
    print("rules on the hidden entries of tune accounts (right: share resolved correctly):")
    for resolution, entries, right in rule_accuracy(mentions, truth, params).iter_rows():
        print(f"  {resolution:<22} {entries:>5}  {right:.3f}")


def stress(mentions: pl.DataFrame, copies: int) -> None:
    """Resolver time on the real mentions repeated `copies` times, each copy's papers renamed and moved
    900 days on: every name block is `copies` times larger and every co-author pair `copies` squared times
    more frequent than in the real data, an upper bound on the cost of more days."""
    repeated = pl.concat(
        mentions.with_columns(
            paper_id=pl.col("paper_id") + f"v{copy}",
            paper_date=pl.col("paper_date") + pl.duration(days=900 * copy),
        )
        for copy in range(copies)
    )
    started = time.perf_counter()
    resolve_authors(repeated)
    seconds = time.perf_counter() - started
    rate = repeated.height / seconds
    print(f"x{copies}: {repeated.height} mentions in {seconds:.2f} s, {rate:,.0f} mentions/s")


def merged_pair_ranks(mentions: pl.DataFrame, persons: pl.DataFrame, params: ResolverParams) -> list[tuple]:
    """(account, the account naming its person, review rank of the pair or None) for every account the
    person test merges, on all links (nothing hidden)."""
    candidates = author_merge_candidates(mentions, resolve_authors(mentions, params), params)
    ranks = {
        frozenset(pair): rank
        for rank, pair in enumerate(candidates.select("author_id_a", "author_id_b").rows(), 1)
    }
    merged = (
        persons.select("linked_user", "account").unique().filter(pl.col("linked_user") != pl.col("account"))
    )
    return [
        (user, person, ranks.get(frozenset({"hf:" + user, "hf:" + person})))
        for user, person in merged.sort(pl.all()).rows()
    ]


def persons_report(
    mentions: pl.DataFrame, truth: pl.DataFrame, persons: pl.DataFrame, params: ResolverParams
) -> None:
    """What the account-level figure on shared names counts as wrong, read against the person level."""
    shared = truth.group_by("block_key").agg(pl.col("account").n_unique()).filter(pl.col("account") > 1)
    people = persons.group_by("block_key").agg(pl.col("account").n_unique()).filter(pl.col("account") > 1)
    print(f"names of two or more accounts: {shared.height}, of two or more persons: {people.height}")
    print("accounts the person test merges, and the pair's rank on the review list (nothing hidden):")
    for user, person, rank in merged_pair_ranks(mentions, persons, params):
        print(f"  {user} = {person}: rank {rank}")
    print("account-level losses on shared names, by kind (three rotations):")
    for part, loss, resolution, entries in shared_name_losses(mentions, truth, persons, params).rows():
        print(f"  {part:<8} {loss:<12} {resolution:<20} {entries}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tune", action="store_true", help="search the thresholds on the tune accounts")
    parser.add_argument("--persons", action="store_true", help="also score persons (one_person_accounts)")
    parser.add_argument("--stress", type=int, nargs="*", default=[], help="time the data repeated N times")
    args = parser.parse_args()
    mentions = load_mentions()
    truth = linked_truth(mentions)
    params = tune(mentions, truth) if args.tune else DEFAULT_PARAMS
    print(params)
    report(mentions, truth, params)
    if args.persons:
        persons = one_person_accounts(mentions, truth)
        merged = truth["account"].n_unique() - persons["account"].n_unique()
        print(
            "person level, a diagnostic (the measure is the account level above): two accounts of one listed"
            " name and agreeing full names, a paper of one sharing at least"
            f" {DEFAULT_PARAMS.min_shared_coauthors} co-authors with a paper of the other, count as"
            f" one person ({merged} accounts merged)"
        )
        compare(mentions, persons, params)
        persons_report(mentions, truth, persons, params)
    for copies in args.stress:
        stress(mentions, copies)


if __name__ == "__main__":
    main()
