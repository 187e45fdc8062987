"""The replay server as a child process, for the demo, the benchmarks and the tests: started on a free port
of 127.0.0.1, its URL read from the first line it prints, stopped on the way out."""

import select
import subprocess
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

READY = "replay server on "
STARTUP_TIMEOUT_S = 15


@contextmanager
def replay_server_child(roots: Iterable[Path], *options: str) -> Iterator[tuple[str, subprocess.Popen]]:
    """Serve the recordings `roots` (with extra CLI options: faults, seed, clock, latency); yields the base
    URL and the process. Its log lines are dropped (--quiet); a server that does not answer within
    STARTUP_TIMEOUT_S is an error naming its exit code."""
    recordings = [arg for root in roots for arg in ("--recordings", str(root))]
    command = [sys.executable, "-m", "orchestration.lib.replay_server", *recordings, "--port", "0", "--quiet"]
    process = subprocess.Popen([*command, *options], stdout=subprocess.PIPE, text=True)
    try:
        ready, _, _ = select.select([process.stdout], [], [], STARTUP_TIMEOUT_S)
        line = process.stdout.readline().strip() if ready else ""
        if not line.startswith(READY):
            raise RuntimeError(f"replay server did not start (exit code {process.poll()}): {line!r}")
        yield line.removeprefix(READY), process
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextmanager
def replay_server_process(roots: Iterable[Path], *options: str) -> Iterator[str]:
    """replay_server_child, yielding only the base URL."""
    with replay_server_child(roots, *options) as (url, _):
        yield url
