"""Listing payloads into items: what is kept, and why the rest is quarantined.

Only the arXiv id and the title are required; every other field is optional and every unknown field is kept,
because the item's JSON goes to the raw layer whole.
"""

import json
from dataclasses import dataclass

PAYLOAD_PREFIX_CHARS = 1024


class PayloadError(ValueError):
    """A payload that is not a JSON array of items (an HTML page, a cut-off or malformed body)."""


@dataclass(frozen=True)
class Item:
    paper_id: str
    title: str
    json: str


@dataclass(frozen=True)
class Refused:
    reason: str
    json: str


def payload_prefix(body: bytes) -> str:
    return body[: PAYLOAD_PREFIX_CHARS * 4].decode("utf-8", errors="replace")[:PAYLOAD_PREFIX_CHARS]


def parse_payload(body: bytes) -> list:
    """The JSON array a listing endpoint answers; raises PayloadError for anything else."""
    try:
        payload = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        kind = "HTML" if body.lstrip()[:1] == b"<" else "malformed JSON"
        raise PayloadError(f"payload is {kind}, not a JSON array ({error})") from None
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
