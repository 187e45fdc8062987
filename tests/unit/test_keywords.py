"""The keyword normaliser and extractor (enrichment/keywords.py), as pure functions."""

import json

import pytest

from enrichment.keywords import (
    corpus_acronyms,
    extract_corpus,
    extract_keywords,
    find_acronyms,
    normalize_keyword,
    normalize_keywords,
    paper_keywords,
    singular,
)
from orchestration.lib.settings import SAMPLE_DIR

M3VIT_ABSTRACT = (
    "Multi-task learning (MTL) encapsulates multiple learned tasks in a single model. Our framework, dubbed "
    "M^3ViT, customizes mixture-of-experts (MoE) layers into a vision transformer (ViT) backbone for MTL, "
    "and "
    "sparsely activates task-specific experts during training. MoE layers route each token to few experts."
)


@pytest.mark.parametrize(
    "variant",
    [
        "Mixture-of-Experts",
        "mixture of experts",
        "mixtures of experts",
        "Mixtures-Of-Experts",
        "mixture  of\texperts",
    ],
)
def test_case_plural_hyphen_and_spacing_variants_are_one_keyword(variant):
    assert normalize_keyword(variant) == "mixture of experts"


@pytest.mark.parametrize(
    ("surface", "keyword"),
    [
        ("Large Language Models (LLMs)", "large language model"),
        ("vision-language models", "vision language model"),
        ("Pre-training", "pretraining"),
        ("pre training", "pretraining"),
        ("Multi-Task Learning", "multitask learning"),
        ("policies", "policy"),
        ("losses", "loss"),
        ("Chains of Thought", "chain of thought"),
        ("robotics", "robotics"),
        ("GPT-4o", "gpt 4o"),
        ("Qwen2.5-32B", "qwen2.5 32b"),
    ],
)
def test_normalised_forms(surface, keyword):
    assert normalize_keyword(surface) == keyword


def test_normalising_twice_changes_nothing():
    for surface in ("Mixtures-of-Experts", "LLMs", "Retrieval-Augmented Generation", "diffusion policies"):
        once = normalize_keyword(surface)
        assert normalize_keyword(once) == once


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("caches", "cache"),
        ("analysis", "analysis"),
        ("bias", "bias"),
        ("patches", "patch"),
        ("metrics", "metric"),
        ("images", "image"),
    ],
)
def test_singular(word, expected):
    assert singular(word) == expected


def test_acronyms_defined_in_the_text_are_found_with_their_expansion():
    acronyms = find_acronyms(M3VIT_ABSTRACT)
    assert acronyms["moe"] == "mixture of experts"
    assert acronyms["mtl"] == "multitask learning"
    assert acronyms["vit"] == "vision transformer"


def test_an_acronym_maps_to_its_expansion_only_where_the_text_defines_it():
    assert normalize_keyword("MoE", find_acronyms(M3VIT_ABSTRACT)) == "mixture of experts"
    assert normalize_keyword("MoE") == "moe"


def test_parentheses_that_are_not_acronyms_are_ignored():
    assert (
        find_acronyms("We evaluate on frames per second (fps) and (see Table 2) results (e.g. ours).") == {}
    )


def test_api_keywords_collapse_acronym_and_expansion_into_one():
    keywords = normalize_keywords(["MoE", "Mixture-of-Experts", "ViT", "multi-task learning"], M3VIT_ABSTRACT)
    assert [kw.keyword for kw in keywords] == [
        "mixture of experts",
        "vision transformer",
        "multitask learning",
    ]
    assert all(kw.score == 1.0 for kw in keywords)


def test_extractor_finds_the_defined_terms_and_scores_in_unit_interval():
    keywords = extract_keywords(
        "M^3ViT: Mixture-of-Experts Vision Transformer for Efficient Multi-task Learning", M3VIT_ABSTRACT
    )
    found = [kw.keyword for kw in keywords]
    assert "mixture of experts" in found[:3] and "multitask learning" in found[:5]
    assert len(found) == len(set(found)) <= 10
    assert keywords[0].score == 1.0 and all(0 < kw.score <= 1 for kw in keywords)


def test_extraction_is_deterministic_and_drops_phrases_inside_chosen_ones():
    papers = [
        ("Named Entity Recognition for Kazakh", "We release a named entity recognition dataset for Kazakh.")
    ]
    first, second = extract_corpus(papers), extract_corpus(list(papers))
    assert first == second
    found = [kw.keyword for kw in first[0]]
    # a phrase inside an already chosen one adds nothing
    assert "named entity recognition" in found and "entity" not in found and "recognition" not in found


def test_common_phrases_rank_below_rare_ones_given_corpus_frequencies():
    title, abstract = "Sparse routers", "Language models use sparse routers. Language models are large."
    alone = [kw.keyword for kw in extract_keywords(title, abstract)]
    common = [kw.keyword for kw in extract_keywords(title, abstract, {"language model": 99}, n_docs=100)]
    assert common.index("language model") > alone.index("language model")


def test_stopwords_and_numbers_never_start_or_end_a_keyword():
    keywords = extract_keywords(
        "A study of the 7B models", "We show that the 7B models of the study are good."
    )
    for kw in keywords:
        words = kw.keyword.split()
        assert words[0] not in {"a", "the", "of", "we"} and not words[-1].isdigit()


def test_paper_keywords_prefer_the_api_and_extract_for_the_rest():
    papers = [
        (
            "p1",
            "Mixture-of-Experts at scale",
            "Mixture-of-experts (MoE) models route tokens.",
            ["MoE", "routing"],
        ),
        ("p2", "Sparse Mixture-of-Experts", "We train mixture-of-experts (MoE) models with routers.", None),
        ("p3", "Empty keywords", "Gradient descent with momentum on convex problems.", []),
    ]
    rows = paper_keywords(papers)
    by_paper = {
        pid: {(kw, source) for pid_, kw, _surface, _spelled, _score, source in rows if pid_ == pid}
        for pid in ("p1", "p2", "p3")
    }
    assert by_paper["p1"] == {("mixture of experts", "hf_ai"), ("routing", "hf_ai")}
    assert ("mixture of experts", "extracted") in by_paper["p2"]
    assert by_paper["p3"] and all(source == "extracted" for _kw, source in by_paper["p3"])
    assert all(0 < score <= 1 for *_, score, _source in rows)


def test_acronyms_the_corpus_defines_consistently_expand_everywhere():
    texts = [f"Paper {i}: large language models (LLMs) are used." for i in range(3)] + ["LLMs are used."]
    assert corpus_acronyms(texts) == {"llm": "large language model"}
    assert corpus_acronyms(texts[:2]) == {}


def test_real_api_keywords_normalise_without_loss():
    items = json.loads((SAMPLE_DIR / "hf_recorded" / "daily_papers" / "2025-07-08.json").read_text())
    paper = next(item["paper"] for item in items if item["paper"]["id"] == "2507.03724")
    keywords = normalize_keywords(paper["ai_keywords"], paper["title"] + ". " + paper["summary"])
    found = {kw.keyword for kw in keywords}
    # "LLMs" is defined as "Large Language Models (LLMs)" and "RAG" next to its expansion in this abstract
    assert {
        "large language model",
        "retrieval augmented generation",
        "artificial general intelligence",
    } <= found
    assert "llm" not in found and "rag" not in found
