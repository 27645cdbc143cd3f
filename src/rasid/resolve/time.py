"""Time expressions in Arabic and English, resolved to ISO date ranges.

``find_times`` finds dates and time words in a text and resolves each to a ``TimeValue``
(``start``/``end`` ISO dates, ``precision``, the words and their span):

- absolute dates: ISO (``2023-03-12``), day-first numeric (``12/3/2023``, ``١٢-٣-٢٠٢٣``, as
  written in Syria), day + month name + year in Levantine, Egyptian/Gulf or English names
  (``12 آذار 2023``, ``12 آذار/مارس 2023``, ``March 12, 2023``): precision day; month + year:
  month; a year marked as one (``عام 2017``, ``سنة 2019``, ``in 2017``): year. A bare
  four-digit number is never a date. Impossible dates (31 February) are skipped.
- parts of a year: early = January-March, mid = April-September, late = October-December
  (``أواخر عام 2017``, ``late 2017``), precision quarter; parts of a month: early = days 1-10,
  mid = 11-20, late = 21 to the end (``أواخر آذار 2017``), precision week.
- relative expressions, against the publication date: ``اليوم``/today (that day),
  ``أمس``/yesterday/last night (the day before), ``أول أمس`` (two days before); a weekday is
  the latest such day on or before publication (strictly before with ``الماضي``/``last``,
  strictly after with ``المقبل``/``next``); ``الأسبوع الماضي``/last week is the seven days
  before publication (week); ``منذ أيام``/in recent days the seven days up to it (week);
  ``خلال الفترة الماضية``/recently the thirty days up to it (precision month);
  ``الشهر الماضي``/``العام الماضي`` the previous calendar month/year, ``الشهر الجاري``/this
  year from its first day to publication; ``قبل يومين``/two days ago a day, ``a week ago``
  the week around that day, ``a month ago`` that calendar month; a day or a month without a
  year is its latest occurrence on or before publication (``آذار الماضي`` published in March
  is that March).
- ``since_then``: a time right after ``منذ``/since, for a pattern of events, is a period up to
  publication (``تصاعد الهجمات منذ مطلع العام الجاري``: January to publication).
- a weekday next to a date (``الثلاثاء 14 آذار 2023``) is one mention with the date's value,
  and next to a relative day (``اليوم الثلاثاء``, ``أمس الاثنين``) one with the relative value;
  two years (``عامي 2017 و2018``, ``between 2015 and 2017``) span both, precision year.

Without a publication date, relative expressions keep their words and span but have
``start``/``end`` None and precision ``unknown``: they are never guessed. Word lists live in
``rasid/data/lexicons/time.toml``; the patterns are compiled once.
"""

from __future__ import annotations

import calendar
import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from rasid.data import read_toml
from rasid.records import TimeValue
from rasid.text.normalize import NormalizedText, normalize_text, normalize_with_offsets
from rasid.text.numbers import parse_number

logger = logging.getLogger(__name__)

_DATA_FILE = "lexicons/time.toml"
_UNKNOWN = "unknown"
_B = r"(?<![^\W_])"  # no letter or digit before
_E = r"(?![^\W_])"  # no letter or digit after
_CLITIC = r"(?:[وفبل]{1,2}(?=[^\W\d_]))?"
_YEAR = r"(?P<year>(?:19|20)\d\d)(?!\d)"
_DAY_DIGITS = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?(?!\d)"
_INVALID = TimeValue(None, None, "invalid")  # an impossible date: takes its place, then dropped


@dataclass(frozen=True, slots=True)
class _Found:
    start: int  # offsets into the normalised text
    end: int
    value: TimeValue  # without text and span
    role: str = ""  # weekday | date (an absolute day) | today (a relative day), for merging


def _alt(words: list[str] | set[str]) -> str:
    """A regex alternation of normalised phrases, longest first, spaces flexible."""
    return "(?:" + _trie(" ".join(normalize_text(w).split()) for w in words) + ")"


def _trie(phrases: Iterable[str]) -> str:
    """An alternation of ``phrases`` (a space in one matches any whitespace) shaped as a trie.

    It matches as the plain alternation ordered longest first does: the phrases that match at a
    place each begin with the shorter ones, and the trie tries the longer continuation first. It
    runs quicker: the engine follows one branch instead of trying every phrase in turn.
    """
    root: dict[str, Any] = {}
    for phrase in phrases:
        if phrase:
            node = root
            for char in phrase:
                node = node.setdefault(char, {})
            node[""] = {}

    def branch(node: dict[str, Any]) -> str:
        options = [
            (r"\s+" if char == " " else re.escape(char)) + branch(child)
            for char, child in sorted(node.items())
            if char
        ]
        if "" in node:
            options.append("")  # a phrase ends here: tried after the longer ones
        return options[0] if len(options) == 1 else "(?:" + "|".join(options) + ")"

    return branch(root) if root else ""


def _anchor(words: list[str]) -> frozenset[str]:
    """For each of the phrases ``words`` its longest word (normalised): a pattern built with
    ``_alt(words)`` cannot match a text that holds none of these."""
    return frozenset(max(normalize_text(w).split(), key=len) for w in words if w.strip())


_DIGIT = re.compile(r"\d")
_MAX_CACHED_RUNS = 32768  # the anchors of each run of non-space characters, cached up to this many
# Anchors that are no words: the digits that dates and years need.
_DIGIT_ANCHORS = {"date_digits": re.compile(r"\d[-/.]\d"), "year": re.compile(r"(?:19|20)\d\d")}


class _Anchors:
    """Which groups of anchor words (and digits) a text holds, read word by word."""

    def __init__(self, groups: dict[str, frozenset[str]]) -> None:
        words = frozenset().union(*groups.values())
        # At each position the scan reports the longest anchor word that starts there; the
        # shorter ones that start there too are its prefixes, so its groups include theirs.
        self._scan = re.compile(f"(?=({_trie(words)}))")
        self._groups_of = {
            word: frozenset(
                name
                for name, members in groups.items()
                if any(word[:n] in members for n in range(1, len(word) + 1))
            )
            for word in words
        }
        self._by_run: dict[str, frozenset[str]] = {}

    def found(self, text: str) -> set[str]:
        """The names of the groups with a word in ``text``, with "digit", "date_digits" and "year".

        No anchor holds a space, so each lies inside one run of non-space characters; the same
        runs come back all the time, and each is scanned once.
        """
        present: set[str] = set()
        by_run = self._by_run
        for run in set(text.split()):
            groups = by_run.get(run)
            if groups is None:
                groups = self._scan_run(run)
            present |= groups
        return present

    def _scan_run(self, run: str) -> frozenset[str]:
        names: set[str] = set()
        for word in self._scan.findall(run):
            names |= self._groups_of[word]
        if _DIGIT.search(run):
            names.add("digit")
            names.update(name for name, digits in _DIGIT_ANCHORS.items() if digits.search(run))
        if len(self._by_run) >= _MAX_CACHED_RUNS:
            self._by_run.clear()
        found = self._by_run[run] = frozenset(names)
        return found


@dataclass(frozen=True, slots=True)
class _Pattern:
    """One time pattern, and the anchors (``_Anchors`` group names) a text needs for it to match."""

    regex: re.Pattern[str]
    kind: str
    needs: frozenset[str]


@dataclass(frozen=True, slots=True)
class _Lexicon:
    months: dict[str, int]
    weekdays: dict[str, int]
    needs_marker: frozenset[str]
    past: frozenset[str]
    next: frozenset[str]
    current: frozenset[str]
    qualifiers: dict[str, str]
    relative: dict[str, dict[str, Any]]
    not_relative_after: frozenset[str]
    units: dict[str, tuple[str, str]]  # word -> (unit, one|two|many)
    agreeing: re.Pattern[str]  # what may stand between a weekday and its date
    since: re.Pattern[str]  # "منذ" / "since" right before a time: a period up to publication
    patterns: tuple[_Pattern, ...]
    anchors: _Anchors
    ordinal_days: dict[str, int]  # normalised ordinal word -> day of the month


def _norm_list(words: list[str]) -> frozenset[str]:
    return frozenset(normalize_text(w) for w in words)


def _build_patterns(data: dict[str, Any]) -> tuple[tuple[_Pattern, ...], _Anchors]:
    mk = data["markers"]
    ar_months = [w for ws in data["months"].values() for w in ws if not w.isascii()]
    en_months = [w for ws in data["months"].values() for w in ws if w.isascii()]
    month_any = _alt(ar_months + en_months)
    month = rf"(?P<month>{month_any})\.?(?:\s*[/\\(-]\s*{month_any}\s*\)?)?"
    en_month = rf"(?P<month>{_alt(en_months)})\.?"
    direction = _alt(mk["past"] + mk["next"] + mk["current"])
    year_word = _alt(mk["year_words"])
    my_sep = rf"(?:\s*[,،]\s*|\s+)(?:{_alt(mk['of'])}\s+)?(?:{year_word}\s+)?"
    month_word = _alt(mk["month_word"])
    qual = _alt([w for ws in data["qualifiers"].values() for w in ws])
    rel_words = [w for entry in data["relative"] for w in entry["words"]]
    rel_calendar = [
        w for entry in data["relative"] if entry["kind"] in ("month", "year") for w in entry["words"]
    ]
    rel_month = [w for entry in data["relative"] if entry["kind"] == "month" for w in entry["words"]]
    ar_wd = [w for ws in data["weekdays"].values() for w in ws if not w.isascii()]
    en_wd = [w for ws in data["weekdays"].values() for w in ws if w.isascii()]
    units = [w for forms in data["ago"]["units"].values() for ws in forms.values() for w in ws]
    ar_units = _alt([u for u in units if not u.isascii()])
    en_units = _alt([u for u in units if u.isascii()])
    part_of_day = _alt(mk["part_of_day"])
    en_direction = _alt([w for w in mk["past"] + mk["next"] + mk["current"] if w.isascii()])
    pair_join = _alt(mk["year_pair_join"])
    # A day of the month in digits ("10", "10th") or as an ordinal word ("العاشر").
    day = rf"(?:{_DAY_DIGITS}|(?P<dayword>{_alt(list(data['ordinal_days']))}))"
    ago_before, ago_after = _alt(data["ago"]["before"]), _alt(data["ago"]["after"])
    # The words each pattern cannot match without: a pattern runs only on a text holding them all.
    anchor_words = {
        "month": _anchor(ar_months + en_months),
        "en_month": _anchor(en_months),
        "direction": _anchor(mk["past"] + mk["next"] + mk["current"]),
        "en_direction": _anchor([w for w in mk["past"] + mk["next"] + mk["current"] if w.isascii()]),
        "month_word": _anchor(mk["month_word"]),
        "month_leads": _anchor(mk["month_leads"]),
        "year_word": _anchor(mk["year_words"]),
        "year_leads": _anchor(mk["year_leads"]),
        "qual": _anchor([w for ws in data["qualifiers"].values() for w in ws]),
        "rel": _anchor(rel_words),
        "rel_calendar": _anchor(rel_calendar),
        "ordinal": _anchor(list(data["ordinal_days"])),
        "rel_month": _anchor(rel_month),
        "ar_weekday": _anchor(ar_wd),
        "en_weekday": _anchor(en_wd),
        "year_pair": _anchor(mk["year_pair"]),
        "ago_before": _anchor(data["ago"]["before"]),
        "ago_after": _anchor(data["ago"]["after"]),
        "ar_units": _anchor([u for u in units if not u.isascii()]),
        "en_units": _anchor([u for u in units if u.isascii()]),
    }
    specs = [
        (
            "iso",
            r"(?<!\d)(?P<core>(?P<year>\d{4})[-/.](?P<month>\d{1,2})[-/.](?P<day>\d{1,2}))(?!\d)",
            ("date_digits",),
        ),
        (
            "dmy_num",
            r"(?<![\d.])(?P<core>(?P<day>\d{1,2})(?P<sep>[-/.])(?P<month>\d{1,2})(?P=sep)(?P<year>\d{4}))(?!\d)",
            ("date_digits",),
        ),
        *(
            (
                "dmy",
                rf"{_B}{_CLITIC}(?P<core>{day}\s*(?:(?:من|of)\s+)?(?:the\s+)?(?:{month_word}\s+)?{month}"
                rf"(?:{my_sep}{_YEAR}|\s+(?P<dir>{direction}))?){_E}",
                ("month", day_anchor),
            )
            for day_anchor in ("digit", "ordinal")
        ),
        *(
            (
                "dmy_rel",
                rf"{_B}{_CLITIC}(?P<core>{day}\s+(?:(?:من|of)\s+)?(?P<rel>{_alt(rel_month)})){_E}",
                ("rel_month", day_anchor),
            )
            for day_anchor in ("digit", "ordinal")
        ),
        ("mdy", rf"{_B}(?P<core>{en_month}\s+{day}(?:\s*,?\s*{_YEAR})?){_E}", ("en_month", "digit")),
        ("my", rf"{_B}{_CLITIC}(?P<core>(?:{month_word}\s+)?{month}{my_sep}{_YEAR}){_E}", ("month", "year")),
        (
            "month_dir",
            rf"{_B}{_CLITIC}(?P<core>(?:{month_word}\s+)?{month}\s+(?P<dir>{direction})){_E}",
            ("month", "direction"),
        ),
        (
            "month_dir",
            rf"{_B}(?P<core>(?P<dir>{en_direction})\s+{en_month}){_E}",
            ("en_month", "en_direction"),
        ),
        ("month_bare", rf"{_B}{_CLITIC}(?P<core>{month_word}\s+{month}){_E}", ("month_word", "month")),
        (
            "month_bare",
            rf"{_B}{_alt(mk['month_leads'])}\s+(?P<core>{en_month}){_E}",
            ("en_month", "month_leads"),
        ),
        ("year", rf"{_B}{_CLITIC}(?P<core>{year_word}\s+{_YEAR}){_E}", ("year", "year_word")),
        ("year", rf"{_B}{_CLITIC}{_alt(mk['year_leads'])}\s+(?P<core>{_YEAR}){_E}", ("year", "year_leads")),
        (
            "qual_year",
            rf"{_B}{_CLITIC}(?P<core>(?P<qual>{qual})(?:\s+|-)(?:(?:من|في|of)\s+)?"
            rf"(?:(?:{year_word}|the\s+year)\s+)?{_YEAR}){_E}",
            ("qual", "year"),
        ),
        (
            "qual_month",
            rf"{_B}{_CLITIC}(?P<core>(?P<qual>{qual})(?:\s+|-)(?:(?:من|في|of)\s+)?(?:{month_word}\s+)?{month}"
            rf"(?:{my_sep}{_YEAR}|\s+(?P<dir>{direction}))?){_E}",
            ("qual", "month"),
        ),
        (
            "qual_rel",
            rf"{_B}{_CLITIC}(?P<core>(?P<qual>{qual})\s+(?:(?:من|في|of)\s+)?(?:the\s+)?(?P<rel>{_alt(rel_calendar)})){_E}",
            ("qual", "rel_calendar"),
        ),
        ("relative", rf"{_B}{_CLITIC}(?P<core>(?P<rel>{_alt(rel_words)})){_E}", ("rel",)),
        (
            "weekday",
            rf"{_B}(?:(?P<part>{part_of_day})\s+)?{_CLITIC}(?P<core>(?P<yawm>{_alt(mk['day_word'])}\s+)?"
            rf"(?P<wd>{_alt(ar_wd)})"
            rf"(?:\s+(?P<dir>{direction}))?){_E}",
            ("ar_weekday",),
        ),
        (
            "weekday",
            rf"{_B}(?:(?P<dir>{en_direction})\s+|{_alt(mk['weekday_lead'])}\s+)?(?P<core>(?P<wd>{_alt(en_wd)})){_E}",
            ("en_weekday",),
        ),
        (
            "year_pair",
            rf"{_B}{_CLITIC}(?P<core>{_alt(mk['year_pair'])}\s+{_YEAR}\s*{pair_join}\s*"
            r"(?P<year2>(?:19|20)\d\d))(?!\d)",
            ("year_pair", "year"),
        ),
        (
            "ago",
            rf"{_B}{_CLITIC}(?P<core>{ago_before}\s+(?:(?P<n>\d+|[^\W\d_]+)\s+)??(?P<unit>{ar_units})){_E}",
            ("ago_before", "ar_units"),
        ),
        (
            "ago",
            rf"{_B}(?P<core>(?P<n>\d+|an?|[a-z]+(?:-[a-z]+)?)\s+(?P<unit>{en_units})\s+{ago_after}){_E}",
            ("ago_after", "en_units"),
        ),
    ]
    patterns = tuple(_Pattern(re.compile(pattern), kind, frozenset(names)) for kind, pattern, names in specs)
    return patterns, _Anchors(anchor_words)


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    data = read_toml(_DATA_FILE)
    mk = data["markers"]
    patterns, anchors = _build_patterns(data)
    units: dict[str, tuple[str, str]] = {}
    for unit, forms in data["ago"]["units"].items():
        for form, words in forms.items():
            units.update({normalize_text(w): (unit, form) for w in words})
    return _Lexicon(
        months={normalize_text(w): int(m) for m, ws in data["months"].items() for w in ws},
        weekdays={normalize_text(w): int(d) for d, ws in data["weekdays"].items() for w in ws},
        needs_marker=_norm_list(mk["weekday_needs_marker"]),
        past=_norm_list(mk["past"]),
        next=_norm_list(mk["next"]),
        current=_norm_list(mk["current"]),
        qualifiers={
            " ".join(normalize_text(w).split()): q for q, ws in data["qualifiers"].items() for w in ws
        },
        relative={" ".join(normalize_text(w).split()): e for e in data["relative"] for w in e["words"]},
        not_relative_after=_norm_list(data["not_relative_after"]["words"]),
        units=units,
        agreeing=re.compile(rf"[\s,،]*(?:{_alt(mk['agreeing'])}\s+)?"),
        since=re.compile(rf"(?<!\w)(?:{_alt(mk['since'])})\s+$", re.IGNORECASE),
        patterns=patterns,
        anchors=anchors,
        ordinal_days={" ".join(normalize_text(k).split()): int(v) for k, v in data["ordinal_days"].items()},
    )


def _parse_published(published: str | None) -> date | None:
    if not published:
        return None
    try:
        return date.fromisoformat(published.strip()[:10])
    except ValueError:
        logger.debug("unreadable publication date %r; relative times stay unresolved", published)
        return None


def _day(year: int, month: int, day: int) -> TimeValue:
    try:
        iso = date(year, month, day).isoformat()
    except ValueError:
        return _INVALID
    return TimeValue(iso, iso, "day")


def _span_value(start: date, end: date, precision: str) -> TimeValue:
    return TimeValue(start.isoformat(), end.isoformat(), precision)


def _month_value(year: int, month: int) -> TimeValue:
    last = calendar.monthrange(year, month)[1]
    return _span_value(date(year, month, 1), date(year, month, last), "month")


def _year_value(year: int) -> TimeValue:
    return _span_value(date(year, 1, 1), date(year, 12, 31), "year")


def _shift_month(year: int, month: int, shift: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + shift
    return index // 12, index % 12 + 1


def _qualify(value: TimeValue, qual: str) -> TimeValue:
    """Narrow a month (to ten days) or a year (to quarters) by early / mid / late."""
    if value.start is None or value.precision not in ("month", "year"):
        return value
    first = date.fromisoformat(value.start)
    if value.precision == "year":
        months = {"early": (1, 3), "mid": (4, 9), "late": (10, 12)}[qual]
        last_day = calendar.monthrange(first.year, months[1])[1]
        return _span_value(date(first.year, months[0], 1), date(first.year, months[1], last_day), "quarter")
    last = calendar.monthrange(first.year, first.month)[1]
    days = {"early": (1, 10), "mid": (11, 20), "late": (21, last)}[qual]
    return _span_value(first.replace(day=days[0]), first.replace(day=days[1]), "week")


def _direction(word: str | None, lex: _Lexicon) -> str:
    if not word:
        return ""
    key = normalize_text(word)
    return (
        "past" if key in lex.past else "next" if key in lex.next else "current" if key in lex.current else ""
    )


def _latest_year(pub: date, month: int, day: int, direction: str) -> int:
    """The year of the latest (or, for "next", the coming) month/day relative to ``pub``."""
    if direction == "current":
        return pub.year
    if direction == "next":
        return pub.year if (month, day) > (pub.month, pub.day) else pub.year + 1
    return pub.year if (month, day) <= (pub.month, pub.day) else pub.year - 1


def _relative_value(entry: dict[str, Any], pub: date) -> TimeValue:
    kind = entry["kind"]
    if kind == "day":
        day = pub + timedelta(days=int(entry["offset"]))
        return _span_value(day, day, "day")
    if kind == "range":
        return _span_value(
            pub + timedelta(days=int(entry["from"])),
            pub + timedelta(days=int(entry["to"])),
            entry["precision"],
        )
    # The current month or year ends at publication: what is reported has happened.
    if kind == "month":
        value = _month_value(*_shift_month(pub.year, pub.month, int(entry["shift"])))
    else:
        value = _year_value(pub.year + int(entry["shift"]))
    return replace(value, end=min(value.end or "", pub.isoformat()))


def _day_number(groups: dict[str, str | None], lex: _Lexicon) -> int | None:
    """The day of the month a match names, in digits or as an ordinal word (None without one)."""
    if groups.get("day"):
        return int(groups["day"] or 0)
    word = groups.get("dayword")
    return lex.ordinal_days.get(" ".join(word.split())) if word else None


def _month_of(
    m: re.Match[str], original: str, offsets: Callable[[int, int], tuple[int, int]], lex: _Lexicon
) -> int | None:
    """The month number of the ``month`` group, checking case (English) and the madda of آب."""
    word = m.group("month")
    if word.isdigit():
        return int(word)
    key = " ".join(word.rstrip(".").split())
    start, end = offsets(m.start("month"), m.end("month"))
    source = original[start:end]
    if key.isascii() and not source[:1].isupper():
        return None
    if key == "اب" and "آ" not in source:
        return None  # أب is "father"; only آب with the madda is August
    return lex.months.get(key)


def _resolve(
    kind: str,
    m: re.Match[str],
    pub: date | None,
    original: str,
    offsets: Callable[[int, int], tuple[int, int]],
    lex: _Lexicon,
) -> TimeValue | None:
    """The value of one pattern match; None to drop the match, an unknown TimeValue to keep it unresolved."""
    groups = m.groupdict()
    unresolved = TimeValue(None, None, _UNKNOWN)
    if kind in ("iso", "dmy_num"):
        return _day(int(groups["year"]), int(groups["month"]), int(groups["day"]))
    if kind in ("dmy", "mdy", "my", "month_dir", "month_bare", "qual_month"):
        month = _month_of(m, original, offsets, lex)
        if month is None:
            return None
        direction = _direction(groups.get("dir"), lex)
        day = _day_number(groups, lex)
        year = int(groups["year"]) if groups.get("year") else None
        if year is None:
            if pub is None:
                return unresolved
            year = _latest_year(pub, month, day or 1, direction)
        value = _day(year, month, day) if day is not None else _month_value(year, month)
        if value is not _INVALID and groups.get("qual"):
            value = _qualify(value, lex.qualifiers[" ".join(groups["qual"].split())])
        return value
    if kind == "year_pair":
        low, high = sorted((int(groups["year"]), int(groups["year2"])))
        return _span_value(date(low, 1, 1), date(high, 12, 31), "year")
    if kind in ("year", "qual_year"):
        value = _year_value(int(groups["year"]))
        return (
            _qualify(value, lex.qualifiers[" ".join(groups["qual"].split())]) if groups.get("qual") else value
        )
    if kind == "weekday":
        return _resolve_weekday(m, pub, original, offsets, lex)
    if kind == "ago":
        return _resolve_ago(groups, pub, lex)
    entry = lex.relative[" ".join(groups["rel"].split())]
    if kind == "relative" and entry["kind"] == "day" and entry["offset"] == 0:
        follow = re.match(r"\s+([^\W\d_]+)", m.string[m.end() :])
        if follow and follow.group(1) in lex.not_relative_after:
            return None
    if pub is None:
        return unresolved
    value = _relative_value(entry, pub)
    if kind == "dmy_rel":
        first = date.fromisoformat(value.start or "")
        return _day(first.year, first.month, _day_number(groups, lex) or 1)
    if kind == "qual_rel":
        return _qualify(value, lex.qualifiers[" ".join(groups["qual"].split())])
    return value


def _resolve_weekday(
    m: re.Match[str],
    pub: date | None,
    original: str,
    offsets: Callable[[int, int], tuple[int, int]],
    lex: _Lexicon,
) -> TimeValue | None:
    word = m.group("wd")
    start, end = offsets(m.start("wd"), m.end("wd"))
    if word.isascii() and not original[start:end][:1].isupper():
        return None
    direction = _direction(m.group("dir"), lex)
    if word in lex.needs_marker and not (m.groupdict().get("yawm") or m.groupdict().get("part") or direction):
        return None
    if pub is None:
        return TimeValue(None, None, _UNKNOWN)
    target = lex.weekdays[word]
    if direction == "next":
        day = pub + timedelta(days=(target - pub.weekday() - 1) % 7 + 1)
    else:
        back = (pub.weekday() - target) % 7
        day = pub - timedelta(days=back if back or direction != "past" else 7)
    return _span_value(day, day, "day")


def _resolve_ago(groups: dict[str, str | Any], pub: date | None, lex: _Lexicon) -> TimeValue | None:
    unit, form = lex.units[groups["unit"]]
    words = groups.get("n")
    if form == "two":
        n = 2 if not words else None
    elif words:
        n = 1 if words in ("a", "an") else parse_number(words)
    else:
        n = 1 if form == "one" else None
    if n is None or n < 0 or n > 1000 or (form == "one" and n != 1):
        return None
    if pub is None:
        return TimeValue(None, None, _UNKNOWN)
    if unit == "day":
        day = pub - timedelta(days=n)
        return _span_value(day, day, "day")
    if unit == "week":
        middle = pub - timedelta(days=7 * n)
        return _span_value(middle - timedelta(days=3), middle + timedelta(days=3), "week")
    if unit == "month":
        return _month_value(*_shift_month(pub.year, pub.month, -n))
    return _year_value(pub.year - n)


def _role(kind: str, value: TimeValue, m: re.Match[str], lex: _Lexicon) -> str:
    if kind == "weekday":
        return "weekday"
    if kind in ("iso", "dmy_num", "dmy", "mdy") and value.precision == "day":
        return "date"
    if kind == "relative" and lex.relative[" ".join(m.group("rel").split())]["kind"] == "day":
        return "today"
    return ""


@lru_cache(maxsize=4)
def _pattern_matches(normalized: str) -> tuple[tuple[str, re.Match[str]], ...]:
    """(kind, match) of every pattern in a normalised text, pattern by pattern.

    Cached for the sentence in hand: the extractor and the casualty reader both date it.
    """
    lex = _lexicon()
    present = lex.anchors.found(normalized)
    return tuple(
        (pattern.kind, m)
        for pattern in lex.patterns
        if pattern.needs <= present
        for m in pattern.regex.finditer(normalized)
    )


def _collect(text: str, published: str | None, norm: NormalizedText) -> list[TimeValue]:
    lex = _lexicon()
    pub = _parse_published(published)
    found: list[_Found] = []
    for kind, m in _pattern_matches(norm.text):
        value = _resolve(kind, m, pub, text, norm.to_original, lex)
        if value is not None:
            found.append(_Found(m.start("core"), m.end("core"), value, _role(kind, value, m, lex)))
    found.sort(key=lambda f: (f.start - f.end, f.start))
    taken: list[_Found] = []
    for f in found:
        if all(f.end <= t.start or f.start >= t.end for t in taken):
            taken.append(f)
    taken.sort(key=lambda f: f.start)
    merged: list[_Found] = []
    for f in taken:
        prev = merged[-1] if merged else None
        gap = norm.text[prev.end : f.start] if prev else ""
        if prev and prev.role == "weekday" and f.role == "date" and lex.agreeing.fullmatch(gap):
            merged[-1] = _Found(prev.start, f.end, f.value, "date")  # الثلاثاء 14 آذار 2023
        elif prev and prev.role == "today" and f.role == "weekday" and lex.agreeing.fullmatch(gap):
            merged[-1] = _Found(prev.start, f.end, prev.value, "today")  # اليوم الثلاثاء
        else:
            merged.append(f)
    out: list[TimeValue] = []
    for f in merged:
        if f.value is _INVALID:
            continue
        span = norm.to_original(f.start, f.end)
        out.append(TimeValue(f.value.start, f.value.end, f.value.precision, text[span[0] : span[1]], span))
    return out


def since_then(text: str, time: TimeValue, published: str | None) -> TimeValue:
    """``time`` as a period up to publication when "منذ" / "since" stands right before it in
    ``text`` ("تصاعد الهجمات منذ مطلع العام الجاري": the attacks of January to publication).

    For a pattern of events: one event "since" a date ("مختطف منذ الخامس من الشهر الماضي")
    happened on that date, so callers ask only for recurring ones.
    """
    pub = _parse_published(published)
    if pub is None or time.span is None or not time.start:
        return time
    if not _lexicon().since.search(normalize_text(text[max(0, time.span[0] - 12) : time.span[0]])):
        return time
    end = time.end if time.end is not None and time.end >= pub.isoformat() else pub.isoformat()
    precision = _period_precision(date.fromisoformat(time.start), date.fromisoformat(end))
    return replace(time, end=end, precision=precision)


def _period_precision(first: date, last: date) -> str:
    days = (last - first).days + 1
    if days <= 7:
        return "week"
    if days <= 31:
        return "month"
    return "quarter" if days <= 92 else "year"


def find_times(
    text: str, *, published: str | None, normalized: NormalizedText | None = None
) -> list[TimeValue]:
    """Every time expression in ``text``, resolved against ``published`` (see the module doc), in order.

    ``normalized`` is ``normalize_with_offsets(text)`` when the caller already has it.
    """
    return _collect(text, published, normalized or normalize_with_offsets(text))


def resolve_time_text(words: str, *, published: str | None) -> TimeValue:
    """The time that ``words`` name: the longest expression found in them (span into ``words``).

    When nothing is recognised the result keeps the words with precision ``unknown``.
    """
    found = _collect(words, published, normalize_with_offsets(words))
    if not found:
        return TimeValue(None, None, _UNKNOWN, words.strip() or None, None)
    return max(found, key=lambda t: (t.span[1] - t.span[0]) if t.span else 0)
