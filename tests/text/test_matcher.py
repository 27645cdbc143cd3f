import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rasid.text.matcher import PhraseMatcher

MATCHER = PhraseMatcher(
    {"دير الزور": "DEZ", "الميادين": "MAY", "التنظيم": "ISIS", "قوات الأسد": "SYR", "Deir ez-Zor": "DEZ"}
)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("في ديرالزور", "ديرالزور"),
        ("في دير الزور", "دير الزور"),
        ("في دَيْر الزُّور", "دَيْر الزُّور"),
        ("وبالميادين", "الميادين"),
        ("للتنظيم", "للتنظيم"),
        ("ولقوات الأسد", "قوات الأسد"),
        ("in Deir ez-Zor province", "Deir ez-Zor"),
    ],
)
def test_matcher_finds_variants_with_clitics(text: str, found: str) -> None:
    matches = MATCHER.find(text)
    assert [m.text for m in matches] == [found]


def test_matcher_respects_word_boundaries() -> None:
    assert MATCHER.find("الميادينية") == []
    assert PhraseMatcher({"IS": "ISIS"}).find("this island") == []


def test_matcher_prefers_the_longest_phrase() -> None:
    matcher = PhraseMatcher({"قوات": "X", "قوات الأسد": "SYR"})
    assert [m.value for m in matcher.find("هاجمت قوات الأسد")] == ["SYR"]


@given(
    st.text(alphabet=st.sampled_from(list("ابت ثج،.و")), max_size=20),
    st.sampled_from(["ديرالزور", "دير الزور", "وبالميادين", "للتنظيم", "قوات الأسد"]),
    st.text(alphabet=st.sampled_from(list(" ،.")), min_size=1, max_size=3),
)
def test_matcher_spans_slice_back(prefix: str, name: str, sep: str) -> None:
    text = prefix + " " + name + sep
    for match in MATCHER.find(text):
        assert text[match.span[0] : match.span[1]] == match.text


def test_matcher_finds_each_occurrence_of_a_repeated_name() -> None:
    text = "الميادين وقوات الأسد في الميادين ثم قوات الأسد في الميادين"
    assert [m.value for m in MATCHER.find(text)] == ["MAY", "SYR", "MAY", "SYR", "MAY"]


@given(st.lists(st.sampled_from(["الميادين", "قوات", "الأسد", "في", "x"]), max_size=14))
def test_matcher_finds_every_occurrence_in_order(words: list[str]) -> None:
    # Only the positions of words that can start a phrase are read: every one of them, in order.
    matches = MATCHER.find(" ".join(words))
    pairs = sum(1 for pair in itertools.pairwise(words) if pair == ("قوات", "الأسد"))
    assert [m.value for m in matches].count("MAY") == words.count("الميادين")
    assert [m.value for m in matches].count("SYR") == pairs
    assert [m.span for m in matches] == sorted(m.span for m in matches)


ENDINGS = PhraseMatcher({"غارة": "AIR", "عبوة ناسفة": "IED", "صاروخ": "MSL"}, suffixes="ان|ين|ه|هم")


@pytest.mark.parametrize(
    ("text", "value", "phrase"),
    [
        ("شنت الطائرات غارتين على البلدة", "AIR", "غاره"),  # a taa marbuta is written ت before an ending
        ("وأسفرت غارته عن دمار", "AIR", "غاره"),
        ("انفجرت عبوتان ناسفتان بالدورية", "IED", "عبوه ناسفه"),  # both words of a phrase in the dual
        ("بعبوتين ناسفتين", "IED", "عبوه ناسفه"),
        ("سقط صاروخان", "MSL", "صاروخ"),
    ],
)
def test_matcher_reads_dual_and_pronoun_endings_of_feminine_nouns(text: str, value: str, phrase: str) -> None:
    matches = ENDINGS.find(text)
    assert [(m.value, m.phrase) for m in matches] == [(value, phrase)]
    assert text[matches[0].span[0] : matches[0].span[1]] == matches[0].text


def test_matcher_reads_no_ending_without_suffixes() -> None:
    # Duals and the ت of a taa marbuta are Arabic endings: a matcher given none reads the words as written.
    plain = PhraseMatcher({"غارة": "AIR", "عبوة ناسفة": "IED"})
    assert plain.find("غارتين وعبوتان ناسفتان") == []
    # A phrase with the article, or a word without ة, has no listed dual.
    assert PhraseMatcher({"الطائرة المسيرة": "X"}, suffixes="ان").find("الطائرتان المسيرتان") == []
