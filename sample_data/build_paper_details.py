"""Build the arranged paper details `arranged/paper_details/<arxiv_id>.json` from the sample's listings.

    .venv/bin/python sample_data/build_paper_details.py [--check]

No recorded answer of `GET /api/papers/{arxiv_id}` exists for the sample, so one is arranged for every paper
of the sample's listing days (hf_recorded/ and arranged/), deterministically:
- the paper's own fields as its latest listing recorded them (the inner `paper` object of the item:
  id, authors, publishedAt, submittedOnDailyAt, title, summary, upvotes, discussionId, ai_summary,
  ai_keywords, projectPage, githubRepo, githubStars, organization, withdrawnAt, where present);
- arranged adoption, made up, for the papers with a `githubRepo` or an `organization` only: linkedModels,
  numTotalModels, linkedDatasets, numTotalDatasets, linkedSpaces (huggingface_hub's PaperInfo has no
  numTotalSpaces), with 0-3 models, 0-2 datasets and 0-2 Spaces drawn from the SHA-256 of the arXiv id.
  Repo ids are `<owner>/<name><suffix>`: owner the organization's name, else the GitHub owner; name the
  GitHub repository's name, else the title's first words. Each linked repo holds its `id` and `author`.
Other papers get no adoption fields at all (every field of a detail is optional). `--check` compares the
committed files with a fresh build instead of writing.
"""

import argparse
import hashlib
import json
import re
import sys
from pathlib import Path

SAMPLE_DIR = Path(__file__).resolve().parent
ROOTS = (SAMPLE_DIR / "hf_recorded", SAMPLE_DIR / "arranged")
OUT = SAMPLE_DIR / "arranged" / "paper_details"
PAPER_FIELDS = (
    "id", "authors", "publishedAt", "submittedOnDailyAt", "title", "summary", "upvotes", "discussionId",
    "ai_summary", "ai_keywords", "projectPage", "githubRepo", "githubStars", "organization", "withdrawnAt",
)  # fmt: skip
MODEL_SUFFIXES = ("-7B", "-1.5B", "-7B-Instruct")
DATASET_SUFFIXES = ("", "-Bench")
SPACE_SUFFIXES = ("", "-leaderboard")
GITHUB = re.compile(r"^https?://github\.com/([^/]+)/([^/#?]+)")
NAME_WORDS = 3


def latest_items(roots=ROOTS) -> dict[str, dict]:
    """Each paper's item from its latest listing day (a later root wins on the same day, as it is served
    after the earlier one)."""
    latest: dict[str, tuple[str, dict]] = {}
    for root in roots:
        for path in sorted((root / "daily_papers").glob("*.json")):
            for item in json.loads(path.read_text(encoding="utf-8")):
                paper_id = item["paper"]["id"]
                if paper_id not in latest or path.stem >= latest[paper_id][0]:
                    latest[paper_id] = (path.stem, item)
    return {paper_id: item for paper_id, (_, item) in sorted(latest.items())}


def slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-._") or "paper"


def owner_and_name(paper: dict) -> tuple[str, str]:
    github = GITHUB.match(paper.get("githubRepo") or "")
    organization = (paper.get("organization") or {}).get("name")
    owner = organization or (github.group(1) if github else "arranged")
    if github:
        name = github.group(2).removesuffix(".git")
    else:
        title = " ".join(paper.get("title", "").split())
        head = title.split(":")[0]
        name = "-".join((head if len(head.split()) <= NAME_WORDS else title).split()[:NAME_WORDS])
    return slug(owner), slug(name)


def adoption(paper: dict) -> dict:
    """Arranged linked repos and counts; the draws come from the arXiv id, so rebuilding changes nothing."""
    draw = int(hashlib.sha256(paper["id"].encode()).hexdigest(), 16)
    models, datasets, spaces = draw % 4, (draw >> 8) % 3, (draw >> 16) % 3
    owner, name = owner_and_name(paper)

    def repos(suffixes: tuple[str, ...], count: int) -> list[dict]:
        return [{"id": f"{owner}/{name}{suffix}", "author": owner} for suffix in suffixes[:count]]

    return {
        "linkedModels": repos(MODEL_SUFFIXES, models),
        "numTotalModels": models,
        "linkedDatasets": repos(DATASET_SUFFIXES, datasets),
        "numTotalDatasets": datasets,
        "linkedSpaces": repos(SPACE_SUFFIXES, spaces),
    }


def detail(item: dict) -> dict:
    paper = item["paper"]
    arranged = {key: paper[key] for key in PAPER_FIELDS if key in paper}
    if paper.get("githubRepo") or paper.get("organization"):
        arranged |= adoption(paper)
    return arranged


def build(roots=ROOTS) -> dict[str, str]:
    """File name -> text of every arranged detail."""
    return {
        f"{paper_id}.json": json.dumps(detail(item), ensure_ascii=False, indent=1) + "\n"
        for paper_id, item in latest_items(roots).items()
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare with the committed files only")
    args = parser.parse_args(argv)
    built = build()
    committed = {path.name: path.read_text(encoding="utf-8") for path in OUT.glob("*.json")}
    if args.check:
        stale = sorted(set(built) ^ set(committed) | {n for n in built if committed.get(n) != built[n]})
        print(f"{len(stale)} of {len(built)} arranged details differ from a fresh build")
        return 1 if stale else 0
    OUT.mkdir(parents=True, exist_ok=True)
    for name in set(committed) - set(built):
        (OUT / name).unlink()
    for name, text in built.items():
        (OUT / name).write_text(text, encoding="utf-8")
    print(f"wrote {len(built)} arranged paper details to {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
