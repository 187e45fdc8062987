"""FROZEN COPY, for the benchmark's speed and quality comparison only: enrichment/keywords.py as of commit
a618adb (the pure-Python, row-by-row extractor that the polars one replaced). Nothing in the warehouse imports
this file; do not change it, so that "old" keeps meaning the same code.

Its own docstring follows.

Keywords: one normalised form per concept, and a fast extractor for papers the API gave none.

Normalising folds case, hyphens, spacing and the head noun's plural ("Mixtures-of-Experts" and "mixture of
experts" are one keyword) and replaces an acronym by its expansion when the same text defines it
("mixture-of-experts (MoE)" makes "MoE" mean "mixture of experts"). Acronym definitions are found with the
Schwartz-Hearst algorithm. The extractor is pure Python and deterministic: candidate phrases are n-grams
of the runs of words between stopwords and punctuation, scored from their frequency, position, length,
whether the text defines an acronym for them, rarity across the corpus (document frequency) and, when
given, how often the API chose them for other papers; RAKE/YAKE style, weights tuned on the sample's
`ai_keywords` (benchmarks/keyword_quality.py).
"""

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

MAX_WORDS = 3
TOP_K = 10
# Corpus statistics come from the latest papers: a bounded cost per run at any warehouse size.
STATS_WINDOW = 20_000
DEFINED_BOOST = 10.0
KNOWN_WEIGHT = 2.0
CORPUS_ACRONYM_MIN_PAPERS = 3
CORPUS_ACRONYM_MIN_SHARE = 0.8
POSITION_SLOPE = 0.3
LENGTH_WEIGHT = {1: 0.7, 2: 1.0, 3: 0.9}

STOPWORDS = frozenset(
    """a about above across after again against all almost along also although always am among an and another
    any are around as at be because been before being below between both but by can could did do does doing
    done down during each either else enough etc even ever every few for from further had has have having he
    her here hers how however i if in into is it its itself just least less let like made make makes making
    many may me might more most much must my neither no nor not now of off often on once only onto or other
    others otherwise our ours out over own per perhaps rather same several shall she should since so some
    such than that the their theirs them themselves then there therefore these they this those though three
    through thus to too two under unlike until up upon us use used uses using very via was we well were what
    whatever when where whereas whether which while who whom whose why will with within without would yet you
    your one first second new novel propose proposes proposed present presents introduce introduces
    introduced show shows shown demonstrate demonstrates achieve achieves achieving existing various different
    significant significantly substantially remarkable extensive experiments experimental
    outperforms state-of-the-art sota based effective effectively efficiently improve improves improved
    improving enable enables enabling provide provides key large-scale better best across including include
    includes specifically particular recent recently current previous prior simple strong comprehensive
    furthermore moreover additionally finally code available publicly github https http www com via despite
    address addresses leverage leverages leveraging release released challenging remains remain lack
    limited limitations limitation often new
    however crucial critical important essential wide widely range diverse despite yield yields given
    able due ensure ensures allows allow consistently significant notable""".split()
)
WEAK_EDGE = frozenset("high low key main overall general various specific certain single multiple".split())
# nouns that end many keywords ("diffusion models", "reward model") but are no keyword alone or at the start
GENERIC = frozenset(
    """paper work approach approaches method methods framework frameworks task tasks model models performance
    results result study studies problem problems issue issues challenge challenges""".split()
)
KEEP_PLURAL = frozenset(
    """series species news physics mathematics robotics dynamics statistics analytics ethics economics
    linguistics graphics semantics genomics kinematics mechanics electronics optics logistics pragmatics
    informatics bioinformatics bias alias atlas canvas gas lens chaos this its""".split()
)
JOINED_PREFIXES = frozenset("pre post multi non co re sub semi fine".split())
HEAD_BREAKERS = frozenset("of for in on with via to from by under over against".split())

_PARENTHETICAL = re.compile(r"^(.*?)\s*\(([^()]*)\)\s*$")
_DASHES = re.compile(r"[\-\u2010-\u2015_/]+")
_NOT_WORD = re.compile(r"[^\w\s+.]")
_MISSING_SPACE = re.compile(r"([a-z])\.([A-Z])")
_FRAGMENT_BREAK = re.compile(r"[,;:!?()\[\]{}\"\u201c\u201d]|\.(?=\s|$)|\s[\-\u2013\u2014]+\s|--")
_WORD = re.compile(r"[A-Za-z0-9][\w+.'\-^]*[\w+]|[A-Za-z0-9]")
_ACRONYM_DEF = re.compile(r"\(\s*([A-Za-z][\w\-^.&+]{1,14})\s*[,;)]")
_SENTENCE_BREAK = re.compile(r"[.;:!?\[\]()]\s")


@dataclass(frozen=True)
class Keyword:
    keyword: str
    surface: str
    score: float


@lru_cache(maxsize=100_000)
def singular(word: str) -> str:
    """The singular of one lowercase word, by suffix rules; words with digits or short words are kept."""
    if len(word) <= 3 or word in KEEP_PLURAL or not word.isalpha():
        return word
    if word.endswith(("ss", "us", "is", "ics")) and not word.endswith("metrics"):
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "xes", "shes", "ches")) and word not in ("caches", "niches"):
        return word[:-2]
    return word[:-1] if word.endswith("s") else word


@lru_cache(maxsize=100_000)
def fold_word(word: str) -> tuple[str, ...]:
    """One word with Unicode, case and hyphen variants folded ("Mixture-of-Experts" gives three)."""
    text = (word if word.isascii() else unicodedata.normalize("NFKC", word)).lower()
    return tuple(
        part.strip(".") for part in _NOT_WORD.sub(" ", _DASHES.sub(" ", text)).split() if part.strip(".")
    )


def join_prefixes(words: list[str]) -> list[str]:
    """Join a prefix to the next word: "pre-training", "pre training" and "pretraining" are one word."""
    if JOINED_PREFIXES.isdisjoint(words[:-1]):
        return words
    for i in range(len(words) - 2, -1, -1):
        if words[i] in JOINED_PREFIXES:
            words[i : i + 2] = [words[i] + words[i + 1]]
    return words


def singular_head(words: list[str]) -> list[str]:
    """Singularise the head noun: the last word before the first preposition ("mixtures of experts")."""
    if HEAD_BREAKERS.isdisjoint(words):
        return [*words[:-1], singular(words[-1])] if words else words
    head = next((i - 1 for i, word in enumerate(words) if word in HEAD_BREAKERS and i > 0), len(words) - 1)
    return [singular(word) if i == head else word for i, word in enumerate(words)]


def keyword_from_folded(words: list[str]) -> str:
    """The keyword of a phrase's folded words."""
    return " ".join(singular_head(join_prefixes(words)))


def strip_parenthetical(surface: str) -> str:
    """'Large Language Models (LLMs)' -> 'Large Language Models'."""
    match = _PARENTHETICAL.match(surface)
    return match.group(1) if match and match.group(1) else surface.strip()


@lru_cache(maxsize=100_000)
def folded_keyword(surface: str) -> str:
    """The normalised form before acronym expansion."""
    return keyword_from_folded(
        [part for word in strip_parenthetical(surface).split() for part in fold_word(word)]
    )


def normalize_keyword(surface: str, acronyms: Mapping[str, str] | None = None) -> str:
    """The normalised keyword; an acronym defined in the same text becomes its expansion."""
    keyword = folded_keyword(surface)
    return (acronyms or {}).get(keyword, keyword)


def _long_form(short: str, window: str) -> str | None:
    """Schwartz-Hearst: the shortest tail of `window` whose letters spell `short` in order."""
    chars = [c.lower() for c in short if c.isalnum()]
    s, pos = len(chars) - 1, len(window) - 1
    while s >= 0:
        while pos >= 0 and (
            window[pos].lower() != chars[s] or (s == 0 and pos > 0 and window[pos - 1].isalnum())
        ):
            pos -= 1
        if pos < 0:
            return None
        pos, s = pos - 1, s - 1
    long_form = window[pos + 1 :].strip()
    words = long_form.split()
    if len(long_form) <= len(short) or len(words) > min(len(chars) + 5, 2 * len(chars)):
        return None
    return long_form


@lru_cache(maxsize=100_000)
def is_acronym(token: str) -> bool:
    return sum(c.isupper() for c in token) >= 2 and not token.isdigit() and len(token) <= 12


def find_acronyms(text: str) -> dict[str, str]:
    """Normalised acronym -> normalised expansion, for each "long form (ACRONYM)" in the text."""
    acronyms: dict[str, str] = {}
    for match in _ACRONYM_DEF.finditer(text):
        short = match.group(1)
        if not is_acronym(short):
            continue
        before = _SENTENCE_BREAK.split(text[max(0, match.start() - 120) : match.start()])[-1]
        long_form = _long_form(short.removesuffix("s") if short[-2:-1].isupper() else short, before)
        if long_form:
            acronyms.setdefault(normalize_keyword(short), normalize_keyword(long_form))
    return acronyms


def normalize_keywords(surfaces: Iterable[str], text: str = "") -> list[Keyword]:
    """The API's keywords of one paper, normalised with the acronyms its text defines, deduplicated."""
    surfaces = list(surfaces)
    acronyms = find_acronyms(" ".join([text, *surfaces]))
    seen: dict[str, Keyword] = {}
    for surface in surfaces:
        keyword = normalize_keyword(surface, acronyms)
        if keyword and keyword not in seen:
            seen[keyword] = Keyword(keyword, strip_parenthetical(surface), 1.0)
    return list(seen.values())


def fragments(text: str) -> list[list[str]]:
    """Runs of words between punctuation."""
    text = _MISSING_SPACE.sub(r"\1. \2", " ".join(text.split()))
    return [_WORD.findall(part) for part in _FRAGMENT_BREAK.split(text)]


def chunks(words: list[str]) -> list[list[str]]:
    """Runs of content words between stopwords and bare numbers."""
    runs: list[list[str]] = [[]]
    for word in words:
        if word.lower() in STOPWORDS or word.replace(".", "").isdigit():
            runs.append([])
        else:
            runs[-1].append(word)
    return [run for run in runs if run]


@dataclass(slots=True)
class Candidate:
    surface: str
    words: int
    first: float
    count: int = 1
    defined: bool = False


@lru_cache(maxsize=100_000)
def word_info(word: str) -> tuple[bool, bool, tuple[str, ...], str | None, str | None]:
    """(weak edge, generic, folded parts, plain token, plain token as a head noun) of one word. Most words
    fold to one plain token: n-grams of those get the key keyword_from_folded would give by joining."""
    lowered, folded = word.lower(), fold_word(word)
    if len(folded) == 1 and folded[0] not in JOINED_PREFIXES and folded[0] not in HEAD_BREAKERS:
        return lowered in WEAK_EDGE, lowered in GENERIC, folded, folded[0], singular(folded[0])
    return lowered in WEAK_EDGE, lowered in GENERIC, folded, None, None


def _count_ngrams(runs: list[list[str]], acronyms: Mapping[str, str]) -> dict[str, Candidate]:
    """Count every n-gram of the runs that neither starts nor ends on a weak word nor starts on a generic
    one, by normalised key (one loop for the whole paper: this is the extractor's hot path)."""
    found: dict[str, Candidate] = {}
    for index, run in enumerate(runs):
        position, infos, size = index / len(runs), [word_info(word) for word in run], len(run)
        for start in range(size):
            if infos[start][0] or infos[start][1]:
                continue
            prefix: str | None = ""
            for end in range(start + 1, min(size, start + MAX_WORDS) + 1):
                weak, _generic, _folded, plain, head = infos[end - 1]
                if prefix is None or plain is None:
                    prefix = None
                    key = keyword_from_folded([part for info in infos[start:end] for part in info[2]])
                else:
                    key = prefix + head
                    prefix += plain + " "
                if weak:
                    continue
                if acronyms:
                    key = acronyms.get(key, key)
                if key in found:
                    found[key].count += 1
                else:
                    found[key] = Candidate(" ".join(run[start:end]), end - start, position)
    return found


def paper_candidates(title: str, abstract: str) -> dict[str, Candidate]:
    """Every candidate phrase of a paper, keyed by its normalised form, with its position statistics."""
    acronyms = find_acronyms(f"{title}. {abstract}")
    # the title comes first, so the position weight already favours it
    found = _count_ngrams(
        [run for frag in fragments(f"{title}. {abstract}") for run in chunks(frag)], acronyms
    )
    for long_form in acronyms.values():
        if long_form in found:
            found[long_form].defined = True
    found.pop("", None)
    return found


@lru_cache(maxsize=100_000)
def corpus_weight(df: int, n_docs: int, known: int) -> float:
    """What the corpus says: rarer phrases weigh more, phrases the API chose for other papers too."""
    rarity = math.log((n_docs + 1) / (df + 0.5)) / math.log(n_docs + 1.5) if n_docs else 1.0
    return max(rarity, 0.05) * (1.0 + KNOWN_WEIGHT * math.log1p(known))


def rank(
    found: Mapping[str, Candidate],
    doc_freq: Mapping[str, int],
    n_docs: int,
    top_k: int = TOP_K,
    known: Mapping[str, int] | None = None,
) -> list[Keyword]:
    """The top candidates of one paper, scores scaled so the best is 1.0. `known` counts the papers
    whose API keywords hold a keyword (a controlled vocabulary from the same corpus).

    A candidate's score is what the paper says (frequency, early position, length, an acronym definition)
    times what the corpus says (corpus_weight)."""
    known = known or {}
    scored = []
    for key, cand in found.items():
        paper_side = (
            (1.0 + math.log(cand.count)) * (1.0 - POSITION_SLOPE * cand.first) * LENGTH_WEIGHT[cand.words]
        )
        if cand.defined:
            paper_side *= DEFINED_BOOST
        scored.append(
            (-paper_side * corpus_weight(doc_freq.get(key, 1), n_docs, known.get(key, 0)), key, cand.surface)
        )
    scored.sort()
    chosen = select_diverse(scored, top_k)
    best = chosen[0][0] if chosen else -1.0
    return [Keyword(key, surface, round(value / best, 6)) for value, key, surface in chosen]


def select_diverse(scored: list[tuple[float, str, str]], top_k: int) -> list[tuple[float, str, str]]:
    """The best candidates, skipping any that lies inside an already chosen phrase ("entity" after
    "named entity recognition")."""
    chosen: list[tuple[float, str, str]] = []
    for item in scored:
        padded = f" {item[1]} "
        if not any(padded in f" {other[1]} " for other in chosen):
            chosen.append(item)
            if len(chosen) == top_k:
                break
    return chosen


def corpus_candidates(papers: Iterable[tuple[str, str]]) -> tuple[list[dict[str, Candidate]], Counter]:
    """Candidates of each (title, abstract) and how many of these papers hold each candidate."""
    found = [paper_candidates(title, abstract) for title, abstract in papers]
    return found, Counter(key for cands in found for key in cands)


def extract_corpus(
    papers: Iterable[tuple[str, str]], known: Mapping[str, int] | None = None, top_k: int = TOP_K
) -> list[list[Keyword]]:
    """Keywords for each (title, abstract), with document frequencies taken over these same papers."""
    found, doc_freq = corpus_candidates(papers)
    return [rank(cands, doc_freq, len(found), top_k, known) for cands in found]


def extract_keywords(
    title: str, abstract: str, doc_freq: Mapping[str, int] | None = None, n_docs: int = 0, top_k: int = TOP_K
) -> list[Keyword]:
    """The top keywords of one paper, given document frequencies from a corpus (none: frequency only)."""
    return rank(paper_candidates(title, abstract), doc_freq or {}, n_docs, top_k)


def corpus_acronyms(texts: Iterable[str]) -> dict[str, str]:
    """Acronyms the corpus defines consistently ("LLM" is "large language model" in nearly every paper that
    defines it), to expand them in papers that use them without a definition."""
    seen: dict[str, Counter] = {}
    for text in texts:
        for short, long_form in find_acronyms(text).items():
            seen.setdefault(short, Counter())[long_form] += 1
    consistent = {}
    for short, long_forms in seen.items():
        long_form, count = long_forms.most_common(1)[0]
        if count >= CORPUS_ACRONYM_MIN_PAPERS and count >= CORPUS_ACRONYM_MIN_SHARE * long_forms.total():
            consistent[short] = long_form
    return consistent


@dataclass(frozen=True)
class CorpusStats:
    """What the corpus says, for scoring: document frequencies of candidate phrases over `n_docs` papers,
    how many papers the API gave each keyword (`known`) and the acronyms the corpus defines consistently."""

    doc_freq: Mapping[str, int]
    n_docs: int
    known: Mapping[str, int]
    expand: Mapping[str, str]


Paper = tuple[str, str, str | None, list[str] | None]


def _text(title: str, abstract: str | None) -> str:
    return f"{title}. {abstract or ''}"


def api_keywords(paper: Paper) -> list[Keyword]:
    """The API's keywords of one (paper_id, title, abstract, ai_keywords), normalised with its own text."""
    _, title, abstract, ai_keywords = paper
    return normalize_keywords(ai_keywords or [], _text(title, abstract))


def corpus_stats(
    papers: Iterable[Paper],
    found: Mapping[str, dict[str, Candidate]] | None = None,
    doc_freq: Mapping[str, int] | None = None,
) -> CorpusStats:
    """Statistics of a corpus of (paper_id, title, abstract, ai_keywords); `found` may hold the papers'
    candidates (paper_candidates) already extracted, by paper_id, and `doc_freq` their document
    frequencies already counted (then no paper is extracted here)."""
    papers = list(papers)
    found = found if found is not None else {}
    expand = corpus_acronyms(_text(title, abstract) for _, title, abstract, _ in papers)
    known = Counter(expand.get(kw.keyword, kw.keyword) for paper in papers for kw in api_keywords(paper))
    if doc_freq is None:
        counted: Counter = Counter()
        for paper_id, title, abstract, _ in papers:
            cands = found.get(paper_id)
            counted.update((cands if cands is not None else paper_candidates(title, abstract or "")).keys())
        doc_freq = counted
    return CorpusStats(doc_freq, len(papers), known, expand)


def score_paper(
    paper: Paper, stats: CorpusStats, cands: Mapping[str, Candidate] | None = None
) -> list[tuple]:
    """(paper_id, keyword, surface, spelled_out, score, source) rows of one paper against `stats`: the API's
    keywords where present, else the ones extracted from `cands` (extracted here when not given)."""
    paper_id, title, abstract, _ = paper
    keywords, source = api_keywords(paper), "hf_ai"
    if not keywords:
        if cands is None:
            cands = paper_candidates(title, abstract or "")
        keywords = rank(cands, stats.doc_freq, stats.n_docs, known=stats.known)
        source = "extracted"
    best: dict[str, Keyword] = {}
    for kw in keywords:
        keyword = stats.expand.get(kw.keyword, kw.keyword)
        if keyword not in best or kw.score > best[keyword].score:
            best[keyword] = kw
    return [
        (paper_id, keyword, kw.surface, folded_keyword(kw.surface) == keyword, kw.score, source)
        for keyword, kw in best.items()
    ]


def paper_keywords(papers: Iterable[Paper]) -> list[tuple]:
    """(paper_id, keyword, surface, spelled_out, score, source) for (paper_id, title, abstract, ai_keywords).

    The API's keywords win where present (source 'hf_ai', score 1.0: they come in order of appearance in
    the abstract, not of importance). Other papers get extracted keywords (source 'extracted'), scored with
    document frequencies over the whole corpus and the API's keywords of other papers as a vocabulary.
    Acronyms a paper leaves undefined are expanded when the corpus defines them consistently; spelled_out
    says whether the surface form is the keyword written out (not an acronym of it).
    """
    papers = list(papers)
    found = {paper_id: paper_candidates(title, abstract or "") for paper_id, title, abstract, _ in papers}
    stats = corpus_stats(papers, found)
    return [row for paper in papers for row in score_paper(paper, stats, found[paper[0]])]
