"""The replay server's clock: a recorded day served as it would look some days later.

The recordings are early-morning snapshots of their listing day. With a clock set to `now`, a listing day D
is served `age = now - D` days old: its counts grown by one deterministic rule, nothing else changed.

    growth(age) = 1 + GROWTH * (1 - 0.5 ** (age / HALF_LIFE_DAYS))     (1 for age <= 0)
    count(age)  = round(count * growth(age))  (half up; non-integer or missing counts are left alone)

With GROWTH = 2 and a half-life of 3 days a count grows x1.4 after a day, x2 after three, x2.6 after a week
and settles just under x3: most attention comes in the first week, as on the real site. The rule applies
to a listing item's `paper.upvotes`, `paper.githubStars` and `numComments`, and to a paper detail's
`upvotes`, `githubStars`, `numTotalModels`, `numTotalDatasets` and how many linked models, datasets and
Spaces it lists (the repos past the recorded ones are derived from them: `repo_variant`).
"""

import copy
import datetime as dt
import math

GROWTH = 2.0
HALF_LIFE_DAYS = 3.0
ITEM_COUNTS = (("paper", "upvotes"), ("paper", "githubStars"), ("numComments",))
DETAIL_COUNTS = ("upvotes", "githubStars", "numTotalModels", "numTotalDatasets")
LINKED_KINDS = ("linkedModels", "linkedDatasets", "linkedSpaces")
# What a repo derived from a recorded one is called: quantised models, splits of a dataset, more demos.
VARIANT_SUFFIXES = {
    "linkedModels": ("GGUF", "AWQ", "FP8", "MLX-4bit", "GPTQ-Int4", "bnb-4bit"),
    "linkedDatasets": ("processed", "subset", "sft", "eval"),
    "linkedSpaces": ("demo", "playground", "leaderboard"),
}


def growth(age_days: int) -> float:
    if age_days <= 0:
        return 1.0
    return 1.0 + GROWTH * (1.0 - 0.5 ** (age_days / HALF_LIFE_DAYS))


def grown(value: object, age_days: int) -> object:
    """A count `age_days` later; anything that is not a non-negative integer count is returned as it is."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        return value
    return math.floor(value * growth(age_days) + 0.5)


def age(listing_date: str, now: dt.date) -> int:
    return (now - dt.date.fromisoformat(listing_date)).days


def _grow_in(holder: dict, path: tuple[str, ...], age_days: int) -> None:
    *parents, key = path
    for parent in parents:
        holder = holder.get(parent)
        if not isinstance(holder, dict):
            return
    if key in holder:
        holder[key] = grown(holder[key], age_days)


def grow_listing(items: list, age_days: int) -> list:
    """A listing day's items `age_days` after their recording."""
    if age_days <= 0:
        return items
    items = copy.deepcopy(items)
    for item in items:
        if isinstance(item, dict):
            for path in ITEM_COUNTS:
                _grow_in(item, path, age_days)
    return items


def repo_variant(kind: str, recorded: list[dict], index: int) -> dict:
    """The `index`-th linked repo of a kind when `recorded` holds fewer: a variant of a recorded one."""
    extra = index - len(recorded)
    base = recorded[extra % len(recorded)]
    suffixes = VARIANT_SUFFIXES[kind]
    round_, pick = divmod(extra // len(recorded), len(suffixes))
    suffix = suffixes[pick] + (f"-{round_ + 1}" if round_ else "")
    return base | {"id": f"{base['id']}-{suffix}"}


def grow_detail(detail: dict, age_days: int) -> dict:
    """A paper detail `age_days` after its recording: counts grown, more linked repos listed."""
    if age_days <= 0 or not isinstance(detail, dict):
        return detail
    detail = copy.deepcopy(detail)
    for key in DETAIL_COUNTS:
        _grow_in(detail, (key,), age_days)
    for kind in LINKED_KINDS:
        recorded = detail.get(kind)
        if not isinstance(recorded, list) or not recorded or not all(isinstance(r, dict) for r in recorded):
            continue
        listed = grown(len(recorded), age_days)
        detail[kind] = recorded + [repo_variant(kind, recorded, i) for i in range(len(recorded), listed)]
    return detail
