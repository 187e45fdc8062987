"""Paper marts against facts read by hand from sample_data (hf_recorded and arranged)."""

import datetime as dt

RELISTED = "2606.11176"  # listed 2026-06-10 (29 upvotes) and 2026-06-16 (82 upvotes, 3 comments)
SEED_PAPERS_LISTED_DAILY = ["2406.01574", "2406.01014", "2503.17489", "2507.21049", "2508.00890"]


def test_a_paper_listed_on_two_days_is_one_paper_and_two_listings(warehouse):
    assert warehouse(
        "select times_listed, first_listed_date, last_listed_date, upvotes, num_comments"
        " from marts.dim_papers where paper_id = ?",
        RELISTED,
    ) == [(2, dt.date(2026, 6, 10), dt.date(2026, 6, 16), 82, 3)]
    assert warehouse(
        "select listing_date, upvotes from marts.fct_daily_listings where paper_id = ? order by 1", RELISTED
    ) == [(dt.date(2026, 6, 10), 29), (dt.date(2026, 6, 16), 82)]


def test_withdrawn_paper_is_flagged(warehouse):
    rows = warehouse("select paper_id, withdrawn_at from marts.dim_papers where is_withdrawn")
    assert rows == [("2508.99001", dt.datetime(2025, 8, 12, 9, 30, tzinfo=dt.UTC))]


def test_title_keeps_markup_as_text_and_loses_line_breaks(warehouse):
    (title,) = warehouse("select title from marts.dim_papers where paper_id = '2508.99002'")[0]
    assert "<script>alert('x')</script>" in title
    assert "\n" not in title and "  " not in title


def test_arxiv_line_breaks_are_collapsed(warehouse):
    # paper.title is "Vision-Zero: Scalable VLM Self-Improvement via Strategic Gamified\n  Self-Play"
    assert warehouse("select title from marts.dim_papers where paper_id = '2509.25541'") == [
        ("Vision-Zero: Scalable VLM Self-Improvement via Strategic Gamified Self-Play",)
    ]


def test_watchlist_only_papers_are_papers_too(warehouse):
    rows = warehouse(
        "select in_daily_listings, watchlists, first_listed_date from marts.dim_papers"
        " where paper_id = '2206.04615'"
    )
    assert rows == [(False, ["multi_task_learning"], None)]


def test_seed_papers_listed_daily_are_one_paper_with_both_sources(warehouse):
    rows = warehouse(
        "select paper_id, in_daily_listings, watchlists from marts.dim_papers where paper_id in ? order by 1",
        SEED_PAPERS_LISTED_DAILY,
    )
    assert rows == [
        (paper_id, True, ["multi_task_learning"]) for paper_id in sorted(SEED_PAPERS_LISTED_DAILY)
    ]


def test_every_listing_has_a_paper_and_ranks_start_at_one(warehouse):
    assert warehouse(
        "select count(*) from marts.fct_daily_listings l anti join marts.dim_papers p using (paper_id)"
    ) == [(0,)]
    assert warehouse(
        "select min(rank_in_day), max(rank_in_day) from marts.fct_daily_listings"
        " where listing_date = '2025-09-30'"
    ) == [(1, 50)]
