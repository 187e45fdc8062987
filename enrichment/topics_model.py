"""A small frozen text model that breaks ties between the topics the rules found evidence for.

Each topic is a TF-IDF centroid: the normalised mean of the (title x3, keywords x2, abstract x1) unigram
and bigram TF-IDF vectors of the papers it was the main topic of. A paper's similarity to a centroid is
their cosine. The rules decide which topics a paper may get (a topic needs a phrase of its own in the
paper); the similarity, times enrichment.topics.MODEL_WEIGHT, is added to their points, so that of two
topics with the same phrases the one whose vocabulary the paper shares wins, and a topic the abstract keeps
mentioning can reach the threshold. One exception: the paper's closest centroid, when its cosine reaches
enrichment.topics.MODEL_PROPOSE_MIN, is proposed even without a phrase (method model:centroid), so that a
paper worded in a way no phrase covers still gets its topic.

The centroids are trained once, offline, by benchmarks/train_topic_model.py from the recorded papers:
weak labels (the rules' main topic where a title phrase states it) plus the hand labels of the `tune`
split; never the `dev`, `heldout` or `unseen` papers. The artifact (enrichment/data/topic_centroids.json)
is committed; nothing is trained when dbt runs. Retraining changes assignments: bump taxonomy_version in
the seed with it, so that every paper is matched again.
"""

import json
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from functools import cached_property
from pathlib import Path

import numpy as np

DEFAULT_PATH = Path(__file__).with_name("data") / "topic_centroids.json"
# the title names the subject, keywords summarise it, the abstract adds context
FIELD_WEIGHTS = {"title": 3, "keywords": 2, "abstract": 1}
MIN_DOCUMENT_FREQUENCY = 5  # rarer terms are names, typos and noise
TERMS_PER_TOPIC = 200  # a centroid keeps its heaviest terms: small artifact, same ranking
_WORD = re.compile(r"[a-z][a-z0-9\-]+")
_STOP = frozenset(
    "a an the of for and in on with to by from via using is are we our this that be as at or its it can which"
    " these their than into over under not more most such both also has have been while how what when where"
    " who do does new paper propose proposed method methods approach results show model models large"
    " language llm llms based".split()
)


def terms(text: str) -> list[str]:
    """Lower-case words and adjacent word pairs, stop words left out."""
    words = [word for word in _WORD.findall(text.lower()) if word not in _STOP]
    return words + [f"{first} {second}" for first, second in zip(words, words[1:], strict=False)]


def term_counts(title: str | None, abstract: str | None, keywords: Iterable[str] | None) -> Counter:
    counts: Counter = Counter()
    for field, text in (("title", title), ("keywords", " ; ".join(keywords or [])), ("abstract", abstract)):
        for term in terms(text or ""):
            counts[term] += FIELD_WEIGHTS[field]
    return counts


def _unit(vector: Mapping[str, float]) -> dict[str, float]:
    norm = math.sqrt(sum(value * value for value in vector.values())) or 1.0
    return {term: value / norm for term, value in vector.items()}


class TopicModel:
    """TF-IDF centroids of topics (see the module docstring)."""

    def __init__(self, idf: Mapping[str, float], centroids: Mapping[str, Mapping[str, float]]):
        self.idf = dict(idf)
        self.centroids = {topic: dict(terms) for topic, terms in centroids.items()}

    @classmethod
    def load(cls, path: Path = DEFAULT_PATH) -> "TopicModel":
        data = json.loads(path.read_text())
        return cls(data["idf"], data["centroids"])

    def vector(self, title: str | None, abstract: str | None, keywords: Iterable[str] | None) -> dict:
        counts = term_counts(title, abstract, keywords)
        return _unit(
            {term: (1 + math.log(n)) * self.idf[term] for term, n in counts.items() if term in self.idf}
        )

    @cached_property
    def _matrix(self) -> tuple[dict[str, int], list[str], np.ndarray]:
        """The centroids as one matrix: a row per term a centroid holds, a column per topic (sorted)."""
        topics = sorted(self.centroids)
        rows = {term: row for row, term in enumerate(sorted({t for c in self.centroids.values() for t in c}))}
        matrix = np.zeros((len(rows), len(topics)))
        for column, topic in enumerate(topics):
            for term, weight in self.centroids[topic].items():
                matrix[rows[term], column] = weight
        return rows, topics, matrix

    def cosines(self, vector: Mapping[str, float]) -> dict[str, float]:
        """Cosine of the paper's vector to each centroid it shares a term with: one product with the
        centroid matrix (a loop over each term's centroids cost 1-2 ms a paper, most of the topic model's
        time at 50,000 papers)."""
        rows, topics, matrix = self._matrix
        shared = [(rows[term], weight) for term, weight in vector.items() if term in rows]
        if not shared:
            return {}
        index, weights = zip(*shared, strict=True)
        values = np.asarray(weights) @ matrix[list(index)]
        return {topic: float(value) for topic, value in zip(topics, values, strict=True) if value > 0}

    @staticmethod
    def best(cosines: Mapping[str, float]) -> tuple[str, float] | None:
        """The closest topic and its cosine, of a paper's `cosines` (None: no term shared)."""
        if not cosines:
            return None
        topic = min(cosines, key=lambda topic: (-cosines[topic], topic))
        return topic, cosines[topic]


def train(papers: Iterable[tuple[str, str, list[str], list[str]]]) -> dict:
    """The artifact (idf and centroids) from (title, abstract, keywords, topics) of training papers."""
    papers = list(papers)
    counts = [term_counts(title, abstract, keywords) for title, abstract, keywords, _ in papers]
    frequency = Counter(term for found in counts for term in found)
    idf = {
        term: round(math.log(len(papers) / n), 5)
        for term, n in sorted(frequency.items())
        if n >= MIN_DOCUMENT_FREQUENCY
    }
    sums: dict[str, Counter] = defaultdict(Counter)
    for found, (*_, topics) in zip(counts, papers, strict=True):
        vector = _unit({term: (1 + math.log(n)) * idf[term] for term, n in found.items() if term in idf})
        for topic in topics:
            sums[topic].update(vector)
    centroids = {}
    for topic in sorted(sums):
        heaviest = dict(
            sorted(_unit(sums[topic]).items(), key=lambda item: (-item[1], item[0]))[:TERMS_PER_TOPIC]
        )
        centroids[topic] = {term: round(weight, 5) for term, weight in sorted(heaviest.items())}
    return {"idf": idf, "centroids": centroids}
