"""Hugging Face Daily Papers: a Streamlit dashboard over the published, read-only copy of the warehouse.

Start: `streamlit run orchestration/dashboard/app.py`; the copy is `$DPW_PUBLISH_DIR/warehouse.duckdb`.
The URL may preselect the listing day, paper, trending paper, author and trend weeks:
`?date=YYYY-MM-DD&paper=<arXiv id>&trending=<arXiv id>&author=<author id>&from=YYYY-MM-DD&to=YYYY-MM-DD`.
Text from the API (titles, abstracts, names) is shown through `st.dataframe`, or as escaped Markdown,
never as HTML.
"""

import datetime as dt
from pathlib import Path

import duckdb
import polars as pl
import streamlit as st

from orchestration.dashboard import charts, queries
from orchestration.dashboard.text import literal
from orchestration.lib import publish, settings

CACHE_TTL_S = 300
DEFAULT_WEEKS = 12
TRAJECTORIES_IN_CHART = 8
LINKS = (("Hugging Face", "hf_url"), ("arXiv", "arxiv_url"))


def published_path() -> Path:
    return Path(settings.publish_dir()) / publish.PUBLISHED_NAME


@st.cache_data(ttl=CACHE_TTL_S, show_spinner=False)
def load(query: str, version: int, **params: object) -> object:
    """One query against the copy; `version` (the file's mtime) makes a new publication miss the cache."""
    with duckdb.connect(str(published_path()), read_only=True) as con:
        return getattr(queries, query)(con, **params)


def pick(options: list, wanted: object, default: int = 0) -> int:
    """Index of `wanted` in `options` (as given in the URL), else `default`."""
    as_text = [str(option) for option in options]
    return as_text.index(str(wanted)) if wanted is not None and str(wanted) in as_text else default


def table(frame: pl.DataFrame, **columns: object) -> None:
    """A read-only table; text cells are drawn as text, dates without a time of day."""
    dates = {
        name: st.column_config.DateColumn(name, format="YYYY-MM-DD")
        for name, dtype in frame.schema.items()
        if dtype == pl.Date
    }
    st.dataframe(frame, hide_index=True, column_config={**dates, **columns})


def link_columns() -> dict[str, object]:
    return {column: st.column_config.LinkColumn(name, display_text="open") for name, column in LINKS}


def links(row: dict) -> str:
    """Markdown links to the paper; the URLs are built by the warehouse, not taken from the API."""
    found = [
        f"[{name}]({row[column]})" for name, column in LINKS if isinstance(row[column], str) and row[column]
    ]
    return " · ".join(found)


def daily_listing(version: int) -> None:
    st.header("Daily listing")
    dates = load("listing_dates", version)
    chosen = st.selectbox(
        "Listing date", dates, index=pick(dates, st.query_params.get("date")), key="listing_date"
    )
    listing = load("daily_listing", version, listing_date=chosen)
    st.caption(f"{len(listing)} papers listed on {chosen}")
    table(listing.drop("paper_id"), **link_columns())
    if listing.is_empty():
        return
    ids = listing["paper_id"].to_list()
    titles = dict(zip(ids, listing["title"].to_list(), strict=True))
    paper_id = st.selectbox(
        "Paper",
        ids,
        index=pick(ids, st.query_params.get("paper")),
        format_func=lambda i: f"{i}  {titles[i]}",
        key="paper",
    )
    paper_details(load("paper", version, paper_id=paper_id).row(0, named=True))


def paper_details(paper: dict) -> None:
    st.subheader(literal(paper["title"]))
    st.markdown(
        f"{literal(paper['authors'])}  \n{paper['paper_date']} · {paper['upvotes']} upvotes · {links(paper)}"
    )
    st.markdown(literal(paper["abstract"]))


def trending_now(version: int) -> None:
    st.header("Trending now")
    as_of = load("trending_as_of", version)
    if as_of is None:
        st.info("No listing fetched yet.")
        return
    top = load("trending", version, include=st.query_params.get("trending"))
    st.caption(
        f"As of the newest listing fetch, {as_of:%Y-%m-%d %H:%M} UTC. Score: upvotes gained in the last 7 "
        "days / (hours since listing + 2)^1.8, as Hacker News ranks; at_Nd: upvotes N days after listing."
    )
    leader = top.row(0, named=True)
    st.markdown(
        f"Trending: **{literal(leader['title'])}**, {leader['upvotes'] or 0} upvotes, "
        f"+{leader['gained_7d'] or 0} in 7 days"
    )
    table(top.drop("paper_id"), score=st.column_config.NumberColumn("score", format="%.6f"), **link_columns())
    ids = top["paper_id"].to_list()
    titles = dict(zip(ids, top["title"].to_list(), strict=True))
    paper_id = st.selectbox(
        "Adoption of",
        ids,
        index=pick(ids, st.query_params.get("trending")),
        format_func=lambda i: f"{i}  {titles[i]}",
        key="trending_paper",
    )
    shown = list(dict.fromkeys([paper_id, *ids[:TRAJECTORIES_IN_CHART]]))
    left, right = st.columns(2)
    trajectories = load("trajectories", version, paper_ids=shown)
    left.altair_chart(charts.upvote_trajectories(trajectories, shown), width="stretch")
    left.caption(f"{len(trajectories)} listing fetches of {len(shown)} papers")
    adoption(right, version, paper_id)
    organizations(version)


def adoption(column: object, version: int, paper_id: str) -> None:
    history = load("paper_adoption", version, paper_id=paper_id)
    if history.is_empty():
        column.info(f"No detail of {paper_id} fetched yet: its models, datasets and Spaces are not known.")
        return
    column.altair_chart(charts.adoption(history, paper_id), width="stretch")
    repos = load("paper_repos", version, paper_id=paper_id)
    column.caption(f"Hub repos linking {paper_id} in its latest detail fetch: {len(repos)}")
    with column:
        table(repos, repo_url=st.column_config.LinkColumn("on the Hub", display_text="open"))


def organizations(version: int) -> None:
    st.subheader("Organisations")
    leaderboard = load("organizations", version)
    if leaderboard.is_empty():
        st.info("No paper is filed under an organisation yet.")
        return
    leader = leaderboard.row(0, named=True)
    st.markdown(
        f"Top organisation: **{literal(leader['organization'])}**, {leader['upvotes']} upvotes "
        f"({plural(leader['papers'], 'paper')})"
    )
    table(leaderboard, hf_url=st.column_config.LinkColumn("Hugging Face", display_text="open"))


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def url_date(name: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(st.query_params.get(name, ""))
    except ValueError:
        return None


def period(version: int) -> tuple[dt.date, dt.date] | None:
    """The weeks the trend sections show: the last DEFAULT_WEEKS by default, or `?from=…&to=…`."""
    latest = load("latest_trend_week", version)
    if latest is None:
        return None
    end = url_date("to") or latest
    start = url_date("from") or end - dt.timedelta(weeks=DEFAULT_WEEKS - 1)
    chosen = st.date_input("Weeks from … to", (start, end))
    # While a range is being picked the widget holds one date: keep the previous period meanwhile.
    first, last = chosen if len(chosen) == 2 else (start, end)
    return monday(first), monday(last)


def topic_trends(version: int, weeks: tuple[dt.date, dt.date]) -> None:
    st.subheader("Topic trends")
    start, end = weeks
    trends = load("topic_trends", version, start=start, end=end)
    top = load("top_topics", version, start=start, end=end)
    if top.is_empty():
        st.info(f"No topic trends between {start} and {end}.")
        return
    leader = top.row(0, named=True)
    st.markdown(f"Top topic: **{literal(leader['topic'])}**, {int(leader['papers'])} papers")
    topics = top["topic"].to_list()
    left, right = st.columns(2)
    left.altair_chart(charts.topic_papers(trends, topics), width="stretch")
    right.altair_chart(charts.topic_share(trends, topics), width="stretch")


def rising_keywords(version: int, weeks: tuple[dt.date, dt.date]) -> None:
    week_start = weeks[1]
    st.subheader("Rising keywords")
    rising = load("rising_keywords", version, week_start=week_start)
    st.caption(
        f"Keywords with more papers in the week of {week_start} than the mean of the four weeks before, "
        "with at least 3 papers that week and 2 in those four weeks (fct_keyword_trends.is_rising)"
    )
    if rising.is_empty():
        st.info(f"No keyword rose above the minimum counts in the week of {week_start}.")
        return
    table(rising, growth=st.column_config.NumberColumn("growth vs prev 4 weeks", format="percent"))


def trends(version: int) -> None:
    st.header("Trends")
    weeks = period(version)
    if weeks is None:
        st.info("No trends yet.")
        return
    topic_trends(version, weeks)
    rising_keywords(version, weeks)


def authors(version: int) -> None:
    st.header("Authors")
    top = load("top_authors", version)
    table(top.drop("author_id"))
    ids = top["author_id"].to_list()
    names = dict(zip(ids, top["author"].to_list(), strict=True))
    author_id = st.selectbox(
        "Co-authors of",
        ids,
        index=pick(ids, st.query_params.get("author")),
        format_func=names.get,
        key="author",
    )
    if author_id is None:
        return
    table(load("coauthors", version, author_id=author_id))
    maybe = load("same_person", version, author_id=author_id)
    if not maybe.is_empty():
        st.caption(
            f"Possibly the same person as {names[author_id]}: kept apart, on the review list"
            " (marts.fct_author_merge_candidates)"
        )
        table(maybe)


def data_quality(version: int) -> None:
    st.header("Data quality")
    history = load("validation_history", version)
    if history is None or history.is_empty():
        st.info("No validation results published yet.")
        return
    st.altair_chart(charts.validation_results(history), width="stretch")
    table(history)


def main() -> None:
    st.set_page_config(page_title="Daily Papers warehouse", layout="wide")
    st.title("Hugging Face Daily Papers")
    path = published_path()
    if not path.exists():
        st.error(f"No published warehouse at {path}: materialise publishing/warehouse_snapshot first.")
        return
    version = path.stat().st_mtime_ns
    info = load("snapshot_info", version)
    st.caption(f"Read-only copy {path}, published {info['published_at']:%Y-%m-%d %H:%M} UTC")
    for section in (daily_listing, trending_now, trends, authors, data_quality):
        section(version)


main()
