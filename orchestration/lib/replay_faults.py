"""Faults the replay server can inject, one rule per kind of trouble the real API or network can cause.

See orchestration/lib/replay_server.py for the kinds and how rules are matched and counted.
"""

import copy
import dataclasses
import json
import random
import threading
from dataclasses import dataclass, fields
from urllib.parse import unquote

FAULT_KINDS = ("429", "500", "503", "slow", "reset", "truncated", "html200", "malformed", "drift")
# What `random` draws from: every kind that is a failure. Drift is left out: it is a valid answer of another
# shape, which the pipeline keeps as it came, not a failure to recover from.
FAILURE_KINDS = ("429", "500", "503", "slow", "reset", "truncated", "html200", "malformed")
RANDOM = "random"
HTML_ERROR_PAGE = (
    b"<!DOCTYPE html><html><head><title>Error</title></head><body><h1>Something went wrong</h1></body></html>"
)
PAPERS_PREFIX = "/api/papers/"
SEARCH_PATH = "/api/papers/search"
FAULT_STATUS = {"429": 429, "500": 500, "503": 503, "reset": None, "html200": 200, "malformed": 200}
DETAIL_DRIFT_DROPPED = ("githubRepo", "projectPage", "ai_summary")
DRIFT_DROPPED = (
    ("thumbnail",),
    ("mediaUrls",),
    ("paper", "ai_summary"),
    ("paper", "githubRepo"),
    ("paper", "projectPage"),
)


def detail_id(path: str) -> str | None:
    """The arXiv id of a paper detail path (`/api/papers/<id>`), None for any other path."""
    if not path.startswith(PAPERS_PREFIX) or path == SEARCH_PATH:
        return None
    paper_id = unquote(path.removeprefix(PAPERS_PREFIX))
    return paper_id or None


@dataclass
class Fault:
    kind: str
    path: str | None = None
    date: str | None = None
    page: int | None = None  # the `p` parameter of a daily listing
    q: str | None = None
    paper: str | None = None  # the arXiv id of a paper detail request, or "*" for any paper detail
    count: int | None = 1
    retry_after: int = 1
    delay_s: float = 5.0
    probability: float = 1.0  # chance that a matching request fires the rule (and uses up one of its count)

    def __post_init__(self) -> None:
        self.kind = str(self.kind)
        if self.kind not in (*FAULT_KINDS, RANDOM):
            kinds = ", ".join((*FAULT_KINDS, RANDOM))
            raise ValueError(f"unknown fault kind {self.kind!r}; expected one of {kinds}")
        if not 0 < self.probability <= 1:
            raise ValueError(f"probability must be in (0, 1], got {self.probability}")

    def matches(self, path: str, params: dict[str, str]) -> bool:
        return (
            (self.path is None or self.path == path)
            and (self.date is None or params.get("date") == self.date)
            and (self.page is None or params.get("p") == str(self.page))
            and (self.q is None or params.get("q") == self.q)
            and (self.paper is None or self._matches_paper(detail_id(path)))
        )

    def _matches_paper(self, paper_id: str | None) -> bool:
        return paper_id is not None and self.paper in ("*", paper_id)


def parse_fault_spec(spec: str) -> Fault:
    """`KIND[:key=value,...]` (e.g. `429:date=2025-07-07,count=2,retry_after=3`) or a Fault as JSON."""
    if spec.lstrip().startswith("{"):
        return Fault(**json.loads(spec))
    kind, _, rest = spec.partition(":")
    converters = {
        "count": lambda v: None if v == "all" else int(v),
        "retry_after": int,
        "delay_s": float,
        "probability": float,
        "page": int,
    }
    options = {}
    for pair in filter(None, rest.split(",")):
        key, _, value = pair.partition("=")
        if key not in {f.name for f in fields(Fault)} - {"kind"}:
            raise ValueError(f"unknown fault option {key!r} in {spec!r}")
        options[key] = converters.get(key, str)(value)
    return Fault(kind=kind, **options)


class FaultBook:
    """The active fault rules; the first rule matching a request (and passing its probability) fires and uses
    up one of its count. A `random` rule fires as one of FAILURE_KINDS, drawn per request. Draws come from
    one seeded generator, so a run with the same seed and the same request order fails the same way."""

    def __init__(self, faults: list[Fault] | None = None, seed: int | None = None) -> None:
        self._lock = threading.Lock()
        self._faults = list(faults or [])
        self._random = random.Random(seed)

    def add(self, fault: Fault) -> None:
        with self._lock:
            self._faults.append(fault)

    def clear(self) -> None:
        with self._lock:
            self._faults.clear()

    def active(self) -> list[Fault]:
        with self._lock:
            return list(self._faults)

    def take(self, path: str, params: dict[str, str]) -> Fault | None:
        with self._lock:
            for fault in self._faults:
                if fault.matches(path, params) and self._random.random() < fault.probability:
                    if fault.count is not None:
                        fault.count -= 1
                        if fault.count <= 0:
                            self._faults.remove(fault)
                    if fault.kind == RANDOM:
                        return dataclasses.replace(fault, kind=self._random.choice(FAILURE_KINDS))
                    return fault
        return None


def drift_items(items: list) -> list:
    """The items as a future API might send them: optional fields gone, one renamed, unknown ones added."""
    drifted = copy.deepcopy(items)
    for index, item in enumerate(drifted):
        for *parents, key in DRIFT_DROPPED:
            holder = item
            for parent in parents:
                holder = holder.get(parent, {})
            holder.pop(key, None)
        if "numComments" in item:
            item["num_comments"] = item.pop("numComments")
        item["trendingScore"] = index
        item.get("paper", {})["reproducibility"] = {"badge": "unknown", "checkedAt": None}
    if drifted:
        drifted[0].get("paper", {}).pop("id", None)
    return drifted


def drift_detail(detail: dict) -> dict:
    """A paper detail as a future API might send it: optional fields gone, unknown ones added, id kept."""
    drifted = {key: value for key, value in detail.items() if key not in DETAIL_DRIFT_DROPPED}
    return drifted | {"trendingScore": 0, "reproducibility": {"badge": "unknown", "checkedAt": None}}
