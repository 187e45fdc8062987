"""The replay server as a child process, for the demo and the benchmarks: started on a free port of
127.0.0.1, its URL read from the first line it prints, stopped on the way out."""

import subprocess
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

READY = "replay server on "


@contextmanager
def replay_server_process(roots: Iterable[Path], *options: str) -> Iterator[str]:
    """Serve the recordings `roots` (with extra CLI options: faults, seed, clock); yields the base URL."""
    recordings = [arg for root in roots for arg in ("--recordings", str(root))]
    command = [sys.executable, "-m", "orchestration.lib.replay_server", *recordings, "--port", "0", "--quiet"]
    process = subprocess.Popen([*command, *options], stdout=subprocess.PIPE, text=True)
    try:
        line = process.stdout.readline().strip()
        if not line.startswith(READY):
            raise SystemExit(f"replay server did not start: {line!r}")
        yield line.removeprefix(READY)
    finally:
        process.terminate()
        process.wait(timeout=10)
