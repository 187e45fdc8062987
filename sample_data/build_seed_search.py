"""Build the watchlist search response `hf_recorded/papers_search/q=multi-task+learning.json` from the seed.

    python sample_data/build_seed_search.py ../shared/seeds/000_b438d146d89c0c22.txt \
        ../shared/data/seed_papers_metadata.jsonl [OUT.json]

Provenance only, not used at runtime. The seed page (a saved Hugging Face papers search) gives each paper's
title and abstract; the metadata file gives its arXiv id, authors and publication date. Nothing else is
filled in: `upvotes` and `numComments` are 0 because the seed page shows none; no `_id`, `discussionId`,
`thumbnail` or `ai_keywords` are made up; `publishedAt` is left out where the publication date is unknown.
"""

import argparse
import json
import re
from pathlib import Path
from urllib.parse import quote_plus

QUERY = "multi-task learning"
EXPECTED_PAPERS = 68
PAGE_CHROME = {
    "new",
    "Get trending papers in your email inbox!",
    "Subscribe",
    "Daily Papers",
    "byAK and the research community",
}
PAGE_DATE = re.compile(r"^[A-Z][a-z]{2} \d{1,2}$")  # the page's "Aug 8" date line


def squash(text: str) -> str:
    return " ".join(text.split())


def parse_seed(text: str) -> list[tuple[str, str]]:
    """(title, abstract) pairs: after the page header, non-empty lines alternate title and abstract."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    start = 0
    while start < len(lines) and (lines[start] in PAGE_CHROME or PAGE_DATE.match(lines[start])):
        start += 1
    body = lines[start:]
    if len(body) % 2:
        raise ValueError(
            f"odd number of lines after the header ({len(body)}): a title or abstract is missing"
        )
    return list(zip(body[0::2], body[1::2], strict=True))


def iso_midnight(day: str | None) -> dict:
    return {"publishedAt": f"{day}T00:00:00.000Z"} if day else {}


def search_item(title: str, abstract: str, meta: dict) -> dict:
    published = iso_midnight(meta["published"])
    paper = {
        "id": meta["arxiv_id"],
        "authors": [{"name": name, "hidden": False} for name in meta["authors"]],
        **published,
        "title": title,
        "summary": abstract,
        "upvotes": 0,
    }
    return {"paper": paper, **published, "title": title, "summary": abstract, "numComments": 0}


def build(seed_text: str, metadata_lines: list[str]) -> list[dict]:
    pairs = parse_seed(seed_text)
    metadata = [json.loads(line) for line in metadata_lines if line.strip()]
    if len(pairs) != EXPECTED_PAPERS or len(metadata) != EXPECTED_PAPERS:
        raise ValueError(
            f"expected {EXPECTED_PAPERS} papers, got {len(pairs)} in the seed, {len(metadata)} in metadata"
        )
    by_title = {squash(meta["title"]).casefold(): meta for meta in metadata}
    missing = [title for title, _ in pairs if squash(title).casefold() not in by_title]
    if missing:
        raise ValueError(f"seed titles without metadata: {missing}")
    return [search_item(title, abstract, by_title[squash(title).casefold()]) for title, abstract in pairs]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("seed", type=Path)
    parser.add_argument("metadata", type=Path)
    parser.add_argument("out", type=Path, nargs="?")
    args = parser.parse_args()
    items = build(
        args.seed.read_text(encoding="utf-8"), args.metadata.read_text(encoding="utf-8").splitlines()
    )
    out = args.out or Path(__file__).parent / "hf_recorded" / "papers_search" / f"q={quote_plus(QUERY)}.json"
    out.write_text(json.dumps(items, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{len(items)} items -> {out}")


if __name__ == "__main__":
    main()
