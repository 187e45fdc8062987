import contextlib
import json
import socket
import threading
import time

import httpx
import pytest

from orchestration.lib.replay_faults import FAILURE_KINDS, Fault, parse_fault_spec
from tests.replay.conftest import RECORDED
from tests.support.replay import running_replay_server, start_replay_subprocess

DAY = "2025-07-10"


def get_day(url: str, date: str = DAY, timeout: float = 10) -> httpx.Response:
    return httpx.get(f"{url}/api/daily_papers", params={"date": date}, timeout=timeout)


def test_429_carries_retry_after_and_fires_count_times(replay):
    replay.add_fault("429", date=DAY, count=2, retry_after=7)
    first, second, third = get_day(replay.url), get_day(replay.url), get_day(replay.url)
    assert [first.status_code, second.status_code, third.status_code] == [429, 429, 200]
    assert first.headers["retry-after"] == "7"
    assert [r["fault"] for r in replay.requests()] == ["429", "429", None]
    assert replay.faults() == []


@pytest.mark.parametrize("status", [500, 503])
def test_server_errors(replay, status):
    replay.add_fault(str(status))
    assert get_day(replay.url).status_code == status
    assert get_day(replay.url).status_code == 200


def test_a_rule_matches_only_its_date_path_and_query(replay):
    replay.add_fault("503", date=DAY, page=1)
    assert get_day(replay.url).status_code == 200
    assert httpx.get(f"{replay.url}/api/daily_papers", params={"date": DAY, "p": 1}).status_code == 503
    replay.add_fault("500", date="2025-07-11")
    replay.add_fault("503", path="/api/papers/search", q="kazakh")
    assert get_day(replay.url).status_code == 200
    assert httpx.get(f"{replay.url}/api/papers/search", params={"q": "llama 3 herd"}).status_code == 200
    assert httpx.get(f"{replay.url}/api/papers/search", params={"q": "kazakh"}).status_code == 503
    assert get_day(replay.url, "2025-07-11").status_code == 500


def test_unlimited_rule_fires_until_cleared(replay):
    replay.add_fault("503", count=None)
    assert [get_day(replay.url).status_code for _ in range(3)] == [503, 503, 503]
    replay.clear_faults()
    assert get_day(replay.url).status_code == 200


def test_slow_answers_after_the_delay(replay):
    replay.add_fault("slow", delay_s=0.6, count=2)
    with pytest.raises(httpx.ReadTimeout):
        get_day(replay.url, timeout=0.2)
    started = time.monotonic()
    assert get_day(replay.url).status_code == 200
    assert time.monotonic() - started >= 0.6


def test_reset_closes_the_connection_with_rst(replay):
    replay.add_fault("reset")
    with pytest.raises(httpx.ReadError, match="reset"):
        get_day(replay.url)
    assert replay.requests()[0]["status"] is None
    assert get_day(replay.url).status_code == 200


def test_truncated_body_is_shorter_than_its_content_length(replay):
    replay.add_fault("truncated", count=2)
    with pytest.raises(httpx.RemoteProtocolError):
        get_day(replay.url)
    host, port = replay.url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=5) as raw:
        raw.sendall(f"GET /api/daily_papers?date={DAY} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
        received = b"".join(iter(lambda: raw.recv(65536), b""))
    head, _, body = received.partition(b"\r\n\r\n")
    declared = int(
        next(line for line in head.split(b"\r\n") if line.lower().startswith(b"content-length:"))[15:]
    )
    assert 0 < len(body) < declared


def test_html200_is_an_html_page_with_status_200(replay):
    replay.add_fault("html200")
    response = get_day(replay.url)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    with pytest.raises(json.JSONDecodeError):
        response.json()


def test_malformed_is_invalid_json_labelled_as_json(replay):
    replay.add_fault("malformed", path="/api/papers/search")
    response = httpx.get(f"{replay.url}/api/papers/search", params={"q": "kazakh"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    with pytest.raises(json.JSONDecodeError):
        response.json()


def test_drift_renames_drops_and_adds_fields_and_loses_one_id(replay):
    normal = get_day(replay.url).json()
    replay.add_fault("drift")
    drifted = get_day(replay.url).json()
    assert len(drifted) == len(normal)
    assert [("id" in item["paper"]) for item in drifted].count(False) == 1
    assert all("numComments" not in item and "num_comments" in item for item in drifted)
    assert [item["num_comments"] for item in drifted] == [item["numComments"] for item in normal]
    assert all("thumbnail" not in item and "ai_summary" not in item["paper"] for item in drifted)
    assert any("thumbnail" in item for item in normal)
    assert all("trendingScore" in item and "reproducibility" in item["paper"] for item in drifted)


def test_bad_fault_rules_are_refused(replay):
    response = httpx.post(f"{replay.url}/_faults", json={"kind": "teapot"})
    assert response.status_code == 400
    assert httpx.post(f"{replay.url}/_faults", json={"kind": "500", "colour": "red"}).status_code == 400
    with pytest.raises(ValueError):
        parse_fault_spec("500:colour=red")


def test_fault_specs_parse_from_the_command_line_form():
    assert parse_fault_spec("429:path=/api/daily_papers,date=2025-07-07,count=2,retry_after=3") == Fault(
        kind="429", path="/api/daily_papers", date="2025-07-07", count=2, retry_after=3
    )
    assert parse_fault_spec("slow:delay_s=1.5,count=all") == Fault(kind="slow", delay_s=1.5, count=None)
    assert parse_fault_spec('{"kind": "drift", "q": "a, b"}') == Fault(kind="drift", q="a, b")
    assert parse_fault_spec("random:probability=0.1,count=all") == Fault(
        kind="random", probability=0.1, count=None
    )


def test_latency_is_added_without_serialising_requests():
    with running_replay_server([RECORDED], latency_ms=400) as replay:
        durations: list[float] = []

        def fetch() -> None:
            started = time.monotonic()
            get_day(replay.url)
            durations.append(time.monotonic() - started)

        started = time.monotonic()
        threads = [threading.Thread(target=fetch) for _ in range(6)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
    assert len(durations) == 6
    assert min(durations) >= 0.4
    assert elapsed < 2.0  # six requests served one after another would take at least 2.4 s


def test_subprocess_server_takes_faults_on_the_command_line():
    with start_replay_subprocess([RECORDED], faults=["503:date=2025-07-10", Fault(kind="429")]) as replay:
        assert replay.process.poll() is None
        assert [get_day(replay.url).status_code for _ in range(3)] == [503, 429, 200]
    assert replay.process.returncode is not None


def test_a_random_rule_fails_its_share_of_requests_with_failure_kinds_repeatably():
    def fault_kinds(seed: int) -> list:
        rule = Fault(kind="random", probability=0.5, count=None, delay_s=0.3)
        with running_replay_server([RECORDED], faults=[rule], seed=seed) as replay, httpx.Client() as client:
            for _ in range(30):
                with contextlib.suppress(httpx.HTTPError):
                    client.get(f"{replay.url}/api/daily_papers", params={"date": DAY}, timeout=0.2)
            return [r["fault"] for r in replay.requests()]

    kinds = fault_kinds(seed=3)
    fired = [kind for kind in kinds if kind is not None]
    assert 7 <= len(fired) <= 23
    assert set(fired) <= set(FAILURE_KINDS) and len(set(fired)) >= 4
    assert fault_kinds(seed=3) == kinds


def test_jitter_delays_each_request_by_its_own_draw():
    with running_replay_server([RECORDED], latency_jitter_ms=300, seed=1) as replay:
        durations = []
        for _ in range(6):
            started = time.monotonic()
            get_day(replay.url)
            durations.append(time.monotonic() - started)
    assert max(durations) - min(durations) > 0.05 and max(durations) < 1.5


def test_missing_recordings_root_is_an_error(tmp_path):
    with pytest.raises(FileNotFoundError), running_replay_server([tmp_path / "nowhere"]):
        pass
