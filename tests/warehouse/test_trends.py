"""Weekly topic and keyword trends: shares, ISO weeks and growth against an independent recomputation."""

import datetime as dt
from collections import Counter

import pytest


@pytest.mark.parametrize("table", ["fct_topic_trends", "fct_keyword_trends"])
def test_attention_share_sums_to_one_per_week(warehouse, table):
    # a week whose papers all lack a topic (keyword) has nothing to share out: its shares are all 0
    sums = warehouse(
        f"select week_start, sum(attention_share), sum(papers) > 0 from marts.{table} group by week_start"
    )
    assert len(sums) > 10
    assert all(total == pytest.approx(1.0 if tagged else 0.0, abs=1e-9) for _week, total, tagged in sums)


@pytest.mark.parametrize("table", ["fct_topic_trends", "fct_keyword_trends"])
def test_weeks_are_iso_weeks_of_the_paper_date(warehouse, table):
    for week_start, iso_week in warehouse(f"select distinct week_start, iso_week from marts.{table}"):
        year, week, weekday = week_start.isocalendar()
        assert weekday == 1 and iso_week == f"{year}-W{week:02d}"


def test_topic_trends_are_dense_and_count_the_bridge(warehouse):
    [(weeks, topics, rows)] = warehouse(
        "select count(distinct week_start), count(distinct topic_id), count(*) from marts.fct_topic_trends"
    )
    assert rows == weeks * topics == weeks * warehouse("select count(*) from marts.dim_topics")[0][0]
    mismatched = warehouse(
        "with expected as ("
        "select date_trunc('week', p.paper_date)::date as week_start, b.topic_id, count(*) as n "
        "from marts.bridge_paper_topics b join marts.dim_papers p using (paper_id) "
        "where p.paper_date is not null group by all) "
        "select * from expected e join marts.fct_topic_trends t using (week_start, topic_id) "
        "where e.n <> t.papers"
    )
    assert mismatched == []


def expected_growth(papers: Counter, week: dt.date, first_week: dt.date) -> float | None:
    """papers / mean of the 4 preceding calendar weeks - 1; missing weeks count 0; null without history."""
    previous = [week - dt.timedelta(weeks=n) for n in range(1, 5)]
    if previous[-1] < first_week:
        return None
    mean = sum(papers[w] for w in previous) / 4
    return papers[week] / mean - 1 if mean else None


def test_growth_matches_an_independent_recomputation(warehouse):
    rows = warehouse("select week_start, topic_id, papers, growth_vs_prev_4w from marts.fct_topic_trends")
    first_week = min(week for week, *_ in rows)
    by_topic: dict[str, Counter] = {}
    for week, topic, papers, _growth in rows:
        by_topic.setdefault(topic, Counter())[week] = papers
    checked = 0
    for week, topic, _papers, growth in rows:
        expected = expected_growth(by_topic[topic], week, first_week)
        assert growth == (None if expected is None else pytest.approx(expected)), (week, topic)
        checked += expected is not None
    assert checked > 100


GROWTH_OF_AGENTS = (
    "select growth_vs_prev_4w from marts.fct_topic_trends where topic_id = 'agents' and week_start = ?"
)


def test_growth_by_hand_for_one_topic(warehouse):
    weekly = dict(
        warehouse(
            "select week_start, papers from marts.fct_topic_trends where topic_id = 'agents' "
            "and week_start between '2025-07-07' and '2025-08-04'"
        )
    )
    w28, w29, w30, w31, w32 = (weekly[dt.date(2025, 7, 7) + dt.timedelta(weeks=n)] for n in range(5))
    [(growth,)] = warehouse(GROWTH_OF_AGENTS, dt.date(2025, 8, 4))
    assert growth == pytest.approx(w32 / ((w28 + w29 + w30 + w31) / 4) - 1)
    # 2025-W28 follows four weeks without any agents paper in the sample: no base, no growth
    [(first_growth,)] = warehouse(GROWTH_OF_AGENTS, dt.date(2025, 7, 7))
    assert first_growth is None


def test_paper_share_counts_every_paper_of_the_week(warehouse):
    wrong = warehouse(
        "with weeks as (select date_trunc('week', paper_date)::date as week_start, count(*) as n "
        "from marts.dim_papers where paper_date is not null group by 1) "
        "select * from marts.fct_keyword_trends t join weeks using (week_start) "
        "where abs(t.paper_share - t.papers / weeks.n) > 1e-12"
    )
    assert wrong == []
