from collections.abc import Iterator

import pytest

from orchestration.lib.settings import SAMPLE_DIR
from tests.support.replay import ReplayHandle, running_replay_server


@pytest.fixture
def replay() -> Iterator[ReplayHandle]:
    with running_replay_server([SAMPLE_DIR / "hf_recorded"]) as handle:
        yield handle
