from hypothesis import given
from hypothesis import strategies as st

from rasid.text.normalize import normalize_key, normalize_text, normalize_with_offsets

ARABIC_AND_MORE = st.text(
    alphabet=st.sampled_from(
        list("ابتثجحخدذرزسشصضطظعغفقكلمنهوي")
        + list("أإآٱىةءؤئ")
        + ["\u064e", "\u064f", "\u0650", "\u0651", "\u0652", "\u0640", "\u064b"]
        + list("٠١٢٣٤٥٦٧٨٩")
        + list(" ،.\n")
        + list("AbcZ19")
        + ["\ufefb", "\ufe8d", "\ufeff", "\ufdd0", "\ufe75"]
    ),
    max_size=60,
)


def test_normalize_text_unifies_spelling_variants() -> None:
    assert normalize_text("دَيْر الزُّور") == normalize_text("دير الزور")
    assert normalize_text("إدلب") == normalize_text("ادلب")
    assert normalize_text("الميادين") == "الميادين"
    assert normalize_text("قريةٌ") == "قريه"
    assert normalize_text("مستشفى") == "مستشفي"
    assert normalize_text("هجـــوم") == "هجوم"
    assert normalize_text("٢٠١٧") == "2017"
    assert normalize_text("Deir EZ-Zor") == "deir ez-zor"


def test_normalize_key_joins_words() -> None:
    assert normalize_key("ديرالزور") == normalize_key("دير الزور") == normalize_key("دَيْر  الزُّور")


@given(ARABIC_AND_MORE | st.text(max_size=40))
def test_normalize_text_is_the_text_of_normalize_with_offsets(text: str) -> None:
    assert normalize_text(text) == normalize_with_offsets(text).text


@given(ARABIC_AND_MORE)
def test_normalize_text_is_idempotent(text: str) -> None:
    once = normalize_text(text)
    assert normalize_text(once) == once


@given(ARABIC_AND_MORE, st.data())
def test_normalize_offsets_map_back_inside_the_original(text: str, data: st.DataObject) -> None:
    norm = normalize_with_offsets(text)
    assert len(norm.offsets) == len(norm.text) + 1
    assert norm.offsets[-1] == len(text)
    if norm.text:
        start = data.draw(st.integers(0, len(norm.text) - 1))
        end = data.draw(st.integers(start + 1, len(norm.text)))
        a, b = norm.to_original(start, end)
        assert 0 <= a < b <= len(text)
        # The original slice normalises to text that holds the normalised slice
        # (a ligature such as ﻻ may expand to more than the slice asked for).
        assert norm.text[start:end] in normalize_text(text[a:b])


def test_capital_sigma_is_a_plain_sigma_whatever_else_the_text_holds() -> None:
    # str.lower() would write a final sigma; character by character (presentation forms
    # present) it is a plain one: both paths must agree, so that search words do not
    # depend on the rest of the text.
    assert normalize_text("ΟΔΟΣ") == "οδοσ"
    assert normalize_text("ΟΔΟΣ \ufefb").split()[0] == "οδοσ"
