import json

import httpx

from tests.replay.conftest import ARRANGED, RECORDED
from tests.support.replay import running_replay_server


def recorded_day(root, date: str) -> list:
    return json.loads((root / "daily_papers" / f"{date}.json").read_text(encoding="utf-8"))


def get_day(url: str, date: str, **params) -> httpx.Response:
    return httpx.get(f"{url}/api/daily_papers", params={"date": date, **params})


def test_day_is_served_as_recorded(replay):
    response = get_day(replay.url, "2025-07-10")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    assert response.json() == recorded_day(RECORDED, "2025-07-10")


def test_pages_slice_the_day_with_a_default_size_of_50(replay):
    day = recorded_day(RECORDED, "2026-06-10")
    pages = [get_day(replay.url, "2026-06-10", limit=10, p=page).json() for page in range(5)]
    assert [len(page) for page in pages] == [10, 10, 10, 5, 0]
    assert [item for page in pages for item in page] == day
    full_page = recorded_day(RECORDED, "2025-09-30")
    assert len(full_page) == 50
    assert get_day(replay.url, "2025-09-30").json() == full_page
    assert get_day(replay.url, "2025-09-30", p=1).json() == []


def test_a_capped_server_answers_short_pages_sliced_by_its_own_size():
    day = recorded_day(RECORDED, "2026-06-10")
    with running_replay_server([RECORDED], max_page_size=10) as capped:
        pages = [get_day(capped.url, "2026-06-10", limit=50, p=page).json() for page in range(5)]
    assert [len(page) for page in pages] == [10, 10, 10, 5, 0]
    assert [item for page in pages for item in page] == day


def test_missing_day_is_an_empty_list(replay):
    response = get_day(replay.url, "2025-07-05")
    assert (response.status_code, response.json()) == (200, [])


def test_bad_or_missing_date_is_a_400_with_a_json_error(replay):
    for params in ({"date": "2025-7-5"}, {"date": "yesterday"}, {}):
        response = httpx.get(f"{replay.url}/api/daily_papers", params=params)
        assert response.status_code == 400
        assert "error" in response.json()
    assert get_day(replay.url, "2025-07-10", limit="ten").status_code == 400
    assert get_day(replay.url, "2025-07-10", limit=0).status_code == 400


def test_unknown_path_is_404(replay):
    assert httpx.get(f"{replay.url}/api/models").status_code == 404


def test_overlay_roots_concatenate_in_root_order(replay_overlay):
    served = get_day(replay_overlay.url, "2025-08-12").json()
    real, arranged = recorded_day(RECORDED, "2025-08-12"), recorded_day(ARRANGED, "2025-08-12")
    assert arranged
    assert served == real + arranged
    assert get_day(replay_overlay.url, "2025-08-12", limit=len(real), p=1).json() == arranged
    assert get_day(replay_overlay.url, "2025-07-10").json() == recorded_day(RECORDED, "2025-07-10")


def test_search_finds_the_recording_by_quote_plus_of_q(replay):
    response = httpx.get(f"{replay.url}/api/papers/search", params={"q": "llama 3 herd"})
    recorded = json.loads((RECORDED / "papers_search" / "q=llama+3+herd.json").read_text(encoding="utf-8"))
    assert response.json() == recorded
    assert len(recorded) == 11
    unknown = httpx.get(f"{replay.url}/api/papers/search", params={"q": "no such watchlist"})
    assert (unknown.status_code, unknown.json()) == (200, [])


def test_requests_are_recorded_for_assertions(replay):
    get_day(replay.url, "2025-07-10")
    httpx.get(f"{replay.url}/api/papers/search", params={"q": "kazakh"}, headers={"User-Agent": "dpw-test/1"})
    seen = replay.requests()
    assert [(r["path"], r["params"], r["status"]) for r in seen] == [
        ("/api/daily_papers", {"date": "2025-07-10"}, 200),
        ("/api/papers/search", {"q": "kazakh"}, 200),
    ]
    assert seen[1]["headers"]["User-Agent"] == "dpw-test/1"
    assert replay.requests(path="/api/papers/search") == seen[1:]
    replay.clear_requests()
    assert replay.requests() == []
