"""Synthetic Daily Papers calibrated to the real recordings: a history loaded straight into the raw tables,
and the scheduled run's refresh window written as recordings for the replay server.

    python benchmarks/synthetic_raw.py --papers 50000 --out data/bench/synthetic_50000

Writes <out>/history.duckdb (the history, as the daily schedule would have landed it), <out>/recordings/
(daily_papers/<date>.json for the days the measured run fetches, paper_details/<arXiv id>.json for their
papers, papers_search/ for the watchlists: what the replay server serves to the measured run) and
<out>/summary.json (counts and the calibration table, real vs synthetic).

The calendar is real: the measured run is the schedule's run on RUN_DATE (a Saturday) under the default
refresh policy (orchestration/lib/refresh_policy.py, ages 0-7, 14, 30): its partition range is the eight
days before it (six weekdays refetched, the last one, a Friday, new) and two extra days 14 and 30 days
back. Listing days are weekdays (the recorded days are all weekdays) going back from the new day for as many
days as the papers need at real volume, papers per day drawn from the real days; beyond HISTORY_FLOOR the
days get denser instead (1M papers would otherwise reach back two centuries), by the factor `density` the
summary records. Dates before 2023-05-04 (the API's first listing) are only labels: nothing in the warehouse
depends on them.

The raw tables hold what the schedule lands: every listing day fetched at the first `--fetches` refresh ages
(all ten by default; each fetch by the run on day + age + 1, before RUN_DATE), with its papers' details
fetched by the same run (raw.hf_paper_details: the paper's own fields, and linked models, datasets and
Spaces arranged by sample_data/build_paper_details.py's rule), upvotes and comments grown with the age by
the replay clock's rule (orchestration/lib/replay_clock.py); one manifest row per fetch of every calendar
day (weekends land empty) and per detail; every watchlist searched once a day (the real recorded search
answers). About 0.17% of papers are listed again on a later weekday, at the rate the recordings imply
(synthetic_real.relisting_rate).
"""

import argparse
import datetime as dt
import json
import re
import shutil
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, quote_plus

import duckdb
import numpy as np
import pyarrow as pa
from synthetic_corpus import COMMENTS_SENTINEL, UPVOTES_SENTINEL, AuthorPool, Corpus, stamp
from synthetic_real import calibration_stats, keyword_period, load_real_days, relisting_rate

from orchestration.lib.raw_tables import MANIFEST_SCHEMA, ensure_raw_schema
from orchestration.lib.refresh_policy import DEFAULT_AGES, refresh_days
from orchestration.lib.replay_clock import grown
from orchestration.lib.settings import FIRST_LISTING_DATE, SAMPLE_DIR
from orchestration.lib.watchlists import DEFAULT_WATCHLISTS, load_watchlists

sys.path.insert(0, str(SAMPLE_DIR))
from build_paper_details import detail as arranged_detail  # noqa: E402

# bumped when what is generated changes, so cached files of an older generator are not reused
VERSION = 6
RUN_DATE = dt.date(2026, 11, 28)
RUN_DAYS = refresh_days(RUN_DATE, DEFAULT_AGES, FIRST_LISTING_DATE)
NEW_DAY = dt.date.fromisoformat(RUN_DAYS.end)
# Every listing date the measured run fetches: its partition range and its extra days.
_SPAN = (NEW_DAY - dt.date.fromisoformat(RUN_DAYS.start)).days + 1
_RANGE = [NEW_DAY - dt.timedelta(days=i) for i in range(_SPAN)]
WINDOW = tuple(sorted({*_RANGE, *(dt.date.fromisoformat(day) for day in RUN_DAYS.extra)}))
HISTORY_FLOOR = dt.date(2014, 1, 1)
SEARCH_ROOT = SAMPLE_DIR / "hf_recorded" / "papers_search"
RELIST_WITHIN_WEEKDAYS = 10
FLUSH_ROWS = 20_000
API = "https://huggingface.co/api"
DAILY_URL, SEARCH_URL, DETAILS_URL = f"{API}/daily_papers", f"{API}/papers/search", f"{API}/papers"
MANIFEST_COLUMNS = tuple(MANIFEST_SCHEMA)


@dataclass
class Listed:
    """One listing of a paper: its item and its detail as JSON with sentinel upvotes and comments, and their
    values on the listing day (real early-morning counts), grown by the replay clock's rule when fetched
    later."""

    paper_id: str
    title: str
    text: str
    detail: str
    upvotes: int
    comments: int

    def fetched(self, age: int) -> str:
        """The listing item as fetched `age` days after the listing date."""
        return self.text.replace(str(UPVOTES_SENTINEL), str(grown(self.upvotes, age))).replace(
            str(COMMENTS_SENTINEL), str(grown(self.comments, age))
        )

    def detail_fetched(self, age: int) -> str:
        return self.detail.replace(str(UPVOTES_SENTINEL), str(grown(self.upvotes, age)))

    def relisted(self, listed_at: str) -> "Listed":
        """The same paper listed again: only paper.submittedOnDailyAt moves to the later day (as the one real
        re-listing of the recordings, and the raw suite's check that it is on the listing date, expect)."""
        moved = re.sub(r'("submittedOnDailyAt": )"[^"]*"', rf'\1"{listed_at}"', self.text)
        detail = re.sub(r'("submittedOnDailyAt": )"[^"]*"', rf'\1"{listed_at}"', self.detail)
        return Listed(self.paper_id, self.title, moved, detail, self.upvotes, self.comments)


@dataclass
class Plan:
    days: list[dt.date]  # listing days, oldest first; the last one is the window's new day
    sizes: list[int]
    density: float


def weekdays(first: dt.date, last: dt.date) -> list[dt.date]:
    span = (last - first).days + 1
    return [d for d in (first + dt.timedelta(days=i) for i in range(span)) if d.weekday() < 5]


def plan_days(rng: np.random.Generator, real_sizes: np.ndarray, papers: int) -> Plan:
    """Listing days back from the window until `papers` papers are listed, at real volume where it fits."""
    new_day = NEW_DAY
    history = weekdays(HISTORY_FLOOR, new_day - dt.timedelta(days=1))
    density = max(1.0, papers / (len(history) * real_sizes.mean()))
    days, sizes, total = [], [], 0
    for day in reversed(history):
        if total >= papers:
            break
        size = max(1, round(int(real_sizes[rng.integers(len(real_sizes))]) * density))
        days.append(day)
        sizes.append(min(size, papers - total))
        total += sizes[-1]
    new_size = max(1, round(int(real_sizes[rng.integers(len(real_sizes))]) * density))
    return Plan([*reversed(days), new_day], [*reversed(sizes), new_size], density)


@dataclass
class Generator:
    corpus: Corpus
    plan: Plan
    relist_rate: float
    rng: np.random.Generator
    serials: dict[str, int] = field(default_factory=dict)
    relistings: dict[int, list[Listed]] = field(default_factory=dict)
    entry_serial: int = 0

    def __post_init__(self):
        periods = [keyword_period(day.isoformat()) for day in self.plan.days]
        self.templates = [
            self.rng.integers(len(self.corpus.templates[period]), size=size)
            for period, size in zip(periods, self.plan.sizes, strict=True)
        ]
        counts = [
            self.corpus.template_authors[period][picks]
            for period, picks in zip(periods, self.templates, strict=True)
        ]
        self.author_counts = counts
        total = int(sum(c.sum() for c in counts))
        per_weekday = total / len(self.plan.days)
        self.authors = AuthorPool(self.rng, self.corpus, per_weekday, total)

    def paper_id(self, published: dt.date) -> str:
        """An arXiv id of the month: four-digit serials before 2015, five from 1501 on."""
        month = published.strftime("%y%m")
        self.serials[month] = self.serials.get(month, 0) + 1
        return f"{month}.{self.serials[month]:0{5 if published.year >= 2015 else 4}d}"

    def paper(self, day: dt.date, period: int, template: int, persons: np.ndarray) -> Listed:
        rng, corpus = self.rng, self.corpus
        item = json.loads(corpus.templates[period][template])
        paper = item["paper"]
        published = day - dt.timedelta(days=int(rng.integers(0, 4)))
        paper_id = self.paper_id(published)
        title = corpus.title(rng, paper.get("title") or "")
        abstract = corpus.abstract(rng, corpus.template_sentences[period][template])
        listed_at = stamp(day, int(rng.integers(3600, 20 * 3600)))
        authors = []
        for person in persons.tolist():
            self.entry_serial += 1
            authors.append(self.authors.entry(rng, person, self.entry_serial, listed_at))
        paper.update(
            id=paper_id,
            title=title,
            summary=abstract,
            authors=authors,
            publishedAt=stamp(published, int(rng.integers(0, 86400))),
            upvotes=UPVOTES_SENTINEL,
            discussionId=f"{self.entry_serial:024x}",
        )
        if "submittedOnDailyAt" in paper:
            paper["submittedOnDailyAt"] = listed_at
        item.update(title=title, publishedAt=paper["publishedAt"], numComments=COMMENTS_SENTINEL)
        if "summary" in item:
            item["summary"] = abstract
        if "thumbnail" in item:
            item["thumbnail"] = (
                f"https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/{paper_id}.png"
            )
        upvotes = int(corpus.upvotes[rng.integers(len(corpus.upvotes))])
        comments = int(corpus.comments[rng.integers(len(corpus.comments))])
        text, detail = (json.dumps(x, ensure_ascii=False) for x in (item, arranged_detail(item)))
        return Listed(paper_id, title, text, detail, upvotes, comments)

    def days(self):
        """(day, listings) for each planned day, oldest first; re-listings appended to their later day."""
        for index, day in enumerate(self.plan.days):
            period = keyword_period(day.isoformat())
            persons = self.authors.draw(self.rng, self.author_counts[index])
            listed = [
                self.paper(day, period, int(template), people)
                for template, people in zip(self.templates[index], persons, strict=True)
            ]
            for paper in listed:
                if self.rng.random() < self.relist_rate:
                    later = index + int(self.rng.integers(1, RELIST_WITHIN_WEEKDAYS + 1))
                    self.relistings.setdefault(later, []).append(paper)
            again = [
                paper.relisted(stamp(day, int(self.rng.integers(3600, 20 * 3600))))
                for paper in self.relistings.pop(index, [])
            ]
            yield day, listed + again


def fetch_time(day: dt.date, age: int, rng: np.random.Generator) -> dt.datetime:
    """The schedule's run that fetched `day` at `age` (on day + age + 1), at 06:00 UTC and a few seconds."""
    run = dt.datetime.combine(day + dt.timedelta(days=age + 1), dt.time(6), tzinfo=dt.UTC)
    return run + dt.timedelta(seconds=float(rng.uniform(1, 60)))


def fetches_before_run(day: dt.date, fetches: int) -> list[int]:
    """The ages at which the schedule fetched `day` before RUN_DATE's run (the first `fetches` ages)."""
    return [age for age in DEFAULT_AGES[:fetches] if day + dt.timedelta(days=age + 1) < RUN_DATE]


def manifest_row(source, key, params, fetched_at, count, url) -> tuple:
    fetch_id = str(uuid.uuid4())
    values = {
        "fetch_id": fetch_id,
        "ingestion_id": fetch_id,
        "source": source,
        "partition_key": key,
        "url": url,
        "params": json.dumps(params),
        "status_code": 200,
        "fetched_at": fetched_at,
        "bytes": None,
        "sha256": None,
        "file_path": None,
        "item_count": count,
        "outcome": "ok" if count else "empty",
        "error": None,
        "attempts": 1,
        "run_id": "synthetic",
    }
    return tuple(values[column] for column in MANIFEST_COLUMNS)


class RawWriter:
    """Buffers raw rows and inserts them in large Arrow batches."""

    DAILY = (
        "ingestion_id",
        "fetch_id",
        "listing_date",
        "item_index",
        "paper_id",
        "title",
        "fetched_at",
        "item",
    )
    SEARCH = (
        "ingestion_id",
        "fetch_id",
        "watchlist",
        "query",
        "item_index",
        "paper_id",
        "title",
        "fetched_at",
        "item",
    )
    DETAILS = ("ingestion_id", "fetch_id", "paper_id", "fetched_at", "item")
    TABLES = ("raw.hf_daily_papers", "raw.hf_search_listings", "raw.hf_paper_details", "raw.landing_manifest")

    def __init__(self, con: duckdb.DuckDBPyConnection):
        self.con = con
        self.buffers = {table: [] for table in self.TABLES}
        self.rows = dict.fromkeys(self.buffers, 0)

    def add(self, table: str, row: tuple) -> None:
        self.buffers[table].append(row)
        if len(self.buffers[table]) >= FLUSH_ROWS:
            self.flush(table)

    def flush(self, table: str) -> None:
        rows = self.buffers[table]
        if not rows:
            return
        columns = {
            "raw.hf_daily_papers": self.DAILY,
            "raw.hf_search_listings": self.SEARCH,
            "raw.hf_paper_details": self.DETAILS,
            "raw.landing_manifest": MANIFEST_COLUMNS,
        }[table]
        batch = pa.Table.from_arrays(
            [pa.array(list(values)) for values in zip(*rows, strict=True)], names=list(columns)
        )
        self.con.register("batch", batch)
        self.con.execute(f"insert into {table} ({', '.join(columns)}) select * from batch")
        self.con.unregister("batch")
        self.rows[table] += len(rows)
        self.buffers[table] = []

    def close(self) -> dict[str, int]:
        for table in self.buffers:
            self.flush(table)
        return self.rows


def add_listing_fetches(writer: RawWriter, day: dt.date, listed: list[Listed], fetches, rng) -> None:
    """Each fetch of `day` before RUN_DATE (one manifest row for its pages) and, by the same run, the detail
    of each of its papers."""
    for age in fetches_before_run(day, fetches):
        fetched_at = fetch_time(day, age, rng)
        row = manifest_row(
            "daily_papers", day.isoformat(), {"date": day.isoformat()}, fetched_at, len(listed), DAILY_URL
        )
        writer.add("raw.landing_manifest", row)
        fetch_id = row[0]
        for index, paper in enumerate(listed):
            item = (fetch_id, fetch_id, day, index, paper.paper_id, paper.title, fetched_at)
            writer.add("raw.hf_daily_papers", (*item, paper.fetched(age)))
        for paper in listed:
            url = f"{DETAILS_URL}/{quote(paper.paper_id, safe='')}"
            detail = manifest_row("paper_details", paper.paper_id, {}, fetched_at, 1, url)
            writer.add("raw.landing_manifest", detail)
            row = (detail[0], detail[0], paper.paper_id, fetched_at, paper.detail_fetched(age))
            writer.add("raw.hf_paper_details", row)


def recorded_searches() -> dict[str, tuple[str, list[str]]]:
    """{watchlist: (query, items as JSON)} from the real recorded search answers."""
    searches = {}
    for name, query in load_watchlists(DEFAULT_WATCHLISTS).items():
        path = SEARCH_ROOT / f"q={quote_plus(query)}.json"
        items = json.loads(path.read_text(encoding="utf-8")) if path.exists() else []
        searches[name] = (query, [json.dumps(item, ensure_ascii=False) for item in items])
    return searches


def add_empty_and_search_fetches(writer: RawWriter, first: dt.date, listing_days: set, fetches, rng):
    """What every run before RUN_DATE landed besides listings: its empty days and its watchlist searches."""
    searches = recorded_searches()
    day = first
    while day < RUN_DATE:
        if day not in listing_days:
            for age in fetches_before_run(day, fetches):
                at = fetch_time(day, age, rng)
                key = day.isoformat()
                writer.add(
                    "raw.landing_manifest", manifest_row("daily_papers", key, {"date": key}, at, 0, DAILY_URL)
                )
        if day > first:  # the run of `day` searched every watchlist
            at = dt.datetime.combine(day, dt.time(6), tzinfo=dt.UTC) + dt.timedelta(seconds=30)
            for name, (query, items) in searches.items():
                row = manifest_row("papers_search", name, {"q": query}, at, len(items), SEARCH_URL)
                writer.add("raw.landing_manifest", row)
                for index, text in enumerate(items):
                    paper = json.loads(text)["paper"]
                    item = (row[0], row[0], name, query, index, paper["id"], paper.get("title"), at, text)
                    writer.add("raw.hf_search_listings", item)
        day += dt.timedelta(days=1)


def write_recordings(folder: Path, window: dict[dt.date, list[Listed]]) -> None:
    """The run's days as the replay server serves them, each day and its papers' details as RUN_DATE's run
    fetches them (so the replay clock stays unset)."""
    shutil.rmtree(folder, ignore_errors=True)
    for sub in ("daily_papers", "papers_search", "paper_details"):
        (folder / sub).mkdir(parents=True)
    for day, listed in window.items():
        age = (NEW_DAY - day).days
        items = "[" + ",".join(paper.fetched(age) for paper in listed) + "]"
        (folder / "daily_papers" / f"{day.isoformat()}.json").write_text(items, encoding="utf-8")
        for paper in listed:
            path = folder / "paper_details" / f"{quote(paper.paper_id, safe='')}.json"
            path.write_text(paper.detail_fetched(age), encoding="utf-8")
    for path in SEARCH_ROOT.glob("*.json"):
        shutil.copyfile(path, folder / "papers_search" / path.name)


def generate(out: Path, papers: int, fetches: int = len(DEFAULT_AGES), seed: int = 7) -> dict:
    """Write <out>/history.duckdb, <out>/recordings and <out>/summary.json; return the summary."""
    started = time.perf_counter()
    rng = np.random.default_rng(seed)
    real_days = load_real_days()
    corpus = Corpus.from_days(real_days)
    real_sizes = np.asarray([len(items) for items in real_days.values()])
    plan = plan_days(rng, real_sizes, papers)
    generator = Generator(corpus, plan, relisting_rate(real_days), rng)
    out.mkdir(parents=True, exist_ok=True)
    raw = out / "history.duckdb"
    raw.unlink(missing_ok=True)
    con = duckdb.connect(str(raw))
    ensure_raw_schema(con)
    writer = RawWriter(con)
    sampled: dict[str, list[dict]] = {}
    window: dict[dt.date, list[Listed]] = {}
    for done, (day, listed) in enumerate(generator.days(), start=1):
        if day in WINDOW:
            window[day] = listed
        if day != NEW_DAY:  # the new day exists only in the recordings
            add_listing_fetches(writer, day, listed, fetches, rng)
        if day.isoformat() in real_days:
            sampled[day.isoformat()] = [json.loads(paper.fetched(0)) for paper in listed]
        if done % 500 == 0:
            print(
                f"  {done:,} of {len(plan.days):,} days ({time.perf_counter() - started:.0f} s)", flush=True
            )
    add_empty_and_search_fetches(writer, plan.days[0], set(plan.days), fetches, rng)
    rows = writer.close()
    con.close()
    write_recordings(out / "recordings", window)
    summary = {
        "version": VERSION,
        "papers": papers,
        "fetches": fetches,
        "seed": seed,
        "first_day": plan.days[0].isoformat(),
        "window": [day.isoformat() for day in WINDOW],
        "new_day": NEW_DAY.isoformat(),
        "run_date": RUN_DATE.isoformat(),
        "density": round(plan.density, 3),
        "window_papers": {day.isoformat(): len(listed) for day, listed in window.items()},
        "raw_rows": rows,
        "raw_bytes": raw.stat().st_size,
        "seconds": round(time.perf_counter() - started, 1),
        "real": calibration_stats(real_days),
        "synthetic": calibration_stats(sampled) if sampled else {},
    }
    (out / "summary.json").write_text(json.dumps(summary, indent=2, default=str))
    return summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=50_000)
    parser.add_argument(
        "--fetches", type=int, default=len(DEFAULT_AGES), help="refresh ages each history day was fetched at"
    )
    parser.add_argument("--out", type=Path, default=Path("data/bench/synthetic"))
    args = parser.parse_args()
    from synthetic_real import calibration_table

    summary = generate(args.out, args.papers, args.fetches)
    print(calibration_table(summary["real"], summary["synthetic"]))
    print({k: v for k, v in summary.items() if k not in ("real", "synthetic")})


if __name__ == "__main__":
    main()
