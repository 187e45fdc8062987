"""Topics in the sample warehouse: the seed taxonomy applied to titles, abstracts and keywords."""

import shutil
import subprocess

import duckdb
import pytest

from orchestration.lib.settings import DBT_PROJECT_DIR
from tests.support.dbt import DBT, dbt_env


def test_papers_about_model_merging_get_that_topic(warehouse):
    rows = warehouse(
        "select paper_id, method from marts.bridge_paper_topics where topic_id = 'model_merging' "
        "and paper_id in ('2310.02575', '2312.06795', '2405.07813') order by paper_id"
    )
    assert rows == [("2310.02575", "rule:title"), ("2312.06795", "rule:title"), ("2405.07813", "rule:title")]


def test_no_topic_holds_more_than_a_third_of_the_papers(warehouse):
    [(papers,)] = warehouse("select count(*) from marts.dim_papers")
    [(largest,)] = warehouse("select max(paper_count) from marts.dim_topics")
    assert papers > 600 and largest <= papers / 3


def test_fewer_than_a_tenth_of_the_papers_have_no_topic(warehouse):
    [(papers, without)] = warehouse(
        "select count(*), "
        "count(*) filter (where paper_id not in (select paper_id from marts.bridge_paper_topics)) "
        "from marts.dim_papers"
    )
    assert without / papers < 0.10
    [(reported, reported_share)] = warehouse(
        "select papers_without_topic, no_topic_share from intermediate.int_topic_coverage"
    )
    assert reported == without and reported_share == pytest.approx(without / papers)


def test_a_watchlist_is_a_filter_not_a_topic(warehouse):
    # the multi-task learning search also returns multi-turn, multi-agent and multimodal papers: only some
    # of its results are about multi-task learning, and membership alone puts none in the topic
    [(results, in_topic)] = warehouse(
        "select count(distinct s.paper_id), count(distinct t.paper_id)"
        " from staging.stg_hf__search_listings s left join marts.bridge_paper_topics t"
        " on t.paper_id = s.paper_id and t.topic_id = 'multi_task_learning'"
        " where s.watchlist = 'multi_task_learning'"
    )
    assert 0 < in_topic < results / 2
    by_watchlist = "select count(*) from marts.bridge_paper_topics where method like 'watchlist:%'"
    assert warehouse(by_watchlist) == [(0,)]


def test_every_paper_with_topics_has_one_main_topic(warehouse):
    assert warehouse(
        "select count(*) from (select paper_id from marts.bridge_paper_topics"
        " group by paper_id having count(*) filter (where is_main) <> 1)"
    ) == [(0,)]


def test_a_parent_is_never_stored_beside_its_child(warehouse):
    assert warehouse(
        "select count(*) from marts.bridge_paper_topics child"
        " join marts.dim_topics t on child.topic_id = t.topic_id"
        " join marts.bridge_paper_topics parent"
        " on parent.paper_id = child.paper_id and parent.topic_id = t.parent_topic_id"
    ) == [(0,)]


def test_taxonomy_has_forty_topics_in_a_hierarchy(warehouse):
    [(topics, children, used)] = warehouse(
        "select count(*), count(parent_topic_id), count(*) filter (where paper_count > 0) "
        "from marts.dim_topics"
    )
    assert topics >= 40 and children >= 30 and used >= 40
    assert warehouse("select parent_topic_id from marts.dim_topics where topic_id = 'gui_agents'") == [
        ("agents",)
    ]


def test_an_analyst_adds_a_topic_by_editing_the_seed(sample_warehouse, tmp_path):
    project = tmp_path / "dbt_project"
    shutil.copytree(DBT_PROJECT_DIR, project, ignore=shutil.ignore_patterns("target", "logs", "dbt_packages"))
    with (project / "seeds" / "topics.csv").open("a") as seed:
        seed.write('kazakh_language,Kazakh language,multilingual,,subject,"Work on Kazakh.",kazakh,,,test\n')
    warehouse = tmp_path / "warehouse.duckdb"
    shutil.copy(sample_warehouse, warehouse)
    target = tmp_path / "target"
    subprocess.run(
        [str(DBT), "build", "--select", "topics+", "--target-path", str(target), "--log-path", str(target)],
        cwd=project,
        env=dbt_env(warehouse),
        check=True,
        capture_output=True,
        timeout=600,
    )
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assigned = con.execute(
            "select p.title, p.abstract from marts.bridge_paper_topics b"
            " join marts.dim_papers p using (paper_id) where b.topic_id = 'kazakh_language'"
        ).fetchall()
        about_kazakh = con.execute(
            "select count(*) from marts.dim_papers where regexp_matches(title, '(?i)\\bkazakh\\b')"
        ).fetchone()[0]
    # the new topic is used, only where the paper names it, and for most papers whose title does (a paper
    # about, say, speech recognition for Kazakh keeps its three strongest topics)
    assert about_kazakh > 0 and len(assigned) >= about_kazakh / 2
    assert all("kazakh" in f"{title} {abstract}".lower() for title, abstract in assigned)
