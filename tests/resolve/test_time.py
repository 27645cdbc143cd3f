"""Tests for rasid.resolve.time: Arabic and English time expressions resolved to ISO dates."""

from __future__ import annotations

import calendar
import itertools
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rasid.data import read_toml
from rasid.records import TimeValue
from rasid.resolve.time import find_times, resolve_time_text, since_then

PUBLISHED = "2023-03-15"  # a Wednesday
EASTERN = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
LEVANTINE = [
    "كانون الثاني",
    "شباط",
    "آذار",
    "نيسان",
    "أيار",
    "حزيران",
    "تموز",
    "آب",
    "أيلول",
    "تشرين الأول",
    "تشرين الثاني",
    "كانون الأول",
]
EGYPTIAN = [
    "يناير",
    "فبراير",
    "مارس",
    "أبريل",
    "مايو",
    "يونيو",
    "يوليو",
    "أغسطس",
    "سبتمبر",
    "أكتوبر",
    "نوفمبر",
    "ديسمبر",
]
ENGLISH = list(calendar.month_name)[1:]

Resolved = tuple[str | None, str | None, str | None, str]


def resolved(text: str, published: str | None = PUBLISHED) -> list[Resolved]:
    return [(t.text, t.start, t.end, t.precision) for t in find_times(text, published=published)]


def only(text: str, published: str | None = PUBLISHED) -> TimeValue:
    found = find_times(text, published=published)
    assert len(found) == 1, found
    value = found[0]
    assert value.span is not None and text[value.span[0] : value.span[1]] == value.text
    return value


def as_tuple(value: TimeValue) -> tuple[str | None, str | None, str]:
    return (value.start, value.end, value.precision)


@pytest.mark.parametrize(
    ("text", "words", "day"),
    [
        ("وقع الهجوم في 2023-03-12 قرب البلدة", "2023-03-12", "2023-03-12"),
        ("في 12/3/2023", "12/3/2023", "2023-03-12"),
        ("في ١٢-٣-٢٠٢٣", "١٢-٣-٢٠٢٣", "2023-03-12"),
        ("on 5.11.2019", "5.11.2019", "2019-11-05"),
        ("في 12 آذار 2023", "12 آذار 2023", "2023-03-12"),
        ("في 12 اذار 2023", "12 اذار 2023", "2023-03-12"),
        ("في 12 مارس 2023", "12 مارس 2023", "2023-03-12"),
        ("في 12 آذار/مارس 2023", "12 آذار/مارس 2023", "2023-03-12"),
        ("في 12 آذار (مارس) 2023", "12 آذار (مارس) 2023", "2023-03-12"),
        ("في 12 من آذار عام 2023", "12 من آذار عام 2023", "2023-03-12"),
        ("في ١٢ تشرين الأول ٢٠٢٣", "١٢ تشرين الأول ٢٠٢٣", "2023-10-12"),
        ("في 3 كانون الثاني 2018", "3 كانون الثاني 2018", "2018-01-03"),
        ("في 3 كانون الأول 2018", "3 كانون الأول 2018", "2018-12-03"),
        ("في 5 آب 2017", "5 آب 2017", "2017-08-05"),
        ("on March 12, 2023 near", "March 12, 2023", "2023-03-12"),
        ("on 12 March 2023", "12 March 2023", "2023-03-12"),
        ("on 12th March 2023", "12th March 2023", "2023-03-12"),
        ("on Sept. 3, 2019", "Sept. 3, 2019", "2019-09-03"),
    ],
)
def test_time_absolute_days(text: str, words: str, day: str) -> None:
    value = only(text, published=None)
    assert value.text == words
    assert as_tuple(value) == (day, day, "day")


@pytest.mark.parametrize(
    ("text", "words", "start", "end"),
    [
        ("في آذار 2023", "آذار 2023", "2023-03-01", "2023-03-31"),
        ("في شهر شباط من عام 2020", "شهر شباط من عام 2020", "2020-02-01", "2020-02-29"),
        ("في فبراير 2021", "فبراير 2021", "2021-02-01", "2021-02-28"),
        ("في آذار/مارس 2023", "آذار/مارس 2023", "2023-03-01", "2023-03-31"),
        ("in May 2017", "May 2017", "2017-05-01", "2017-05-31"),
        ("in December of 2016", "December of 2016", "2016-12-01", "2016-12-31"),
    ],
)
def test_time_month_and_year(text: str, words: str, start: str, end: str) -> None:
    value = only(text, published=None)
    assert value.text == words
    assert as_tuple(value) == (start, end, "month")


@pytest.mark.parametrize(
    ("text", "words", "year"),
    [
        ("انسحب التنظيم عام 2017", "عام 2017", 2017),
        ("في العام 2018", "العام 2018", 2018),
        ("خلال سنة 2019", "سنة 2019", 2019),
        ("منذ عام ٢٠١٥", "عام ٢٠١٥", 2015),
        ("وفي عام 2016", "عام 2016", 2016),
        ("in 2017 the group", "2017", 2017),
        ("during 2016", "2016", 2016),
    ],
)
def test_time_marked_years(text: str, words: str, year: int) -> None:
    value = only(text, published=None)
    assert value.text == words
    assert as_tuple(value) == (f"{year}-01-01", f"{year}-12-31", "year")


@pytest.mark.parametrize(
    "text",
    [
        "قتل 2017 شخصا",
        "the 2017 offensive",
        "رقم 2019",
        "they may attack",
        "قتل أب وابنه",
        "مارس الضغط على الفصائل",
        "in the 1990s",
        "march on the town",
        "في اليوم التالي",
        "أحد العناصر",
        "وصل الاثنين إلى المدينة",
        "اللواء الثامن من الفرقة الرابعة",  # an ordinal with no month is no date
        "الهجوم الثاني من نوعه",
    ],
)
def test_time_words_that_are_not_dates(text: str) -> None:
    assert find_times(text, published=PUBLISHED) == []


@pytest.mark.parametrize(
    ("text", "words", "day"),
    [
        ("في العاشر من آذار الجاري", "العاشر من آذار الجاري", "2023-03-10"),
        ("في الثالث عشر من الشهر الجاري", "الثالث عشر من الشهر الجاري", "2023-03-13"),
        ("في الحادي والعشرين من تشرين الأول 2019", "الحادي والعشرين من تشرين الأول 2019", "2019-10-21"),
        ("منذ الخامس من الشهر الماضي", "الخامس من الشهر الماضي", "2023-02-05"),
        ("قتل شابان والثاني عشر من الشهر الجاري", "الثاني عشر من الشهر الجاري", "2023-03-12"),
        ("on the 10th of this month", "10th of this month", "2023-03-10"),
    ],
)
def test_time_days_written_as_ordinal_words(text: str, words: str, day: str) -> None:
    # Arabic reports write a date's day as an ordinal ("العاشر") as often as in digits.
    value = only(text)
    assert value.text == words
    assert as_tuple(value) == (day, day, "day")


def test_time_every_ordinal_day_word_names_its_day() -> None:
    ordinals = read_toml("lexicons/time.toml")["ordinal_days"]
    assert sorted(ordinals.values()) == list(range(1, 32))
    for word, day in ordinals.items():
        assert as_tuple(only(f"في {word} من كانون الثاني 2022")) == (f"2022-01-{day:02d}",) * 2 + ("day",)


@pytest.mark.parametrize("text", ["31 شباط 2023", "30/2/2023", "2023-02-30", "31 April 2021", "29 شباط 2023"])
def test_time_impossible_dates_are_skipped(text: str) -> None:
    assert find_times(text, published=PUBLISHED) == []


@pytest.mark.parametrize(
    ("text", "start", "end", "precision"),
    [
        ("أواخر عام 2017", "2017-10-01", "2017-12-31", "quarter"),
        ("في أواخر العام 2017", "2017-10-01", "2017-12-31", "quarter"),
        ("نهاية 2017", "2017-10-01", "2017-12-31", "quarter"),
        ("late 2017", "2017-10-01", "2017-12-31", "quarter"),
        ("the end of 2017", "2017-10-01", "2017-12-31", "quarter"),
        ("أوائل عام 2018", "2018-01-01", "2018-03-31", "quarter"),
        ("مطلع 2018", "2018-01-01", "2018-03-31", "quarter"),
        ("بداية عام 2018", "2018-01-01", "2018-03-31", "quarter"),
        ("early 2018", "2018-01-01", "2018-03-31", "quarter"),
        ("منتصف عام 2019", "2019-04-01", "2019-09-30", "quarter"),
        ("mid-2019", "2019-04-01", "2019-09-30", "quarter"),
        ("أواخر آذار 2017", "2017-03-21", "2017-03-31", "week"),
        ("مطلع شباط 2020", "2020-02-01", "2020-02-10", "week"),
        ("منتصف حزيران 2020", "2020-06-11", "2020-06-20", "week"),
        ("late February 2019", "2019-02-21", "2019-02-28", "week"),
    ],
)
def test_time_qualified_years_and_months(text: str, start: str, end: str, precision: str) -> None:
    value = only(text, published=None)
    assert value.text == text.removeprefix("في ")
    assert as_tuple(value) == (start, end, precision)


@pytest.mark.parametrize(
    ("text", "words", "start", "end", "precision"),
    [
        ("اليوم", "اليوم", "2023-03-15", "2023-03-15", "day"),
        ("today", "today", "2023-03-15", "2023-03-15", "day"),
        ("فجر اليوم", "فجر اليوم", "2023-03-15", "2023-03-15", "day"),
        ("this morning", "this morning", "2023-03-15", "2023-03-15", "day"),
        ("أمس", "أمس", "2023-03-14", "2023-03-14", "day"),
        ("يوم أمس", "يوم أمس", "2023-03-14", "2023-03-14", "day"),
        ("وأمس", "أمس", "2023-03-14", "2023-03-14", "day"),
        ("البارحة", "البارحة", "2023-03-14", "2023-03-14", "day"),
        ("yesterday", "yesterday", "2023-03-14", "2023-03-14", "day"),
        ("الليلة الماضية", "الليلة الماضية", "2023-03-14", "2023-03-14", "day"),
        ("last night", "last night", "2023-03-14", "2023-03-14", "day"),
        ("overnight", "overnight", "2023-03-14", "2023-03-15", "day"),
        ("أول أمس", "أول أمس", "2023-03-13", "2023-03-13", "day"),
        ("أول من أمس", "أول من أمس", "2023-03-13", "2023-03-13", "day"),
        ("the day before yesterday", "the day before yesterday", "2023-03-13", "2023-03-13", "day"),
        ("قبل يومين", "قبل يومين", "2023-03-13", "2023-03-13", "day"),
        ("two days ago", "two days ago", "2023-03-13", "2023-03-13", "day"),
        ("قبل ثلاثة أيام", "قبل ثلاثة أيام", "2023-03-12", "2023-03-12", "day"),
        ("منذ 4 أيام", "منذ 4 أيام", "2023-03-11", "2023-03-11", "day"),
        ("الأسبوع الماضي", "الأسبوع الماضي", "2023-03-08", "2023-03-14", "week"),
        ("last week", "last week", "2023-03-08", "2023-03-14", "week"),
        ("منذ أيام", "منذ أيام", "2023-03-08", "2023-03-15", "week"),
        ("خلال الأيام الماضية", "خلال الأيام الماضية", "2023-03-08", "2023-03-15", "week"),
        ("in recent days", "in recent days", "2023-03-08", "2023-03-15", "week"),
        ("in mid-February", "mid-February", "2023-02-11", "2023-02-20", "week"),
        ("in mid-February 2022", "mid-February 2022", "2022-02-11", "2022-02-20", "week"),
        ("خلال اليومين الماضيين", "خلال اليومين الماضيين", "2023-03-13", "2023-03-15", "week"),
        ("over the past two days", "over the past two days", "2023-03-13", "2023-03-15", "week"),
        ("خلال الأيام الثلاثة الماضية", "خلال الأيام الثلاثة الماضية", "2023-03-12", "2023-03-15", "week"),
        ("in the past 72 hours", "in the past 72 hours", "2023-03-12", "2023-03-15", "week"),
        ("خلال الفترة الماضية", "خلال الفترة الماضية", "2023-02-13", "2023-03-15", "month"),
        ("recently", "recently", "2023-02-13", "2023-03-15", "month"),
        ("خلال الأشهر الماضية", "خلال الأشهر الماضية", "2022-12-15", "2023-03-15", "quarter"),
        ("الشهر الجاري", "الشهر الجاري", "2023-03-01", "2023-03-15", "month"),
        ("this year", "this year", "2023-01-01", "2023-03-15", "year"),
        ("قبل أسبوعين", "قبل أسبوعين", "2023-02-26", "2023-03-04", "week"),
        ("a month ago", "a month ago", "2023-02-01", "2023-02-28", "month"),
        ("منذ عامين", "منذ عامين", "2021-01-01", "2021-12-31", "year"),
        ("الشهر الماضي", "الشهر الماضي", "2023-02-01", "2023-02-28", "month"),
        ("last month", "last month", "2023-02-01", "2023-02-28", "month"),
        ("العام الماضي", "العام الماضي", "2022-01-01", "2022-12-31", "year"),
        ("السنة الماضية", "السنة الماضية", "2022-01-01", "2022-12-31", "year"),
        ("last year", "last year", "2022-01-01", "2022-12-31", "year"),
        ("أواخر العام الماضي", "أواخر العام الماضي", "2022-10-01", "2022-12-31", "quarter"),
        ("مطلع الشهر الجاري", "مطلع الشهر الجاري", "2023-03-01", "2023-03-10", "week"),
        ("في 12 من الشهر الجاري", "12 من الشهر الجاري", "2023-03-12", "2023-03-12", "day"),
        ("في آذار الماضي", "آذار الماضي", "2023-03-01", "2023-03-31", "month"),
        ("في نيسان الماضي", "نيسان الماضي", "2022-04-01", "2022-04-30", "month"),
        ("في 20 نيسان", "20 نيسان", "2022-04-20", "2022-04-20", "day"),
        ("في شهر أيار", "شهر أيار", "2022-05-01", "2022-05-31", "month"),
    ],
)
def test_time_relative_to_publication(text: str, words: str, start: str, end: str, precision: str) -> None:
    value = only(text)
    assert value.text == words
    assert as_tuple(value) == (start, end, precision)


@pytest.mark.parametrize(
    ("text", "words", "day"),
    [
        ("يوم الثلاثاء", "يوم الثلاثاء", "2023-03-14"),
        ("الثلاثاء الماضي", "الثلاثاء الماضي", "2023-03-14"),
        ("يوم الأربعاء", "يوم الأربعاء", "2023-03-15"),
        ("الأربعاء الماضي", "الأربعاء الماضي", "2023-03-08"),
        ("الأحد الماضي", "الأحد الماضي", "2023-03-12"),
        ("يوم الاثنين", "يوم الاثنين", "2023-03-13"),
        ("صباح الجمعة", "الجمعة", "2023-03-10"),
        ("مساء الأحد", "الأحد", "2023-03-12"),
        ("فجر الاثنين", "الاثنين", "2023-03-13"),
        ("on Tuesday", "Tuesday", "2023-03-14"),
        ("last Wednesday", "Wednesday", "2023-03-08"),
        ("الخميس المقبل", "الخميس المقبل", "2023-03-16"),
    ],
)
def test_time_weekdays(text: str, words: str, day: str) -> None:
    value = only(text)
    assert value.text == words
    assert as_tuple(value) == (day, day, "day")


@pytest.mark.parametrize(("text", "day"), [("اليوم الأربعاء", "2023-03-15"), ("أمس الثلاثاء", "2023-03-14")])
def test_time_relative_day_with_its_weekday_is_one_mention(text: str, day: str) -> None:
    value = only(text)
    assert value.text == text
    assert as_tuple(value) == (day, day, "day")


@pytest.mark.parametrize(
    ("text", "words"),
    [("في عامي 2017 و2018", "عامي 2017 و2018"), ("between 2017 and 2018", "between 2017 and 2018")],
)
def test_time_two_years(text: str, words: str) -> None:
    value = only(text, published=None)
    assert value.text == words
    assert as_tuple(value) == ("2017-01-01", "2018-12-31", "year")


def test_time_weekday_with_date_is_one_mention() -> None:
    text = "يوم الثلاثاء 14 آذار 2023"
    value = only(text, published=None)
    assert value.text == text
    assert as_tuple(value) == ("2023-03-14", "2023-03-14", "day")


@pytest.mark.parametrize(
    "text",
    ["أمس", "yesterday", "يوم الثلاثاء", "الأسبوع الماضي", "قبل يومين", "12 آذار", "آذار الماضي", "recently"],
)
def test_time_relative_without_publication_stays_unresolved(text: str) -> None:
    value = only(text, published=None)
    assert value.text == text
    assert as_tuple(value) == (None, None, "unknown")


def test_time_absolute_resolves_without_publication() -> None:
    assert resolved("أمس، في 12 آذار 2023", published=None) == [
        ("أمس", None, None, "unknown"),
        ("12 آذار 2023", "2023-03-12", "2023-03-12", "day"),
    ]


@pytest.mark.parametrize("published", ["2023-03-15T08:30:00+00:00", "2023-03-15 08:30", " 2023-03-15"])
def test_time_published_datetime_forms(published: str) -> None:
    assert as_tuple(only("أمس", published=published)) == ("2023-03-14", "2023-03-14", "day")


def test_time_unreadable_publication_date_leaves_relatives_unresolved() -> None:
    assert as_tuple(only("أمس", published="yesterday-ish")) == (None, None, "unknown")


def test_time_several_expressions_in_order() -> None:
    text = "بعد انسحاب التنظيم أواخر عام 2017، عاد وهاجم أمس نقطة، وفي 3 آذار 2023 قتل اثنان."
    assert resolved(text) == [
        ("أواخر عام 2017", "2017-10-01", "2017-12-31", "quarter"),
        ("أمس", "2023-03-14", "2023-03-14", "day"),
        ("3 آذار 2023", "2023-03-03", "2023-03-03", "day"),
    ]


def test_resolve_time_text_takes_the_longest_expression() -> None:
    value = resolve_time_text("منذ أواخر عام 2017", published=None)
    assert as_tuple(value) == ("2017-10-01", "2017-12-31", "quarter")
    assert value.text == "أواخر عام 2017"
    assert value.span == (4, 18)


def test_resolve_time_text_unknown_keeps_the_words() -> None:
    value = resolve_time_text("  في وقت ما  ", published=PUBLISHED)
    assert value == TimeValue(None, None, "unknown", "في وقت ما", None)


def test_time_data_file_month_and_weekday_names_resolve() -> None:
    data = read_toml("lexicons/time.toml")
    for month, names in data["months"].items():
        for name in names:
            value = only(f"في 7 {name} 2020", published=None)
            assert value.start == f"2020-{int(month):02d}-07", name
    for weekday, names in data["weekdays"].items():
        for name in names:
            value = only(f"يوم {name}" if not name.isascii() else f"on {name}")
            assert date.fromisoformat(value.start or "").weekday() == int(weekday), name


def test_time_data_file_relative_words_resolve() -> None:
    data = read_toml("lexicons/time.toml")
    for entry in data["relative"]:
        for words in entry["words"]:
            value = only(f"قالوا إن {words} شهد هجمات" if not words.isascii() else f"they said {words} it")
            assert value.start is not None and value.end is not None, words
            assert value.start <= value.end <= PUBLISHED, words


@settings(max_examples=300, deadline=None)
@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2035, 12, 31)), st.booleans())
def test_time_rendered_dates_resolve_to_that_day(day: date, eastern: bool) -> None:
    iso = day.isoformat()
    renderings = [
        iso,
        f"{day.day}/{day.month}/{day.year}",
        f"{day.day} {LEVANTINE[day.month - 1]} {day.year}",
        f"{day.day} {EGYPTIAN[day.month - 1]} {day.year}",
        f"{day.day} {LEVANTINE[day.month - 1]}/{EGYPTIAN[day.month - 1]} {day.year}",
        f"{day.day} {ENGLISH[day.month - 1]} {day.year}",
        f"{ENGLISH[day.month - 1]} {day.day}, {day.year}",
    ]
    for rendering in renderings:
        written = rendering.translate(EASTERN) if eastern and not rendering[0].isalpha() else rendering
        text = f"وقع الهجوم في {written} قرب البلدة"
        value = only(text, published=None)
        assert value.text == written
        assert as_tuple(value) == (iso, iso, "day"), written


@settings(max_examples=200, deadline=None)
@given(
    st.dates(min_value=date(2000, 1, 1), max_value=date(2030, 12, 31)),
    st.integers(min_value=0, max_value=10),
)
def test_time_days_ago_count_back_from_publication(published: date, days: int) -> None:
    text = {0: "اليوم", 1: "أمس", 2: "قبل يومين"}.get(days, f"قبل {days} أيام")
    value = only(f"وقع ذلك {text}", published=published.isoformat())
    expected = date.fromordinal(published.toordinal() - days).isoformat()
    assert as_tuple(value) == (expected, expected, "day")


VOCABULARY = [
    "في", "12", "١٢", "آذار", "/", "مارس", "2023", "عام", "أواخر", "أمس", "اليوم", "يوم",
    "الثلاثاء", "الماضي", "قبل", "يومين", "March", "May", "late", "in", "2017", "-", "3", "،",
    "yesterday", "Tuesday", "last", "ً", "ـ", "شهر", "(", ")",
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(VOCABULARY), max_size=12), st.sampled_from([" ", ""]), st.booleans())
def test_time_spans_slice_back_and_dates_are_ordered(words: list[str], joiner: str, with_pub: bool) -> None:
    text = joiner.join(words)
    found = find_times(text, published=PUBLISHED if with_pub else None)
    for value in found:
        assert value.span is not None
        assert text[value.span[0] : value.span[1]] == value.text
        assert (value.start is None) == (value.end is None) == (value.precision == "unknown")
        assert value.start is None or value.end is None or value.start <= value.end
    spans = [v.span for v in found if v.span]
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("تصاعدت الهجمات منذ مطلع العام الجاري", ("2025-01-01", "2025-06-10", "year")),
        ("attacks have increased since March", ("2025-03-01", "2025-06-10", "year")),
        ("ومنذ مطلع الشهر الجاري قتل العشرات", ("2025-06-01", "2025-06-10", "month")),
        # no "since": the time keeps its own range
        ("في مطلع العام الجاري", ("2025-01-01", "2025-03-31", "quarter")),
    ],
)
def test_time_since_a_time_is_a_period_up_to_publication(text: str, expected: tuple[str, str, str]) -> None:
    (time,) = find_times(text, published="2025-06-10")
    value = since_then(text, time, "2025-06-10")
    assert (value.start, value.end, value.precision) == expected
    assert value.text == time.text and value.span == time.span


def test_time_since_without_a_publication_date_is_left_alone() -> None:
    text = "تصاعدت الهجمات منذ مطلع العام 2024"
    (time,) = find_times(text, published=None)
    assert since_then(text, time, None) == time
