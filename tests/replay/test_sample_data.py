import importlib.util
import json
import re
import unicodedata
from pathlib import Path

import httpx
import pytest

from orchestration.lib.settings import PROJECT_ROOT, SAMPLE_DIR
from tests.replay.conftest import ARRANGED, RECORDED

SEED_SEARCH = RECORDED / "papers_search" / "q=multi-task+learning.json"
SHARED = PROJECT_ROOT.parent / "shared"
SEED_PAGE = SHARED / "seeds" / "000_b438d146d89c0c22.txt"
SEED_METADATA = SHARED / "data" / "seed_papers_metadata.jsonl"
needs_shared = pytest.mark.skipif(
    not SEED_METADATA.is_file(), reason="the seed files in ../shared are absent"
)
ARRANGED_ID = re.compile(r"^2508\.99\d{3}$")


def load(path: Path) -> list:
    return json.loads(path.read_text(encoding="utf-8"))


def arranged_items() -> list[tuple[str, dict]]:
    return [
        (path.stem, item)
        for path in sorted((ARRANGED / "daily_papers").glob("*.json"))
        for item in load(path)
    ]


def test_seed_search_is_served_with_its_68_papers(replay):
    served = httpx.get(f"{replay.url}/api/papers/search", params={"q": "multi-task learning"}).json()
    assert len(served) == 68
    assert len({item["paper"]["id"] for item in served}) == 68
    for item in served:
        paper = item["paper"]
        assert re.fullmatch(r"\d{4}\.\d{4,5}", paper["id"])
        assert paper["title"] == item["title"] and paper["summary"] == item["summary"]
        assert paper["authors"] and all(
            author["name"] and author["hidden"] is False for author in paper["authors"]
        )
        assert (paper["upvotes"], item["numComments"]) == (0, 0)


@needs_shared
def test_seed_search_ids_authors_and_dates_match_the_metadata():
    metadata = [json.loads(line) for line in SEED_METADATA.read_text(encoding="utf-8").splitlines() if line]
    items = load(SEED_SEARCH)
    assert [item["paper"]["id"] for item in items] == [meta["arxiv_id"] for meta in metadata]
    assert [[a["name"] for a in item["paper"]["authors"]] for item in items] == [
        m["authors"] for m in metadata
    ]
    assert [item.get("publishedAt", "")[:10] or None for item in items] == [m["published"] for m in metadata]


@needs_shared
def test_seed_search_is_reproduced_by_its_generator():
    spec = importlib.util.spec_from_file_location("build_seed_search", SAMPLE_DIR / "build_seed_search.py")
    generator = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generator)
    built = generator.build(
        SEED_PAGE.read_text(encoding="utf-8"), SEED_METADATA.read_text(encoding="utf-8").splitlines()
    )
    assert built == load(SEED_SEARCH)
    with pytest.raises(ValueError, match="expected 68"):
        generator.build(
            SEED_PAGE.read_text(encoding="utf-8"), SEED_METADATA.read_text(encoding="utf-8").splitlines()[:-1]
        )


def test_arranged_items_extend_real_days_with_reserved_ids():
    real_ids = {
        item["paper"]["id"] for path in (RECORDED / "daily_papers").glob("*.json") for item in load(path)
    }
    for day, item in arranged_items():
        assert (RECORDED / "daily_papers" / f"{day}.json").is_file()
        assert ARRANGED_ID.match(item["paper"]["id"]) or item["paper"]["id"] in real_ids


def test_arranged_items_cover_the_cases_real_data_lacks():
    papers = [item["paper"] for _, item in arranged_items()]
    names = [author["name"] for paper in papers for author in paper["authors"]]
    scripts = {unicodedata.name(char).split()[0] for name in names for char in name if char.isalpha()}
    assert {"CJK", "CYRILLIC", "ARABIC", "GREEK", "LATIN"} <= scripts
    assert any("withdrawnAt" in paper for paper in papers)
    assert any("<script>" in paper["title"] for paper in papers)
    assert any("model merging" in paper.get("ai_keywords", []) for paper in papers)
    spellings = {
        author["name"]
        for paper in papers
        for author in paper["authors"]
        if author.get("user", {}).get("user") == "jweisshaupt"
    }
    assert spellings == {"Jürgen Weißhaupt", "Juergen Weisshaupt"}


def test_a_real_paper_is_relisted_on_a_later_day():
    first = next(
        item
        for item in load(RECORDED / "daily_papers" / "2025-07-28.json")
        if item["paper"]["id"] == "2507.16075"
    )
    again = next(
        item
        for item in load(ARRANGED / "daily_papers" / "2025-08-04.json")
        if item["paper"]["id"] == "2507.16075"
    )
    assert again["paper"]["discussionId"] == first["paper"]["discussionId"]
    assert again["paper"]["submittedOnDailyAt"].startswith("2025-08-04")


def test_arranged_details_are_the_build_of_the_sample_listings():
    path = SAMPLE_DIR / "build_paper_details.py"
    spec = importlib.util.spec_from_file_location("build_paper_details", path)
    builder = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(builder)
    committed = {p.name: p.read_text(encoding="utf-8") for p in (ARRANGED / "paper_details").iterdir()}
    assert builder.build() == committed
    days = [path for root in (RECORDED, ARRANGED) for path in (root / "daily_papers").glob("*.json")]
    listed = {item["paper"]["id"] for path in days for item in load(path)}
    assert {name.removesuffix(".json") for name in committed} == listed

    details = [json.loads(text) for text in committed.values()]
    adopted = [d for d in details if d.get("githubRepo") or d.get("organization")]
    assert all("numTotalModels" in d for d in adopted)
    assert not any("numTotalModels" in d for d in details if d not in adopted)
    kinds = ("linkedModels", "linkedDatasets", "linkedSpaces")
    for detail in adopted:
        for kind, total in (("linkedModels", "numTotalModels"), ("linkedDatasets", "numTotalDatasets")):
            assert len(detail[kind]) == detail[total] <= 3
        ids = [repo["id"] for kind in kinds for repo in detail[kind]]
        assert all(re.fullmatch(r"[A-Za-z0-9._-]+/[A-Za-z0-9._-]+", repo_id) for repo_id in ids)
    assert sum(1 for d in adopted if d["numTotalModels"]) > 100
