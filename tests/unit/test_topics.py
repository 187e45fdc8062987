"""The topic assigner (enrichment/topics.py) on small cases: sense rules, evidence kinds, facets, parents.

Topics come from the real seed (dbt_project/seeds/topics.csv), so these cases check the taxonomy's
phrases as an analyst left them, not a copy. Rules alone (model=None) unless a case says otherwise.
"""

import csv

import polars as pl
import pytest

from enrichment.topics import (
    MODEL_PROPOSE_WEIGHT,
    Assigner,
    Matcher,
    Topic,
    needles,
    paper_topics,
    topics_from_frame,
)
from enrichment.topics_model import TopicModel
from orchestration.lib.settings import DBT_PROJECT_DIR

SEED = DBT_PROJECT_DIR / "seeds" / "topics.csv"


@pytest.fixture(scope="module")
def taxonomy() -> pl.DataFrame:
    with SEED.open() as rows:
        return pl.DataFrame(list(csv.DictReader(rows)))


@pytest.fixture(scope="module")
def rules(taxonomy) -> Assigner:
    return Assigner(topics_from_frame(taxonomy), model=None)


def topics_of(assigner: Assigner, title: str, abstract: str = "", keywords=()) -> list[str]:
    return [found.topic_id for found in assigner.assign(title, abstract, list(keywords))]


# --- sense rules: a word in another sense is no evidence for the topic it usually names -------------


def test_tts_meaning_test_time_scaling_is_not_speech_synthesis(rules):
    abstract = (
        "Test-time scaling (TTS) spends more compute at inference. We propose a TTS method that samples"
        " several reasoning paths and verifies them, improving accuracy on math benchmarks."
    )
    found = topics_of(rules, "Efficient TTS for Large Reasoning Models", abstract)
    assert "test_time_scaling" in found and "speech_synthesis" not in found
    # without the definition, a mention of test-time scaling anywhere vetoes the speech sense
    found = topics_of(rules, "TTS Budgets for Reasoning", "We study test-time scaling of reasoning models.")
    assert "speech_synthesis" not in found
    # and TTS alone is still speech synthesis
    assert "speech_synthesis" in topics_of(rules, "A Zero-Shot TTS Model with Voice Cloning")


def test_embodied_web_agents_are_not_robotics(rules):
    found = topics_of(
        rules,
        "Embodied Web Agents: Browsing the Web to Complete Tasks",
        "We introduce web agents that navigate websites and use web search to answer questions.",
    )
    assert "web_agents" in found
    assert not {"robotics_embodied", "robot_learning", "embodied_navigation"} & set(found)


def test_an_agent_choosing_among_models_is_not_mixture_of_experts(rules):
    abstract = (
        "We present a Mixture-of-Models (MoE) agent that routes each query among several LLMs. Our MoE"
        " router picks the cheapest model that can answer, cutting inference cost."
    )
    found = topics_of(rules, "Routing Among LLMs with an MoE Agent", abstract)
    assert "mixture_of_experts" not in found
    # the real sense still counts
    real = "Expert Load Balancing for Sparse Mixture-of-Experts LLMs"
    assert "mixture_of_experts" in topics_of(rules, real)


def test_chinese_as_one_benchmark_language_is_not_multilingual(rules):
    found = topics_of(
        rules,
        "A Math Reasoning Benchmark in English and Chinese",
        "We evaluate reasoning models on English and Chinese math problems.",
    )
    assert "multilingual" not in found
    assert "multilingual" in topics_of(rules, "Multilingual Instruction Tuning for 100 Languages")


def test_application_programming_interfaces_are_tools_not_applications(rules):
    found = topics_of(
        rules,
        "Calling Application Programming Interfaces with Language Models",
        "We teach LLMs to call application programming interfaces (APIs) to answer queries.",
    )
    assert "tool_use" in found and "applications" not in found


def test_attention_heads_as_a_mechanism_are_not_interpretability(rules):
    found = topics_of(
        rules,
        "Pruning Attention Heads for Faster Vision Transformers",
        "We remove redundant attention heads to accelerate inference of vision transformers.",
    )
    assert "interpretability" not in found


def test_human_feedback_for_hand_written_rules_is_not_preference_alignment(rules):
    found = topics_of(
        rules,
        "Prompt Optimization in Multi-Step Tasks: Integrating Human Feedback and Heuristic-based Sampling",
        "We propose an automatic prompt optimization framework where human feedback rules guide sampling.",
    )
    assert "prompt_optimization" in found and "preference_alignment" not in found
    assert "preference_alignment" in topics_of(rules, "Reinforcement Learning from Human Feedback at Scale")


@pytest.mark.parametrize(
    "title",
    [
        "Benchmarking Large Language Models on Legal Reasoning",
        "A Benchmark for Long-Video Understanding",
        "VideoMathQA-Bench: Math Reasoning in Videos",
    ],
)
def test_titles_that_name_a_benchmark_get_benchmarks(rules, title):
    assert "benchmarks" in topics_of(rules, title)


def test_multitask_prompted_finetuning_is_instruction_tuning(rules):
    found = topics_of(rules, "Multitask Prompted Finetuning Enables Zero-Shot Generalization")
    assert found[0] == "instruction_tuning" and "multi_task_learning" not in found


def test_user_interface_agents_are_gui_agents(rules):
    assert topics_of(rules, "User Interface Agents That Operate Android Phones")[0] == "gui_agents"


def test_mcts_at_inference_is_test_time_scaling(rules):
    found = topics_of(
        rules,
        "Monte Carlo Tree Search Boosts LLM Reasoning at Inference",
        "We run MCTS over reasoning steps at inference time, guided by a verifier.",
    )
    assert "test_time_scaling" in found


def test_geometry_of_a_3d_scene_is_not_mathematics(rules):
    found = topics_of(rules, "Streaming 4D Visual Geometry Transformer for Scene Reconstruction")
    assert "reconstruction_3d" in found and "math_reasoning" not in found


# --- evidence kinds and the method they give ------------------------------------------------------------


def test_evidence_kind_names_the_method(rules):
    [title] = rules.assign("Speculative Decoding for Faster LLM Inference", "", [])
    assert (title.topic_id, title.method) == ("efficient_inference", "rule:title")
    background = "Large models are slow, and speculative decoding is one answer. We study it on long inputs."
    [keyword] = rules.assign("A New Way Forward", background, ["speculative decoding", "draft models"])
    assert (keyword.topic_id, keyword.method) == ("efficient_inference", "rule:keyword")
    abstract = (
        "Large models are slow. We propose a speculative decoding method with small draft models."
        " Speculative decoding then verifies draft tokens in parallel."
    )
    [stated] = rules.assign("A New Way Forward", abstract, [])
    assert (stated.topic_id, stated.method) == ("efficient_inference", "rule:abstract")


def test_a_passing_mention_is_not_enough(rules):
    abstract = "Large models are slow, as speculative decoding work has shown. We study poetry generation."
    assert "efficient_inference" not in topics_of(rules, "A Study of Poems", abstract)


def test_scores_are_in_the_unit_interval_and_ranked(rules):
    found = rules.assign(
        "GUI Agents with Reinforcement Learning: A Benchmark",
        "We present a benchmark of GUI agents on Android apps and train them with reinforcement learning.",
        [],
    )
    assert [topic.rank for topic in found] == list(range(1, len(found) + 1))
    assert all(0 < topic.score < 1 for topic in found)


# --- facets, parents, determinism -----------------------------------------------------------------------


def test_a_facet_is_never_main_when_a_subject_qualifies(rules):
    found = topics_of(rules, "GUI-Bench: A Benchmark for GUI Agents on Mobile Apps")
    assert found[0] == "gui_agents" and "benchmarks" in found
    # alone, a facet is the main topic
    assert topics_of(rules, "A New Benchmark and Dataset for Everything")[0] == "benchmarks"


def test_a_parent_is_implied_by_its_child_and_not_stored(rules):
    found = topics_of(rules, "Agentic GUI Agents for Mobile Phone Use", "We build LLM agents that use apps.")
    assert "gui_agents" in found and "agents" not in found
    # a parent alone is assigned from its own phrases
    abstract = "We present a memory system for LLM agents that plan long-horizon tasks."
    assert topics_of(rules, "Agentic AI Systems: Memory and Planning", abstract)[0] == "agents"


def test_assignment_is_deterministic(taxonomy):
    papers = pl.DataFrame(
        {
            "paper_id": ["1", "2", "3"],
            "title": ["GUI Agents for Phones", "Video Generation with Diffusion Transformers", "Nothing"],
            "abstract": ["We build GUI agents.", "We generate videos with a diffusion transformer.", ""],
            "keywords": [["gui agents"], [], []],
        }
    )
    first = paper_topics(papers, taxonomy)
    again = paper_topics(papers.reverse(), taxonomy).sort("paper_id", "rank")
    assert first.sort("paper_id", "rank").equals(again)
    assert first.columns == ["paper_id", "topic_id", "score", "method", "rank"]
    assert set(first["paper_id"]) == {"1", "2"}


def test_worker_processes_give_the_same_topics_as_one_process(taxonomy, monkeypatch):
    """A full build's batch is matched by worker processes (PARALLEL_MIN_PAPERS), in chunks: same rows,
    same order."""
    from benchmarks.topic_quality import recorded_papers

    monkeypatch.setattr("enrichment.topics.CHUNK_PAPERS", 60)  # 400 papers: 7 chunks over 2 workers

    recorded = sorted(recorded_papers().items())[:400]
    papers = pl.DataFrame(
        [(paper_id, paper["title"], paper["abstract"], paper["keywords"]) for paper_id, paper in recorded],
        schema={
            "paper_id": pl.String,
            "title": pl.String,
            "abstract": pl.String,
            "keywords": pl.List(pl.String),
        },
        orient="row",
    )
    in_process = paper_topics(papers, taxonomy, processes=1)
    assert in_process.height > len(recorded)
    assert paper_topics(papers, taxonomy, processes=2).equals(in_process)


def test_the_model_assigns_nothing_to_a_paper_far_from_every_topic(taxonomy):
    with_model = Assigner(topics_from_frame(taxonomy))
    assert with_model.model is not None
    assert with_model.assign("A Quiet Afternoon", "Nothing here names a topic of the taxonomy.", []) == []


def test_the_model_proposes_its_closest_topic_without_a_phrase():
    topics = [Topic("weather", None, r"weather forecasting"), Topic("music", None, r"music generation")]
    idf = dict.fromkeys(["rainfall", "storm", "melody", "convex", "optimiser", "constraints", "solver"], 1.0)
    model = TopicModel(idf, {"weather": {"rainfall": 0.7, "storm": 0.7}, "music": {"melody": 1.0}})
    assigner = Assigner(topics, model=model)
    # no phrase of either topic: the model's closest topic, close enough, is proposed and says so
    [proposed] = assigner.assign("Rainfall and Storm Nowcasting", "We predict rainfall and storm cells.", [])
    assert (proposed.topic_id, proposed.method) == ("weather", "model:centroid")
    assert proposed.points == pytest.approx(MODEL_PROPOSE_WEIGHT * 0.7 * 2**0.5, rel=1e-3)
    # far from every centroid (one shared word among others): nothing
    far = "A convex optimiser with constraints, and a solver. One storm."
    assert assigner.assign("Convex Optimiser Constraints Solver", far, []) == []
    # a topic the rules keep is not proposed again
    [ruled] = assigner.assign("Weather Forecasting of Rainfall and Storms", "We predict rainfall.", [])
    assert (ruled.topic_id, ruled.method) == ("weather", "rule:title")


def test_a_secondary_topic_named_only_by_keywords_needs_a_larger_share():
    topics = [Topic("main", None, r"speculative decoding"), Topic("side", None, r"draft models?")]
    assigner = Assigner(topics, model=None)
    title = "Speculative Decoding for Long Inputs"
    # the main topic: title 4 + first statement 2 = 6 points; the side topic: two keywords (2) and two
    # mentions (1.5) = 3.5, above SECONDARY_SHARE (0.55 x 6 = 3.3) but below KEYWORD_SECONDARY_SHARE (3.9)
    abstract = "We propose speculative decoding. Small draft models help. Others use a draft model too."
    found = assigner.assign(title, abstract, ["draft model", "draft models for decoding"])
    assert [item.topic_id for item in found] == ["main"]


# --- the matcher ----------------------------------------------------------------------------------------


def test_the_longest_phrase_at_a_place_wins_and_plurals_match():
    matcher = Matcher(
        [
            Topic("post", None, r"post[- ]training( recipes?| methods?| pipelines?)?"),
            Topic("data", None, r"post[- ]training (data|datasets?)"),
            Topic("safety", None, r"prompt injection"),
        ]
    )
    assert matcher.topics_in("Post-Training Datasets for Science") == {"data": 1}
    assert matcher.topics_in("defeating prompt injections") == {"safety": 1}
    assert matcher.topics_in("repost-training") == {}


def test_a_space_or_a_hyphen_between_words_matches_either():
    matcher = Matcher([Topic("gui", None, r"mobile (agents?|apps?)"), Topic("rl", None, r"r1-zero")])
    assert matcher.topics_in("Mobile-Agent-v2 and R1 Zero") == {"gui": 1, "rl": 1}


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"(llm|lm) agents?", (" agent",)),
        (r"mixtures?[- ]of[- ]experts?", ("mixture",)),
        (r"(ct|pet)( scans?)?", ("ct", "pet")),
        (r"\w+bench", ("bench",)),
    ],
)
def test_needles_are_literals_every_match_holds(pattern, expected):
    assert needles(pattern) == expected
