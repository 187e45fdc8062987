"""The parts a synthetic paper is made of, drawn from the real recordings (benchmarks/synthetic_real.py):
item templates, sentences, titles, name parts and counts; and the author popularity model.

A synthetic paper is a real item of the same API period (so the fields the API sent then, ai_keywords
included, come with it, and so does its number of authors) with a new id and dates, a title that may swap
its part after the colon with another real title's, an abstract of a real abstract's word count made of
the template's own sentences followed by other real sentences, authors drawn from the popularity model,
and upvotes and comments drawn from the real ones. Keyword extraction and topic matching read real
sentences, so they do the work they do on real papers.
"""

import datetime as dt
import itertools
import json
import re
from dataclasses import dataclass

import numpy as np
from synthetic_real import collapse, keyword_period

SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9(])")
NOT_HANDLE = re.compile(r"[^a-z0-9]")
PHI = (5**0.5 - 1) / 2
# Author popularity, fitted on the 146 real days (sampled from the generated history on the same dates):
# every day draws its entries from the persons active in a sliding window (a career of CAREER_DAYS), with
# Zipf-Mandelbrot weights 1 / (rank + ZIPF_OFFSET) ** ZIPF_EXPONENT over the window. PERSONS_PER_ENTRY new
# persons arrive per entry drawn. The exponent sets how skewed reuse is, the offset the busiest author's
# share, the arrival rate how many names occur once. (A plain Zipf law over fixed slots, the first
# generator, put one author on 81% of the papers.)
ZIPF_EXPONENT, ZIPF_OFFSET, PERSONS_PER_ENTRY, CAREER_DAYS = 0.8, 120.0, 0.45, 1100
# 7.8% of real entries link an HF account: persons with an account claim some of their papers (among names
# with a link and several entries, a third of the entries are linked).
ACCOUNT_SHARE, CLAIMED_SHARE = 0.2, 0.39
UPVOTES_SENTINEL, COMMENTS_SENTINEL = 987654321, 987654322


def split_name(name: str) -> tuple[str, str]:
    """Given names and family name ("Mohammad Reza", "Taesiri"); a one-word name is its own family name."""
    parts = name.split()
    return (" ".join(parts[:-1]), parts[-1]) if len(parts) > 1 else ("", name)


def weighted(counts: dict[str, int]) -> tuple[list[str], np.ndarray]:
    values = np.asarray(list(counts.values()), dtype=float)
    return list(counts), values / values.sum()


@dataclass
class Corpus:
    templates: list[list[str]]  # per keyword period: real items as JSON, without their authors
    template_authors: list[np.ndarray]  # per period: each template's number of authors
    template_sentences: list[list[list[int]]]  # per period: each template's sentence indices
    sentences: list[str]
    sentence_words: np.ndarray
    abstract_words: np.ndarray
    title_suffixes: list[str]
    given: tuple[list[str], np.ndarray]
    family: tuple[list[str], np.ndarray]
    upvotes: np.ndarray
    comments: np.ndarray

    @classmethod
    def from_days(cls, days: dict[str, list[dict]]) -> "Corpus":
        latest = {item["paper"]["id"]: (day, item) for day, items in days.items() for item in items}
        sentences: list[str] = []
        templates, authors, own_sentences = ([[], [], []] for _ in range(3))
        given: dict[str, int] = {}
        family: dict[str, int] = {}
        for day, item in latest.values():
            paper = item["paper"]
            for entry in paper.get("authors") or []:
                first, last = split_name(entry["name"])
                given[first] = given.get(first, 0) + 1
                family[last] = family.get(last, 0) + 1
            period = keyword_period(day)
            parts = [s for s in SENTENCE_END.split(collapse(paper.get("summary"))) if s]
            own_sentences[period].append(list(range(len(sentences), len(sentences) + len(parts))))
            sentences.extend(parts)
            authors[period].append(len(paper.get("authors") or []))
            stripped = json.loads(json.dumps(item))
            stripped["paper"]["authors"] = []
            templates[period].append(json.dumps(stripped, ensure_ascii=False))
        titles = [collapse(item["paper"].get("title")) for _, item in latest.values()]
        return cls(
            templates=templates,
            template_authors=[np.asarray(a) for a in authors],
            template_sentences=own_sentences,
            sentences=sentences,
            sentence_words=np.asarray([len(s.split()) for s in sentences]),
            abstract_words=np.asarray(
                [len((item["paper"].get("summary") or "").split()) for _, item in latest.values()]
            ),
            title_suffixes=[t.split(": ", 1)[1] for t in titles if ": " in t],
            given=weighted(given),
            family=weighted(family),
            upvotes=np.asarray([item["paper"].get("upvotes") or 0 for _, item in latest.values()]),
            comments=np.asarray([item.get("numComments") or 0 for _, item in latest.values()]),
        )

    def title(self, rng: np.random.Generator, real_title: str) -> str:
        """The real title, or half the time (when it has one) with another title's part after the colon."""
        title = collapse(real_title)
        if ": " in title and rng.random() < 0.5:
            suffix = self.title_suffixes[rng.integers(len(self.title_suffixes))]
            title = f"{title.split(': ', 1)[0]}: {suffix}"
        return title

    def abstract(self, rng: np.random.Generator, own: list[int]) -> str:
        """The template's sentences, then other real sentences, to the nearest sentence of a real abstract's
        word count."""
        target = int(self.abstract_words[rng.integers(len(self.abstract_words))])
        chosen, words = [], 0
        others = iter(lambda: int(rng.integers(len(self.sentences))), None)
        for index in itertools.chain(own, others):
            size = int(self.sentence_words[index])
            if chosen and words + size / 2 > target:
                break
            chosen.append(self.sentences[index])
            words += size
        return " ".join(chosen)


class AuthorPool:
    """Persons in order of arrival; a day draws from the window of the most recent ones, weighted by a
    Zipf-Mandelbrot law over ranks spread by the golden ratio, so that every window holds each rank about
    once (the busiest person of a window is as busy as in any other) and careers end as the window moves."""

    def __init__(self, rng: np.random.Generator, corpus: Corpus, entries_per_weekday: float, total: int):
        self.window = max(1000, int(PERSONS_PER_ENTRY * entries_per_weekday * CAREER_DAYS * 5 / 7))
        size = int(PERSONS_PER_ENTRY * total) + self.window + 1
        rank = np.floor((np.arange(size) * PHI % 1.0) * self.window)
        self.cumulative = np.concatenate([[0.0], np.cumsum(1.0 / (rank + ZIPF_OFFSET) ** ZIPF_EXPONENT)])
        self.size = size
        self.given = rng.choice(len(corpus.given[0]), size, p=corpus.given[1])
        self.family = rng.choice(len(corpus.family[0]), size, p=corpus.family[1])
        self.has_account = rng.random(size) < ACCOUNT_SHARE
        self.corpus = corpus
        self.drawn = 0

    def draw(self, rng: np.random.Generator, counts: np.ndarray) -> list[np.ndarray]:
        """Distinct persons for each paper of a day, `counts[i]` for paper i."""
        low = min(int(self.drawn * PERSONS_PER_ENTRY), self.size - self.window)
        high = low + self.window
        self.drawn += int(counts.sum())
        papers = []
        for count in counts.tolist():
            chosen: dict[int, None] = {}
            while len(chosen) < count:
                u = rng.uniform(self.cumulative[low], self.cumulative[high], count - len(chosen))
                picks = np.searchsorted(self.cumulative, u, side="right") - 1
                chosen.update(dict.fromkeys(np.clip(picks, low, high - 1).tolist()))
            papers.append(np.fromiter(chosen, dtype=np.int64, count=count))
        return papers

    def name(self, person: int) -> str:
        first = self.corpus.given[0][self.given[person]]
        last = self.corpus.family[0][self.family[person]]
        return f"{first} {last}" if first else last

    def entry(self, rng: np.random.Generator, person: int, serial: int, stamp: str) -> dict:
        name = self.name(person)
        entry = {"_id": f"{serial:024x}", "name": name, "hidden": False}
        if self.has_account[person] and rng.random() < CLAIMED_SHARE:
            entry["user"] = {
                "_id": f"{person:024x}",
                "avatarUrl": "/avatars/synthetic.svg",
                "isPro": False,
                "fullname": name,
                "user": f"{NOT_HANDLE.sub('', name.lower())[:16]}{person}",
                "type": "user",
            }
            entry["status"] = "claimed_verified"
            entry["statusLastChangedAt"] = stamp
        return entry


def stamp(day: dt.date, seconds: int) -> str:
    moment = dt.datetime.combine(day, dt.time()) + dt.timedelta(seconds=seconds)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.000Z")
