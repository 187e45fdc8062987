"""Saved searches ("watchlists"): a YAML list of `name` + `query`, fetched as search listings."""

from pathlib import Path

import yaml

from orchestration.lib.settings import PROJECT_ROOT, env

DEFAULT_WATCHLISTS = PROJECT_ROOT / "orchestration" / "defs" / "ingestion" / "watchlists.yaml"


def watchlists_path() -> str:
    return env("DPW_WATCHLISTS", str(DEFAULT_WATCHLISTS))


def load_watchlists(path: str | Path) -> dict[str, str]:
    """Watchlist name -> search query, in file order; malformed entries are refused, not skipped."""
    document = yaml.safe_load(Path(path).read_text()) or {}
    watchlists: dict[str, str] = {}
    for entry in document.get("watchlists") or []:
        name, query = entry.get("name"), entry.get("query")
        if not isinstance(name, str) or not isinstance(query, str) or not name or not query:
            raise ValueError(f"{path}: every watchlist needs a non-empty name and query, got {entry!r}")
        if name in watchlists:
            raise ValueError(f"{path}: watchlist {name!r} is defined twice")
        watchlists[name] = query
    return watchlists


def select_watchlists(available: dict[str, str], names: list[str]) -> dict[str, str]:
    """The named watchlists (all when `names` is empty); an unknown name is refused."""
    unknown = [name for name in names if name not in available]
    if unknown:
        raise ValueError(f"unknown watchlist(s) {', '.join(unknown)}; known: {', '.join(available)}")
    return {name: available[name] for name in names} if names else dict(available)
