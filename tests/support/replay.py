"""The replay server (orchestration.lib.replay_server) for tests: in a background thread, or as a subprocess.

    with running_replay_server([SAMPLE_DIR / "hf_recorded"]) as replay:
        replay.add_fault("429", date="2025-07-07", retry_after=0)
        ...  # point the client at replay.url
        assert [r["status"] for r in replay.requests()] == [429, 200]

Both variants yield a ReplayHandle, which drives the server through its control endpoints (/_faults,
/_requests), so a test reads the same whichever variant it uses.
"""

import json
import subprocess
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path

import httpx

from orchestration.lib.replay_faults import Fault, parse_fault_spec
from orchestration.lib.replay_process import replay_server_child
from orchestration.lib.replay_server import ReplayServer

FaultLike = Fault | dict | str  # a Fault, its fields as a dict, or a CLI spec like "429:date=2025-07-07"


def as_fault(fault: FaultLike) -> Fault:
    if isinstance(fault, Fault):
        return fault
    return parse_fault_spec(fault) if isinstance(fault, str) else Fault(**fault)


@dataclass
class ReplayHandle:
    url: str
    process: subprocess.Popen | None = None

    def _control(self, method: str, path: str, body: object = None) -> object:
        response = httpx.request(method, f"{self.url}{path}", json=body, timeout=10)
        response.raise_for_status()
        return response.json()

    def add_fault(self, kind: str | Fault, **options) -> None:
        """One fault rule: add_fault("503", date="2025-07-07", count=2); options are Fault's fields."""
        fault = kind if isinstance(kind, Fault) else Fault(kind=kind, **options)
        self._control("POST", "/_faults", asdict(fault))

    def faults(self) -> list[dict]:
        return self._control("GET", "/_faults")

    def clear_faults(self) -> None:
        self._control("DELETE", "/_faults")

    def requests(self, path: str | None = None) -> list[dict]:
        """API requests seen, oldest first: method, path, params, status (None after a reset), fault,
        headers (as sent by the client), at (epoch seconds)."""
        seen = self._control("GET", "/_requests")
        return [r for r in seen if path is None or r["path"] == path]

    def clear_requests(self) -> None:
        self._control("DELETE", "/_requests")


@contextmanager
def running_replay_server(
    roots: Sequence[Path],
    latency_ms: int = 0,
    faults: Sequence[FaultLike] | None = None,
    max_page_size: int | None = None,
    latency_jitter_ms: int = 0,
    seed: int | None = None,
) -> Iterator[ReplayHandle]:
    """The server in a background thread of this process, on a free port of 127.0.0.1."""
    rules = [as_fault(fault) for fault in faults or []]
    server = ReplayServer(
        list(roots),
        port=0,
        latency_ms=latency_ms,
        faults=rules,
        quiet=True,
        max_page_size=max_page_size,
        latency_jitter_ms=latency_jitter_ms,
        seed=seed,
    )
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), name="replay-server", daemon=True)
    thread.start()
    try:
        yield ReplayHandle(server.url)
    finally:
        server.stop()
        thread.join(timeout=5)


@contextmanager
def start_replay_subprocess(
    roots: Sequence[Path],
    latency_ms: int = 0,
    faults: Sequence[FaultLike] | None = None,
    extra_args: Sequence[str] = (),
) -> Iterator[ReplayHandle]:
    """The server as its own process (orchestration.lib.replay_process, faults given as --fault options,
    `extra_args` such as --seed passed on); .process holds it."""
    options = ["--latency-ms", str(latency_ms), *extra_args]
    options += [arg for fault in faults or [] for arg in ("--fault", json.dumps(asdict(as_fault(fault))))]
    with replay_server_child(roots, *options) as (url, process):
        yield ReplayHandle(url, process)
