"""The bundled sample, run once per session through the whole pipeline as `make demo` runs it.

`python -m orchestration.demo --ephemeral-instance` in a subprocess (the one difference from `make demo`: its
Dagster runs are kept in memory, not in a DAGSTER_HOME no test reads): the replay server on 127.0.0.1 serves
the recordings, the `daily_refresh` job lands and indexes them, dbt builds the marts, the GX checks validate
them and fill audit.validation_results, and the snapshot is published. Test areas take copies of what it
leaves behind, so no test can disturb another's data.

It runs in the background from the session's first test on (the first worker to start launches it, under a
file lock, in the folder the workers share), and the tests that read it are collected last: the workers
run everything else meanwhile instead of both waiting for it, which cost about four minutes of two cores.
The workers also lower their priority once it is started: the sample run is the session's critical path.
"""

import os
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from filelock import FileLock

from orchestration.lib.publish import publish
from tests.support.attention_sample import build_attention_warehouse

# Settings the demo must choose for itself: a developer's shell must not leak into the sample run.
PIPELINE_VARIABLES = ("HF_BASE_URL", "HF_TOKEN", "DAGSTER_HOME")
DEMO_TIMEOUT = 1200
WORKER_NICENESS = 5


@dataclass(frozen=True)
class SampleRun:
    data_dir: Path

    @property
    def live(self) -> Path:
        return self.data_dir / "warehouse.duckdb"

    @property
    def publish_dir(self) -> Path:
        return self.data_dir / "published"

    @property
    def published(self) -> Path:
        return self.publish_dir / "warehouse.duckdb"

    @property
    def exit_status(self) -> Path:
        return self.data_dir / "exit_status"


def _clean_env() -> dict[str, str]:
    return {
        name: value
        for name, value in os.environ.items()
        if not name.startswith("DPW_") and name not in PIPELINE_VARIABLES
    }


def _shared_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.getbasetemp()
    # an xdist worker's base folder is one of the session's: their parent is shared by this session only
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def _start_demo(run: SampleRun) -> threading.Thread:
    """The demo in the background; the thread returned writes its exit status to a file any worker reads."""
    run.data_dir.mkdir()
    # its Dagster runs stay in memory: no test reads them, and the SQLite event log would add a minute of CPU
    command = [sys.executable, "-m", "orchestration.demo", "--data-dir", str(run.data_dir)]
    command.append("--ephemeral-instance")
    with (run.data_dir / "demo.log").open("w") as log:
        process = subprocess.Popen(command, env=_clean_env(), stdout=log, stderr=subprocess.STDOUT)
    watcher = threading.Thread(target=_record_exit, args=(process, run))
    watcher.start()
    return watcher


def _record_exit(process: subprocess.Popen, run: SampleRun) -> None:
    status = process.wait()
    (run.data_dir / "exit_status.tmp").write_text(str(status))
    (run.data_dir / "exit_status.tmp").replace(run.exit_status)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The tests that read the sample run go last (a stable sort keeps everything else in its order)."""
    items.sort(key=lambda item: "sample_run" in item.fixturenames)


@pytest.fixture(scope="session", autouse=True)
def sample_run_started(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    """Starts the sample run at the session's first test when any selected test reads it."""
    if not any("sample_run" in item.fixturenames for item in request.session.items):
        yield
        return
    shared = _shared_folder(tmp_path_factory)
    run = SampleRun(shared / "sample_run")
    with FileLock(str(shared / "sample_run.lock")):
        watcher = None if run.data_dir.exists() else _start_demo(run)
    # The sample run is the session's critical path (the tests that read it wait for it): the workers, and
    # what they start from now on, yield the CPU to it.
    os.nice(WORKER_NICENESS)
    yield
    if watcher is not None:
        # the other worker may still be waiting for it: never cut it short, and leave only once its exit
        # status is written (a worker that had no test reading the sample would otherwise leave it unwritten)
        watcher.join(timeout=DEMO_TIMEOUT)


@pytest.fixture(scope="session")
def sample_run(sample_run_started, tmp_path_factory: pytest.TempPathFactory) -> SampleRun:
    """The demo's whole pipeline over the bundled sample, once for all workers, in a temporary folder."""
    run = SampleRun(_shared_folder(tmp_path_factory) / "sample_run")
    deadline = time.monotonic() + DEMO_TIMEOUT
    while not run.exit_status.exists():
        assert time.monotonic() < deadline, f"the sample pipeline did not finish in {DEMO_TIMEOUT} s"
        time.sleep(1)
    log = (run.data_dir / "demo.log").read_text()
    assert run.exit_status.read_text() == "0", f"the sample pipeline failed:\n{log[-6000:]}"
    return run


@pytest.fixture(scope="session")
def sample_warehouse_copy(sample_run: SampleRun, tmp_path_factory: pytest.TempPathFactory):
    """`copy(name)`: a private copy of the sample's live warehouse file, for one test area."""

    def copy(name: str) -> Path:
        target = tmp_path_factory.mktemp(name) / "warehouse.duckdb"
        shutil.copyfile(sample_run.live, target)
        return target

    return copy


@dataclass(frozen=True)
class AttentionSample:
    live: Path
    publish_dir: Path

    @property
    def published(self) -> Path:
        return self.publish_dir / "warehouse.duckdb"


@pytest.fixture(scope="session")
def attention_warehouse(tmp_path_factory: pytest.TempPathFactory) -> AttentionSample:
    """The attention sample (tests/support/attention_sample.py): three listing days fetched again and again,
    made-up detail responses, built by `dbt build` and published. Its marts are checked by hand. Built once
    for all workers (the first to need it builds it under a lock); tests only read it."""
    shared = _shared_folder(tmp_path_factory)
    folder = shared / "attention"
    sample = AttentionSample(folder / "warehouse.duckdb", folder / "published")
    with FileLock(str(shared / "attention.lock")):
        if not (folder / "built").exists():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            build_attention_warehouse(sample.live)
            publish(str(sample.live), str(sample.publish_dir), run_id="attention-sample")
            (folder / "built").touch()
    return sample
