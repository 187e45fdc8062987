"""Train the topic model's centroids (enrichment/topics_model.py) from the recorded papers.

    .venv/bin/python benchmarks/train_topic_model.py [--out enrichment/data/topic_centroids.json]

Training papers: every paper in the sample's recordings (daily listings and watchlist searches) and in the
105 extra real days (benchmarks/data/recorded_more), less the labelled `dev`, `heldout` and `unseen`
papers, which stay unseen. A paper's topic: its hand-labelled main topic for `tune` papers, else the
rules' main topic (enrichment/topics.py without a model) when a title phrase states it, else none.
Deterministic: the same recordings, labels and seed give the same file.
"""

import argparse
import csv
import json
import sys
from pathlib import Path

import polars as pl

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from topic_quality import TAXONOMY, Label, load_labels, recorded_papers  # noqa: E402

from enrichment.topics import Assigner, topics_from_frame  # noqa: E402
from enrichment.topics_model import DEFAULT_PATH, train  # noqa: E402


def taxonomy() -> pl.DataFrame:
    with TAXONOMY.open() as rows:
        return pl.DataFrame(list(csv.DictReader(rows)))


def weak_label(rules: Assigner, paper: dict) -> list[str]:
    """The rules' main topic when a title phrase states it (and it is a subject, not a facet), else none."""
    found = rules.assign(paper["title"], paper["abstract"], paper["keywords"])
    main = found[0] if found else None
    stated = main and main.method == "rule:title" and not rules.topics[main.topic_id].is_facet
    return [main.topic_id] if stated else []


def training_set(papers: dict[str, dict], labelled: dict[str, Label]) -> list[tuple[str, str, list, list]]:
    rules = Assigner(topics_from_frame(taxonomy()), model=None)
    rows = []
    for paper_id in sorted(papers):
        label = labelled.get(paper_id)
        if label and label.split != "tune":
            continue  # dev, heldout and unseen stay unseen
        paper = papers[paper_id]
        hand = [label.main] if label and label.main else []
        topics = hand if label else weak_label(rules, paper)
        if topics:
            rows.append((paper["title"], paper["abstract"], paper["keywords"], topics))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_PATH)
    args = parser.parse_args(argv)
    rows = training_set(recorded_papers(), {label.paper_id: label for label in load_labels()})
    artifact = train(rows)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(artifact, sort_keys=True, separators=(",", ":")) + "\n")
    print(
        f"{len(rows)} training papers, {len(artifact['centroids'])} topics,"
        f" {len(artifact['idf'])} terms -> {args.out} ({args.out.stat().st_size // 1024} KiB)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
