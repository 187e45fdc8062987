"""Author-name folding: the normalised form two spellings of one name share.

NFKD decomposition with the combining marks of Latin letters stripped (``Müller`` -> ``muller``), a
mapping for Latin letters NFKD leaves whole (``Ł``, ``Ø``, ``ß``, …), case folding, and punctuation and
whitespace collapsed to single spaces. Marks are stripped from Latin letters only: in other scripts
(Devanagari vowel signs, Japanese voicing marks) they are part of the letter, and such names must survive
intact, so the text is recomposed (NFC) after folding.

``fold_name`` is the reference implementation; ``fold_names_arrow`` is the same rule over an Arrow array
with vectorised kernels, registered in DuckDB as ``fold_name()`` (``enrichment/duckdb_udfs.py``).
"""

import unicodedata

import pyarrow as pa
import pyarrow.compute as pc

# Letters NFKD does not decompose, spelled as Latin-alphabet bibliographies usually transliterate them.
LETTER_MAP = {
    "Ł": "L",
    "ł": "l",
    "Ø": "O",
    "ø": "o",
    "Đ": "D",
    "đ": "d",
    "Æ": "AE",
    "æ": "ae",
    "Œ": "OE",
    "œ": "oe",
    "ß": "ss",
    "Þ": "TH",
    "þ": "th",
    "ı": "i",
}
_TRANSLATION = str.maketrans(LETTER_MAP)
_SEPARATOR_CATEGORIES = ("P", "S", "Z", "C")


def _is_latin(char: str) -> bool:
    return unicodedata.name(char, "").startswith("LATIN")


def _strip_latin_marks(text: str) -> str:
    kept: list[str] = []
    base_is_latin = False
    for char in text:
        if unicodedata.category(char).startswith("M"):
            if not base_is_latin:
                kept.append(char)
            continue
        base_is_latin = _is_latin(char)
        kept.append(char)
    return "".join(kept)


def _separators_to_space(text: str) -> str:
    return "".join(" " if unicodedata.category(c).startswith(_SEPARATOR_CATEGORIES) else c for c in text)


def fold_name(name: str) -> str:
    """The folded form of one author name ('' when nothing but punctuation is left)."""
    text = _strip_latin_marks(unicodedata.normalize("NFKD", name)).translate(_TRANSLATION)
    text = unicodedata.normalize("NFC", text).lower().replace("ς", "σ")
    return " ".join(_separators_to_space(text).split())


def fold_names_arrow(names: pa.Array) -> pa.Array:
    """``fold_name`` over an Arrow string array, nulls kept as nulls."""
    text = pc.utf8_normalize(names, form="NFKD")
    text = pc.replace_substring_regex(text, pattern=r"(\p{Latin})\p{M}+", replacement=r"\1")
    for letter, replacement in LETTER_MAP.items():
        text = pc.replace_substring(text, pattern=letter, replacement=replacement)
    text = pc.utf8_lower(pc.utf8_normalize(text, form="NFC"))
    text = pc.replace_substring(text, pattern="ς", replacement="σ")
    text = pc.replace_substring_regex(text, pattern=r"[\p{P}\p{S}\p{Z}\p{C}\s]+", replacement=" ")
    return pc.utf8_trim_whitespace(text)
