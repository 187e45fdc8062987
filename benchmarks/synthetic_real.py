"""What the real recordings say, for the scale generator: the 146 recorded listing days, and the statistics
the generator is calibrated against, computed the same way on real and on synthetic days.

    python benchmarks/synthetic_real.py          # prints the real side of the calibration table

The recordings are a sample of days (the 41 of sample_data/hf_recorded and the 105 of
benchmarks/data/recorded_more, about one weekday in four over 2024-05 .. 2026-08), so a statistic that
counts repeats (names on one paper only, papers listed twice) depends on that sampling: the synthetic side
is computed on the same 146 dates of the generated history, sampled the same way.
"""

import collections
import datetime as dt
import json
import re
from pathlib import Path

import numpy as np

from orchestration.lib.settings import PROJECT_ROOT, SAMPLE_DIR

REAL_ROOTS = (
    SAMPLE_DIR / "hf_recorded" / "daily_papers",
    PROJECT_ROOT / "benchmarks" / "data" / "recorded_more" / "daily_papers",
)
REAL_DAYS = 146
# The API's ai_keywords: none on the recorded days before the first date, none after the last.
KEYWORD_PERIODS = (("before 2025-03-13", "2025-03-13"), ("2025-03-13 .. 2026-07-13", "2026-07-14"))
WHITESPACE = re.compile(r"\s+")


def load_real_days(roots: tuple[Path, ...] = REAL_ROOTS) -> dict[str, list[dict]]:
    """{listing date: items} of every recorded day, in date order."""
    days: dict[str, list[dict]] = {}
    for root in roots:
        for path in sorted(root.glob("*.json")):
            days.setdefault(path.stem, []).extend(json.loads(path.read_text(encoding="utf-8")))
    if len(days) < REAL_DAYS:
        raise SystemExit(
            f"{len(days)} recorded days found, {REAL_DAYS} expected: copy ../shared/data/hf_recorded_more/"
            "daily_papers into benchmarks/data/recorded_more/daily_papers (see benchmarks/data/README.md)"
        )
    return dict(sorted(days.items()))


def collapse(text: str | None) -> str:
    return WHITESPACE.sub(" ", text or "").strip()


def keyword_period(day: str) -> int:
    """0 before the API's first ai_keywords, 1 while it sent them, 2 after."""
    return sum(day >= start for _, start in KEYWORD_PERIODS)


def weekdays_between(first: str, last: str) -> int:
    start, end = dt.date.fromisoformat(first), dt.date.fromisoformat(last)
    return sum((start + dt.timedelta(days=i)).weekday() < 5 for i in range((end - start).days + 1))


def relisting_rate(days: dict[str, list[dict]]) -> float:
    """Share of papers listed on a second day. Only about one weekday in four is recorded, so a re-listing
    shows up only when its second day was recorded too: observed pairs / (papers x that chance)."""
    listed = collections.Counter(item["paper"]["id"] for items in days.values() for item in items)
    recorded_share = len(days) / weekdays_between(min(days), max(days))
    return sum(count > 1 for count in listed.values()) / (len(listed) * recorded_share)


def quantile(values, q: float) -> float:
    return float(np.quantile(np.asarray(values, dtype=float), q)) if len(values) else float("nan")


def latest_items(days: dict[str, list[dict]]) -> dict[str, tuple[str, dict]]:
    """Each paper's latest listing: (date, item)."""
    latest: dict[str, tuple[str, dict]] = {}
    for day, items in days.items():
        for item in items:
            latest[item["paper"]["id"]] = (day, item)
    return latest


def calibration_stats(days: dict[str, list[dict]]) -> dict[str, float]:
    """The figures the generator is calibrated against; the same function reads real and synthetic days."""
    latest = latest_items(days)
    papers = [item["paper"] for _, item in latest.values()]
    authors = [len(paper.get("authors") or []) for paper in papers]
    entries = [entry for paper in papers for entry in paper.get("authors") or []]
    papers_of_name = collections.Counter(
        name for paper in papers for name in {entry["name"] for entry in paper.get("authors") or []}
    )
    words = [len((paper.get("summary") or "").split()) for paper in papers]
    listed = collections.Counter(item["paper"]["id"] for items in days.values() for item in items)
    day_sizes = [len(items) for items in days.values()]
    stats = {
        "listing days": len(days),
        "papers": len(papers),
        "papers per day, median": quantile(day_sizes, 0.5),
        "papers per day, mean": float(np.mean(day_sizes)),
        "papers per day, p90": quantile(day_sizes, 0.9),
        "papers per day, max": max(day_sizes),
        "authors per paper, median": quantile(authors, 0.5),
        "authors per paper, p90": quantile(authors, 0.9),
        "authors per paper, p99": quantile(authors, 0.99),
        "authors per paper, max": max(authors),
        "papers with > 50 authors, share": float(np.mean(np.asarray(authors) > 50)),
        "author entries": len(entries),
        "distinct names per entry": len(papers_of_name) / len(entries),
        "names on one paper only, share": float(np.mean(np.asarray(list(papers_of_name.values())) == 1)),
        "busiest name, share of papers": max(papers_of_name.values()) / len(papers),
        "entries linked to an HF account, share": float(np.mean(["user" in entry for entry in entries])),
        "abstract words, p10": quantile(words, 0.1),
        "abstract words, median": quantile(words, 0.5),
        "abstract words, p90": quantile(words, 0.9),
        "papers listed on two of these days": sum(count > 1 for count in listed.values()),
        "JSON bytes per item, mean": float(
            np.mean([len(json.dumps(item, ensure_ascii=False)) for _, item in latest.values()])
        ),
    }
    labels = [label for label, _ in KEYWORD_PERIODS] + ["after 2026-07-13"]
    for period, label in enumerate(labels):
        with_period = [bool(item["paper"].get("ai_keywords")) for day, item in latest.values()]
        in_period = [keyword_period(day) == period for day, _ in latest.values()]
        chosen = [has for has, inside in zip(with_period, in_period, strict=True) if inside]
        stats[f"with ai_keywords, {label}"] = float(np.mean(chosen)) if chosen else float("nan")
    return stats


def format_stat(value: float) -> str:
    if isinstance(value, int) or float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:.4f}" if abs(value) < 1 else f"{value:,.1f}"


def calibration_table(real: dict[str, float], synthetic: dict[str, float]) -> str:
    """Markdown: each statistic, real and synthetic, side by side."""
    lines = ["| statistic | real (146 days) | synthetic (same dates) |", "|---|---:|---:|"]
    for name, value in real.items():
        lines.append(f"| {name} | {format_stat(value)} | {format_stat(synthetic.get(name, float('nan')))} |")
    return "\n".join(lines)


if __name__ == "__main__":
    real_days = load_real_days()
    for name, value in calibration_stats(real_days).items():
        print(f"{name:45s} {format_stat(value)}")
    print(f"{'estimated re-listing rate (all days)':45s} {relisting_rate(real_days):.4f}")
