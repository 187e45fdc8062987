"""The dashboard script, run by Streamlit's AppTest against the published sample: fast, no browser.

The browser test checks what Chromium renders; this one checks the script's elements and how it reacts.
"""

from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from orchestration.dashboard.text import literal
from orchestration.lib import settings
from tests.analyst.conftest import SampleWarehouse

APP = settings.PROJECT_ROOT / "orchestration" / "dashboard" / "app.py"
TIMEOUT_S = 60


def app(publish_dir: Path, monkeypatch: pytest.MonkeyPatch, **query_params: str) -> AppTest:
    monkeypatch.setenv("DPW_PUBLISH_DIR", str(publish_dir))
    test = AppTest.from_file(str(APP), default_timeout=TIMEOUT_S)
    test.query_params.update(query_params)
    return test.run()


def one(published: Path, sql: str, *params: object) -> tuple:
    with duckdb.connect(str(published), read_only=True) as con:
        return con.execute(sql, list(params)).fetchone()


def test_the_url_selects_the_day_and_the_paper(
    sample_warehouse: SampleWarehouse, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = app(
        sample_warehouse.publish_dir,
        monkeypatch,
        date="2025-08-12",
        paper="2508.99002",
        **{"from": "2025-07-07"},
    )

    assert not page.exception
    assert str(page.selectbox(key="listing_date").value) == "2025-08-12"
    assert page.selectbox(key="paper").value == "2508.99002"
    (title,) = one(
        sample_warehouse.published, "select title from marts.dim_papers where paper_id = '2508.99002'"
    )
    assert page.subheader[0].value == literal(title)
    topic, papers = one(
        sample_warehouse.published,
        "select d.topic_name, sum(t.papers) from marts.fct_topic_trends as t join marts.dim_topics as d"
        " using (topic_id) where t.week_start between '2025-07-07' and (select max(week_start) from"
        " marts.fct_topic_trends) group by all order by 2 desc, 1 limit 1",
    )
    assert f"Top topic: **{literal(topic)}**, {papers} papers" in [text.value for text in page.markdown]


def test_choosing_an_author_lists_their_coauthors(
    sample_warehouse: SampleWarehouse, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = app(sample_warehouse.publish_dir, monkeypatch)
    (author_id,) = one(
        sample_warehouse.published,
        # Two authors are called Ge Zhang (one unlinked with 14 papers, one linked HF user with 1): the
        # dashboard lists the prolific one.
        "select author_id from marts.dim_authors where display_name = 'Ge Zhang' "
        "order by paper_count desc limit 1",
    )
    (pairs,) = one(
        sample_warehouse.published,
        "select count(*) from marts.fct_coauthorships where ? in (author_id_a, author_id_b)",
        author_id,
    )

    page.selectbox(key="author").select(author_id).run()

    assert not page.exception
    [coauthors] = [frame.value for frame in page.dataframe if "coauthor" in frame.value.columns]
    assert len(coauthors) == pairs
    assert coauthors.iloc[0]["coauthor"] == "Wenhao Huang"


def test_without_a_published_copy_the_page_says_what_to_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = app(tmp_path, monkeypatch)

    assert not page.exception
    assert "publishing/warehouse_snapshot" in page.error[0].value


def test_trending_now_shows_trajectories_adoption_and_organisations(
    sample_warehouse: SampleWarehouse, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 2606.11176 is listed twice (2026-06-10 and 2026-06-16): one series of two listings' fetches
    page = app(sample_warehouse.publish_dir, monkeypatch, trending="2606.11176")

    assert not page.exception
    assert page.selectbox(key="trending_paper").value == "2606.11176"
    published = sample_warehouse.published
    title, upvotes, gained = one(
        published,
        "select p.title, t.upvotes, t.upvotes_gained_7d from marts.fct_paper_trending as t"
        " join marts.dim_papers as p using (paper_id) where t.trending_rank = 1",
    )
    organisation, org_upvotes = one(
        published,
        "select coalesce(organization_fullname, organization_name), total_upvotes"
        " from marts.dim_organizations order by total_upvotes desc, papers desc, organization_name limit 1",
    )
    markdown = [text.value for text in page.markdown]
    assert f"Trending: **{literal(title)}**, {upvotes} upvotes, +{gained or 0} in 7 days" in markdown
    assert any(
        text.startswith(f"Top organisation: **{literal(organisation)}**, {org_upvotes} upvotes")
        for text in markdown
    )
    [trending] = [frame.value for frame in page.dataframe if "gained_7d" in frame.value.columns]
    assert "paper_id" not in trending.columns and len(trending) >= 20
    # the chart: the 8 papers trending most and the chosen one
    fetches, papers = one(
        published,
        "select count(*), count(distinct paper_id) from marts.fct_paper_engagement where upvotes is not null"
        " and paper_id in (select paper_id from marts.fct_paper_trending"
        " where trending_rank <= 8 or paper_id = '2606.11176')",
    )
    assert f"{fetches} listing fetches of {papers} papers" in [caption.value for caption in page.caption]


def test_rising_keywords_are_rising_above_the_minimum_counts(
    sample_warehouse: SampleWarehouse, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = app(sample_warehouse.publish_dir, monkeypatch, **{"from": "2025-07-07", "to": "2025-08-11"})

    assert not page.exception
    expected = one(
        sample_warehouse.published,
        "select count(*) from marts.fct_keyword_trends where week_start = '2025-08-11' and is_rising",
    )[0]
    rising = [frame.value for frame in page.dataframe if "papers_prev_4_weeks" in frame.value.columns]
    if not expected:
        assert not rising
        assert "No keyword rose above the minimum counts in the week of 2025-08-11." in [
            i.value for i in page.info
        ]
        return
    [rising] = rising
    assert len(rising) == min(expected, 20)
    assert (rising["growth"] > 0).all()
    assert (rising["papers"] >= 3).all() and (rising["papers_prev_4_weeks"] >= 2).all()


def test_an_author_on_the_review_list_shows_who_may_be_the_same_person(
    sample_warehouse: SampleWarehouse, monkeypatch: pytest.MonkeyPatch
) -> None:
    top_authors = (
        "select author_id from marts.dim_authors order by paper_count desc, total_upvotes desc, display_name"
        " limit 50"
    )
    on_the_list = "? in (author_id_a, author_id_b)"
    author_id, others = one(
        sample_warehouse.published,
        f"select t.author_id, count(*) from ({top_authors}) as t join marts.fct_author_merge_candidates"
        " as c on t.author_id in (c.author_id_a, c.author_id_b) group by t.author_id order by 2 desc, 1"
        " limit 1",
    )
    (alone,) = one(
        sample_warehouse.published,
        f"select t.author_id from ({top_authors}) as t anti join marts.fct_author_merge_candidates as c"
        " on t.author_id in (c.author_id_a, c.author_id_b) order by 1 limit 1",
    )
    (other_name,) = one(
        sample_warehouse.published,
        "select d.display_name from marts.fct_author_merge_candidates as c join marts.dim_authors as d"
        " on d.author_id = case when c.author_id_a = ? then c.author_id_b else c.author_id_a end"
        f" where {on_the_list} order by c.review_rank limit 1",
        author_id,
        author_id,
    )
    page = app(sample_warehouse.publish_dir, monkeypatch)

    page.selectbox(key="author").select(author_id).run()

    assert not page.exception
    [maybe] = [frame.value for frame in page.dataframe if "review_rank" in frame.value.columns]
    assert len(maybe) == others
    assert maybe["author"].iloc[0] == other_name
    assert any("Possibly the same person" in caption.value for caption in page.caption)

    page.selectbox(key="author").select(alone).run()

    assert not [frame for frame in page.dataframe if "review_rank" in frame.value.columns]
