"""Cross-validation of the topic assigner on the `tune` and `dev` labels (never heldout or unseen).

    PYTHONPATH=. .venv/bin/python benchmarks/topic_cv.py [--set NAME=VALUE ...] [--dropout 0.25 --seeds 4]

Five folds of tune+dev (by an md5 of the paper id). For each fold the topic model is trained again as
benchmarks/train_topic_model.py trains it (the rules' title-stated main topics of the unlabelled recordings)
plus the hand-labelled main topics of the other folds (`--hand tune` keeps dev's labels out, as the committed
model does), and the fold's papers are assigned with it. `--set` overrides a constant of enrichment/topics.py
(a JSON value: `--set MODEL_PROPOSE_MIN=99` turns the model's proposals off).

`--dropout d` drops each phrase of the taxonomy with probability d (seeded, `--seeds` draws) from the rules
that assign, not from those that make the model's weak labels: tune and dev were read while the phrases were
written, so every paper there has its phrases; dropping some mimics papers worded in ways the vocabulary does
not cover, as heldout and unseen are. A change that helps only with all phrases is fitted to the vocabulary.
"""

import argparse
import dataclasses
import hashlib
import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from topic_quality import Scores, apart, load_labels, load_parents, recorded_papers, score  # noqa: E402
from train_topic_model import taxonomy, weak_label  # noqa: E402

import enrichment.topics as rules_module  # noqa: E402
from enrichment.topics_model import TopicModel, train  # noqa: E402

VISIBLE = ("tune", "dev")


def fold_of(paper_id: str, folds: int) -> int:
    return int(hashlib.md5(paper_id.encode()).hexdigest(), 16) % folds


def weak_labels(papers: dict, topics: list, skip: set[str]) -> list[tuple]:
    """train_topic_model.py's weak labels of the papers not in `skip`."""
    rules = rules_module.Assigner(topics, model=None)
    rows = []
    for paper_id in sorted(papers.keys() - skip):
        paper = papers[paper_id]
        if label := weak_label(rules, paper):
            rows.append((paper["title"], paper["abstract"], paper["keywords"], label))
    return rows


def without_phrases(topics: list, dropout: float, seed: int) -> list:
    draw = random.Random(seed)
    thinned = []
    for topic in topics:
        phrases = rules_module.split_alternatives(topic.patterns)
        kept = [phrase for phrase in phrases if draw.random() >= dropout] or phrases[:1]
        thinned.append(dataclasses.replace(topic, patterns="|".join(kept)))
    return thinned


def add(total: Scores | None, more: Scores) -> Scores:
    if total is None:
        return more
    for field in ("papers", "assigned", "right", "right_strict", "main_found", "with_main", "no_topic"):
        setattr(total, field, getattr(total, field) + getattr(more, field))
    for field in ("by_method", "right_by_method", "by_topic"):
        getattr(total, field).update(getattr(more, field))
    return total


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", nargs="*", default=[], help="NAME=JSON constants of enrichment/topics.py")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--hand", default="tune,dev", help="splits whose labels the fold models learn from")
    parser.add_argument("--dropout", type=float, default=0.0)
    parser.add_argument("--seeds", type=int, default=1)
    parser.add_argument(
        "--labels",
        type=Path,
        help="report this labels file's papers as a split of their own (its fold models learn them only when"
        " --hand names it)",
    )
    args = parser.parse_args(argv)
    for setting in args.set:
        name, value = setting.split("=", 1)
        if not hasattr(rules_module, name):
            parser.error(f"enrichment.topics has no {name}")
        setattr(rules_module, name, json.loads(value))
    labels, splits = load_labels(), VISIBLE
    if args.labels:
        labels, name = apart(labels, args.labels)
        splits = (*VISIBLE, name)
    visible = [label for label in labels if label.split in splits]
    labelled = {label.paper_id for label in labels}  # heldout and unseen: only left out, never read
    papers = recorded_papers()
    topics = rules_module.topics_from_frame(taxonomy())
    weak = weak_labels(papers, topics, labelled)
    hand = args.hand.split(",")
    models = []
    for fold in range(args.folds):
        rows = weak + [
            (papers[label.paper_id]["title"], papers[label.paper_id]["abstract"],
             papers[label.paper_id]["keywords"], [label.main])
            for label in visible
            if fold_of(label.paper_id, args.folds) != fold and label.main and label.split in hand
        ]  # fmt: skip
        artifact = train(rows)
        models.append(TopicModel(artifact["idf"], artifact["centroids"]))
    parents = load_parents()
    totals: dict[str, Scores | None] = dict.fromkeys((*splits, "tune+dev"))
    for seed in range(args.seeds):
        used = without_phrases(topics, args.dropout, seed) if args.dropout else topics
        assigners = [rules_module.Assigner(used, model=model) for model in models]
        assigned = {}
        for label in visible:
            paper = papers[label.paper_id]
            found = assigners[fold_of(label.paper_id, args.folds)].assign(
                paper["title"], paper["abstract"], paper["keywords"]
            )
            if found:
                assigned[label.paper_id] = [(topic.topic_id, topic.method) for topic in found]
        for name in totals:
            chosen = [label for label in visible if name in (label.split, "tune+dev")]
            totals[name] = add(totals[name], score(chosen, assigned, parents))
    print(f"{args.folds}-fold CV, {' '.join(args.set) or 'committed constants'}", end="")
    print(f", dropout {args.dropout} x {args.seeds} seeds" if args.dropout else "")
    for name, scores in totals.items():
        print(f"{name:8s} {scores.line()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
