"""A local stand-in for the Hugging Face Papers API: serves recorded responses, and breaks on request.

    python -m orchestration.lib.replay_server --recordings sample_data/hf_recorded \
        --recordings sample_data/arranged --port 8765 [--latency-ms 50] [--max-page-size 10] \
        [--fault 429:date=2025-07-07,count=2] [--latency-jitter-ms 200] [--seed 7] [--now 2025-08-16]

Endpoints, read from each recordings root in the order given:
  GET /api/daily_papers?date=YYYY-MM-DD&limit=N&p=K   <root>/daily_papers/<date>.json; the arrays of all
                                                      roots concatenated, then page p (0-based) of size limit
                                                      (of size max-page-size when limit asks for more, as
                                                      a server capping its pages answers)
  GET /api/papers/search?q=TEXT                       <root>/papers_search/q=<quote_plus(TEXT)>.json
  GET /api/papers/ARXIV_ID                            <root>/paper_details/<quote(ARXIV_ID)>.json, the first
                                                      root holding it; 404 when none does
A day or search that no root holds answers [] (as the API does for an empty day).

The clock (`--now YYYY-MM-DD`, or POST /_clock): unset, everything is served as recorded; set, a listing day
and the details of the papers listed on it are served as they would look `now - day` days after their
recording, counts grown by the rule of orchestration/lib/replay_clock.py and nothing else changed. A detail's
day is the latest listing date of its paper in the recordings.

Control endpoints (for tests): GET/POST/DELETE /_faults (list; add a rule or a list of rules as JSON; clear),
GET/DELETE /_requests (the requests seen, oldest first; clear), GET/POST/DELETE /_clock (read it; set it with
`{"now": "YYYY-MM-DD"}`, or `{"now": null}`; clear it).

A fault rule matches a path (any API path when unset) and optionally a date, page (p) or q parameter, or a
paper detail's arXiv id (`paper`, `*` for any detail); it fires on the next `count` matching requests (every
one until cleared when count is null; CLI: count=all).
Kinds:
  429        status 429 with Retry-After: <retry_after> seconds
  500, 503   that status with a JSON error body
  slow       waits delay_s seconds, then answers normally
  reset      closes the connection with a TCP RST before answering
  truncated  Content-Length of the whole body, half of it sent, then the connection closed
  html200    status 200, text/html error page
  malformed  status 200, application/json, a body that is not valid JSON
  drift      the normal answer drifted: thumbnail, mediaUrls, paper.ai_summary/githubRepo/projectPage
             dropped, numComments renamed num_comments, trendingScore and paper.reproducibility added,
             and the first item without paper.id; a paper detail loses ai_summary, githubRepo and
             projectPage and gains trendingScore and reproducibility (its id is kept)
  random     one of the failure kinds above (all but drift), drawn for each request it fires on
A rule with `probability` p fires on a matching request with chance p (CLI: random:probability=0.1,count=all
fails a tenth of all requests, at random). --latency-jitter-ms adds a random extra delay to each request, so
answers come back in another order than asked; --seed makes both draws repeatable.
"""

import argparse
import datetime as dt
import json
import random
import socket
import struct
import sys
import threading
import time
from dataclasses import asdict
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

from orchestration.lib.replay_faults import (
    FAULT_STATUS,
    HTML_ERROR_PAGE,
    Fault,
    FaultBook,
    drift_detail,
    drift_items,
    parse_fault_spec,
)
from orchestration.lib.replay_recordings import latest_listing_dates, parse_day, resolve

JSON_TYPE = "application/json; charset=utf-8"


class ReplayServer(ThreadingHTTPServer):
    daemon_threads = True
    # A deep listen backlog: a backfill opens many connections at once.
    request_queue_size = 128

    def __init__(
        self,
        roots: list[Path],
        host="127.0.0.1",
        port=0,
        latency_ms=0,
        faults=None,
        quiet=False,
        max_page_size: int | None = None,
        latency_jitter_ms: int = 0,
        seed: int | None = None,
        now: dt.date | None = None,
    ):
        missing = [str(root) for root in roots if not Path(root).is_dir()]
        if missing:
            raise FileNotFoundError(f"recordings root(s) not found: {', '.join(missing)}")
        self.roots = [Path(root) for root in roots]
        self.latency_s = latency_ms / 1000
        self.jitter_s = latency_jitter_ms / 1000
        self._jitter = random.Random(seed)
        self.faults = FaultBook(faults, seed)
        self.max_page_size = max_page_size
        # Read and set from handler threads; a plain attribute swap is atomic, so no lock.
        self.now = now
        self.listed = latest_listing_dates(self.roots)
        self.quiet = quiet
        self.stopping = threading.Event()
        self._requests: list[dict] = []
        self._requests_lock = threading.Lock()
        super().__init__((host, port), ReplayHandler)

    def delay_s(self) -> float:
        """How long to wait before answering an API request: the latency plus a random share of the jitter."""
        return self.latency_s + (self._jitter.uniform(0, self.jitter_s) if self.jitter_s else 0)

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}"

    def record(self, entry: dict) -> None:
        with self._requests_lock:
            self._requests.append(entry)

    def requests(self) -> list[dict]:
        with self._requests_lock:
            return list(self._requests)

    def clear_requests(self) -> None:
        with self._requests_lock:
            self._requests.clear()

    def handle_error(self, request, client_address) -> None:
        # A client that gave up (timeout, reset) is what the faults are for, not a server error.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)

    def stop(self) -> None:
        """Stop serving (from another thread); handlers sleeping in latency or a slow fault wake up."""
        self.stopping.set()
        self.shutdown()
        self.server_close()


class ReplayHandler(BaseHTTPRequestHandler):
    # Without TCP_NODELAY small bodies such as `[]` wait ~40 ms on the client's delayed ACK.
    disable_nagle_algorithm = True
    server: ReplayServer
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        params = dict(parse_qsl(url.query))
        if url.path == "/_requests":
            self.send_json(200, self.server.requests())
            return
        if url.path == "/_faults":
            self.send_json(200, [asdict(f) for f in self.server.faults.active()])
            return
        if url.path == "/_clock":
            self.send_clock()
            return
        self.server.stopping.wait(self.server.delay_s())
        fault = self.server.faults.take(url.path, params)
        server = self.server
        status, payload = resolve(
            server.roots, url.path, params, server.max_page_size, server.now, server.listed
        )
        kind = fault.kind if fault else None
        sent = FAULT_STATUS.get(kind, status)
        # Recorded before answering, so a client that got its answer always finds its request in /_requests.
        entry = {"method": "GET", "path": url.path, "params": params, "status": sent, "fault": kind}
        self.server.record(entry | {"headers": dict(self.headers), "at": time.time()})
        self.log_line(f"GET {self.path} -> {sent}" + (f" [fault {kind}]" if kind else ""))
        if fault:
            self.answer(fault, status, payload)
        else:
            self.send_json(status, payload)

    def do_POST(self) -> None:
        path = urlsplit(self.path).path
        if path not in ("/_faults", "/_clock"):
            self.send_json(404, {"error": "Not Found"})
            return
        try:
            body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"null")
            if path == "/_clock":
                now = body.get("now") if isinstance(body, dict) else body
                self.server.now = None if now is None else parse_day(now)
                self.send_clock()
                return
            new = [Fault(**rule) for rule in (body if isinstance(body, list) else [body])]
        except (TypeError, ValueError, AttributeError) as error:
            self.send_json(400, {"error": str(error)})
            return
        for fault in new:
            self.server.faults.add(fault)
        self.send_json(200, [asdict(f) for f in self.server.faults.active()])

    def send_clock(self) -> None:
        now = self.server.now
        self.send_json(200, {"now": now.isoformat() if now else None})

    def do_DELETE(self) -> None:
        path = urlsplit(self.path).path
        actions = {
            "/_faults": self.server.faults.clear,
            "/_requests": self.server.clear_requests,
            "/_clock": self.clear_clock,
        }
        if path not in actions:
            self.send_json(404, {"error": "Not Found"})
            return
        actions[path]()
        self.send_json(200, [])

    def clear_clock(self) -> None:
        self.server.now = None

    def answer(self, fault: Fault, status: int, payload: object) -> None:
        body = json.dumps(payload, ensure_ascii=False).encode()
        match fault.kind:
            case "429":
                self.send_json(429, {"error": "Too Many Requests"}, {"Retry-After": str(fault.retry_after)})
            case "500" | "503":
                self.send_json(int(fault.kind), {"error": f"Simulated {fault.kind}"})
            case "slow":
                self.server.stopping.wait(fault.delay_s)
                self.send_json(status, payload)
            case "reset":
                # Linger 0 makes close() send RST instead of FIN: the client sees "connection reset by peer".
                self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                self.connection.close()
                self.close_connection = True
            case "truncated":
                self.close_connection = True
                self.send_body(
                    status, body[: len(body) // 2], headers={"Connection": "close"}, length=len(body)
                )
            case "html200":
                self.send_body(200, HTML_ERROR_PAGE, content_type="text/html; charset=utf-8")
            case "malformed":
                self.send_body(200, body[: len(body) // 2])
            case "drift":
                self.send_json(status, drifted(status, payload))

    def send_json(self, status: int, payload: object, headers: dict[str, str] | None = None) -> None:
        self.send_body(status, json.dumps(payload, ensure_ascii=False).encode(), headers=headers)

    def send_body(self, status: int, body: bytes, content_type=JSON_TYPE, headers=None, length=None) -> None:
        """Send an answer; `length` overrides the Content-Length (a truncated body declares its full size)."""
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body) if length is None else length))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def log_request(self, code="-", size="-") -> None:
        """Requests are logged once, by log_line, with the fault that answered them."""

    def log_message(self, format: str, *args) -> None:
        self.log_line(format % args)

    def log_line(self, text: str) -> None:
        if not self.server.quiet:
            sys.stderr.write(f"{self.log_date_time_string()} {self.client_address[0]} {text}\n")


def drifted(status: int, payload: object) -> object:
    if isinstance(payload, list):
        return drift_items(payload)
    return drift_detail(payload) if status == 200 and isinstance(payload, dict) else payload


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--recordings", action="append", type=Path, required=True, help="a recordings root")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765, help="0 picks a free port")
    parser.add_argument("--latency-ms", type=int, default=0, help="added to every API request")
    parser.add_argument(
        "--fault", action="append", type=parse_fault_spec, default=[], help="KIND[:key=value,...] or JSON"
    )
    parser.add_argument("--quiet", action="store_true", help="no per-request log")
    parser.add_argument(
        "--max-page-size", type=int, default=None, help="answer at most this many items a page"
    )
    parser.add_argument("--latency-jitter-ms", type=int, default=0, help="random extra delay per request")
    parser.add_argument("--seed", type=int, default=None, help="seed of the jitter and of random faults")
    parser.add_argument(
        "--now", type=parse_day, default=None, help="the clock, YYYY-MM-DD: serve recorded days grown to it"
    )
    args = parser.parse_args(argv)
    server = ReplayServer(
        args.recordings,
        args.host,
        args.port,
        args.latency_ms,
        args.fault,
        args.quiet,
        args.max_page_size,
        args.latency_jitter_ms,
        args.seed,
        args.now,
    )
    print(f"replay server on {server.url}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.stopping.set()
        server.server_close()


if __name__ == "__main__":
    main()
