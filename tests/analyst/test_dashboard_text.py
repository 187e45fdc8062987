"""Untrusted text reaches Streamlit's Markdown escaped, so it renders as the literal characters."""

from orchestration.dashboard.text import literal


def test_markup_and_markdown_are_escaped() -> None:
    assert literal("<script>alert('x')</script>") == r"\<script\>alert\(\'x\'\)\<\/script\>"
    assert literal("**bold** [link](http://x) $x$ :red[x]") == (
        r"\*\*bold\*\* \[link\]\(http\:\/\/x\) \$x\$ \:red\[x\]"
    )


def test_whitespace_collapses_so_indentation_cannot_make_a_code_block() -> None:
    assert literal("Prompt Injection\n    Defences\tfor agents ") == "Prompt Injection Defences for agents"


def test_missing_text_is_empty() -> None:
    assert literal(None) == ""
