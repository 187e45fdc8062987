"""What the replay server answers: recorded responses looked up by request, grown to its clock when set.

Pure functions of the recordings roots and the request, so tests call them without a server. See
orchestration/lib/replay_server.py for the endpoints and orchestration/lib/replay_clock.py for the clock.
"""

import datetime as dt
import json
import re
from pathlib import Path
from urllib.parse import quote, quote_plus

from orchestration.lib.replay_clock import age, grow_detail, grow_listing
from orchestration.lib.replay_faults import SEARCH_PATH, detail_id

DAILY_PATH = "/api/daily_papers"
DEFAULT_PAGE_SIZE = 50
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def read_array(path: Path) -> list:
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else []


def daily_items(roots: list[Path], date: str) -> list:
    return [item for root in roots for item in read_array(root / "daily_papers" / f"{date}.json")]


def search_items(roots: list[Path], query: str) -> list:
    return [
        item for root in roots for item in read_array(root / "papers_search" / f"q={quote_plus(query)}.json")
    ]


def paper_detail(roots: list[Path], paper_id: str) -> dict | None:
    for root in roots:
        path = root / "paper_details" / f"{quote(paper_id, safe='')}.json"
        if path.is_file():
            return json.loads(path.read_text(encoding="utf-8"))
    return None


def latest_listing_dates(roots: list[Path]) -> dict[str, str]:
    """Each recorded paper's latest listing date: the day its detail's counts are recorded on."""
    latest: dict[str, str] = {}
    for root in roots:
        for path in sorted((root / "daily_papers").glob("*.json")):
            for item in read_array(path):
                paper_id = (item.get("paper") or {}).get("id") if isinstance(item, dict) else None
                if isinstance(paper_id, str):
                    latest[paper_id] = max(latest.get(paper_id, path.stem), path.stem)
    return latest


def resolve_detail(
    roots: list[Path], paper_id: str, now: dt.date | None, listed: dict[str, str]
) -> tuple[int, object]:
    detail = paper_detail(roots, paper_id)
    if detail is None:
        return 404, {"error": "Paper not found"}
    if now is not None and paper_id in listed:
        detail = grow_detail(detail, age(listed[paper_id], now))
    return 200, detail


def resolve(
    roots: list[Path],
    path: str,
    params: dict[str, str],
    max_page_size: int | None = None,
    now: dt.date | None = None,
    listed: dict[str, str] | None = None,
) -> tuple[int, object]:
    """The status and JSON body the API would answer; pages hold at most `max_page_size` items if set, and
    counts are grown to the clock's `now` when it is set (`listed`: each paper's latest listing date)."""
    if path == SEARCH_PATH:
        return 200, search_items(roots, params.get("q", ""))
    paper_id = detail_id(path)
    if paper_id is not None:
        return resolve_detail(roots, paper_id, now, listed or {})
    if path != DAILY_PATH:
        return 404, {"error": "Not Found"}
    date = params.get("date", "")
    if not DATE_RE.match(date):
        return 400, {"error": f"Invalid date parameter: {date!r}, expected YYYY-MM-DD"}
    try:
        limit, page = int(params.get("limit", DEFAULT_PAGE_SIZE)), int(params.get("p", 0))
    except ValueError:
        return 400, {"error": "limit and p must be integers"}
    if limit < 1 or page < 0:
        return 400, {"error": "limit must be positive and p non-negative"}
    limit = min(limit, max_page_size or limit)
    items = daily_items(roots, date)[page * limit : (page + 1) * limit]
    return 200, items if now is None else grow_listing(items, age(date, now))


def parse_day(text: str) -> dt.date:
    if not isinstance(text, str) or not DATE_RE.match(text):
        raise ValueError(f"expected a date YYYY-MM-DD, got {text!r}")
    return dt.date.fromisoformat(text)
