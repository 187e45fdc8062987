"""The frozen keyword statistics: they load, and they are what the recordings give (reproducible)."""

from pathlib import Path

from enrichment import keyword_stats
from orchestration.lib.settings import PROJECT_ROOT, SAMPLE_DIR

RECORDINGS = [
    SAMPLE_DIR / "hf_recorded" / "daily_papers",
    SAMPLE_DIR / "arranged" / "daily_papers",
    PROJECT_ROOT / "benchmarks" / "data" / "recorded_more" / "daily_papers",
]


def test_the_committed_statistics_are_rebuilt_from_the_recordings(tmp_path: Path):
    papers = keyword_stats.recorded_papers(RECORDINGS)
    keyword_stats.save(keyword_stats.corpus_stats(papers), papers.height, tmp_path)
    assert keyword_stats.version(tmp_path) == keyword_stats.version()


def test_the_statistics_load():
    stats = keyword_stats.load()
    assert stats.keyworded > 1000
    assert stats.phrases.height > 10_000
    assert "large language model" in stats.acronyms["long_form"].to_list()
