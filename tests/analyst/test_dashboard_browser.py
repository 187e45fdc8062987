"""The dashboard in a real headless Chromium: it renders the published sample, and untrusted text stays text.

Streamlit renders in the browser, so the page is driven with Playwright on the system Chromium (Debian
package `chromium`; Playwright downloads no browser). Outside CI, a machine without Chromium or Playwright
skips with the reason; in CI (env CI set) the test must run.
"""

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import duckdb
import httpx
import pytest

from orchestration.lib import settings
from tests.analyst.conftest import SampleWarehouse

APP = settings.PROJECT_ROOT / "orchestration" / "dashboard" / "app.py"
SCREENSHOT = settings.PROJECT_ROOT / "test-output" / "dashboard.png"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
]
SCRIPT_PAPER = "2508.99002"  # sample_data/arranged: a title holding <script> markup
SCRIPT_TEXT = "<script>alert('x')</script>"
WEEKS = ("2025-07-07", "2025-08-11")  # the six consecutive weeks of the recorded sample
STARTUP_S = 60
RENDER_MS = 90_000
CHARTS = 4  # topic papers, topic share, upvote trajectories, validation results (adoption: with details)
TRENDING_PAPER = "2606.11176"  # listed on two days of the sample


def chromium_path() -> str:
    """The system Chromium; without it (or Playwright) skip, except in CI where this test must run."""
    path = shutil.which("chromium") or "/usr/bin/chromium"
    missing = [] if Path(path).exists() else ["chromium (apt-get install chromium)"]
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing.append("playwright (pip install playwright)")
    if missing and not os.environ.get("CI"):
        pytest.skip(f"browser test needs {' and '.join(missing)}; CI runs it")
    assert not missing, f"CI must provide {' and '.join(missing)}"
    return path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_healthy(url: str, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + STARTUP_S
    while time.monotonic() < deadline:
        assert server.poll() is None, "streamlit exited at startup"
        try:
            if httpx.get(f"{url}/_stcore/health", timeout=2).text == "ok":
                return
        except httpx.TransportError:
            pass
        time.sleep(0.3)
    raise AssertionError(f"streamlit did not answer on {url} within {STARTUP_S}s")


@pytest.fixture(scope="module")
def dashboard(sample_warehouse: SampleWarehouse) -> Iterator[str]:
    port = free_port()
    command = [
        sys.executable, "-m", "streamlit", "run", str(APP), "--server.address", "127.0.0.1",
        "--server.port", str(port), "--server.headless", "true", "--browser.gatherUsageStats", "false",
    ]  # fmt: skip
    env = {**os.environ, "DPW_PUBLISH_DIR": str(sample_warehouse.publish_dir)}
    server = subprocess.Popen(command, env=env, cwd=settings.PROJECT_ROOT, stdout=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, server)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=20)


def top_topic(published: Path) -> tuple[str, int]:
    with duckdb.connect(str(published), read_only=True) as con:
        return con.execute(
            "select d.topic_name, sum(t.papers) from marts.fct_topic_trends as t"
            " join marts.dim_topics as d using (topic_id) where t.week_start between ? and ?"
            " group by all order by 2 desc, 1 limit 1",
            list(WEEKS),
        ).fetchone()


def listed_on(published: Path, listing_date: str) -> int:
    with duckdb.connect(str(published), read_only=True) as con:
        sql = "select count(*) from marts.fct_daily_listings where listing_date = ?"
        return con.execute(sql, [listing_date]).fetchone()[0]


def trending_now(published: Path) -> tuple[str, str]:
    """What the "Trending now" view leads with: the top paper's line and the top organisation's."""
    with duckdb.connect(str(published), read_only=True) as con:
        title, upvotes, gained = con.execute(
            "select p.title, t.upvotes, coalesce(t.upvotes_gained_7d, 0) from marts.fct_paper_trending as t"
            " join marts.dim_papers as p using (paper_id) where t.trending_rank = 1"
        ).fetchone()
        organisation, org_upvotes = con.execute(
            "select coalesce(organization_fullname, organization_name), total_upvotes"
            " from marts.dim_organizations"
            " order by total_upvotes desc, papers desc, organization_name limit 1"
        ).fetchone()
    return (
        f"Trending: {' '.join(title.split())}, {upvotes} upvotes, +{gained} in 7 days",
        f"Top organisation: {organisation}, {org_upvotes} upvotes",
    )


def test_dashboard_shows_the_warehouse_and_keeps_markup_as_text(
    dashboard: str, sample_warehouse: SampleWarehouse
) -> None:
    executable = chromium_path()
    from playwright.sync_api import sync_playwright

    topic, papers = top_topic(sample_warehouse.published)
    listed = listed_on(sample_warehouse.published, "2025-08-12")
    trending_line, organisation_line = trending_now(sample_warehouse.published)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_FLAGS)
        page = browser.new_page(viewport={"width": 1400, "height": 4200})
        dialogs: list[str] = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.goto(
            f"{dashboard}/?date=2025-08-12&paper={SCRIPT_PAPER}&from={WEEKS[0]}&to={WEEKS[1]}"
            f"&trending={TRENDING_PAPER}"
        )
        page.wait_for_function(
            f'document.querySelectorAll(\'[data-testid="stVegaLiteChart"] canvas, '
            f'[data-testid="stVegaLiteChart"] svg\').length >= {CHARTS}',
            timeout=RENDER_MS,
        )
        page.get_by_text(f"{listed} papers listed on 2025-08-12").wait_for(timeout=RENDER_MS)
        page.wait_for_timeout(1000)
        body = page.inner_text("body")
        title_headings = page.locator("h3", has_text=SCRIPT_TEXT).count()
        injected = page.evaluate("[...document.scripts].some(s => s.textContent.includes(\"alert('x')\"))")
        exceptions = page.locator('[data-testid="stException"]').all_inner_texts()
        title = page.title()
        SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOT))
        browser.close()

    assert not exceptions
    assert f"Top topic: {topic}, {papers} papers" in body
    assert "Trending now" in body and trending_line in body and organisation_line in body
    assert title_headings == 1
    assert not injected and not dialogs
    assert title == "Daily Papers warehouse"
