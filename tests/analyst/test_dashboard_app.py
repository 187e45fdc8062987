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
    listing_date, paper, _author = page.selectbox
    assert str(listing_date.value) == "2025-08-12"
    assert paper.value == "2508.99002"
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

    page.selectbox[2].select(author_id).run()

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
