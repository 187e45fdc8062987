"""Fit the keyword extractor's weights (enrichment.keywords_rank.WEIGHTS) on the tune part only.

The tune part (papers first listed before keyword_quality.CUT; the scored papers are never read) is split
by time again: its latest 40% of listing dates with ai_keywords are the fitting papers, and the statistics
window is every tune-part paper with the fitting papers' ai_keywords removed, as the benchmark does with
the scored papers. A logistic regression (Newton's method, a little L2) learns from each fitting paper's
candidates whether the API listed them. The target is 1 for a listed keyword and LENIENT_TARGET for a
candidate that only contains or lies inside one (the benchmark's lenient match), 0 otherwise: the grid of
LENIENT_TARGETS is compared by the sum of exact and lenient F1@5 and F1@10 with two-fold cross-fitting over
the fitting papers (weights fitted on one half score the other), and the best one is fitted on all of them.
The printed weights go into enrichment/keywords_rank.py by hand.

    .venv/bin/python benchmarks/keyword_tuning.py
"""

import sys
from pathlib import Path

import numpy as np
import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parent))
from keyword_quality import CUT, CUTOFFS, exact_hits, lenient_hits, load_papers, scores  # noqa: E402

from enrichment.keywords import api_keywords, candidates, corpus_stats, numbered  # noqa: E402
from enrichment.keywords_rank import WEIGHTS, choose, corpus_features  # noqa: E402
from enrichment.keywords_text import acronym_table  # noqa: E402

FIT_SHARE = 0.4
L2 = 1.0
LENIENT_TARGETS = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5)
NAMES = [name for name in WEIGHTS if name != "bias"]


def fitting_split(papers: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(window, fitting papers) inside the tune part."""
    tune = papers.filter(pl.col("listed") < CUT)
    dates = tune.filter(pl.col("ai_keywords").list.len() > 0)["listed"].unique().sort()
    inner_cut = dates[int(len(dates) * (1 - FIT_SHARE))]
    later = pl.col("listed") >= inner_cut
    window = tune.with_columns(ai_keywords=pl.when(later).then(None).otherwise(pl.col("ai_keywords")))
    print(f"tune part: {tune.height} papers; fitting on those listed {inner_cut} .. {CUT} with ai_keywords")
    return window.drop("listed"), tune.filter(later & (pl.col("ai_keywords").list.len() > 0)).drop("listed")


def labelled_candidates(papers: pl.DataFrame) -> tuple[pl.DataFrame, dict[int, list[str]]]:
    """The fitting papers' candidates with their features, `listed` (the API listed the key) and `near`
    (the key contains or lies inside one it listed); and each fitting paper's listed keys."""
    window, fitting = fitting_split(papers)
    stats = corpus_stats(window)
    fitting = numbered(fitting)
    own = acronym_table(fitting["paper"], fitting["text"])
    gold = (
        api_keywords(fitting, stats.acronyms, own).group_by("paper").agg(gold=pl.col("key").sort_by("order"))
    )
    featured = corpus_features(candidates(fitting, stats, own)[1], stats)
    featured = featured.join(gold, on="paper")
    listed, near = [], []
    for key, keys in featured.select("key", "gold").iter_rows():
        listed.append(key in keys)
        near.append(any(f" {key} " in f" {g} " or f" {g} " in f" {key} " for g in keys))
    return featured.with_columns(listed=pl.Series(listed), near=pl.Series(near)), dict(gold.iter_rows())


def fit(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Logistic regression weights (bias first) by Newton's method with an L2 penalty on the weights."""
    design = np.c_[np.ones(len(x)), x]
    penalty = L2 * np.eye(design.shape[1])
    penalty[0, 0] = 0.0
    weights = np.zeros(design.shape[1])
    for _ in range(30):
        p = 1 / (1 + np.exp(-design @ weights))
        gradient = design.T @ (p - y) + penalty @ weights
        hessian = (design * (p * (1 - p))[:, None]).T @ design + penalty
        step = np.linalg.solve(hessian, gradient)
        weights -= step
        if np.abs(step).max() < 1e-8:
            break
    return weights


def fitted(labelled: pl.DataFrame, target: float) -> dict[str, float]:
    y = np.maximum(labelled["listed"].to_numpy(), target * labelled["near"].to_numpy())
    weights = fit(labelled.select(NAMES).to_numpy(), y.astype(float))
    return dict(zip(["bias", *NAMES], weights.tolist(), strict=True))


def f1_scores(labelled: pl.DataFrame, weights: dict[str, float], gold: dict[int, list[str]]) -> list[float]:
    """Exact F1@5, F1@10, lenient F1@5, F1@10 of the keys these weights choose, against the listed keys."""
    chosen = choose(labelled, weights)
    predicted = dict(chosen.group_by("paper", maintain_order=True).agg("key").iter_rows())
    papers = sorted(gold)
    predictions = [predicted.get(paper, []) for paper in papers]
    expected = [gold[paper] for paper in papers]
    return [
        scores(predictions, expected, k, hits)["F1"] for hits in (exact_hits, lenient_hits) for k in CUTOFFS
    ]


def cross_fitted(labelled: pl.DataFrame, gold: dict[int, list[str]], target: float) -> list[float]:
    """f1_scores by two-fold cross-fitting: each half scored by weights fitted on the other."""
    halves = [labelled.filter(pl.col("paper") % 2 == side) for side in (0, 1)]
    results = [
        f1_scores(
            halves[1 - side], fitted(halves[side], target), {p: g for p, g in gold.items() if p % 2 != side}
        )
        for side in (0, 1)
    ]
    return [float(np.mean(values)) for values in zip(*results, strict=True)]


def main() -> None:
    labelled, gold = labelled_candidates(load_papers())
    print(
        f"{labelled.height} candidates of {len(gold)} papers, {labelled['listed'].sum()} listed by the "
        f"API, {labelled['near'].sum()} listed or near one"
    )
    best = None
    for target in LENIENT_TARGETS:
        f1 = cross_fitted(labelled, gold, target)
        print(
            f"LENIENT_TARGET {target}: cross-fitted F1 exact @5 {f1[0]:.3f} @10 {f1[1]:.3f}, "
            f"lenient @5 {f1[2]:.3f} @10 {f1[3]:.3f}"
        )
        if best is None or sum(f1) > best[0]:
            best = (sum(f1), target)
    weights = fitted(labelled, best[1])
    print(f"chosen LENIENT_TARGET {best[1]} (best sum of the four), fitted on all {len(gold)} fitting papers")
    print("WEIGHTS = {")
    for name, weight in weights.items():
        print(f'    "{name}": {weight:.3f},')
    print("}")


if __name__ == "__main__":
    main()
