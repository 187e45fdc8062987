import pyarrow as pa
import pytest

from enrichment.names import fold_name, fold_names_arrow

TRICKY_NAMES = [
    "Łukasz Żmuda",
    "Øyvind Ødegård",
    "Grete Straßmann",
    "Renée Castañeda",
    "Ignacio Muñoz-Peña",
    "Đorđe Æbelø",
    "Œdipe Þórsson",
    "李静怡",
    "Анна Смирнова",
    "محمد العلي",
    "Γιώργος Παπαδόπουλος",
    "कुमार",
    "がくしゅう",
    "김민수",
    "Ｆｕｌｌ Ｗｉｄｔｈ",
    'Rongqi "Richard" Fan',
    "Max W.F. Ku",
    "  Jean-Pierre   O'Neil ",
    "Tomasz Łęcki",
    "İlker Işık",
]


@pytest.mark.parametrize(
    ("name", "folded"),
    [
        ("Łukasz Żmuda", "lukasz zmuda"),
        ("Øyvind Ødegård", "oyvind odegard"),
        ("Grete Straßmann", "grete strassmann"),
        ("Renée Castañeda", "renee castaneda"),
        ("Ignacio Muñoz-Peña", "ignacio munoz pena"),
        ("Đorđe Æbelø", "dorde aebelo"),
        ("Œdipe Þórsson", "oedipe thorsson"),
        ("  Jean-Pierre   O'Neil ", "jean pierre o neil"),
        ("Ｆｕｌｌ Ｗｉｄｔｈ", "full width"),
        ("Max W.F. Ku", "max w f ku"),
    ],
)
def test_latin_names_fold_to_plain_lowercase(name, folded):
    assert fold_name(name) == folded


@pytest.mark.parametrize("name", ["李静怡", "Анна Смирнова", "محمد العلي", "कुमार", "がくしゅう", "김민수"])
def test_non_latin_names_keep_their_letters(name):
    assert fold_name(name) == name.lower()


def test_greek_keeps_accents_but_folds_case():
    assert fold_name("Γιώργος Παπαδόπουλος") == "γιώργοσ παπαδόπουλοσ"


def test_spellings_of_one_name_meet_and_transliterations_do_not():
    assert fold_name("Renée Castañeda") == fold_name("RENEE CASTANEDA")
    # ü/ue and ß/ss are transliterations, not accents: only a linked HF user joins these two
    assert fold_name("Jürgen Weißhaupt") != fold_name("Juergen Weisshaupt")


def test_punctuation_only_name_folds_to_empty():
    assert fold_name("...") == ""


def test_arrow_kernel_matches_the_reference_function():
    folded = fold_names_arrow(pa.array([*TRICKY_NAMES, None])).to_pylist()
    assert folded == [*(fold_name(name) for name in TRICKY_NAMES), None]
