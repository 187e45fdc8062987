"""The bundled sample, run once per session through the whole pipeline exactly as `make demo` runs it.

`python -m orchestration.demo` in a subprocess: the replay server on 127.0.0.1 serves the recordings, the
`daily_refresh` job lands and indexes them, dbt builds the marts, the GX checks validate them and fill
audit.validation_results, and the snapshot is published. Test areas take copies of what it leaves behind,
so no test can disturb another's data. With pytest-xdist (`make test` runs two workers) the first worker
to ask runs it, under a file lock, in the folder the workers share; the others wait and read it.
"""

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from filelock import FileLock

from orchestration.lib.publish import publish
from tests.support.attention_sample import build_attention_warehouse

# Settings the demo must choose for itself: a developer's shell must not leak into the sample run.
PIPELINE_VARIABLES = ("HF_BASE_URL", "HF_TOKEN", "DAGSTER_HOME")


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


def _clean_env() -> dict[str, str]:
    return {
        name: value
        for name, value in os.environ.items()
        if not name.startswith("DPW_") and name not in PIPELINE_VARIABLES
    }


def _run_demo(run: SampleRun) -> None:
    command = [sys.executable, "-m", "orchestration.demo", "--data-dir", str(run.data_dir)]
    done = subprocess.run(command, env=_clean_env(), capture_output=True, text=True, timeout=1200)
    log = f"{done.stdout[-6000:]}\n{done.stderr[-6000:]}"
    (run.data_dir / "demo.log").write_text(log)
    assert done.returncode == 0, f"the sample pipeline failed:\n{log}"


@pytest.fixture(scope="session")
def sample_run(tmp_path_factory: pytest.TempPathFactory) -> SampleRun:
    """The demo's whole pipeline over the bundled sample, once for all workers, in a temporary folder."""
    base = tmp_path_factory.getbasetemp()
    # an xdist worker's base folder is one of the session's: their parent is shared by this session only
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    run = SampleRun(shared / "sample_run")
    with FileLock(str(shared / "sample_run.lock")):
        finished = run.data_dir / "finished"
        if not finished.exists():
            shutil.rmtree(run.data_dir, ignore_errors=True)
            run.data_dir.mkdir()
            _run_demo(run)
            finished.touch()
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
    made-up detail responses, built by `dbt build` and published. Its marts are checked by hand."""
    folder = tmp_path_factory.mktemp("attention")
    live = build_attention_warehouse(folder / "warehouse.duckdb")
    publish(str(live), str(folder / "published"), run_id="attention-sample")
    return AttentionSample(live, folder / "published")
