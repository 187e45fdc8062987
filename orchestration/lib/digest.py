"""The weekly digest: which week, what it holds, and where it is written (rendering: digest_render.py).

Which week: a run writes the digest of the last ISO week complete by its newest listing date (that date's
week when it is a Sunday, else the week before) if that digest is not written yet, or if the newest listing
date is that Sunday (the week's own last run; a rerun of it writes it again). The scheduled run of Monday
06:00 lands Sunday and writes the week that just ended; a run that missed it, or the demo (newest date a
Tuesday), writes it late; the runs in between leave it alone.

What a digest holds, per scope (every paper, or one watchlist's), read from the published copy: the week's
top papers by upvotes, the papers trending now (fct_paper_trending), the topics and keywords rising that week
(is_rising, over every paper: the trend marts are not per watchlist) and the papers first seen with a linked
model, dataset or Space in the 7 days up to the newest detail fetch. Each digest is kept as JSON beside its
page, so the feed can hold the last few weeks as they were published.
"""

import dataclasses
import datetime as dt
import json
import os
import re
import uuid
from pathlib import Path
from typing import Any

import duckdb

from orchestration.lib import digest_render

DIGEST_DIR = "digest"
OVERALL = "all"
LIMIT = 10
ADOPTION_WINDOW_DAYS = 7
FEED_WEEKS = 8

IN_SCOPE = "($watchlist is null or list_contains(p.watchlists, $watchlist))"
QUERIES = {
    "top_papers": f"""
        select p.paper_id, p.title, p.upvotes, p.num_comments, p.organization_name
        from marts.dim_papers as p
        where p.paper_date between $week_start and $week_start + 6 and {IN_SCOPE}
        order by p.upvotes desc nulls last, p.paper_id
        limit {LIMIT}""",
    "trending": f"""
        select t.paper_id, p.title, t.upvotes, t.upvotes_gained_1d, t.upvotes_gained_7d, t.trending_score
        from marts.fct_paper_trending as t
        join marts.dim_papers as p using (paper_id)
        where t.trending_score > 0 and {IN_SCOPE}
        order by t.trending_rank
        limit {LIMIT}""",
    "rising_topics": f"""
        select d.topic_name as name, t.papers, t.prev_4w_papers, t.growth_vs_prev_4w as growth
        from marts.fct_topic_trends as t
        join marts.dim_topics as d using (topic_id)
        where t.week_start = $week_start and t.is_rising
        order by growth desc, t.papers desc, name
        limit {LIMIT}""",
    "rising_keywords": f"""
        select k.display_keyword as name, t.papers, t.prev_4w_papers, t.growth_vs_prev_4w as growth
        from marts.fct_keyword_trends as t
        join marts.dim_keywords as k using (keyword_id)
        where t.week_start = $week_start and t.is_rising
        order by growth desc, t.papers desc, name
        limit {LIMIT}""",
    "newly_adopted": f"""
        with firsts as (
            select paper_id, min(fetched_at) as first_adopted_at,
                arg_min(days_since_listing, fetched_at) as days_to_adoption
            from marts.fct_paper_adoption
            where is_adopted
            group by paper_id
        )
        select f.paper_id, p.title, l.num_models, l.num_datasets, l.num_spaces, f.days_to_adoption
        from firsts as f
        join marts.dim_papers as p using (paper_id)
        join marts.fct_paper_adoption as l on l.paper_id = f.paper_id and l.is_latest
        where f.first_adopted_at
                > (select max(fetched_at) from marts.fct_paper_adoption) - interval {ADOPTION_WINDOW_DAYS} day
            and {IN_SCOPE}
        order by l.num_linked_repos desc, f.paper_id
        limit {LIMIT}""",
}
AS_OF = "select max(as_of) from marts.fct_paper_trending"
NEWEST_LISTING_DATE = "select max(listing_date) from marts.fct_paper_engagement"


@dataclasses.dataclass(frozen=True)
class Digest:
    scope: str  # OVERALL or a watchlist name
    week_start: dt.date
    written_at: dt.datetime
    as_of: dt.datetime | None  # the newest listing fetch: "now" for trending
    sections: dict[str, list[dict[str, Any]]]

    @property
    def iso_week(self) -> str:
        year, week, _ = self.week_start.isocalendar()
        return f"{year}-W{week:02d}"

    @property
    def week_end(self) -> dt.date:
        return self.week_start + dt.timedelta(days=6)

    @property
    def label(self) -> str:
        return "all papers" if self.scope == OVERALL else f"watchlist {self.scope}"

    def to_json(self) -> str:
        return json.dumps(dataclasses.asdict(self), default=str, indent=1)

    @classmethod
    def from_json(cls, text: str) -> "Digest":
        data = json.loads(text)
        return cls(
            scope=data["scope"],
            week_start=dt.date.fromisoformat(data["week_start"]),
            written_at=dt.datetime.fromisoformat(data["written_at"]),
            as_of=dt.datetime.fromisoformat(data["as_of"]) if data["as_of"] else None,
            sections=data["sections"],
        )


def last_complete_week(newest_listing_date: dt.date) -> dt.date:
    """Monday of the last ISO week complete by `newest_listing_date` (its own week if it is a Sunday)."""
    monday = newest_listing_date - dt.timedelta(days=newest_listing_date.weekday())
    return monday if newest_listing_date.weekday() == 6 else monday - dt.timedelta(weeks=1)


def week_to_write(newest_listing_date: dt.date, written: set[dt.date]) -> dt.date | None:
    """The week a run with this newest listing date writes, or None when it leaves the digest alone."""
    week = last_complete_week(newest_listing_date)
    return week if newest_listing_date.weekday() == 6 or week not in written else None


def scope_dir(root: Path, scope: str) -> Path:
    return root / DIGEST_DIR / re.sub(r"[^A-Za-z0-9_.-]", "_", scope)


def written_weeks(root: Path) -> set[dt.date]:
    """Weeks whose overall digest exists (every scope is written with it)."""
    paths = scope_dir(root, OVERALL).glob("*.json")
    return {dt.date.fromisoformat(json.loads(path.read_text())["week_start"]) for path in paths}


def scalar(con: duckdb.DuckDBPyConnection, sql: str) -> Any:
    return con.sql(sql).fetchall()[0][0]


def newest_listing_date(con: duckdb.DuckDBPyConnection) -> dt.date | None:
    return scalar(con, NEWEST_LISTING_DATE)


def build(con: duckdb.DuckDBPyConnection, scope: str, week_start: dt.date, written_at: dt.datetime) -> Digest:
    """One scope's digest of one week."""
    params = {"week_start": week_start, "watchlist": None if scope == OVERALL else scope}
    sections = {}
    for name, sql in QUERIES.items():
        used = {key: value for key, value in params.items() if f"${key}" in sql}
        # a few rows per section: dicts, as the templates and the JSON take them
        sections[name] = con.sql(sql, params=used).pl().to_dicts()
    return Digest(scope, week_start, written_at, scalar(con, AS_OF), sections)


def write_atomic(path: Path, text: str) -> None:
    """A reader (a web server, a feed reader polling the folder) never sees half a file."""
    tmp = path.with_name(f".{path.name}.tmp-{uuid.uuid4().hex}")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def write_scope(root: Path, digest: Digest) -> list[Path]:
    """The digest's JSON and page, the scope's latest page (index.html) and its feed."""
    folder = scope_dir(root, digest.scope)
    folder.mkdir(parents=True, exist_ok=True)
    write_atomic(folder / f"{digest.iso_week}.json", digest.to_json())
    kept = sorted(
        (Digest.from_json(path.read_text()) for path in folder.glob("*.json")),
        key=lambda kept_digest: kept_digest.week_start,
        reverse=True,
    )
    weeks = [kept_digest.iso_week for kept_digest in kept]
    page = folder / f"{digest.iso_week}.html"
    write_atomic(page, digest_render.page(digest, weeks))
    write_atomic(folder / "index.html", digest_render.page(kept[0], weeks))
    write_atomic(folder / "feed.atom", digest_render.feed(kept[:FEED_WEEKS]))
    return [page, folder / "feed.atom"]


def write(
    con: duckdb.DuckDBPyConnection, root: Path, scopes: list[str], week_start: dt.date, now: dt.datetime
) -> list[Path]:
    """Every scope's digest of `week_start` under `<root>/digest/`, overall first."""
    written = []
    for scope in [OVERALL, *scopes]:
        written += write_scope(root, build(con, scope, week_start, now))
    return written
