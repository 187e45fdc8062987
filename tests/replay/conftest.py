import pytest

from orchestration.lib.settings import SAMPLE_DIR
from tests.support.replay import running_replay_server

RECORDED = SAMPLE_DIR / "hf_recorded"
ARRANGED = SAMPLE_DIR / "arranged"


@pytest.fixture
def replay():
    with running_replay_server([RECORDED]) as handle:
        yield handle


@pytest.fixture
def replay_overlay():
    with running_replay_server([RECORDED, ARRANGED]) as handle:
        yield handle
