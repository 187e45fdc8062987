"""Keyword normalisation as polars expressions, and acronym definitions (Schwartz-Hearst).

One normalised form per concept: case, Unicode and hyphen variants fold, a prefix joins its word
("pre-training", "pre training" and "pretraining" are one word), and the head noun loses its plural: the
last word, or the word before the first preposition ("mixtures of experts" -> "mixture of experts"). An
acronym the same text defines ("mixture-of-experts (MoE)") becomes its expansion. The expressions are the
only implementation: the one-string helpers below run them on a one-row frame.
"""

import re
from collections.abc import Iterable, Mapping

import polars as pl

STOPWORDS = frozenset(
    """a about above across after again against all almost along also although always am among an and another
    any are around as at be because been before being below between both but by can could did do does doing
    done down during each either else enough etc even ever every few for from further had has have having he
    her here hers how however i if in into is it its itself just least less let like made make makes making
    many may me might more most much must my neither no nor not now of off often on once only onto or other
    others otherwise our ours out over own per perhaps rather same several shall she should since so some
    such than that the their theirs them themselves then there therefore these they this those though three
    through thus to too two under unlike until up upon us use used uses using very via was we well were what
    whatever when where whereas whether which while who whom whose why will with within without would yet you
    your one first second new novel propose proposes proposed present presents introduce introduces
    introduced show shows shown demonstrate demonstrates achieve achieves achieving existing various different
    significant significantly substantially remarkable extensive experiments experimental
    outperforms state-of-the-art sota based effective effectively efficiently improve improves improved
    improving enable enables enabling provide provides key large-scale better best across including include
    includes specifically particular recent recently current previous prior simple strong comprehensive
    furthermore moreover additionally finally code available publicly github https http www com via despite
    address addresses leverage leverages leveraging release released challenging remains remain lack
    limited limitations limitation often new
    however crucial critical important essential wide widely range diverse despite yield yields given
    able due ensure ensures allows allow consistently significant notable dubbed termed coined""".split()
)
KEEP_PLURAL = frozenset(
    """series species news physics mathematics robotics dynamics statistics analytics ethics economics
    linguistics graphics semantics genomics kinematics mechanics electronics optics logistics pragmatics
    informatics bioinformatics bias alias atlas canvas gas lens chaos this its""".split()
)
_KEEP_PLURAL = sorted(KEEP_PLURAL)
JOINED_PREFIXES = frozenset("pre post multi non co re sub semi fine".split())
HEAD_BREAKERS = frozenset("of for in on with via to from by under over against".split())

_PARENTHETICAL = r"^\s*(\S.*?)\s*\([^()]*\)\s*$"
_DASHES = r"[\-\u2010-\u2015_/]+"
_NOT_WORD = r"[^\w\s+.]"
# A prefix part starts the string or follows a space ("huggingface.co nvidia" has none). A joined prefix
# leaves a \x01 where its space was, so a second pass joins the next of a run ("co-fine-tuning").
_PREFIX = r"(^|[ \x01])(" + "|".join(sorted(JOINED_PREFIXES)) + ") "
_HEAD = r"^((?:.*? )??)(\S+)((?: (?:" + "|".join(sorted(HEAD_BREAKERS)) + r")(?: .*)?)?)$"
_HAS_PREFIX = r"(?:^| )(?:" + "|".join(sorted(JOINED_PREFIXES)) + ") "
_HAS_BREAKER = r" (?:" + "|".join(sorted(HEAD_BREAKERS)) + ")(?: |$)"

_ACRONYM_DEF = re.compile(r"\(\s*([A-Za-z][\w\-^.&+]{1,14})\s*[,;)]")
_SENTENCE_BREAK = re.compile(r"[.;:!?\[\]()]\s")


def fold(surface: pl.Expr) -> pl.Expr:
    """Unicode, case and hyphen variants folded into space-separated parts ("Mixture-of-Experts" gives
    "mixture of experts"); dots stay inside a part ("qwen2.5") but not at its ends."""
    return (
        surface.str.normalize("NFKC")
        .str.to_lowercase()
        .str.replace_all(_DASHES, " ")
        .str.replace_all(_NOT_WORD, " ")
        .str.replace_all(r"(^|\s)\.+", "$1")
        .str.replace_all(r"\.+(\s|$)", "$1")
        .str.replace_all(r"\s+", " ")
        .str.strip_chars(" ")
    )


def _ends_with_any(word: pl.Expr, suffixes: str) -> pl.Expr:
    return pl.any_horizontal(word.str.ends_with(suffix) for suffix in suffixes.split())


def singular(word: pl.Expr) -> pl.Expr:
    """The singular of one folded word, by suffix rules; short words and words with digits are kept.
    Suffixes are tested and cut as literals: a regex per rule cost more than the rest of the keying."""
    kept = (
        (word.str.len_chars() < 4)
        | word.is_in(_KEEP_PLURAL)
        | ~word.str.contains(r"^\p{L}+$")
        | (_ends_with_any(word, "ss us is ics") & ~word.str.ends_with("metrics"))
    )
    return (
        pl.when(kept)
        .then(word)
        .when(word.str.ends_with("ies") & (word.str.len_chars() >= 5))
        .then(word.str.strip_suffix("ies") + "y")
        .when(_ends_with_any(word, "sses xes shes ches") & ~word.is_in(["caches", "niches"]))
        .then(word.str.strip_suffix("es"))
        .when(word.str.ends_with("s"))
        .then(word.str.strip_suffix("s"))
        .otherwise(word)
    )


def join_prefixes(folded: pl.Expr) -> pl.Expr:
    """A prefix part joined to the next part: "pre training" -> "pretraining"."""
    joined = folded.str.replace_all(_PREFIX, "$1$2\x01").str.replace_all(_PREFIX, "$1$2\x01")
    return joined.str.replace_all("\x01", "", literal=True)


def keys_of_folded(folded: pl.Series) -> pl.Series:
    """The keywords of folded parts (as fold gives them: words between single spaces): prefixes joined to
    the next part, the head noun made singular. Only a phrase with a prefix, a preposition or a last word
    ending in "s" can differ from its folded parts: the others (most) keep them and skip those steps, and
    the keys of the few are put in place by row."""
    text = pl.col("folded")
    flags = folded.to_frame("folded").with_columns(
        prefixed=text.str.contains(_HAS_PREFIX).fill_null(False),
        rest=(text.str.contains(_HAS_BREAKER) | text.str.ends_with("s")).fill_null(False),
    )
    changing = flags["prefixed"] | flags["rest"]
    joined = pl.when(pl.col("prefixed")).then(join_prefixes(text)).otherwise(text)
    # _HEAD: the head noun is the word before the first preposition, else the last word
    heads = flags.filter(changing).select(joined.str.extract_groups(_HEAD).struct.unnest())
    keys = heads.select(pl.concat_str("1", singular(pl.col("2")), "3").fill_null("")).to_series()
    return folded.fill_null("").scatter(changing.arg_true(), keys).alias(folded.name)


def with_key(frame: pl.DataFrame, folded: str, key: str) -> pl.DataFrame:
    """`frame` with column `key`, the keyword of its column `folded` (keys_of_folded)."""
    return frame.with_columns(keys_of_folded(frame[folded]).alias(key))


def strip_parenthetical(surface: pl.Expr) -> pl.Expr:
    """'Large Language Models (LLMs)' -> 'Large Language Models'."""
    return surface.str.replace(_PARENTHETICAL, "$1").str.strip_chars()


def normalise(surfaces: pl.Series) -> pl.Series:
    """The normalised keywords of surface forms ('Large Language Models (LLMs)' -> 'large language model'),
    each distinct surface normalised once (keywords and acronym definitions repeat across papers)."""
    distinct = surfaces.unique().drop_nulls().to_frame("surface")
    # most surfaces are ASCII words, spaces and hyphens: folding them only lowercases and splits hyphens
    plain = pl.col("surface").str.contains(r"^[A-Za-z0-9 \-]+$")
    simple = pl.col("surface").str.to_lowercase().str.replace_all(r"[\s\-]+", " ").str.strip_chars(" ")
    folded = pl.concat(
        [
            distinct.filter(plain).with_columns(folded=simple),
            distinct.filter(~plain).with_columns(folded=fold(strip_parenthetical(pl.col("surface")))),
        ]
    )
    keys = keys_of_folded(folded["folded"])
    return surfaces.replace_strict(folded["surface"], keys, default=None, return_dtype=pl.String)


def normalize_keyword(surface: str, acronyms: Mapping[str, str] | None = None) -> str:
    """The normalised keyword of one surface; an acronym in `acronyms` (key -> expansion) is expanded."""
    keyword = normalise(pl.Series("surface", [surface], dtype=pl.String)).item()
    return (acronyms or {}).get(keyword, keyword)


def normalize_many(surfaces: Iterable[str]) -> list[str]:
    """normalize_keyword of many surfaces at once, in order."""
    return normalise(pl.Series("surface", list(surfaces), dtype=pl.String)).to_list()


def is_acronym(token: str) -> bool:
    return sum(c.isupper() for c in token) >= 2 and not token.isdigit() and len(token) <= 12


def _long_form(short: str, window: str) -> str | None:
    """Schwartz-Hearst: the shortest tail of `window` whose letters spell `short` in order, the first one
    starting a word."""
    chars = [c.lower() for c in short if c.isalnum()]
    lowered = window.lower()
    if len(lowered) != len(window):
        return None
    pos = len(window)
    for s in range(len(chars) - 1, -1, -1):
        pos = lowered.rfind(chars[s], 0, pos)
        while s == 0 and pos > 0 and window[pos - 1].isalnum():
            pos = lowered.rfind(chars[s], 0, pos)
        if pos < 0:
            return None
    long_form = window[pos:].strip()
    if len(long_form) <= len(short) or len(long_form.split()) > min(len(chars) + 5, 2 * len(chars)):
        return None
    return long_form


def acronym_surfaces(text: str) -> list[tuple[str, str]]:
    """(acronym, long form) as written, for each "long form (ACRONYM)" in the text, in order."""
    found = []
    for match in _ACRONYM_DEF.finditer(text):
        short = match.group(1)
        if not is_acronym(short):
            continue
        before = _SENTENCE_BREAK.split(text[max(0, match.start() - 120) : match.start()])[-1]
        long_form = _long_form(short.removesuffix("s") if short[-2:-1].isupper() else short, before)
        if long_form:
            found.append((short, long_form))
    return found


def acronym_table(papers: pl.Series, texts: pl.Series) -> pl.DataFrame:
    """paper, acronym, long_form (both normalised): each paper's own definitions in its text, the first one
    of an acronym winning. A Python loop: Schwartz-Hearst walks each definition's characters backwards."""
    rows = [
        (paper, short, long_form)
        for paper, text in zip(papers, texts, strict=True)
        if text and "(" in text
        for short, long_form in acronym_surfaces(text)
    ]
    schema = {"paper": papers.dtype, "acronym": pl.String, "long_form": pl.String}
    frame = pl.DataFrame(rows, schema=schema, orient="row")
    both = normalise(pl.concat([frame["acronym"], frame["long_form"]]))
    return (
        frame.with_columns(acronym=both.head(frame.height), long_form=both.tail(frame.height))
        .filter((pl.col("acronym") != "") & (pl.col("long_form") != ""))
        .unique(["paper", "acronym"], keep="first", maintain_order=True)
    )


def find_acronyms(text: str) -> dict[str, str]:
    """Normalised acronym -> normalised expansion, for each "long form (ACRONYM)" in one text."""
    table = acronym_table(pl.Series([0]), pl.Series([text]))
    return dict(zip(table["acronym"], table["long_form"], strict=True))
