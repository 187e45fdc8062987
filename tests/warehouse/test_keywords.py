"""Keywords in the sample warehouse: the API's keywords where present, extracted ones elsewhere, one row
per concept whatever the spelling."""

from enrichment.keywords import normalize_many


def test_spelling_variants_collapse_into_one_keyword(warehouse):
    surfaces = {
        s
        for (s,) in warehouse(
            "select distinct keyword.surface"
            " from (select unnest(keywords) as keyword from intermediate.int_paper_keywords)"
            " where keyword.keyword = 'mixture of experts'"
        )
    }
    assert {"Mixture-of-Experts", "mixture-of-experts", "Mixture of Experts"} <= surfaces
    assert warehouse("select count(*) from marts.dim_keywords where keyword = 'mixture of experts'") == [(1,)]
    variants = warehouse(
        "select keyword from marts.dim_keywords where keyword in "
        "('mixture-of-experts', 'mixtures of experts', 'mixture of expert', 'large language models', 'llms')"
    )
    assert variants == []


def test_every_keyword_is_already_normal(warehouse):
    keywords = [k for (k,) in warehouse("select keyword from marts.dim_keywords")]
    assert len(keywords) > 1000
    assert [k for k, again in zip(keywords, normalize_many(keywords), strict=True) if again != k] == []


def test_an_acronym_defined_in_the_abstract_is_its_expansion(warehouse):
    # M^3ViT (seed search, no API keywords) writes "mixture-of-experts (MoE)" and uses MoE afterwards
    keywords = {
        k
        for (k,) in warehouse(
            "select keyword_id from marts.bridge_paper_keywords where paper_id = '2210.14793'"
        )
    }
    assert "mixture of experts" in keywords and "moe" not in keywords


def test_api_keywords_win_and_the_rest_are_extracted(warehouse):
    # a list of blank strings (2508.04586 has [""]) holds no keyword: that paper is extracted
    mixed = warehouse(
        "select p.paper_id from intermediate.int_papers p "
        "join marts.bridge_paper_keywords k using (paper_id) "
        "group by p.paper_id, p.ai_keywords "
        "having count(distinct k.source) > 1 "
        "or bool_or(k.source = 'hf_ai') "
        "<> coalesce(len(list_filter(p.ai_keywords, lambda x: trim(x) <> '')) > 0, false)"
    )
    assert mixed == []
    counts = dict(
        warehouse("select source, count(distinct paper_id) from marts.bridge_paper_keywords group by source")
    )
    assert counts["hf_ai"] >= 490 and counts["extracted"] >= 100


def test_every_paper_has_keywords(warehouse):
    assert (
        warehouse(
            "select paper_id from marts.dim_papers "
            "where paper_id not in (select paper_id from marts.bridge_paper_keywords)"
        )
        == []
    )


def test_keyword_counts_and_dates_agree_with_the_bridge(warehouse):
    disagreeing = warehouse(
        "select d.keyword_id from marts.dim_keywords d "
        "join marts.bridge_paper_keywords b using (keyword_id) join marts.dim_papers p using (paper_id) "
        "group by d.keyword_id, d.paper_count, d.first_seen_date, d.last_seen_date "
        "having d.paper_count <> count(*) or d.first_seen_date <> min(p.paper_date) "
        "or d.last_seen_date <> max(p.paper_date)"
    )
    assert disagreeing == []


def test_display_keyword_is_the_most_common_written_out_form(warehouse):
    assert warehouse(
        "select display_keyword from marts.dim_keywords where keyword = 'large language model'"
    ) == [("large language models",)]
