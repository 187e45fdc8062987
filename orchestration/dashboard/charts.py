"""Altair charts of the marts, which already hold the figures: no window functions here. Altair takes the
polars frames of queries.py as they are."""

import altair as alt
import polars as pl

TOP_TOPICS_IN_CHART = 8


def topic_papers(trends: pl.DataFrame, topics: list[str]) -> alt.Chart:
    """Papers per week of the busiest topics, stacked."""
    data = trends.filter(pl.col("topic").is_in(topics[:TOP_TOPICS_IN_CHART]))
    return (
        alt.Chart(data, title="Papers per week, busiest topics")
        .mark_area()
        .encode(
            x=alt.X("week_start:T", title="week"),
            y=alt.Y("papers:Q", stack=True, title="papers"),
            color=alt.Color("topic:N", sort=topics[:TOP_TOPICS_IN_CHART]),
            tooltip=["week_start:T", "topic:N", "papers:Q", alt.Tooltip("paper_share:Q", format=".0%")],
        )
    )


def topic_share(trends: pl.DataFrame, topics: list[str]) -> alt.Chart:
    """Share of each week's papers carrying the topic."""
    data = trends.filter(pl.col("topic").is_in(topics[:TOP_TOPICS_IN_CHART]))
    return (
        alt.Chart(data, title="Share of the week's papers")
        .mark_line(point=True)
        .encode(
            x=alt.X("week_start:T", title="week"),
            y=alt.Y("paper_share:Q", axis=alt.Axis(format="%"), title="share"),
            color=alt.Color("topic:N", sort=topics[:TOP_TOPICS_IN_CHART]),
            tooltip=["week_start:T", "topic:N", alt.Tooltip("paper_share:Q", format=".1%")],
        )
    )


def upvote_trajectories(trajectories: pl.DataFrame, order: list[str]) -> alt.Chart:
    """Each paper's upvotes at every listing fetch, by days since its first listing."""
    return (
        alt.Chart(trajectories, title="Upvotes since listing, papers trending now")
        .mark_line(point=True)
        .encode(
            x=alt.X("days_since_listing:Q", title="days since first listed"),
            y=alt.Y("upvotes:Q", title="upvotes"),
            color=alt.Color("paper_id:N", sort=order, title="paper"),
            tooltip=["paper_id:N", "title:N", "fetched_at:T", "upvotes:Q", "comments:Q"],
        )
    )


def adoption(history: pl.DataFrame, paper_id: str) -> alt.Chart:
    """Models, datasets and Spaces linking one paper, at every detail fetch."""
    data = history.unpivot(
        index=["fetched_at", "days_since_listing"],
        on=["models", "datasets", "spaces"],
        variable_name="kind",
        value_name="repos",
    )
    return (
        alt.Chart(data, title=f"Hub repos linking {paper_id}")
        .mark_line(point=True)
        .encode(
            x=alt.X("fetched_at:T", title="fetched"),
            y=alt.Y("repos:Q", title="repos"),
            color=alt.Color("kind:N", sort=["models", "datasets", "spaces"]),
            tooltip=["fetched_at:T", "days_since_listing:Q", "kind:N", "repos:Q"],
        )
    )


def validation_results(history: pl.DataFrame) -> alt.Chart:
    """Expectations that passed and failed per day."""
    data = history.with_columns(passed=pl.col("expectations") - pl.col("failed")).unpivot(
        index=["day", "suite"], on=["passed", "failed"], variable_name="outcome", value_name="count"
    )
    return (
        alt.Chart(data, title="Expectations per day")
        .mark_bar()
        .encode(
            x=alt.X("day:O", title="day (UTC)"),
            y=alt.Y("sum(count):Q", title="expectations"),
            color=alt.Color(
                "outcome:N", scale=alt.Scale(domain=["passed", "failed"], range=["#4c9a2a", "#c0392b"])
            ),
            tooltip=["day:O", "suite:N", "outcome:N", "count:Q"],
        )
    )
