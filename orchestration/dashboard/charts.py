"""Altair charts of the trend marts, which already hold the weekly figures: no window functions here."""

import altair as alt
import pandas as pd

TOP_TOPICS_IN_CHART = 8


def topic_papers(trends: pd.DataFrame, topics: list[str]) -> alt.Chart:
    """Papers per week of the busiest topics, stacked."""
    data = trends[trends["topic"].isin(topics[:TOP_TOPICS_IN_CHART])]
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


def topic_share(trends: pd.DataFrame, topics: list[str]) -> alt.Chart:
    """Share of each week's papers carrying the topic."""
    data = trends[trends["topic"].isin(topics[:TOP_TOPICS_IN_CHART])]
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


def validation_results(history: pd.DataFrame) -> alt.Chart:
    """Expectations that passed and failed per day."""
    data = history.assign(passed=history["expectations"] - history["failed"]).melt(
        id_vars=["day", "suite"], value_vars=["passed", "failed"], var_name="outcome", value_name="count"
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
