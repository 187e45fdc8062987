"""The weekly digest as a static HTML page and an Atom feed.

Every text from the API (titles, organisation handles, keywords) is untrusted: the page is rendered by Jinja
with autoescape, the feed by ElementTree, which escape it; characters XML cannot carry at all are dropped.
Links are built here from the arXiv id, never taken from the API.
"""

from __future__ import annotations

import datetime as dt
import re
import urllib.parse
import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING

import jinja2

if TYPE_CHECKING:
    from orchestration.lib.digest import Digest

ATOM_NS = "http://www.w3.org/2005/Atom"
TAG = "tag:daily-papers-warehouse,2023:digest"
NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def hf_url(paper_id: str) -> str:
    return "https://huggingface.co/papers/" + urllib.parse.quote(paper_id)


def arxiv_url(paper_id: str) -> str:
    return "https://arxiv.org/abs/" + urllib.parse.quote(paper_id)


def clean(text: object) -> str:
    """Untrusted text on one line, without characters XML cannot hold (escaping is the renderer's job)."""
    return NOT_XML.sub("", " ".join(str(text if text is not None else "").split()))


PAGE = jinja2.Environment(
    loader=jinja2.PackageLoader("orchestration.lib", "templates"),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
)
PAGE.globals.update(hf_url=hf_url, arxiv_url=arxiv_url, clean=clean)
TEMPLATE = PAGE.get_template("digest_page.html.j2")
RISING = (("rising_topics", "Rising topics", "topic"), ("rising_keywords", "Rising keywords", "keyword"))


def page(digest: Digest, weeks: list[str]) -> str:
    """The digest's HTML page; `weeks` (ISO labels) link the scope's other pages."""
    as_of = f"{digest.as_of:%Y-%m-%d %H:%M} UTC" if digest.as_of else "no fetch yet"
    return TEMPLATE.render(d=digest, as_of=as_of, weeks=weeks, rising=RISING)


def _add(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM_NS}}}{tag}", attrs)
    if text is not None:
        element.text = clean(text)
    return element


def _rfc3339(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def paper_notes(digest: Digest) -> dict[str, tuple[dict, list[str]]]:
    """Each paper of the digest once, with what each section it is in says about it."""
    notes = {
        "top_papers": lambda p: f"top of the week, {p['upvotes'] or 0} upvotes",
        "trending": lambda p: f"trending, +{p['upvotes_gained_7d']} upvotes in 7 days",
        "newly_adopted": lambda p: (
            f"newly adopted: {p['num_models']} models, {p['num_datasets']} datasets, {p['num_spaces']} Spaces"
        ),
    }
    papers: dict[str, tuple[dict, list[str]]] = {}
    for section, note in notes.items():
        for paper in digest.sections[section]:
            papers.setdefault(paper["paper_id"], (paper, []))[1].append(note(paper))
    return papers


def _rising_entry(feed: ET.Element, digest: Digest) -> None:
    rows = [(noun, row) for section, _, noun in RISING for row in digest.sections[section]]
    if not rows:
        return
    entry = _add(feed, "entry")
    _add(entry, "id", f"{TAG}/{digest.scope}/{digest.iso_week}/rising")
    _add(entry, "title", f"Rising in {digest.iso_week}: " + ", ".join(row["name"] for _, row in rows))
    _add(entry, "updated", _rfc3339(digest.written_at))
    lines = [f"{noun} {row['name']}: {row['papers']} papers, {row['growth']:+.0%}" for noun, row in rows]
    _add(entry, "content", "; ".join(lines), type="text")


def feed(digests: list[Digest]) -> str:
    """Atom, newest digest first: an entry per paper of each digest (linking its Hugging Face and arXiv
    pages), and one for the topics and keywords that rose that week."""
    ET.register_namespace("", ATOM_NS)
    latest = digests[0]
    root = ET.Element(f"{{{ATOM_NS}}}feed")
    _add(root, "id", f"{TAG}/{latest.scope}")
    _add(root, "title", f"Hugging Face Daily Papers, weekly digest: {latest.label}")
    _add(root, "updated", _rfc3339(max(digest.written_at for digest in digests)))
    _add(_add(root, "author"), "name", "daily-papers-warehouse")
    for digest in digests:
        for paper_id, (paper, notes) in paper_notes(digest).items():
            entry = _add(root, "entry")
            _add(entry, "id", f"{TAG}/{digest.scope}/{digest.iso_week}/{paper_id}")
            _add(entry, "title", paper["title"])
            _add(entry, "updated", _rfc3339(digest.written_at))
            _add(entry, "link", rel="alternate", type="text/html", href=hf_url(paper_id))
            _add(entry, "link", rel="related", type="text/html", href=arxiv_url(paper_id))
            _add(entry, "category", term=digest.iso_week)
            _add(entry, "summary", f"{digest.iso_week}: " + "; ".join(notes), type="text")
        _rising_entry(root, digest)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"
