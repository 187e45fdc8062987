"""Draw the papers of the topic dev set: which papers, and which part each belongs to.

    python benchmarks/labels/draw.py            # writes benchmarks/labels/worklist_*.jsonl

Two draws, both seeded so that the same files give the same papers:
- `sample`: 200 papers at random from the bundled sample's real listings (sample_data/hf_recorded: the
  daily listings and the watchlist searches). A hash of the arXiv id puts each in `tune` or `heldout`
  (about half each): tune rules on `tune` only, report `heldout`.
- `unseen`: 100 papers at random from the extra real days of benchmarks/data/recorded_more, which nothing
  in the project is tuned on: a second held-out part, closer to "papers the project has never seen".
- `tune_extra`: 300 more papers for tuning only, drawn after the two above so that their papers stay as
  they were: 150 from the sample and 150 from the extra days, none of them in another draw.
- `dev`: 300 more, drawn the same way after `tune_extra`: tuning data too, kept apart so that a change
  tuned on `tune` can be checked on papers it was not tuned on before `heldout` and `unseen` are looked at.
- `tune_more`: 200 more for tuning (100 from the sample, 100 from the extra days), drawn the same way after
  `dev` and labelled before the rules were run on them: the rules' errors on papers they were not written
  from, which `tune` and `dev` no longer show.

The worklists hold what a labeller reads (title and abstract); the labels themselves are written by hand
into topics_<draw>.jsonl (see README.md), never by running the matcher.
"""

import hashlib
import json
import random
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
SAMPLE_DIRS = (ROOT / "sample_data/hf_recorded/daily_papers", ROOT / "sample_data/hf_recorded/papers_search")
UNSEEN_DIRS = (ROOT / "benchmarks/data/recorded_more/daily_papers",)
SEED = 20261201
DRAWS = {"sample": (SAMPLE_DIRS, 200), "unseen": (UNSEEN_DIRS, 100)}
EXTRA = ((SAMPLE_DIRS, 150), (UNSEEN_DIRS, 150))


def split_of(paper_id: str) -> str:
    return "heldout" if hashlib.sha1(paper_id.encode()).digest()[0] % 2 == 0 else "tune"


def papers_in(folders: tuple[Path, ...]) -> dict[str, dict]:
    """Every paper of the listings, by arXiv id (the last file that lists it gives its text)."""
    papers: dict[str, dict] = {}
    for folder in folders:
        for path in sorted(folder.glob("*.json")):
            for item in json.loads(path.read_text()):
                paper = item.get("paper") or {}
                paper_id = (paper.get("id") or "").strip()
                title = paper.get("title") or item.get("title")
                if not paper_id or not title:
                    continue
                papers[paper_id] = {
                    "paper_id": paper_id,
                    "title": " ".join(title.split()),
                    "abstract": " ".join((paper.get("summary") or item.get("summary") or "").split()),
                    "listed_in": path.name,
                }
    return papers


def draw(folders: tuple[Path, ...], size: int, exclude: set[str]) -> list[dict]:
    papers = papers_in(folders)
    ids = sorted(set(papers) - exclude)
    chosen = sorted(random.Random(SEED).sample(ids, size))
    return [papers[paper_id] for paper_id in chosen]


def write(name: str, rows: list[dict], split) -> None:
    with open(HERE / f"worklist_{name}.jsonl", "w") as out:
        for row in rows:
            out.write(json.dumps({**row, "split": split(row["paper_id"])}, ensure_ascii=False) + "\n")
    print(f"{name}: {len(rows)} papers")


def main() -> None:
    # a paper of the sample is not unseen, even when a later listing of it is in the extra days
    sample_ids = set(papers_in(SAMPLE_DIRS))
    drawn: set[str] = set()
    for name, (folders, size) in DRAWS.items():
        rows = draw(folders, size, sample_ids if name == "unseen" else set())
        write(name, rows, split_of if name == "sample" else lambda _: "unseen")
        drawn |= {row["paper_id"] for row in rows}
    extra = []
    for folders, size in EXTRA:
        rows = draw(folders, size, drawn | sample_ids if folders == UNSEEN_DIRS else drawn)
        extra += rows
        drawn |= {row["paper_id"] for row in rows}
    write("tune_extra", extra, lambda _: "tune")
    dev = []
    for folders, size in EXTRA:
        rows = draw(folders, size, drawn | sample_ids if folders == UNSEEN_DIRS else drawn)
        dev += rows
        drawn |= {row["paper_id"] for row in rows}
    write("dev", dev, lambda _: "dev")
    more = []
    for folders, _ in EXTRA:
        rows = draw(folders, 100, drawn | sample_ids if folders == UNSEEN_DIRS else drawn)
        more += rows
        drawn |= {row["paper_id"] for row in rows}
    write("tune_more", more, lambda _: "tune")


if __name__ == "__main__":
    main()
