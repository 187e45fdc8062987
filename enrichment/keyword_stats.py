"""The corpus statistics keyword extraction scores against, frozen in the repository.

Extracted keywords are scored against what a corpus says (enrichment/keywords_rank.py: how often the API
chose a phrase where it could, the acronyms the corpus defines consistently). Computed from the warehouse
at build time, a paper's keywords would depend on the day it was scored, and an incremental run would
differ from a full refresh. So the statistics are built once from the recorded listings (146 real days, about
10k papers) and committed under enrichment/data/keyword_stats/; int_paper_keywords records their version on
every row, and a new version re-scores every paper. Rebuild them deliberately, e.g. after a year of new
listings, with

    python -m enrichment.keyword_stats build <folder of daily_papers/*.json> [...]
"""

import argparse
import hashlib
import json
import sys
from functools import cache
from pathlib import Path

import polars as pl

from enrichment.keywords import CorpusStats, corpus_stats

STATS_DIR = Path(__file__).resolve().parent / "data" / "keyword_stats"
FRAMES = ("phrases", "leads", "heads", "acronyms")
META = "meta.json"


def recorded_papers(folders: list[Path]) -> pl.DataFrame:
    """One row per paper (its latest listing) of the daily listings in `folders`."""
    papers: dict[str, dict] = {}
    for path in sorted(p for folder in folders for p in folder.glob("*.json")):
        for item in json.loads(path.read_text()):
            paper = item.get("paper") or {}
            if paper.get("id") and paper.get("title"):
                papers[paper["id"]] = {
                    "paper_id": paper["id"],
                    "title": " ".join(paper["title"].split()),
                    "abstract": " ".join((paper.get("summary") or "").split()),
                    "ai_keywords": paper.get("ai_keywords"),
                }
    schema = {
        "paper_id": pl.String,
        "title": pl.String,
        "abstract": pl.String,
        "ai_keywords": pl.List(pl.String),
    }
    return pl.DataFrame(list(papers.values()), schema=schema)


def save(stats: CorpusStats, papers: int, folder: Path = STATS_DIR) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name in FRAMES:
        getattr(stats, name).sort(pl.all()).write_parquet(folder / f"{name}.parquet", statistics=False)
    (folder / META).write_text(json.dumps({"keyworded": stats.keyworded, "papers": papers}, indent=2) + "\n")


@cache
def load(folder: Path = STATS_DIR) -> CorpusStats:
    meta = json.loads((folder / META).read_text())
    frames = {name: pl.read_parquet(folder / f"{name}.parquet") for name in FRAMES}
    return CorpusStats(keyworded=meta["keyworded"], **frames)


@cache
def version(folder: Path = STATS_DIR) -> str:
    """A digest of the frozen statistics: rows scored with other statistics are scored again."""
    digest = hashlib.md5()
    for name in (*(f"{frame}.parquet" for frame in FRAMES), META):
        digest.update((folder / name).read_bytes())
    return digest.hexdigest()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["build"])
    parser.add_argument("folders", nargs="+", type=Path, help="folders of daily_papers/<date>.json responses")
    args = parser.parse_args(argv)
    papers = recorded_papers(args.folders)
    stats = corpus_stats(papers)
    save(stats, papers.height)
    print(f"{papers.height} papers ({stats.keyworded} with API keywords), {stats.phrases.height} phrases")
    print(f"written to {STATS_DIR}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
