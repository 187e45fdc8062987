"""Fixtures of the ingestion tests: the replay server, fast client settings, a landing folder, a warehouse."""

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import duckdb
import pytest

from orchestration.lib.hf_client import ClientSettings
from orchestration.lib.landing import LandingZone
from orchestration.lib.settings import SAMPLE_DIR
from orchestration.lib.warehouse import connect
from tests.support.replay import ReplayHandle, running_replay_server

RECORDINGS = SAMPLE_DIR / "hf_recorded"

# Latest fetch per (listing date, paper): the rule staging applies to the raw layer (docs/contract.md).
STAGING_SQL = """
select listing_date::varchar as listing_date, paper_id, item::varchar as item
from raw.hf_daily_papers
qualify row_number() over (partition by listing_date, paper_id order by fetched_at desc) = 1
order by listing_date, paper_id
"""


def staged(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    return con.execute(STAGING_SQL).fetchall()


def recorded_ids(date: str) -> list[str]:
    path = RECORDINGS / "daily_papers" / f"{date}.json"
    return [item["paper"]["id"] for item in json.loads(path.read_text())] if path.exists() else []


def fast_settings(url: str, **overrides) -> ClientSettings:
    """Retries in milliseconds so fault tests stay fast; the rate limit is set high enough not to bind."""
    options = dict(
        base_url=url,
        concurrency=4,
        rate_limit=1000,
        timeout=2.0,
        max_attempts=4,
        backoff_initial=0.02,
        backoff_max=0.1,
        max_retry_after=2.0,
    )
    return ClientSettings(**(options | overrides))


@pytest.fixture
def replay() -> Iterator[ReplayHandle]:
    with running_replay_server([RECORDINGS]) as handle:
        yield handle


@pytest.fixture
def zone(tmp_path: Path) -> LandingZone:
    return LandingZone(str(tmp_path / "landing"), storage_options={})


@pytest.fixture
def con(tmp_path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    connection = connect(str(tmp_path / "warehouse.duckdb"))
    yield connection
    connection.close()


class _HeaderCapture(BaseHTTPRequestHandler):
    """Answers every GET with `[]` and keeps the request headers: the replay server does not record them."""

    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        self.server.seen.append(dict(self.headers))
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"[]")

    def log_message(self, format: str, *args) -> None:
        pass


@pytest.fixture
def header_server() -> Iterator[ThreadingHTTPServer]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _HeaderCapture)
    server.seen = []
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    server.url = f"http://127.0.0.1:{server.server_address[1]}"
    yield server
    server.shutdown()
    server.server_close()
