"""Running the README's `make` commands as a new user would: a fresh shell, nothing activated."""

import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

from orchestration.lib import settings


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fresh_shell_env(home: Path) -> dict[str, str]:
    """The environment of a new terminal: no venv on PATH or activated, nothing of ours configured, data
    under `home`, and the API pointed at a closed loopback port in case the daemon ever ticks the schedule."""
    venv_bin = str(Path(sys.executable).parent)
    path = os.pathsep.join(part for part in os.environ["PATH"].split(os.pathsep) if part != venv_bin)
    kept = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("DPW_", "DAGSTER_", "HF_")) and name != "VIRTUAL_ENV"
    }
    return kept | {
        "PATH": path,
        "DAGSTER_HOME": str(home / "dagster_home"),
        "DPW_WAREHOUSE_PATH": str(home / "warehouse.duckdb"),
        "DPW_LANDING_ROOT": str(home / "landing"),
        "DPW_PUBLISH_DIR": str(home / "published"),
        "DPW_GX_ROOT": str(home / "gx"),
        "HF_BASE_URL": "http://127.0.0.1:9",
    }


def start_make(target: str, *args: str, env: dict[str, str], log: Path) -> subprocess.Popen:
    """`make <target> <args>` from the repository root, in a process group of its own."""
    return subprocess.Popen(
        ["make", "--no-print-directory", target, *args],
        cwd=settings.PROJECT_ROOT,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def stop_group(process: subprocess.Popen, timeout: float = 30) -> None:
    """make and everything it started (dagster dev's webserver, daemon and code server; streamlit)."""
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
