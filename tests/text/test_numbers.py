"""Tests for rasid.text.numbers: digits, Arabic and English number words, ranges, bounds, vague quantities."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rasid.data import read_toml
from rasid.text.numbers import NumberMention, find_numbers, parse_number

EASTERN = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


def values(text: str) -> list[tuple[str, int | None, int | None, int | None]]:
    return [(m.text, m.count, m.min, m.max) for m in find_numbers(text)]


def only(text: str) -> NumberMention:
    found = find_numbers(text)
    assert len(found) == 1, found
    return found[0]


# --- a small Arabic number-word writer, independent of the data file -------------------------

AR_UNITS = ["", "واحد", "اثنان", "ثلاثة", "أربعة", "خمسة", "ستة", "سبعة", "ثمانية", "تسعة"]
AR_TENS = ["", "عشرة", "عشرون", "ثلاثون", "أربعون", "خمسون", "ستون", "سبعون", "ثمانون", "تسعون"]
AR_HUNDREDS = ["", "مئة", "مئتان", "ثلاثمئة", "أربعمئة", "خمسمئة", "ستمئة", "سبعمئة", "ثمانمئة", "تسعمئة"]


def arabic_words(n: int) -> str:
    """Standard Arabic words for 0 <= n <= 1000 (masculine, nominative)."""
    if n == 0:
        return "صفر"
    if n == 1000:
        return "ألف"
    parts = []
    hundreds, rest = divmod(n, 100)
    if hundreds:
        parts.append(AR_HUNDREDS[hundreds])
    if rest:
        tens, units = divmod(rest, 10)
        if rest < 10:
            parts.append(AR_UNITS[units])
        elif rest == 10:
            parts.append("عشرة")
        elif rest == 11:
            parts.append("أحد عشر")
        elif rest == 12:
            parts.append("اثنا عشر")
        elif rest < 20:
            parts.append(f"{AR_UNITS[units]} عشر")
        elif units == 0:
            parts.append(AR_TENS[tens])
        else:
            parts.append(f"{AR_UNITS[units]} و{AR_TENS[tens]}")
    return " و".join(parts)


EN_SMALL = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
EN_TENS = ["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def english_words(n: int) -> str:
    """English words for 0 <= n < 1,000,000."""
    if n < 20:
        return EN_SMALL[n]
    if n < 100:
        tens, units = divmod(n, 10)
        return EN_TENS[tens] + (f"-{EN_SMALL[units]}" if units else "")
    if n < 1000:
        hundreds, rest = divmod(n, 100)
        return f"{EN_SMALL[hundreds]} hundred" + (f" and {english_words(rest)}" if rest else "")
    thousands, rest = divmod(n, 1000)
    return f"{english_words(thousands)} thousand" + (f" {english_words(rest)}" if rest else "")


# --- digits -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("قتل 5 عناصر", 5),
        ("قتل ٥ عناصر", 5),
        ("قتل ۵ عناصر", 5),
        ("أصيب ١٢ مدنياً", 12),
        ("1,200 people", 1200),
        ("١٬٢٠٠ شخص", 1200),
        ("1,200,000 displaced", 1_200_000),
        ("5 آلاف", 5000),
        ("3 million", 3_000_000),
        ("1.5 million", 1_500_000),
    ],
)
def test_numbers_digits_in_all_scripts(text: str, value: int) -> None:
    mention = only(text)
    assert (mention.count, mention.min, mention.max) == (value, value, value)


@pytest.mark.parametrize(
    "text",
    [
        "في 12/3/2023",
        "2023-03-12",
        "١٢-٣-٢٠٢٣",
        "الساعة 10:30",
        "على بعد 2.5",
        "the 3rd brigade",
        "in the 1990s",
        "&#8220;quoted&#8221;",
        "issue #12",
    ],
)
def test_numbers_dates_times_decimals_and_ordinals_are_not_counts(text: str) -> None:
    assert find_numbers(text) == []


# --- Arabic words ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("واحد", 1),
        ("إحدى", 1),
        ("اثنان", 2),
        ("اثنين", 2),
        ("اثنتين", 2),
        ("ثلاثة", 3),
        ("ثلاث", 3),
        ("ثلاثةُ", 3),
        ("ثمانية", 8),
        ("ثماني", 8),
        ("عشرة", 10),
        ("عشر", 10),
        ("أحد عشر", 11),
        ("احد عشر", 11),
        ("إحدى عشرة", 11),
        ("اثنا عشر", 12),
        ("اثني عشر", 12),
        ("خمسة عشر", 15),
        ("عشرون", 20),
        ("عشرين", 20),
        ("خمسة وعشرون", 25),
        ("خمسةٌ وعشرونَ", 25),
        ("خمس وعشرين", 25),
        ("تسعة وتسعون", 99),
        ("مئة", 100),
        ("مائة", 100),
        ("مئه", 100),
        ("مئتان", 200),
        ("مائتين", 200),
        ("ثلاثمئة", 300),
        ("ثلاثمائة", 300),
        ("ثلاث مئة", 300),
        ("مئة وخمسة وعشرون", 125),
        ("ألف", 1000),
        ("الف", 1000),
        ("ألفين", 2000),
        ("ثلاثة آلاف", 3000),
        ("ثلاثة آلاف وخمسمئة", 3500),
        ("ألف ومئتان وخمسون", 1250),
        ("عشرة آلاف", 10000),
        ("خمسة عشر ألفاً", 15000),
        ("مائتي ألف", 200000),
        ("مليون", 1_000_000),
    ],
)
def test_numbers_arabic_words(text: str, value: int) -> None:
    assert parse_number(text) == value
    mention = only(f"قالت المصادر {text} أمس")
    assert mention.count == value
    assert mention.text == text


@pytest.mark.parametrize(
    ("text", "word", "value"),
    [
        ("وثلاثة", "ثلاثة", 3),
        ("بخمسة", "خمسة", 5),
        ("لعشرة", "عشرة", 10),
        ("وعشرين", "عشرين", 20),
        ("فسبعة", "سبعة", 7),
        ("الخمسة", "الخمسة", 5),
        ("والخمسة", "الخمسة", 5),
    ],
)
def test_numbers_arabic_clitics_left_out_of_the_span_but_not_the_article(
    text: str, word: str, value: int
) -> None:
    mention = only(f"قتل {text} من العناصر")
    assert (mention.text, mention.count) == (word, value)


@pytest.mark.parametrize(
    "text",
    [
        "يوم الأحد",
        "صباح الاثنين",
        "يوم الإثنين",
        "لست أدري",
        "في الحادي عشر من الشهر",
        "50 بالمئة",
        "50 في المئة",
    ],
)
def test_numbers_arabic_words_that_are_not_quantities(text: str) -> None:
    assert all(m.text not in ("الأحد", "الاثنين", "الإثنين", "ست", "عشر") for m in find_numbers(text))
    assert all(m.count != 100 for m in find_numbers(text))


def test_numbers_units_joined_by_and_stay_apart() -> None:
    assert values("خمسة وسبعة") == [("خمسة", 5, 5, 5), ("سبعة", 7, 7, 7)]
    assert values("عشرون وخمسة") == [("عشرون", 20, 20, 20), ("خمسة", 5, 5, 5)]


# --- duals ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["عنصران", "عنصرين", "جنديين", "شخصان", "شخصين", "طفلين", "مدنيان", "امرأتين", "قتيلين", "جريحين"],
)
def test_numbers_duals_count_two(text: str) -> None:
    mention = only(f"مقتل {text} في الهجوم")
    assert (mention.text, mention.count, mention.min, mention.max) == (text, 2, 2, 2)


def test_numbers_dual_with_clitics_and_confirming_two() -> None:
    assert values("ومقتل وعنصرين") == [("عنصرين", 2, 2, 2)]
    assert values("مقتل عنصرين اثنين") == [("عنصرين اثنين", 2, 2, 2)]


@pytest.mark.parametrize("text", ["مدنيين", "مسلحين", "مقاتلين", "عسكريين"])
def test_numbers_ambiguous_plural_forms_are_not_duals(text: str) -> None:
    assert find_numbers(f"مقتل {text}") == []


# --- English words --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("one", 1),
        ("seven", 7),
        ("twelve", 12),
        ("twenty", 20),
        ("twenty-five", 25),
        ("twenty five", 25),
        ("a hundred", 100),
        ("two hundred", 200),
        ("two hundred and five", 205),
        ("a thousand", 1000),
        ("three thousand four hundred", 3400),
        ("a dozen", 12),
        ("half a dozen", 6),
        ("two dozen", 24),
    ],
)
def test_numbers_english_words(text: str, value: int) -> None:
    assert parse_number(text) == value
    assert only(f"Reports said {text} were there").count == value


@pytest.mark.parametrize("text", ["no one was hurt", "any one of them", "a man", "the one who"])
def test_numbers_english_pronoun_one_and_bare_article_are_not_numbers(text: str) -> None:
    assert find_numbers(text) == []


# --- ranges, bounds, approximations and vague quantities ------------------------------------------


@pytest.mark.parametrize(
    ("text", "words", "low", "high"),
    [
        ("killed between 5 and 7 people", "between 5 and 7", 5, 7),
        ("5 to 7 people", "5 to 7", 5, 7),
        ("5-7 people", "5-7", 5, 7),
        ("5 – 7 people", "5 – 7", 5, 7),
        ("five or six people", "five or six", 5, 6),
        ("from 3 to 5", "from 3 to 5", 3, 5),
        ("مقتل ما بين 5 و7 عناصر", "ما بين 5 و7", 5, 7),
        ("مقتل بين 5 و 7 عناصر", "بين 5 و 7", 5, 7),
        ("مقتل بين خمسة وسبعة عناصر", "بين خمسة وسبعة", 5, 7),
        ("مقتل من 3 إلى 5 عناصر", "من 3 إلى 5", 3, 5),
        ("مقتل من ثلاثة الى خمسة", "من ثلاثة الى خمسة", 3, 5),
        ("مقتل ثلاثة أو أربعة", "ثلاثة أو أربعة", 3, 4),
        ("مقتل ما بين خمسة وعشرين وثلاثين", "ما بين خمسة وعشرين وثلاثين", 25, 30),
    ],
)
def test_numbers_ranges(text: str, words: str, low: int, high: int) -> None:
    mention = only(text)
    assert (mention.text, mention.count, mention.min, mention.max) == (words, None, low, high)


def test_numbers_range_needs_a_smaller_first_end() -> None:
    assert values("7-5") == [("7", 7, 7, 7), ("5", 5, 5, 5)]


@pytest.mark.parametrize(
    ("text", "words", "count", "low", "high"),
    [
        ("at least 4 people", "at least 4", None, 4, None),
        ("no fewer than 4", "no fewer than 4", None, 4, None),
        ("مقتل ما لا يقل عن 12 شخصاً", "ما لا يقل عن 12", None, 12, None),
        ("مقتل 5 على الأقل", "5 على الأقل", None, 5, None),
        ("10 or more", "10 or more", None, 10, None),
        ("more than 10", "more than 10", None, 11, None),
        ("أكثر من 10 أشخاص", "أكثر من 10", None, 11, None),
        ("أكثر من عشرة", "أكثر من عشرة", None, 11, None),
        ("ما يزيد عن 20", "ما يزيد عن 20", None, 21, None),
        ("less than 10", "less than 10", None, None, 9),
        ("up to 10", "up to 10", None, None, 10),
        ("about 20 people", "about 20", 20, 16, 24),
        ("نحو 20 شخصاً", "نحو 20", 20, 16, 24),
        ("حوالي 30", "حوالي 30", 30, 24, 36),
        ("حوالى 30", "حوالى 30", 30, 24, 36),
        ("قرابة خمسين", "قرابة خمسين", 50, 40, 60),
        ("20 تقريباً", "20 تقريباً", 20, 16, 24),
        ("an estimated 300", "an estimated 300", 300, 240, 360),
    ],
)
def test_numbers_bounds_and_approximations(
    text: str, words: str, count: int | None, low: int | None, high: int | None
) -> None:
    mention = only(text)
    assert (mention.text, mention.count, mention.min, mention.max) == (words, count, low, high)


@pytest.mark.parametrize(
    ("text", "words", "low", "high"),
    [
        ("dozens of civilians", "dozens", 24, 99),
        ("مقتل العشرات", "العشرات", 24, 99),
        ("مقتل عشرات المدنيين", "عشرات", 24, 99),
        ("وعشرات الجرحى", "عشرات", 24, 99),
        ("مقتل عدد من العناصر", "عدد من", 2, None),
        ("several soldiers", "several", 2, None),
        ("a number of soldiers", "a number of", 2, None),
        ("scores of people", "scores", 40, None),
        ("hundreds of people", "hundreds", 200, 999),
        ("مئات المدنيين", "مئات", 200, 999),
        ("a few fighters", "a few", 2, 9),
        ("بضعة عناصر", "بضعة", 2, 9),
        ("عشرات الآلاف", "عشرات الآلاف", 20000, 99999),
    ],
)
def test_numbers_vague_quantities(text: str, words: str, low: int | None, high: int | None) -> None:
    mention = only(text)
    assert (mention.text, mention.count, mention.min, mention.max) == (words, None, low, high)


def test_numbers_several_in_order_without_overlap() -> None:
    found = find_numbers("قتل 3 وأصيب خمسة، ونزح أكثر من 200 شخص خلال يومين")
    assert [(m.text, m.count, m.min) for m in found] == [
        ("3", 3, 3),
        ("خمسة", 5, 5),
        ("أكثر من 200", None, 201),
    ]
    assert all(a.span[1] <= b.span[0] for a, b in itertools.pairwise(found))


# --- parse_number ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "words", ["", "عناصر", "dozens", "about 20", "between 5 and 7", "5 people", "وخمسة", "one two"]
)
def test_parse_number_rejects_what_is_not_one_exact_number(words: str) -> None:
    assert parse_number(words) is None


# --- every entry of the data file reads back ------------------------------------------------------


def test_numbers_data_file_words_parse_to_their_values() -> None:
    data = read_toml("lexicons/numbers.toml")
    tables = [data["arabic"]["words"], data["arabic"]["dual_scales"], data["english"]["words"]]
    for table in tables:
        for word, value in table.items():
            assert parse_number(word) == value, word
    for word, value in data["arabic"]["scales"].items():
        assert parse_number(f"3 {word}") == 3 * value, word
    for entry in data["vague"]:
        for word in entry["words"]:
            mention = only(word)
            assert (mention.min, mention.max) == (entry.get("min"), entry.get("max")), word
    for word in data["duals"]["words"]:
        assert parse_number(word) == 2, word


# --- properties ----------------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=100_000))
def test_numbers_digits_eastern_and_persian_parse_back(n: int) -> None:
    digits = str(n)
    for written in (digits, digits.translate(EASTERN), digits.translate(PERSIAN), f"{n:,}"):
        assert parse_number(written) == n, written
        mention = only(f"قتل {written} شخصا")
        assert mention.count == n


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=1000))
def test_numbers_generated_arabic_words_parse_back(n: int) -> None:
    words = arabic_words(n)
    assert parse_number(words) == n, words
    assert only(f"وقالت المصادر إن {words} أصيبوا").count == n


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=999_999))
def test_numbers_generated_english_words_parse_back(n: int) -> None:
    words = english_words(n)
    assert parse_number(words) == n, words


VOCABULARY = [
    "مقتل", "وخمسة", "عشر", "وعشرين", "بين", "و", "إلى", "أكثر", "من", "نحو", "عشرات", "عنصرين",
    "٥", "١٬٢٠٠", "12", "-", "7", "at", "least", "between", "and", "twenty", "five", "a", "dozen",
    "الأحد", "ً", "ـ", "،", ".", "\n", "12/3/2023", "ﻻ", "one", "no",
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(VOCABULARY), max_size=14), st.sampled_from([" ", "", "  "]))
def test_numbers_spans_slice_back_in_order(words: list[str], joiner: str) -> None:
    text = joiner.join(words)
    found = find_numbers(text)
    for mention in found:
        assert text[mention.span[0] : mention.span[1]] == mention.text
        assert mention.text.strip() == mention.text and mention.text
    assert all(a.span[1] <= b.span[0] for a, b in itertools.pairwise(found))


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_numbers_any_text_gives_valid_spans(text: str) -> None:
    for mention in find_numbers(text):
        assert text[mention.span[0] : mention.span[1]] == mention.text
        assert mention.min is None or mention.max is None or mention.min <= mention.max
