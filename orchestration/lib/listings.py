"""Payloads into items: what is kept, and why the rest is quarantined.

A listing item needs only the arXiv id and the title; every other field is optional and every unknown field
is kept, because the item's JSON goes to the raw layer whole. A paper detail (GET /api/papers/{id}) is one
JSON object whose `id` is the paper asked for; everything else in it is optional.
"""

import json
from collections.abc import Callable
from dataclasses import dataclass

PAYLOAD_PREFIX_CHARS = 1024


class PayloadError(ValueError):
    """A payload that is not what the endpoint answers (an HTML page, a cut-off or malformed body, a JSON
    value of the wrong shape)."""


@dataclass(frozen=True)
class Item:
    paper_id: str
    title: str | None
    json: str


@dataclass(frozen=True)
class Refused:
    reason: str
    json: str


def payload_prefix(body: bytes) -> str:
    return body[: PAYLOAD_PREFIX_CHARS * 4].decode("utf-8", errors="replace")[:PAYLOAD_PREFIX_CHARS]


def _json(body: bytes, expected: str) -> object:
    try:
        return json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        kind = "HTML" if body.lstrip()[:1] == b"<" else "malformed JSON"
        raise PayloadError(f"payload is {kind}, not a JSON {expected} ({error})") from None


def parse_payload(body: bytes) -> list:
    """The JSON array a listing endpoint answers; raises PayloadError for anything else."""
    payload = _json(body, "array")
    if not isinstance(payload, list):
        raise PayloadError(f"payload is a JSON {type(payload).__name__}, not an array")
    return payload


def _title(item: dict) -> object:
    paper_title = item["paper"].get("title")
    return paper_title if paper_title is not None else item.get("title")


def refusal_reason(item: object) -> str | None:
    """Why an item cannot be indexed, or None when it can."""
    if not isinstance(item, dict):
        return f"item is a JSON {type(item).__name__}, not an object"
    paper = item.get("paper")
    if not isinstance(paper, dict):
        return "item has no paper object"
    paper_id = paper.get("id")
    if not isinstance(paper_id, str) or not paper_id.strip():
        return "item has no paper.id string"
    title = _title(item)
    if not isinstance(title, str) or not title.strip():
        return "item has no title string"
    return None


def classify(payload: list) -> list[Item | Refused]:
    """Each element of a listing, in order: an item to index, or a refusal with its reason."""
    classified: list[Item | Refused] = []
    for item in payload:
        text = json.dumps(item, ensure_ascii=False)
        reason = refusal_reason(item)
        if reason is None:
            classified.append(Item(paper_id=item["paper"]["id"].strip(), title=_title(item), json=text))
        else:
            classified.append(Refused(reason=reason, json=text))
    return classified


def read_listing(body: bytes) -> list[Item | Refused]:
    """A listing page's items in order; raises PayloadError when the page itself is not a listing."""
    return classify(parse_payload(body))


def detail_reader(paper_id: str) -> Callable[[bytes], list[Item | Refused]]:
    """Reads the answer of GET /api/papers/{paper_id} as one item; raises PayloadError unless it is a JSON
    object of that paper: a detail without its id cannot be told from another paper's, so it is refused
    whole, like a listing page that is not a list."""

    def read(body: bytes) -> list[Item | Refused]:
        payload = _json(body, "object")
        if not isinstance(payload, dict):
            raise PayloadError(f"payload is a JSON {type(payload).__name__}, not an object")
        found = payload.get("id")
        if not isinstance(found, str) or found.strip() != paper_id:
            raise PayloadError(f"payload is not the detail of {paper_id} (its id is {found!r})")
        title = payload.get("title")
        text = json.dumps(payload, ensure_ascii=False)
        return [Item(paper_id=paper_id, title=title if isinstance(title, str) else None, json=text)]

    return read
