"""The replay server's paper details (GET /api/papers/{id}) and its clock (--now, /_clock)."""

import json

import httpx
import pytest

from orchestration.lib.replay_clock import grow_detail, grown, growth
from tests.replay.conftest import ARRANGED, RECORDED
from tests.support.replay import start_replay_subprocess

PAPER = "2508.07999"  # listed 2025-08-12, with a githubRepo: arranged adoption (2 models, 1 Space)
BARE = "2508.06471"  # no githubRepo, no organization: no adoption fields
DAY = "2025-08-12"


def recorded_detail(paper_id: str) -> dict:
    return json.loads((ARRANGED / "paper_details" / f"{paper_id}.json").read_text(encoding="utf-8"))


def recorded_day(date: str) -> list:
    return json.loads((RECORDED / "daily_papers" / f"{date}.json").read_text(encoding="utf-8"))


def get_detail(url: str, paper_id: str) -> httpx.Response:
    return httpx.get(f"{url}/api/papers/{paper_id}", timeout=10)


def get_day(url: str, date: str = DAY) -> list:
    return httpx.get(f"{url}/api/daily_papers", params={"date": date}, timeout=10).json()


def set_clock(url: str, now: str | None) -> httpx.Response:
    return httpx.post(f"{url}/_clock", json={"now": now}, timeout=10)


def counts(item: dict) -> tuple:
    paper = item["paper"]
    return paper.get("upvotes"), item.get("numComments"), paper.get("githubStars")


def without_counts(item: dict) -> dict:
    item = json.loads(json.dumps(item))
    for key in ("upvotes", "githubStars"):
        item["paper"].pop(key, None)
    item.pop("numComments", None)
    return item


def test_growth_rule_on_hand_computed_values():
    assert [growth(age) for age in (-3, 0)] == [1.0, 1.0]
    assert growth(3) == pytest.approx(2.0)  # the half-life: half of the extra x2
    assert growth(6) == pytest.approx(2.5)
    assert [grown(10, age) for age in (0, 1, 3, 7, 14, 30)] == [10, 14, 20, 26, 29, 30]
    assert [grown(value, 3) for value in (0, 1, 5)] == [0, 2, 10]
    assert [grown(value, 3) for value in (None, "7", 2.5, True, -1)] == [None, "7", 2.5, True, -1]


def test_a_detail_is_served_as_arranged_and_an_unknown_paper_is_a_404(replay_overlay):
    response = get_detail(replay_overlay.url, PAPER)
    assert response.status_code == 200
    assert response.json() == recorded_detail(PAPER)
    assert {"linkedModels", "numTotalModels", "linkedDatasets", "numTotalDatasets", "linkedSpaces"} <= set(
        response.json()
    )
    assert "numTotalModels" not in get_detail(replay_overlay.url, BARE).json()
    missing = get_detail(replay_overlay.url, "2508.00000")
    assert (missing.status_code, missing.json()) == (404, {"error": "Paper not found"})
    assert get_detail(replay_overlay.url, "").status_code == 404  # /api/papers/ is no paper
    assert httpx.get(f"{replay_overlay.url}/api/papers/search", params={"q": "kazakh"}).json()


def test_faults_match_one_paper_or_every_detail(replay_overlay):
    replay_overlay.add_fault("503", paper=PAPER, count=2)
    assert get_detail(replay_overlay.url, BARE).status_code == 200
    assert [get_detail(replay_overlay.url, PAPER).status_code for _ in range(3)] == [503, 503, 200]
    replay_overlay.add_fault("html200", paper="*", count=None)
    assert get_detail(replay_overlay.url, BARE).text.startswith("<!DOCTYPE html>")
    assert get_day(replay_overlay.url)  # listings are not details
    replay_overlay.clear_faults()
    replay_overlay.add_fault("drift", paper=PAPER)
    drifted = get_detail(replay_overlay.url, PAPER).json()
    assert drifted["id"] == PAPER and "githubRepo" not in drifted and "trendingScore" in drifted
    assert [r["fault"] for r in replay_overlay.requests() if r["path"] == f"/api/papers/{PAPER}"] == [
        "503",
        "503",
        None,
        "drift",
    ]


def test_without_a_clock_everything_is_as_recorded_and_with_one_only_counts_grow(replay_overlay):
    url = replay_overlay.url
    assert httpx.get(f"{url}/_clock").json() == {"now": None}
    recorded = get_day(url)
    assert set_clock(url, "2025-08-16").json() == {"now": "2025-08-16"}
    served = get_day(url)

    assert [without_counts(item) for item in served] == [without_counts(item) for item in recorded]
    assert [counts(item) for item in served] == [
        tuple(grown(value, 4) for value in counts(item)) for item in recorded
    ]
    assert any(counts(a) != counts(b) for a, b in zip(served, recorded, strict=True))
    assert get_day(url, "2025-08-15") != recorded_day("2025-08-15")  # age 1
    assert get_day(url, "2026-06-10") == recorded_day("2026-06-10")  # after the clock: as recorded

    detail = get_detail(url, PAPER).json()
    assert detail == grow_detail(recorded_detail(PAPER), 4)
    assert (detail["upvotes"], detail["numTotalModels"]) == (grown(63, 4), 4)
    models = [model["id"] for model in detail["linkedModels"]]
    assert models[:2] == [model["id"] for model in recorded_detail(PAPER)["linkedModels"]]
    assert len(set(models)) == len(models) == 4 and models[2].endswith("-GGUF")

    httpx.delete(f"{url}/_clock")
    assert get_day(url) == recorded and get_detail(url, PAPER).json() == recorded_detail(PAPER)
    assert set_clock(url, "16/08/2025").status_code == 400


def test_the_clock_can_be_set_on_the_command_line():
    with start_replay_subprocess([RECORDED, ARRANGED], extra_args=["--now", "2025-08-13"]) as replay:
        assert httpx.get(f"{replay.url}/_clock").json() == {"now": "2025-08-13"}
        first = recorded_day(DAY)[0]["paper"]["upvotes"]
        assert get_day(replay.url)[0]["paper"]["upvotes"] == grown(first, 1)
