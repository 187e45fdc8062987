"""Untrusted text (titles, abstracts, names) shown through Streamlit's Markdown as literal text."""

import re

# CommonMark lets a backslash escape any ASCII punctuation; that also disarms raw HTML, links, emphasis and
# Streamlit's own :directives: and $math$.
ASCII_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")


def literal(text: object) -> str:
    """Markdown that renders exactly `text`, whitespace collapsed to single spaces."""
    return ASCII_PUNCTUATION.sub(r"\\\1", " ".join(str(text or "").split()))
