"""Topics of papers: the curated taxonomy (dbt seed `topics.csv`) applied to title, abstract and keywords.

Each topic has `patterns`, one case-insensitive regular expression of `|`-separated phrases matched as whole
words, and optional `exclude_patterns`, sense rules: a match anywhere in the paper vetoes the topic
("test-time scaling" vetoes speech synthesis for "TTS"). Matching (Matcher):
- a phrase also matches its plural ("prompt injection" finds "prompt injections"), and a space or a hyphen
  between its words matches either ("mobile agent" finds "Mobile-Agent");
- at each place of the text the longest phrase wins and the text it covers counts once, for the topics
  whose phrase it is as a whole: "GUI agents" is evidence for GUI agents, not also for agents, "post-training
  datasets" for instruction tuning, not for the training parent. Sense is mostly settled this way: a
  specific phrase in the right topic ("error-correcting codes", "image-to-image translation") takes the
  words a bare phrase elsewhere would misread;
- acronyms a paper defines are read as their long forms first: "test-time scaling (TTS)" makes every later
  "TTS" test-time scaling, and "Mixture-of-Models (MoE)" is no mixture of experts.

Evidence for a topic, per paper (see POINTS and CAPS):
- `title`: a phrase in the title's subject; `title_means`: in its means ("... via X", "... with X": a
  phrase that starts before the means counts for the subject);
- `keywords`: how many of the paper's keywords (the API's `ai_keywords`, else ours) name the topic;
- `first_stated` / `stated`: phrases in the abstract's sentences that state what the paper does ("we
  propose", "this paper"), the first such sentence weighing most;
- `mentioned`: phrases in the rest of the abstract (background, motivation, results); a topic the abstract
  keeps coming back to gathers points, a passing mention does not reach MIN_POINTS.
A topic with context patterns also takes the evidence of its broader topics when the title, the first
statement or a keyword names its context (RL in a paper about reasoning is RL for reasoning). A parent's
own phrases weigh PARENT_WEIGHT. The frozen topic model (enrichment/topics_model.py) adds MODEL_WEIGHT x
its cosine similarity to topics that have evidence, and proposes its closest topic when the cosine is high
(MODEL_PROPOSE_MIN), phrase or not: the one way a topic without a phrase in the paper is assigned.

The best scored subject is the paper's main topic; at most MAX_TOPICS are kept, the others only when they
reach SECONDARY_SHARE of the main topic's points (KEYWORD_SECONDARY_SHARE when only keywords and the
abstract name them). A facet (benchmarks, evaluation, open model releases) needs evidence in the title or
the first statement and is the main topic only when no subject qualifies. Only the most specific topic of a
branch is kept: a parent is implied by its child (roll up with parent_topic_id).

The method names the strongest evidence: rule:title, rule:keyword, rule:abstract, or model:centroid (the
model's proposal); the score is points / (points + 2), in (0, 1). Measured against hand labels:
benchmarks/topic_quality.py, benchmarks/topic_cv.py and the "Topic quality" section of docs/benchmarks.md.
"""

import bisect
import functools
import itertools
import multiprocessing
import os
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import cached_property

import polars as pl

from enrichment.topics_model import DEFAULT_PATH as DEFAULT_MODEL_PATH
from enrichment.topics_model import TopicModel

# Calibrated on the `tune` labels by a grid over these constants, confirmed on `dev` (docs/benchmarks.md).
POINTS = {
    "title": 4.0,
    "title_means": 2.0,
    "keywords": 1.0,
    "first_stated": 2.0,
    "stated": 1.0,
    "mentioned": 0.75,
}
# how many matches of a kind count: a topic the whole abstract keeps coming back to is its subject
CAPS = {"keywords": 2, "stated": 2, "mentioned": 5}
# a parent topic is the fallback of its children: its own (broad) phrases count for less
PARENT_WEIGHT = 0.6
# points added per unit of the topic model's cosine similarity (enrichment/topics_model.py) to a topic the
# rules found evidence for: a tie-breaker and a nudge
MODEL_WEIGHT = 6.0
# the model's closest topic, when its cosine reaches MODEL_PROPOSE_MIN and the rules did not keep it, is a
# candidate of MODEL_PROPOSE_WEIGHT x cosine points (plus its rule points, if any) even without a phrase:
# a paper worded in a way no phrase covers still gets its topic (chosen by benchmarks/topic_cv.py)
MODEL_PROPOSE_MIN = 0.15
MODEL_PROPOSE_WEIGHT = 25.0
MIN_POINTS = 2.5
MAX_TOPICS = 3
SECONDARY_SHARE = 0.55
# a secondary topic whose strongest evidence is the API's keywords (no title phrase) needs a larger share:
# keyword-only secondaries were the least precise assignments (rule:keyword 0.81 on tune+dev)
KEYWORD_SECONDARY_SHARE = 0.65

_STATEMENT = re.compile(
    r"\b(we (propose|introduce|present|develop|design|build|construct|release|curate|study|investigate"
    r"|explore|analy[sz]e|examine|formulate|establish|address|tackle|focus|reveal|show that)"
    r"|this (paper|work|study|report)|in this (paper|work)|here,? we"
    r"|(is|are) (a|an) (new|novel|open|simple|unified|framework))\b",
    re.IGNORECASE,
)
# "X with Y", "X via Y": in a title, what follows names the means, not the subject
_MEANS = re.compile(r"\b(with|via|using|through|by|based on|leveraging|powered by|from)\b", re.IGNORECASE)
# "Code and models are available at https://...": about the release, not the subject
_BOILERPLATE = re.compile(
    r"https?://|github|\b(code|data|models?|datasets?|weights|demos?|project page)\b[^.]{0,60}"
    r"\b(available|released|open[- ]sourced?|public)\b",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(])")
_DEFINITION = re.compile(r"\(\s*([A-Za-z][A-Za-z0-9\-]{1,12}?)(s?)\s*\)")
_WORD = re.compile(r"[A-Za-z0-9]+")
# every phrase also matches its plural: "prompt injection" finds "prompt injections", "bias" finds "biases"
_PLURAL = "(?:e?s)?"


@dataclass(frozen=True)
class Topic:
    topic_id: str
    parent_topic_id: str | None
    patterns: str
    exclude_patterns: str | None = None
    broader_topic_ids: tuple[str, ...] = ()
    context_patterns: str | None = None
    is_facet: bool = False

    @cached_property
    def exclude(self) -> re.Pattern | None:
        return _words(self.exclude_patterns)

    @cached_property
    def context(self) -> re.Pattern | None:
        return _words(self.context_patterns)


def _words(patterns: str | None) -> re.Pattern | None:
    return re.compile(rf"\b(?:{patterns})\b", re.IGNORECASE) if patterns else None


def split_alternatives(patterns: str) -> list[str]:
    """The top-level `|`-separated alternatives of a pattern (not those inside parentheses)."""
    parts, depth, start, escaped = [], 0, 0, False
    for i, char in enumerate(patterns):
        if escaped:
            escaped = False
            continue
        escaped = char == "\\"
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == "|" and depth == 0:
            parts.append(patterns[start:i])
            start = i + 1
    parts.append(patterns[start:])
    return [part.strip() for part in parts if part.strip()]


def _tokens(pattern: str) -> list[tuple[str, str]]:
    """A pattern's top-level pieces as (kind, text): "char" (a literal character), "group" (the inside of a
    parenthesised group), "other" (a class, an escape like \\w), each quantifier as ("quant", text)."""
    tokens, i = [], 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            escaped = pattern[i + 1 : i + 2]
            tokens.append(("char" if not escaped.isalnum() else "other", pattern[i : i + 2]))
            i += 2
        elif char == "[":
            close = pattern.index("]", i + 2)
            tokens.append(("other", pattern[i : close + 1]))
            i = close + 1
        elif char == "(":
            depth, j = 0, i
            while True:
                if pattern[j] == "\\":
                    j += 2
                    continue
                depth += {"(": 1, ")": -1}.get(pattern[j], 0)
                if depth == 0:
                    break
                j += 1
            inner = pattern[i + 1 : j]
            tokens.append(("group", inner[2:] if inner.startswith("?:") else inner))
            i = j + 1
        elif char in "?*+{":
            close = pattern.index("}", i) + 1 if char == "{" else i + 1
            if close < len(pattern) and pattern[close] == "?":  # lazy
                close += 1
            tokens.append(("quant", pattern[i:close]))
            i = close
        else:
            tokens.append(("char", char))
            i += 1
    return tokens


def needles(pattern: str) -> tuple[str, ...]:
    """Lower-case literal strings one of which every match of the pattern contains (empty when none is
    known): the matcher tries a phrase only on texts that hold one of its needles, which keeps a
    taxonomy of thousands of phrases fast."""
    if len(split_alternatives(pattern)) > 1:
        branches = [needles(branch) for branch in split_alternatives(pattern)]
        return tuple(sorted({n for found in branches for n in found})) if all(branches) else ()
    tokens = _tokens(pattern)
    runs, run, options = [], "", []
    for index, (kind, text) in enumerate(tokens):
        following = tokens[index + 1] if index + 1 < len(tokens) else ("", "")
        optional = following[0] == "quant" and not following[1].startswith(("+", "{1", "{2", "{3"))
        if kind == "char" and not optional:
            run += text[-1].lower()
            if following[0] == "quant":  # "x+": one x is sure, what follows is not adjacent
                runs.append(run)
                run = ""
            continue
        if run:
            runs.append(run)
            run = ""
        if kind == "group" and not optional:
            found = needles(text)
            if found:
                options.append(found)
    if run:
        runs.append(run)
    best = max(runs, key=len, default="")
    group = max(options, key=lambda found: min(map(len, found)), default=())
    if len(best.strip()) >= 3 or (best.strip() and not group):
        return (best,)
    return group or ((best,) if best.strip() else ())


def _compiled_form(pattern: str) -> str:
    """The pattern as matched: lower case (escapes such as \\W kept), and a space or a hyphen between the
    words of a phrase matches either ("mobile agent" finds "Mobile-Agent", "r1-zero" finds "R1 Zero")."""
    out, in_class, i = [], False, 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            out.append(pattern[i : i + 2])
            i += 2
            continue
        if in_class:
            in_class = char != "]"
            out.append(char.lower())
        elif char == "[":
            in_class = True
            out.append(char)
        else:
            out.append("[- ]" if char in " -" else char.lower())
        i += 1
    return "".join(out)


def _found(regex: re.Pattern, text: str) -> Iterable[tuple[int, int]]:
    """(start, end) of the regex's matches that start a word, as `\\b` before it would find them."""
    position = 0
    while match := regex.search(text, position):
        start, end = match.span()
        if start == 0 or not (text[start - 1].isalnum() or text[start - 1] == "_"):
            yield start, end
            position = max(end, start + 1)
        else:
            position = start + 1


class Matcher:
    """Every topic's phrases, longer phrases first: a span of text counts once, for the topics whose phrase
    it is as a whole ("GUI agent" is evidence for GUI agents, not also for agents; "key-value cache
    compression" for efficient inference, not for model compression). Scanning gives what one regular
    expression `\\b(?:longest|...|shortest)\\b` would, but each phrase is only tried on a text that holds
    one of its needles, which keeps thousands of phrases under a millisecond a paper."""

    def __init__(self, topics: Iterable[Topic]):
        owners: dict[str, list[str]] = {}
        for topic in topics:
            for alternative in split_alternatives(topic.patterns):
                owners.setdefault(_compiled_form(alternative), []).append(topic.topic_id)
        ordered = sorted(owners, key=lambda alternative: (-len(alternative), alternative))
        # no leading \b: a pattern that starts with a literal is searched for much faster (see _found)
        self._phrases = [re.compile(rf"(?:{alternative}){_PLURAL}\b") for alternative in ordered]
        self._whole = [re.compile(f"(?:{alternative}){_PLURAL}") for alternative in ordered]
        self._owners = [tuple(owners[alternative]) for alternative in ordered]
        # each phrase is filed under its needles' first four characters (three for short needles)
        by_needle: dict[str, list[int]] = {}
        self._unfiled: list[int] = []  # phrases without a needle of three characters: always tried
        for index, alternative in enumerate(ordered):
            found = needles(alternative)
            if not found or min(map(len, found)) < 3:
                self._unfiled.append(index)
            for needle in found if found and min(map(len, found)) >= 3 else ():
                by_needle.setdefault(needle, []).append(index)
        self._filed: dict[str, list[tuple[str, tuple[int, ...]]]] = {}
        self._short: list[tuple[str, tuple[int, ...]]] = []  # needles of three characters
        for needle, indexes in by_needle.items():
            if len(needle) == 3:
                self._short.append((needle, tuple(indexes)))
            else:
                self._filed.setdefault(needle[:4], []).append((needle, tuple(indexes)))
        self._owners_of: dict[str, tuple[str, ...]] = {}

    def candidates(self, lowered: str) -> list[int]:
        """The phrases (by priority) whose needles the lower-cased text holds."""
        found = set(self._unfiled)
        for needle, indexes in self._short:
            if needle in lowered:
                found.update(indexes)
        grams = {lowered[i : i + 4] for i in range(len(lowered) - 3)}
        for gram in grams & self._filed.keys():
            for needle, indexes in self._filed[gram]:
                if len(needle) == 4 or needle in lowered:
                    found.update(indexes)
        return sorted(found)

    def owners(self, phrase: str) -> tuple[str, ...]:
        """The topics whose phrase the text is, as a whole."""
        key = phrase.lower()
        if key not in self._owners_of:
            found = {
                topic
                for index in self.candidates(key)
                if self._whole[index].fullmatch(key)
                for topic in self._owners[index]
            }
            self._owners_of[key] = tuple(sorted(found))
        return self._owners_of[key]

    def _spans(self, lowered: str) -> list[tuple[int, int]]:
        """(start, end) of the phrases found, left to right: at each place the longest phrase (then the
        longer pattern), and the text it covers is not matched again."""
        found = sorted(
            (start, start - end, index, end)
            for index in self.candidates(lowered)
            for start, end in _found(self._phrases[index], lowered)
        )
        spans, position = [], 0
        for start, _, _, end in found:
            if start >= position:
                spans.append((start, end))
                position = end
        return spans

    def topics_in(self, text: str) -> Counter:
        """How many times each topic's phrases occur in the text."""
        return self.topics_in_each([text])[0]

    def topics_in_each(self, texts: list[str]) -> list[Counter]:
        """topics_in for each text, scanned together."""
        return [
            Counter(topic for _, owners in found for topic in owners) for found in self.found_in_each(texts)
        ]

    def found_in_each(self, texts: list[str]) -> list[list[tuple[int, tuple[str, ...]]]]:
        """For each text, (where it starts in the lower-cased text, owners) of every phrase found in it.
        The texts are scanned together, joined by line breaks, which no phrase spans."""
        lowered = [text.lower().replace("\n", " ") for text in texts]
        joined = "\n".join(lowered)
        starts = [0, *itertools.accumulate(len(text) + 1 for text in lowered)]
        found: list[list[tuple[int, tuple[str, ...]]]] = [[] for _ in texts]
        for start, end in self._spans(joined):
            index = bisect.bisect_right(starts, start) - 1
            found[index].append((start - starts[index], self.owners(joined[start:end])))
        return found


@dataclass(frozen=True)
class Assignment:
    topic_id: str
    points: float
    method: str
    rank: int

    @property
    def score(self) -> float:
        return round(self.points / (self.points + 2.0), 6)


def topics_from_frame(taxonomy: pl.DataFrame) -> list[Topic]:
    """The taxonomy's rows as Topic rules (see dbt_project/seeds/topics.yml for the columns)."""
    return [
        Topic(
            topic_id=row["topic_id"],
            parent_topic_id=row["parent_topic_id"] or None,
            patterns=row["patterns"],
            exclude_patterns=row.get("exclude_patterns") or None,
            broader_topic_ids=tuple(
                part.strip() for part in (row.get("broader_topic_ids") or "").split("|") if part.strip()
            ),
            context_patterns=row.get("context_patterns") or None,
            is_facet=(row.get("role") or "subject") == "facet",
        )
        for row in taxonomy.sort("topic_id").iter_rows(named=True)
    ]


def _long_form(short: str, before: str) -> str | None:
    """Schwartz-Hearst: the shortest run of words ending the text before "(SHORT)" whose letters spell
    SHORT in order, the first letter starting a word."""
    letters = [c.lower() for c in short if c.isalnum()]
    words = _WORD.findall(before)[-(len(letters) + 3) :]
    for start in range(len(words) - 1, -1, -1):
        candidate = words[start:]
        if candidate[0][0].lower() != letters[0]:
            continue
        text, pos = " ".join(candidate).lower(), 0
        for letter in letters:
            pos = text.find(letter, pos)
            if pos < 0:
                break
            pos += 1
        else:
            return " ".join(candidate) if len(candidate) > 1 or len(candidate[0]) > len(short) else None
    return None


def expand_acronyms(text: str) -> str:
    """The text with every acronym it defines ("test-time scaling (TTS)") replaced by its long form."""
    for match in _DEFINITION.finditer(text):
        short = match.group(1)
        if sum(c.isupper() for c in short) < 2:
            continue
        long_form = _long_form(short, text[max(0, match.start() - 160) : match.start()])
        if long_form:
            text = re.sub(rf"\b{re.escape(short)}s?\b", long_form, text)
    return text


def sentences(abstract: str) -> tuple[list[str], list[str]]:
    """The abstract's sentences that state what the paper does, and the others."""
    stated, other = [], []
    for sentence in _SENTENCE_END.split(abstract):
        if not _BOILERPLATE.search(sentence):
            (stated if _STATEMENT.search(sentence) else other).append(sentence)
    return stated, other


def means_ranges(title: str) -> list[tuple[int, int]]:
    """Where the title names its means: after "with", "via", "using"... up to a colon or the end."""
    ranges, offset = [], 0
    for part in title.split(":"):
        cut = _MEANS.search(part)
        if cut:
            ranges.append((offset + cut.start(), offset + len(part)))
        offset += len(part) + 1
    return ranges


def evidence(matcher: Matcher, title: str, stated: list[str], other: list[str], keywords: list[str]) -> dict:
    """topic -> {kind: count} for every topic with any evidence. A title phrase that starts before the
    means counts for the subject, even if it runs on ("Learning from Human Feedback")."""
    found = matcher.found_in_each([title, *stated, *other, *keywords])
    means = means_ranges(title.lower())
    in_title, found = found[0], found[1:]
    first, stated_found = found[: min(1, len(stated))], found[min(1, len(stated)) : len(stated)]
    other_found, keyword_found = (
        found[len(stated) : len(stated) + len(other)],
        found[len(stated) + len(other) :],
    )

    def count(texts) -> Counter:
        return Counter(topic for text in texts for _, owners in text for topic in owners)

    kinds = {
        "title": Counter(
            topic
            for start, owners in in_title
            if not any(low <= start < high for low, high in means)
            for topic in owners
        ),
        "title_means": Counter(
            topic
            for start, owners in in_title
            if any(low <= start < high for low, high in means)
            for topic in owners
        ),
        # a keyword counts once for each topic it names
        "keywords": Counter(
            topic for text in keyword_found for topic in {t for _, owners in text for t in owners}
        ),
        "first_stated": count(first),
        "stated": count(stated_found),
        "mentioned": count(other_found),
    }
    topics = set().union(*kinds.values())
    return {topic: {kind: found[topic] for kind, found in kinds.items()} for topic in topics}


def points_of(found: Mapping[str, int]) -> float:
    return sum(POINTS[kind] * min(count, CAPS.get(kind, 1)) for kind, count in found.items())


def method_of(found: Mapping[str, int]) -> str:
    if found["title"] or found["title_means"]:
        return "rule:title"
    return "rule:keyword" if found["keywords"] else "rule:abstract"


def broader(topic_id: str, topics: Mapping[str, Topic]) -> set[str]:
    """Every topic `topic_id` implies: its ancestors and its broader topics, transitively."""
    found: set[str] = set()
    todo = [topic_id]
    while todo:
        topic = topics.get(todo.pop())
        if topic is None:
            continue
        for implied in (topic.parent_topic_id, *topic.broader_topic_ids):
            if implied and implied not in found:
                found.add(implied)
                todo.append(implied)
    return found


@functools.cache
def default_model() -> TopicModel | None:
    """The committed topic model, or None when the artifact is absent."""
    return TopicModel.load() if DEFAULT_MODEL_PATH.exists() else None


class Assigner:
    """The taxonomy, compiled once, applied to one paper at a time. `model` breaks ties between topics with
    evidence (default: the committed enrichment/data/topic_centroids.json; None: rules alone)."""

    def __init__(self, topics: list[Topic], model: TopicModel | None | str = "default"):
        self.topics = {topic.topic_id: topic for topic in topics}
        self.parents = {topic.parent_topic_id for topic in topics if topic.parent_topic_id}
        self.matcher = Matcher(topics)
        self.model = default_model() if model == "default" else model

    def assign(
        self, title: str | None, abstract: str | None, keywords: Iterable[str] | None
    ) -> list[Assignment]:
        """The topics of one paper, best first."""
        # the API's abstracts break lines mid-phrase
        plain_title, plain_abstract = (" ".join((text or "").split()) for text in (title, abstract))
        title, abstract = expand_acronyms(plain_title), expand_acronyms(plain_abstract)
        stated, other = sentences(abstract)
        whole = f"{title}\n{abstract}"
        keywords = list(keywords or [])
        found = evidence(self.matcher, title, stated, other, keywords)
        found = self.specialise(found, title, stated, keywords)
        cosines = (
            self.model.cosines(self.model.vector(plain_title, plain_abstract, keywords)) if self.model else {}
        )
        scored = []
        for topic_id, kinds in found.items():
            points = self.rule_points(topic_id, kinds) + MODEL_WEIGHT * cosines.get(topic_id, 0.0)
            if points >= MIN_POINTS and not self.vetoed(topic_id, whole):
                scored.append((points, topic_id, method_of(kinds)))
        if proposed := self.proposal(cosines, found, scored, whole):
            scored.append(proposed)
        return self.choose(scored)

    def rule_points(self, topic_id: str, kinds: Mapping[str, int]) -> float:
        return points_of(kinds) * (PARENT_WEIGHT if topic_id in self.parents else 1.0)

    def vetoed(self, topic_id: str, whole: str) -> bool:
        exclude = self.topics[topic_id].exclude
        return bool(exclude and exclude.search(whole))

    def proposal(
        self, cosines: Mapping[str, float], found: dict, scored: list[tuple[float, str, str]], whole: str
    ) -> tuple[float, str, str] | None:
        """The model's closest subject topic as a candidate, when it is close enough and the rules did not
        keep it: MODEL_PROPOSE_WEIGHT x cosine points, plus the rule points it has (method model:centroid)."""
        best = TopicModel.best(cosines)
        if best is None or best[1] < MODEL_PROPOSE_MIN:
            return None
        topic_id, cosine = best
        topic = self.topics.get(topic_id)
        if topic is None or topic.is_facet or topic_id in {item[1] for item in scored}:
            return None
        if self.vetoed(topic_id, whole):
            return None
        points = MODEL_PROPOSE_WEIGHT * cosine
        if topic_id in found:
            points += self.rule_points(topic_id, found[topic_id])
        return points, topic_id, "model:centroid"

    def specialise(self, found: dict, title: str, stated: list[str], keywords: list[str]) -> dict:
        """A topic with context patterns takes the evidence of its broader topics when the title, the first
        statement or a keyword names its context: "reinforcement learning" in a paper about reasoning is
        evidence for RL for reasoning. A facet needs evidence in the title or the first statement."""
        heading = "\n".join([title, *stated[:1], *keywords])
        for topic in self.topics.values():
            if topic.context is None or not topic.context.search(heading):
                continue
            for other in topic.broader_topic_ids:
                if other in found:
                    mine = found.setdefault(topic.topic_id, dict.fromkeys(found[other], 0))
                    for kind, count in found[other].items():
                        mine[kind] += count
        for topic_id in [topic_id for topic_id in found if self.topics[topic_id].is_facet]:
            kinds = found[topic_id]
            if not (kinds["title"] or kinds["title_means"] or kinds["first_stated"]):
                del found[topic_id]
        return found

    def choose(self, scored: list[tuple[float, str, str]]) -> list[Assignment]:
        """The main topic and up to MAX_TOPICS - 1 close ones. A topic gives way to any kept topic that
        implies it (a child implies its parent); a facet (benchmarks) is never the main topic when a
        subject qualifies, and is kept beside it on its own points."""
        implied = {other for _, topic_id, _ in scored for other in broader(topic_id, self.topics)}
        ranked = sorted(
            (item for item in scored if item[1] not in implied), key=lambda item: (-item[0], item[1])
        )
        subjects = [item for item in ranked if not self.topics[item[1]].is_facet]
        facets = [item for item in ranked if self.topics[item[1]].is_facet]
        if not subjects:
            return [Assignment(topic_id, points, method, 1) for points, topic_id, method in facets[:1]]
        best = subjects[0][0]
        close = subjects[:1] + [
            item
            for item in subjects[1:]
            if item[0] >= (KEYWORD_SECONDARY_SHARE if item[2] == "rule:keyword" else SECONDARY_SHARE) * best
        ]
        chosen = (close[:1] + facets + close[1:])[:MAX_TOPICS]
        return [
            Assignment(topic_id, points, method, rank)
            for rank, (points, topic_id, method) in enumerate(chosen, 1)
        ]


def assign(
    topics: list[Topic], title: str, abstract: str | None, keywords: Iterable[str] | None
) -> list[Assignment]:
    """The topics of one paper, best first (compiles the taxonomy: use Assigner for many papers)."""
    return Assigner(topics).assign(title, abstract, keywords)


# A batch this large (a full build, a taxonomy change) is matched by one worker process per core: the
# matcher is pure Python, about 3.5 ms of CPU a paper, so a 50,000-paper build spent three minutes on one
# core while the other waited. A daily run's few hundred papers stay in the process: starting the workers
# costs more than two cores save on them (benchmarks/topic_workers.py: 300 papers take 1.4 times as long
# with two workers, 2,344 papers 0.67 of the time).
PARALLEL_MIN_PAPERS = 4000
CHUNK_PAPERS = 1000
TOPIC_ROW = {
    "paper_id": pl.String,
    "topic_id": pl.String,
    "score": pl.Float64,
    "method": pl.String,
    "rank": pl.Int32,
}


def paper_topics(papers: pl.DataFrame, taxonomy: pl.DataFrame, processes: int | None = None) -> pl.DataFrame:
    """(paper_id, topic_id, score, method, rank) for papers with columns paper_id, title, abstract and
    keywords (list of strings); rank 1 is the paper's main topic. `processes`: worker processes (default:
    one per core for PARALLEL_MIN_PAPERS papers or more, else none); the result is the same either way.
    The workers are spawned: a script that calls this at import time needs the `if __name__ == "__main__"`
    guard, as every spawned pool does (dbt's and pytest's entry points have it)."""
    rows = papers.select("paper_id", "title", "abstract", "keywords").rows()
    topics = topics_from_frame(taxonomy)
    # chunks of CHUNK_PAPERS, so that only a few are in flight at a time (the texts are not copied whole to
    # the workers), in their order; no more workers than chunks or than the cores this process may use
    chunks = [rows[start : start + CHUNK_PAPERS] for start in range(0, len(rows), CHUNK_PAPERS)]
    if processes is None:
        processes = _usable_cores() if len(rows) >= PARALLEL_MIN_PAPERS else 1
    processes = min(processes, len(chunks))
    if processes <= 1:
        return _frame(_assign_rows(Assigner(topics), rows))
    # spawn, not fork: dbt's process holds DuckDB's threads, and a forked child can inherit a lock one of
    # them held
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(
        processes, mp_context=context, initializer=_start_worker, initargs=(topics,)
    ) as pool:
        return _frame([row for part in pool.map(_assign_in_worker, chunks) for row in part])


def _usable_cores() -> int:
    """The cores this process may run on (a container or taskset may give it fewer than the machine has)."""
    if hasattr(os, "sched_getaffinity"):  # Linux
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def _frame(rows: list[tuple]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=TOPIC_ROW, orient="row")


def _assign_rows(assigner: Assigner, rows: list[tuple]) -> list[tuple]:
    return [
        (paper_id, found.topic_id, found.score, found.method, found.rank)
        for paper_id, title, abstract, keywords in rows
        for found in assigner.assign(title, abstract, keywords)
    ]


_worker_assigner: Assigner | None = None  # a worker process's assigner, built once by _start_worker


def _start_worker(topics: list[Topic]) -> None:
    global _worker_assigner
    _worker_assigner = Assigner(topics)


def _assign_in_worker(rows: list[tuple]) -> list[tuple]:
    return _assign_rows(_worker_assigner, rows)
