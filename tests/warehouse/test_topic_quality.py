"""Topic quality on the held-out labels, as benchmarks/topic_quality.py measures it (docs/benchmarks.md).

The assigner is applied to the labelled papers' recorded title, abstract and ai_keywords directly (no dbt:
the dbt path gives the same assignments and is covered by test_topics.py), and the figures must stay
within a margin of those measured when the rules were last changed, so that a regression fails. Only the
aggregate figures of `heldout` and `unseen` are read here, as the labelling protocol asks.
"""

import pytest

from benchmarks.topic_quality import assign_from_text, load_labels, load_parents, recorded_papers, score

# measured with taxonomy 2026.12.4 and enrichment/data/topic_centroids.json (docs/benchmarks.md)
MEASURED = {
    "heldout": {"precision": 0.876, "recall": 0.730, "no_topic": 0.018},
    "unseen": {"precision": 0.892, "recall": 0.740, "no_topic": 0.030},
}
MARGIN = 0.03


@pytest.fixture(scope="module")
def figures() -> dict:
    labels = [label for label in load_labels() if label.split in MEASURED]
    papers = recorded_papers()
    assigned, _, _ = assign_from_text({label.paper_id: papers[label.paper_id] for label in labels})
    parents = load_parents()
    found = {}
    for split in MEASURED:
        scores = score([label for label in labels if label.split == split], assigned, parents)
        found[split] = {
            "precision": scores.right / scores.assigned,
            "recall": scores.main_found / scores.with_main,
            "no_topic": scores.no_topic / scores.papers,
            "largest": scores.largest()[1],
        }
    return found


@pytest.mark.parametrize("split", sorted(MEASURED))
def test_held_out_precision_and_recall_do_not_regress(figures, split):
    measured, found = MEASURED[split], figures[split]
    assert found["precision"] >= measured["precision"] - MARGIN
    assert found["recall"] >= measured["recall"] - MARGIN


@pytest.mark.parametrize("split", sorted(MEASURED))
def test_held_out_papers_get_a_topic_and_no_topic_dominates(figures, split):
    assert figures[split]["no_topic"] <= max(MEASURED[split]["no_topic"] + MARGIN, 0.05)
    assert figures[split]["largest"] <= 1 / 3
