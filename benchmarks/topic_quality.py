"""Topic quality: the warehouse's topics scored against hand labels (benchmarks/labels/).

    .venv/bin/python benchmarks/topic_quality.py [--warehouse PATH | --from-text] [--split heldout unseen]
    .venv/bin/python benchmarks/topic_quality.py --from-text --labels benchmarks/labels/topics_tune_more.jsonl

Without --warehouse it builds one: the sample's recordings and the 105 extra real days
(benchmarks/data/recorded_more) loaded into raw tables as the ingestion would, then `dbt build` of the
topic models and what they read, in a temporary folder. Every labelled paper is then in the warehouse.
--from-text skips dbt: enrichment.topics applied to the recorded papers' title, abstract and ai_keywords
directly (seconds instead of a minute; the same figures, which tests/warehouse/test_topic_quality.py
checks).

Per split (tune, dev, heldout, unseen), as benchmarks/labels/README.md defines them:
- precision: assigned topics that are right (the main or a secondary topic, an acceptable one, or an
  ancestor of any of them) over all assigned; strict leaves the acceptable ones out;
- main-subject recall: papers whose assigned topics hold the main topic or a descendant of it;
- papers without a topic, topics per paper, and precision per method (rule:title, rule:keyword, ...);
- over the whole warehouse: the share of papers without a topic and the largest topic's share.
Only `tune` and `dev` may be looked at while tuning; `heldout` and `unseen` are reported, good or bad.
"""

import argparse
import csv
import datetime as dt
import json
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

import duckdb
import polars as pl

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from orchestration.lib.settings import DBT_PROJECT_DIR, SAMPLE_DIR  # noqa: E402
from tests.support.raw_sample import load_day, load_sample_raw, recorded_days  # noqa: E402

LABELS_DIR = ROOT / "benchmarks" / "labels"
MORE_ROOT = ROOT / "benchmarks" / "data" / "recorded_more"
TAXONOMY = DBT_PROJECT_DIR / "seeds" / "topics.csv"
DBT = str(Path(sys.executable).with_name("dbt"))
SPLITS = ("tune", "dev", "heldout", "unseen")


@dataclass(frozen=True)
class Label:
    paper_id: str
    split: str
    main: str | None
    secondary: tuple[str, ...]
    acceptable: tuple[str, ...]


def load_labels(folder: Path = LABELS_DIR) -> list[Label]:
    return [label for path in sorted(folder.glob("topics_*.jsonl")) for label in read_labels(path)]


def read_labels(path: Path, split: str | None = None) -> list[Label]:
    """The labels of one file; `split`, when given, replaces the split each row names."""
    labels = []
    for line in path.read_text().splitlines():
        row = json.loads(line)
        labels.append(
            Label(
                row["paper_id"],
                split or row["split"],
                row["main"],
                tuple(row["secondary"]),
                tuple(row["acceptable"]),
            )
        )
    return labels


def apart(labels: list[Label], path: Path) -> tuple[list[Label], str]:
    """`labels` with the papers of the labels file `path` in a split of their own, named after the file
    (topics_tune_more.jsonl: tune_more), and that name."""
    name = path.stem.removeprefix("topics_")
    own = read_labels(path, split=name)
    ids = {label.paper_id for label in own}
    return [label for label in labels if label.paper_id not in ids] + own, name


def load_parents(path: Path = TAXONOMY) -> dict[str, str | None]:
    with path.open() as rows:
        return {row["topic_id"]: (row["parent_topic_id"] or None) for row in csv.DictReader(rows)}


def with_ancestors(topics, parents: dict[str, str | None]) -> set[str]:
    found = set()
    for topic in topics:
        while topic is not None and topic not in found:
            found.add(topic)
            topic = parents.get(topic)
    return found


def descendants_or_self(topic: str, parents: dict[str, str | None]) -> set[str]:
    return {child for child in parents if topic in with_ancestors([child], parents)}


RECORDINGS = [
    SAMPLE_DIR / "hf_recorded" / "daily_papers",
    SAMPLE_DIR / "hf_recorded" / "papers_search",
    MORE_ROOT / "daily_papers",
]


def recorded_papers(folders: list[Path] = RECORDINGS) -> dict[str, dict]:
    """paper id -> title, abstract and ai_keywords, from the recorded API answers (a paper's last one)."""
    papers = {}
    for folder in folders:
        for path in sorted(folder.glob("*.json")):
            for item in json.loads(path.read_text()):
                paper = item.get("paper") or {}
                if paper.get("id"):
                    papers[paper["id"]] = {
                        "title": paper.get("title") or item.get("title") or "",
                        "abstract": paper.get("summary") or item.get("summary") or "",
                        "keywords": paper.get("ai_keywords") or [],
                    }
    return papers


def assign_from_text(papers: dict[str, dict]) -> tuple[dict[str, list[tuple[str, str]]], int, Counter]:
    """read_assignments' answer without a warehouse: the seed's taxonomy applied to the papers' text."""
    from enrichment.topics import Assigner, topics_from_frame

    with TAXONOMY.open() as rows:
        taxonomy = pl.DataFrame(list(csv.DictReader(rows)))
    assigner = Assigner(topics_from_frame(taxonomy))
    assigned = {}
    for paper_id, paper in papers.items():
        found = assigner.assign(paper["title"], paper["abstract"], paper["keywords"])
        if found:
            assigned[paper_id] = [(topic.topic_id, topic.method) for topic in found]
    sizes = Counter(topic for pairs in assigned.values() for topic, _ in pairs)
    return assigned, len(papers), sizes


def build_warehouse(workdir: Path) -> Path:
    """The sample and the extra days in raw tables, then the topic models and what they read."""
    warehouse = workdir / "topics.duckdb"
    load_sample_raw(warehouse)
    extra = recorded_days([MORE_ROOT])
    sample_days = set(recorded_days([SAMPLE_DIR / "hf_recorded", SAMPLE_DIR / "arranged"]))
    with duckdb.connect(str(warehouse)) as con:
        for day, items in extra.items():
            if day not in sample_days:
                load_day(con, day, items, dt.datetime.now(dt.UTC))
    target = workdir / "target"
    subprocess.run(
        [DBT, "build", "--select", "+bridge_paper_topics", "--target-path", str(target), "--quiet",
         "--vars", json.dumps({"warehouse_path": str(warehouse)})],
        cwd=DBT_PROJECT_DIR,
        check=True,
    )  # fmt: skip
    return warehouse


def read_assignments(warehouse: Path) -> tuple[dict[str, list[tuple[str, str]]], int, Counter]:
    """paper -> [(topic, method)], the number of papers, and papers per topic, over the whole warehouse."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        rows = con.execute("select paper_id, topic_id, method from marts.bridge_paper_topics").fetchall()
        papers = con.execute("select count(*) from intermediate.int_papers").fetchone()[0]
    assigned: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for paper_id, topic_id, method in rows:
        assigned[paper_id].append((topic_id, method))
    sizes = Counter(topic for pairs in assigned.values() for topic, _ in pairs)
    return assigned, papers, sizes


@dataclass
class Scores:
    papers: int = 0
    assigned: int = 0
    right: int = 0
    right_strict: int = 0
    main_found: int = 0
    with_main: int = 0
    no_topic: int = 0
    by_method: Counter = None
    right_by_method: Counter = None
    by_topic: Counter = None

    def __post_init__(self):
        self.by_method, self.right_by_method, self.by_topic = Counter(), Counter(), Counter()

    def largest(self) -> tuple[str, float]:
        """The topic assigned to most of these papers, and its share of them."""
        topic, count = self.by_topic.most_common(1)[0] if self.by_topic else ("-", 0)
        return topic, count / max(self.papers, 1)

    def line(self) -> str:
        return (
            f"papers {self.papers:4d}  precision {ratio(self.right, self.assigned)}"
            f" (strict {ratio(self.right_strict, self.assigned)})"
            f"  main-subject recall {ratio(self.main_found, self.with_main)}"
            f"  no topic {ratio(self.no_topic, self.papers)}"
            f"  topics/paper {self.assigned / max(self.papers, 1):.2f}"
            f"  largest {self.largest()[0]} {self.largest()[1]:.3f}"
        )


def ratio(numerator: int, denominator: int) -> str:
    return f"{numerator / denominator:.3f}" if denominator else "  n/a"


def score(labels: list[Label], assigned, parents) -> Scores:
    scores = Scores()
    for label in labels:
        pairs = assigned.get(label.paper_id, [])
        core = [topic for topic in (label.main, *label.secondary) if topic]
        right = with_ancestors([*core, *label.acceptable], parents)
        right_strict = with_ancestors(core, parents)
        scores.papers += 1
        scores.no_topic += not pairs
        for topic, method in pairs:
            kind = method if method.startswith("rule:") else method.split(":")[0]
            scores.assigned += 1
            scores.by_method[kind] += 1
            scores.by_topic[topic] += 1
            if topic in right:
                scores.right += 1
                scores.right_by_method[kind] += 1
            scores.right_strict += topic in right_strict
        if label.main:
            scores.with_main += 1
            scores.main_found += bool(descendants_or_self(label.main, parents) & {t for t, _ in pairs})
    return scores


def report(labels: list[Label], assigned, papers: int, sizes: Counter, splits) -> dict[str, Scores]:
    parents = load_parents()
    results = {}
    for split in splits:
        chosen = [label for label in labels if label.split == split]
        if not chosen:
            continue
        scores = results[split] = score(chosen, assigned, parents)
        print(f"{split:8s} {scores.line()}")
        for method, count in sorted(scores.by_method.items()):
            right = scores.right_by_method[method]
            print(f"           {method:18s} {count:4d} assigned, precision {ratio(right, count)}")
    without = papers - len(assigned)
    largest, largest_n = sizes.most_common(1)[0] if sizes else ("-", 0)
    print(
        f"warehouse {papers} papers: {ratio(without, papers)} without a topic;"
        f" largest topic {largest} holds {ratio(largest_n, papers)}"
    )
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--warehouse", type=Path, help="score this warehouse instead of building one")
    parser.add_argument("--from-text", action="store_true", help="assign from the recordings, no dbt")
    parser.add_argument("--split", nargs="*", default=["heldout", "unseen"], choices=SPLITS)
    parser.add_argument(
        "--labels", type=Path, help="score only this labels file's papers, as one split named after the file"
    )
    args = parser.parse_args(argv)
    labels = load_labels()
    if args.labels:
        labels, name = apart(labels, args.labels)
        args.split = [name]
    if args.from_text:
        assigned, papers, sizes = assign_from_text(recorded_papers())
    else:
        with tempfile.TemporaryDirectory(prefix="topic_quality_") as workdir:
            warehouse = args.warehouse or build_warehouse(Path(workdir))
            assigned, papers, sizes = read_assignments(warehouse)
    print(f"{len(labels)} labelled papers; scoring {', '.join(args.split)}")
    report(labels, assigned, papers, sizes, args.split)
    return 0


if __name__ == "__main__":
    sys.exit(main())
