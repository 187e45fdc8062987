"""The weekly digest: the week rule, what the demo wrote, escaping, the feed as a feed reader reads it, and
the Dagster asset writing after a week's last run only."""

import datetime as dt
import shutil
from html.parser import HTMLParser
from pathlib import Path

import dagster as dg
import duckdb
import feedparser
import pytest

from orchestration.defs.ingestion.partitions import range_tags
from orchestration.defs.publishing.assets import weekly_digest
from orchestration.lib import digest, digest_render
from orchestration.lib.watchlists import DEFAULT_WATCHLISTS, load_watchlists
from tests.analyst.conftest import SampleWarehouse

SCRIPT_TITLE = "Prompt <script>alert('x')</script> & \"friends\"\x0b in <b>bold</b>"
DEMO_WEEK = "2026-W24"  # the demo's newest listing date is Tuesday 2026-06-16: the week before it
# the demo's second run, as scheduled on Saturday 2025-08-16: the week before it
SCHEDULED_WEEK = "2025-W32"


class Elements(HTMLParser):
    """The tags of a page and its link targets, as a browser would parse them."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.append(tag)
        self.hrefs += [value for name, value in attrs if name == "href"]


def elements(html: str) -> Elements:
    parser = Elements()
    parser.feed(html)
    return parser


def assert_entry_links(entry: feedparser.FeedParserDict) -> None:
    paper_id = entry.id.rsplit("/", 1)[1]
    links = {link.rel: link.href for link in entry.links}
    assert links == {
        "alternate": f"https://huggingface.co/papers/{paper_id}",
        "related": f"https://arxiv.org/abs/{paper_id}",
    }


@pytest.mark.parametrize(
    ("newest", "written", "expected"),
    [
        ("2026-06-14", set(), "2026-06-08"),  # a Sunday: its own week
        ("2026-06-14", {"2026-06-08"}, "2026-06-08"),  # the week's last run again (a rerun)
        ("2026-06-16", set(), "2026-06-08"),  # a Tuesday, the week before not written: written late
        ("2026-06-16", {"2026-06-08"}, None),  # ... already written: left alone
        ("2026-06-20", {"2026-06-08"}, None),  # Saturday: the week is not over
        ("2026-06-21", {"2026-06-08"}, "2026-06-15"),
    ],
)
def test_a_run_writes_the_last_complete_week_once(
    newest: str, written: set[str], expected: str | None
) -> None:
    weeks = {dt.date.fromisoformat(week) for week in written}
    week = digest.week_to_write(dt.date.fromisoformat(newest), weeks)
    assert week == (dt.date.fromisoformat(expected) if expected else None)


def test_untrusted_text_is_escaped_in_the_page_and_the_feed() -> None:
    paper = {"paper_id": "2508.99002", "title": SCRIPT_TITLE, "upvotes": 5, "organization_name": "<i>org</i>"}
    trending = {**paper, "upvotes_gained_1d": 1, "upvotes_gained_7d": 4, "trending_score": 0.01}
    keyword = {"name": "<img src=x onerror=alert(1)>", "papers": 3, "prev_4w_papers": 2, "growth": 5.0}
    sections = {
        "top_papers": [paper],
        "trending": [trending],
        "rising_topics": [],
        "rising_keywords": [keyword],
        "newly_adopted": [],
    }
    now = dt.datetime(2025, 8, 18, 6, tzinfo=dt.UTC)
    week = digest.Digest("kazakh", dt.date(2025, 8, 11), now, now, sections)

    page = digest_render.page(week, [week.iso_week])
    parsed = elements(page)
    assert "script" not in parsed.tags and "img" not in parsed.tags and "i" not in parsed.tags
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page
    assert set(parsed.hrefs) == {
        "feed.atom",
        "2025-W33.html",
        "https://huggingface.co/papers/2508.99002",
        "https://arxiv.org/abs/2508.99002",
    }

    feed = feedparser.parse(digest_render.feed([week]))
    assert not feed.bozo, feed.bozo_exception
    paper_entry, rising_entry = feed.entries
    # the feed carries the title as text: a reader shows the characters, never runs them
    assert paper_entry.title == digest_render.clean(SCRIPT_TITLE) == SCRIPT_TITLE.replace("\x0b", "")
    assert paper_entry.title_detail.type == "text/plain"
    assert paper_entry.summary == "2025-W33: top of the week, 5 upvotes; trending, +4 upvotes in 7 days"
    assert_entry_links(paper_entry)
    assert rising_entry.content[0].value == "keyword <img src=x onerror=alert(1)>: 3 papers, +500%"


def test_the_demo_wrote_its_runs_last_complete_weeks(sample_warehouse: SampleWarehouse) -> None:
    root = sample_warehouse.publish_dir
    scopes = [digest.OVERALL, *load_watchlists(DEFAULT_WATCHLISTS)]
    for scope in scopes:
        folder = digest.scope_dir(root, scope)
        weeks = {f"{week}.{kind}" for week in (DEMO_WEEK, SCHEDULED_WEEK) for kind in ("json", "html")}
        assert {path.name for path in folder.iterdir()} == weeks | {"index.html", "feed.atom"}
        feed = feedparser.parse(str(folder / "feed.atom"))
        assert not feed.bozo, feed.bozo_exception
        for entry in feed.entries:
            if not entry.id.endswith("/rising"):
                assert_entry_links(entry)

    with duckdb.connect(str(sample_warehouse.published), read_only=True) as con:
        top = con.execute(
            "select paper_id, title, upvotes from marts.dim_papers"
            " where paper_date between '2026-06-08' and '2026-06-14' order by upvotes desc, paper_id limit 10"
        ).fetchall()
    # index.html is the newest week's page, whichever run wrote last
    page = (digest.scope_dir(root, digest.OVERALL) / "index.html").read_text()
    links = [href for href in elements(page).hrefs if href.startswith("https://huggingface.co/papers/")]
    # the top papers come first, in order (trending and adoption follow)
    assert links[: len(top)] == [f"https://huggingface.co/papers/{paper_id}" for paper_id, _, _ in top]
    feed = feedparser.parse(str(digest.scope_dir(root, digest.OVERALL) / "feed.atom"))
    first = feed.entries[0]
    assert (first.title, first.summary) == (top[0][1], f"{DEMO_WEEK}: top of the week, {top[0][2]} upvotes")


def test_the_asset_writes_after_the_weeks_last_run_only(
    sample_warehouse: SampleWarehouse, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    publish_dir = tmp_path / "published"
    publish_dir.mkdir()
    shutil.copy(sample_warehouse.published, publish_dir)
    monkeypatch.setenv("DPW_PUBLISH_DIR", str(publish_dir))

    def run(start: str, end: str) -> list[dict]:
        result = dg.materialize([weekly_digest], tags=range_tags(start, end))
        assert result.success
        events = result.asset_materializations_for_node("publishing__weekly_digest")
        return [{key: value.value for key, value in event.metadata.items()} for event in events]

    # Monday's scheduled run lands Thursday .. Sunday: it writes the week that ended
    [written] = run("2026-06-18", "2026-06-21")
    assert written["week_start"] == "2026-06-15" and written["files"] == 2 * 4
    assert (publish_dir / "digest" / "all" / "2026-W25.html").is_file()
    assert run("2026-06-20", "2026-06-23") == []  # Tuesday's run: the week stands
    assert run("2026-06-18", "2026-06-21")[0]["week_start"] == "2026-06-15"  # a rerun writes it again
    assert {path.name for path in (publish_dir / "digest" / "all").glob("*.html")} == {
        "2026-W25.html",
        "index.html",
    }


def test_the_digest_of_a_week_with_trending_and_adopted_papers(attention_warehouse, tmp_path: Path) -> None:
    # the attention sample (tests/support/attention_sample.py), as of 2025-08-27: its week 2025-W33
    now = dt.datetime(2025, 8, 27, 7, tzinfo=dt.UTC)
    with duckdb.connect(str(attention_warehouse.published), read_only=True) as con:
        digest.write(con, tmp_path, ["kazakh"], dt.date(2025, 8, 11), now)
    folder = digest.scope_dir(tmp_path, digest.OVERALL)
    week = digest.Digest.from_json((folder / "2025-W33.json").read_text())

    ids = {section: [paper["paper_id"] for paper in papers] for section, papers in week.sections.items()}
    assert ids["top_papers"][:4] == ["2508.07999", "2508.05748", "2508.04825", "2508.07050"]  # 63, 60, 48, 47
    assert ids["trending"] == ["2508.08086", "2508.04825", "2508.07999"]
    # first linked in the 7 days up to the newest detail fetch (08-27 06:05), one repo each
    assert ids["newly_adopted"] == ["2508.05748", "2508.08086", "2508.99002"]

    page = (folder / "2025-W33.html").read_text()
    assert "<script>" not in page and "Filtering &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page
    feed = feedparser.parse(str(folder / "feed.atom"))
    assert not feed.bozo
    titles = {entry.id.rsplit("/", 1)[1]: entry.title for entry in feed.entries}
    assert titles["2508.99002"].startswith("Filtering <script>alert('x')</script>")
    for entry in feed.entries:
        assert_entry_links(entry)
    assert "No papers this week." in (digest.scope_dir(tmp_path, "kazakh") / "index.html").read_text()
