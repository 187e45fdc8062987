"""The analyst tests read private copies of the sample run's live warehouse and published snapshot.

The sample run (tests/conftest.py) is `make demo`'s pipeline: the replay server on 127.0.0.1, the real
ingestion, `dbt build`, the GX checks (which fill audit.validation_results) and the publishing asset.
"""

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from orchestration.lib.publish import PUBLISHED_NAME


@dataclass(frozen=True)
class SampleWarehouse:
    live: Path
    publish_dir: Path

    @property
    def published(self) -> Path:
        return self.publish_dir / PUBLISHED_NAME


@pytest.fixture(scope="session")
def sample_warehouse(sample_run, sample_warehouse_copy) -> SampleWarehouse:
    live = sample_warehouse_copy("analyst")
    publish_dir = live.parent / "published"
    shutil.copytree(sample_run.publish_dir, publish_dir)
    return SampleWarehouse(live, publish_dir)
