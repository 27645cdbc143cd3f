"""Deaths and injuries: numbers tied to Arabic and English casualty cues, and whose they are.

``find_casualties`` reads a text (usually one sentence) and returns every casualty figure in
it, each tied to the cue that names it. A figure is of one of three kinds: ``fatalities``
(dead), ``injuries`` (wounded) or ``casualties`` (dead and wounded lumped under one number:
``سقوط 12 بين قتيل وجريح``, ``12 killed or wounded``, ``12 casualties``), which counts
neither as deaths nor as injuries.

- a phrase that joins a death cue and an injury cue (``قتلى وجرحى``, ``killed or wounded``,
  ``مقتل وإصابة``) is one ``casualties`` cue when a number goes with it; without a number the
  two cues inside it count on their own;
- a number joins the nearest cue within a few words (four; when a word for people follows
  the number, six, or eight with the cue after it: ``28 members of the regime forces were
  killed``), in the direction the cue takes (``مقتل 5``, ``5 قتلى``, ``4 soldiers were killed
  and 7 wounded``): the score is the number of words between them, a comma counts two, the
  cue's less usual side adds a half, and a sentence stop (. ! ? ؛ : parentheses, line break)
  ends the search;
- when a cue that takes numbers on both sides gets numbers on both, the nearer side wins
  (``5 fighters killed 3 civilians``: 3);
- a number joined by "و"/"and" to a figure of a cue, with no cue between them, is that cue's
  too (``قتل 5 عناصر من الهيئة و3 من قوات النظام``, ``five HTS fighters and three soldiers
  were killed``);
- a number shortly after ``including``/``بينهم``/``among``, or after such a word that follows
  a figure of the same kind, counts part of a group already counted and is dropped; so is a
  number that is a date or time (``rasid.resolve.time``), a year, an age, a distance, a label
  (``اللواء 47``) or a count of things (``3 قذائف``);
- a singular person noun next to a cue is one person (``مقتل عنصر``, ``a soldier was killed``;
  ``مقتل طفل وامرأة``: two); a cue that carries its own number counts it (``لقي حتفه``: one);
- a number that a toll "rose to" may stand further from it (``the death toll of the market
  bombing rose to 12``, ``ارتفعت حصيلة قتلى التفجير ... إلى 12``);
- a figure that covers days or more (``since the start of the campaign``, ``during 41 days``,
  ``منذ بداية الشهر``, ``خلال 3 أيام`` near it) is a running total of many incidents, not the
  toll of the one reported, and is dropped;
- a negated cue is zero (``no casualties were reported``, ``دون وقوع إصابات``,
  ``لم يسفر عن إصابات``), for one kind or for both;
- a cue with no number at all (``قتلى وجرحى``) gives ``count`` None, ``min`` 1, once per kind
  and only when the text has no other figure of that kind (for ``casualties``: of any kind).

Several figures of the same kind (separate incidents in one sentence) are all returned, in
text order; the caller decides. Quantity and cue spans slice back into the given text.

``assign_sides`` then says, for each figure, whose people died or were hurt: the actor named
right after the count (``مقتل 5 عناصر من قوات النظام``, ``4 SDF fighters were killed``,
``قتلى في صفوف قسد``), CIV for civilian nouns (``مقتل طفلين``, ``killing a civilian``), the
side named before the count for ``من مقاتليها`` / ``three of its fighters``, the side of the
figure before for ``وإصابة 3 آخرين``, else None. Cue words, person nouns and the words that
lead to a side live in ``rasid/data/lexicons/casualties.toml``.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Protocol, TypeVar

from rasid.data import read_toml
from rasid.records import Quantity, Span
from rasid.resolve.time import find_times
from rasid.text.matcher import PhraseMatch, PhraseMatcher
from rasid.text.normalize import NormalizedText, normalize_text, normalize_with_offsets
from rasid.text.numbers import NumberMention, find_numbers

_DATA_FILE = "lexicons/casualties.toml"
_KINDS = ("fatalities", "injuries")
_LUMPED = "casualties"
_MAX_SIDE_STEPS = 8  # words between a count and the name of its side
_MAX_LUMPED_GAP = 3  # "16 casualties at least were killed" counts the dead
_MAX_SCORE = 4.0
# "5 عناصر من هيئة تحرير الشام و3": the words a coordinated figure may stand after the one before.
_MAX_COORDINATED_WORDS = 7
_COORDINATORS = frozenset({"و", "and"})
_QUOTES = frozenset("\"«»“”„'‘’")
_MAX_SINGULAR_SCORE = 2.0
# When a word for people follows the number: "28 members of the regime forces were killed",
# "ارتفع عدد القتلى في صفوف الميليشيات إلى 12 عنصراً".
_MAX_PEOPLE_SCORE = {"before": 8.0, "after": 6.0}
# What a toll "rose to" (ارتفعت إلى): "the toll of the bombing in the market rose to 12".
_MAX_RISEN_SCORE = (
    12.0  # the event may be named at length between: "قتلى التفجير الذي استهدف سوقاً في منبج إلى 19"
)
_MAX_COUNT = 1_000_000
_PRONOUN_SUFFIXES = "ه|ها|هم|هما|هن"  # مقتلهم، إصابته
_STOP = re.compile(r"[.!?؟؛;:()\[\]\n]")
_COMMA = re.compile(r"[,،]")
_WORD = re.compile(r"[^\W_]+(?:'[a-z]+)?")
_TOKEN = re.compile(r"[^\W_]+|[^\w\s]")
_PROCLITIC = re.compile(r"^(?:[وف]?[بلك]?(?:ال)?)")
_TO = frozenset({"to", normalize_text("إلى")})
_YEAR = re.compile(r"(?:19|20)\d\d")


@dataclass(frozen=True, slots=True)
class CasualtyMention:
    """A casualty figure, the quantity and the cue it came with.

    ``kind`` is ``fatalities`` (dead), ``injuries`` (wounded) or ``casualties`` (dead and
    wounded lumped under one figure, so that it counts as neither).
    """

    kind: str
    quantity: Quantity
    cue_span: Span


class ActorLike(Protocol):
    """An actor mention as ``assign_sides`` reads it (``rasid.extract.actors.ActorMention`` fits)."""

    @property
    def span(self) -> Span: ...

    @property
    def id(self) -> str | None: ...

    @property
    def text(self) -> str: ...


@dataclass(frozen=True, slots=True)
class CasualtySide:
    """A casualty figure and the side whose people it counts: an actor id (CIV for civilians)
    and the words that name it, or None for all three when the text does not say."""

    kind: str
    quantity: Quantity
    actor_id: str | None
    actor_text: str | None
    actor_span: Span | None


@dataclass(frozen=True, slots=True)
class _Cue:
    kind: str
    side: str  # after | before
    either: bool
    bare: bool
    implies: int | None
    anaphoric: bool = False  # the number is a pronoun's (مقتلهما): counted only without another figure


@dataclass(frozen=True, slots=True)
class _CueHit:
    cue: _Cue
    span: Span
    inner: tuple[_CueHit, ...] = ()  # a lumped cue's own death and injury cues


@dataclass(frozen=True, slots=True)
class _Candidate:
    span: Span
    text: str
    count: int | None
    min: int | None
    max: int | None
    singular: str = ""  # "ar" or "en" for a singular person noun, "" for a number
    year_like: bool = False
    people: bool = False  # followed by a word for people ("5 عناصر", "12 civilians")


@dataclass(frozen=True, slots=True)
class _Lexicon:
    cues: tuple[_Cue, ...]
    cue_matcher: PhraseMatcher  # value: the cue's index in ``cues``
    lumped_matcher: PhraseMatcher  # the same for ``casualties`` cues
    singular_ar: PhraseMatcher
    singular_en: PhraseMatcher
    negators: frozenset[str]
    negator_words: re.Pattern[str]  # a word that is a negator, or و/ف and one (where _find_zero starts)
    fillers: frozenset[str]
    result_verbs: frozenset[str]  # "لم يسفر": a negated result verb, whose subject may follow it
    result_prepositions: frozenset[str]  # ... up to the preposition of its result (عن، إلى)
    zero_words: dict[tuple[str, ...], str]
    not_after: frozenset[str]
    not_before: frozenset[str]
    subset: frozenset[str]
    rise_words: frozenset[str]
    people: frozenset[str]
    side_nouns: PhraseMatcher  # value: "civilian" or "person"
    side_links: PhraseMatcher  # value: "partitive", "member_of", "others" or "possessive"
    person_words: frozenset[str]
    pronoun_endings: tuple[str, ...]
    period: _Period


@dataclass(frozen=True, slots=True)
class _Period:
    """The words that make a figure a running total over days or more (``[period]``)."""

    window: int
    starts: dict[str, tuple[tuple[str, ...], ...]]  # first word -> the words after it
    openers: frozenset[str]  # the first words of every period phrase
    since: frozenset[str]
    since_fillers: frozenset[str]
    months: frozenset[str]  # the first word of every month name
    spans: frozenset[str]
    span_fillers: frozenset[str]
    numbers: frozenset[str]  # number words that may stand between a span word and its unit
    units: frozenset[str]
    dual_units: frozenset[str]  # units that carry their number (يومين: two days)
    short_days: frozenset[str]  # two or three days: one episode, not a period ("two days of fighting")


def _norm_set(words: list[str]) -> frozenset[str]:
    return frozenset(normalize_text(w) for w in words)


def _whole_words(words: frozenset[str], *, proclitics: str) -> re.Pattern[str]:
    """Finds a word of ``_words`` that is one of ``words``, alone or after one of ``proclitics``."""
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<![^\W_])[{proclitics}]?(?:{alternatives})(?![^\W_])")


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    data = read_toml(_DATA_FILE)
    cues: list[_Cue] = []
    phrases: list[tuple[str, str]] = []
    lumped: list[tuple[str, str]] = []
    for group in data["cues"]:
        cue = _Cue(
            group["kind"],
            group["side"],
            bool(group.get("either")),
            bool(group["bare"]),
            group.get("implies"),
            bool(group.get("anaphoric")),
        )
        target = lumped if cue.kind == _LUMPED else phrases
        target.extend((word, str(len(cues))) for word in group["words"])
        cues.append(cue)
    zero, context, singular, sides = data["zero"], data["context"], data["singular"], data["sides"]
    english = [f"{art} {noun}" for noun in singular["english"] for art in singular["english_articles"]]
    people = [*context["people"], *singular["arabic"], *singular["english"], *sides["people"]]
    links = [(w, key) for key in ("partitive", "member_of", "others", "possessive") for w in sides[key]]
    return _Lexicon(
        cues=tuple(cues),
        # Separate matchers: a lumped cue must not hide the cues inside it, which count on
        # their own when no number goes with it.
        cue_matcher=PhraseMatcher(phrases, suffixes=_PRONOUN_SUFFIXES),
        lumped_matcher=PhraseMatcher(lumped),
        singular_ar=PhraseMatcher({w: "ar" for w in singular["arabic"]}, suffixes="ا"),
        singular_en=PhraseMatcher({w: "en" for w in english}),
        negators=_norm_set(zero["negators"]),
        negator_words=_whole_words(_norm_set(zero["negators"]), proclitics="وف"),
        fillers=_norm_set(zero["fillers"]),
        result_verbs=_norm_set(zero["result_verbs"]),
        result_prepositions=_norm_set(zero["result_prepositions"]),
        zero_words={tuple(normalize_text(k).split()): v for k, v in zero["words"].items()},
        not_after=_norm_set(context["not_people_after"]),
        not_before=_norm_set(context["not_people_before"]),
        subset=_norm_set(context["subset_markers"]),
        rise_words=_norm_set(context["rise_words"]),
        people=_norm_set(context["people"]),
        # Civilian nouns first: where a word is in both lists, the first value wins.
        side_nouns=PhraseMatcher(
            [(w, "civilian") for w in sides["civilian"]] + [(w, "person") for w in people],
            suffixes="|".join(sides["endings"]),
        ),
        side_links=PhraseMatcher(links),
        person_words=_norm_set(people),
        pronoun_endings=tuple(normalize_text(e) for e in sides["pronoun_endings"]),
        period=_period(data["period"]),
    )


def _by_first_word(phrases: list[str]) -> dict[str, tuple[tuple[str, ...], ...]]:
    grouped: dict[str, list[tuple[str, ...]]] = {}
    for phrase in phrases:
        first, *rest = normalize_text(phrase).split()
        grouped.setdefault(first, []).append(tuple(rest))
    return {first: tuple(rests) for first, rests in grouped.items()}


def _period(data: dict[str, Any]) -> _Period:
    months = read_toml("lexicons/time.toml")["months"]
    numbers = read_toml("lexicons/numbers.toml")
    return _Period(
        window=int(data["window"]),
        starts=_by_first_word(data["starts"]),
        openers=_norm_set([*data["since"], *data["spans"]]),
        since=_norm_set(data["since"]),
        since_fillers=_norm_set(data["since_fillers"]),
        # Full names only: "Mar" and "May" are words too.
        months=frozenset(
            normalize_text(name).split()[0] for names in months.values() for name in names if len(name) > 3
        ),
        spans=_norm_set(data["spans"]),
        span_fillers=_norm_set(data["span_fillers"]),
        numbers=_norm_set([*numbers["english"]["words"], *numbers["arabic"]["words"]]),
        units=_norm_set([*data["units"], *data["dual_units"]]),
        dual_units=_norm_set(data["dual_units"]),
        short_days=_norm_set(data["short_days"]),
    )


@lru_cache(maxsize=4)
def _words(text: str) -> tuple[tuple[str, Span], ...]:
    """Words of the normalised ``text`` (punctuation kept as one-character words) with spans into it.

    Cached for the sentence in hand: ``find_casualties`` and ``assign_sides`` both read it.
    """
    norm = normalize_with_offsets(text)
    matches = _TOKEN.finditer(norm.text)
    if norm.aligned:
        return tuple([(m.group(), m.span()) for m in matches])
    return tuple([(m.group(), norm.to_original(m.start(), m.end())) for m in matches])


def _bare(word: str, known: frozenset[str]) -> bool:
    """Whether ``word`` or the word without its proclitics is in ``known``."""
    if word in known:
        return True
    stripped = _PROCLITIC.sub("", word)
    return bool(stripped) and stripped in known


def _find_zero(words: Sequence[tuple[str, Span]], lex: _Lexicon) -> list[tuple[str, Span]]:
    """(kind or "both", span) of every negated casualty phrase."""
    found: list[tuple[str, Span]] = []
    i = 0
    while i < len(words):
        word = words[i][0]
        if not (word in lex.negators or (word[:1] in "وف" and word[1:] in lex.negators)):
            i += 1
            continue
        j, hit, limit = i + 1, None, i + 6
        if i + 1 < len(words) and words[i + 1][0] in lex.result_verbs:
            # "لم يسفر القصف التركي على القرية عن وقوع إصابات": the result verb's subject stands
            # before its preposition; the casualty words follow that.
            to = next(
                (k for k in range(i + 2, min(len(words), i + 12)) if words[k][0] in lex.result_prepositions),
                None,
            )
            if to is not None:
                j, limit = to, to + 5
        while j < len(words) and j <= limit and hit is None:
            for key, kind in lex.zero_words.items():
                segment = [w for w, _ in words[j : j + len(key)]]
                if len(segment) == len(key) and all(
                    s in (k, f"و{k}", f"ب{k}", f"ال{k}") for s, k in zip(segment, key, strict=True)
                ):
                    hit = (kind, j + len(key))
                    break
            if hit is None and not _bare(words[j][0], lex.fillers):
                break
            j += 1
        if hit is None:
            i += 1
            continue
        found.append((hit[0], (words[i][1][0], words[hit[1] - 1][1][1])))
        i = hit[1]
    return found


def _next_word(words: Sequence[tuple[str, Span]], end: int) -> str:
    index = bisect_left([span[0] for _, span in words], end)
    return words[index][0] if index < len(words) else ""


def _previous_words(
    words: Sequence[tuple[str, Span]], start: int, limit: int, *, floor: int = 0
) -> list[str]:
    """Up to ``limit`` normalised words before ``start`` in the same clause (and from ``floor``
    on), nearest last."""
    out: list[str] = []
    index = bisect_left([span[1] for _, span in words], start + 1) - 1
    while index >= 0 and len(out) < limit:
        word, span = words[index]
        if _STOP.fullmatch(word) or span[0] < floor:
            break
        if word[0].isalnum():
            out.insert(0, word)
        index -= 1
    return out


def _keep_number(
    words: Sequence[tuple[str, Span]], mention: NumberMention, lex: _Lexicon, cue_ends: Sequence[int] = ()
) -> bool:
    """Whether a number can count people (not a year, an age, a distance, a label or a subset).

    A subset word ("بينهم", "including") before a cue that stands before the number leads the
    figure of another cue: "قتل 4 مدنيين بينهم طفلان وأصيب 7 آخرون" counts 7 wounded.
    """
    low = mention.count if mention.count is not None else mention.min
    if low is not None and low > _MAX_COUNT:
        return False
    if _bare(_next_word(words, mention.span[1]), lex.not_after):
        return False
    before = _previous_words(words, mention.span[0], 3)
    if before and _bare(before[-1], lex.not_before):
        return False
    floor = max((end for end in cue_ends if end <= mention.span[0]), default=0)
    scoped = _previous_words(words, mention.span[0], 3, floor=floor) if floor else before
    return not any(_bare(w, lex.subset) for w in scoped)


def _candidates(
    text: str,
    norm: NormalizedText,
    words: Sequence[tuple[str, Span]],
    singulars: list[PhraseMatch],
    masked: list[Span],
    lex: _Lexicon,
    cue_ends: Sequence[int] = (),
) -> list[_Candidate]:
    out: list[_Candidate] = []
    numbers = find_numbers(text, normalized=norm)
    # A singular noun right after a number is the counted noun ("12 شخصاً"), not one more person.
    after_numbers = {_skip_space(text, m.span[1]) for m in numbers}
    singulars = [m for m in singulars if m.span[0] not in after_numbers]
    for m in numbers:
        if _overlaps(m.span, masked) or not _keep_number(words, m, lex, cue_ends):
            continue
        year_like = m.count is not None and 1900 <= m.count <= 2100 and m.text.strip().isdigit()
        people = _bare(_next_word(words, m.span[1]), lex.people)
        out.append(_Candidate(m.span, m.text, m.count, m.min, m.max, year_like=year_like, people=people))
    run: list[PhraseMatch] = []
    for match in [*singulars, None]:
        gap = text[run[-1].span[1] : match.span[0]].strip() if match is not None and run else None
        if match is not None and gap in ("و", "and") and match.value == run[-1].value:
            run.append(match)
            continue
        if run and not _overlaps((run[0].span[0], run[-1].span[1]), [c.span for c in out] + masked):
            span, n = (run[0].span[0], run[-1].span[1]), len(run)
            out.append(_Candidate(span, text[span[0] : span[1]], n, n, n, run[0].value))
        run = [match] if match is not None else []
    return sorted(out, key=lambda c: c.span)


def _skip_space(text: str, index: int) -> int:
    while index < len(text) and text[index].isspace():
        index += 1
    return index


def _overlaps(span: Span, spans: list[Span]) -> bool:
    return any(span[0] < e and s < span[1] for s, e in spans)


def _gap(text: str, start: int, end: int) -> float | None:
    """Words between two spans (a comma counts two); None across a sentence stop. A subset told
    between commas counts nothing: "Three civilians, including a child, were killed"."""
    between = _ASIDE.sub(" ", text[start:end])
    if _STOP.search(between):
        return None
    return len(_WORD.findall(between)) + 2 * len(_COMMA.findall(between))


# ", including a child," / "، بينهم طفل،": a subset of the people counted, told as an aside.
_ASIDE = re.compile(r"[,،]\s*(?:including|among them|بينهم|بينهن|منهم|منهن)\b[^,،]{0,40}[,،]")


def _score(text: str, candidate: _Candidate, hit: _CueHit) -> tuple[float, str] | None:
    """(score, side of the cue the number stands on), or None when they cannot go together."""
    (ns, ne), (cs, ce) = candidate.span, hit.span
    if ns < ce and cs < ne:
        return (-1.0, "self")
    side = "after" if ce <= ns else "before"
    if side != hit.cue.side and not hit.cue.either:
        return None
    if (
        side == "after"
        and _ENGLISH_PASSIVE.search(text, max(0, cs - 12), cs)
        and _NEXT_CLAUSE.match(text, ce)
    ):
        # "Three soldiers were killed and two ... wounded": the number after "and" is the next figure's
        return None
    if candidate.singular == "ar" and (side != "after" or hit.cue.side != "after"):
        return None
    if candidate.year_like and side != "before":
        return None
    gap = _gap(text, ce, ns) if side == "after" else _gap(text, ne, cs)
    if gap is None or (candidate.year_like and gap > 0):
        return None
    score = gap + (0.5 if side != hit.cue.side else 0.0)
    limit = _MAX_SINGULAR_SCORE if candidate.singular else _MAX_SCORE
    if candidate.people:
        limit = _MAX_PEOPLE_SCORE[side]
    if side == "after" and _risen_to(text[max(0, cs - 40) : cs], text[ce:ns]):
        limit = max(limit, _MAX_RISEN_SCORE)
    return (score, side) if score <= limit else None


_NEXT_CLAUSE = re.compile(r"\s*(?:,\s*)?and\b")
# Case-sensitive: "IS executes 2 men" is the Islamic State, not a passive.
_ENGLISH_PASSIVE = re.compile(r"\b(?:[Ww]as|[Ww]ere|[Bb]een|[Bb]eing|[Ii]s|[Aa]re)\s+$")


def _risen_to(before: str, between: str) -> bool:
    """Whether the words from a cue to a number after it end in "to" (إلى) with a rising verb
    right before it ("the toll ... rose to 12") or among the three words before the cue
    ("ارتفعت حصيلة قتلى ... إلى 12")."""
    rise = _lexicon().rise_words
    words = normalize_text(between).split()
    if not words or words[-1] not in _TO:
        return False
    if len(words) >= 2 and _bare(words[-2], rise):
        return True
    return any(_bare(word, rise) for word in normalize_text(before).split()[-3:])


def _assign(
    text: str, candidates: list[_Candidate], hits: list[_CueHit]
) -> dict[int, list[tuple[int, float, str]]]:
    """For each cue index, the candidates (index, score, side) that chose it."""
    chosen: dict[int, list[tuple[int, float, str]]] = {}
    for ci, candidate in enumerate(candidates):
        best: tuple[float, int, str] | None = None
        for hi, hit in enumerate(hits):
            scored = _score(text, candidate, hit)
            if scored is not None and (best is None or scored[0] < best[0]):
                best = (scored[0], hi, scored[1])
        if best is not None:
            chosen.setdefault(best[1], []).append((ci, best[0], best[2]))
    for hi, picks in chosen.items():
        own = {candidates[ci].count for ci, _, side in picks if side == "self"}
        if own:
            # A cue that is its own count ("جثتين لشابين", two bodies of two young men): the same
            # number of people named beside it are the same people.
            chosen[hi] = [p for p in picks if p[2] == "self" or candidates[p[0]].count not in own]
            picks = chosen[hi]
        sides = {side for _, _, side in picks if side != "self"}
        if len(sides) == 2:
            nearest = {s: min(score for _, score, side in picks if side == s) for s in sides}
            keep = "after" if nearest["after"] <= nearest["before"] else "before"
            chosen[hi] = [p for p in picks if p[2] in (keep, "self")]
    return chosen


def _add_coordinated(
    text: str,
    candidates: list[_Candidate],
    hits: list[_CueHit],
    chosen: dict[int, list[tuple[int, float, str]]],
) -> None:
    """Give a number that no cue took the cue of a figure it is coordinated with: "قتل 5 عناصر
    من الهيئة و3 من قوات النظام", "five HTS fighters and three soldiers were killed" (one cue,
    two sides). Nothing but the figure's own words may stand between, and no cue or stop."""
    owner = {ci: hi for hi, picks in chosen.items() for ci, _, _ in picks}
    for ci, candidate in enumerate(candidates):
        if ci in owner or candidate.year_like:
            continue
        for cj in (ci - 1, ci + 1):
            if cj not in owner:
                continue
            first, second = sorted((candidate, candidates[cj]), key=lambda c: c.span)
            between = text[first.span[1] : second.span[0]]
            words = normalize_text(between).split()
            if (
                not words
                or words[-1] not in _COORDINATORS
                or len(words) > _MAX_COORDINATED_WORDS
                or _STOP.search(between)
                or any(first.span[1] <= h.span[0] < second.span[0] for h in hits)
            ):
                continue
            hi = owner[ci] = owner[cj]
            score, side = next((s, d) for c, s, d in chosen[hi] if c == cj)
            chosen[hi].append((ci, score, side))
            break


def _drop_breakdowns(
    mentions: list[CasualtyMention], words: Sequence[tuple[str, Span]], lex: _Lexicon
) -> list[CasualtyMention]:
    """Drop a figure that follows one of its kind with "including"/"بينهم" between them:
    "143 killed, including 28 soldiers, and 34 civilians died" counts 143."""
    mentions = sorted(mentions, key=lambda m: m.quantity.span or (0, 0))
    kept: list[CasualtyMention] = []
    for mention in mentions:
        start = (mention.quantity.span or (0, 0))[0]
        earlier = [m for m in kept if m.kind == mention.kind]
        if earlier:
            after = (earlier[-1].quantity.span or (0, 0))[1]
            between = [w for w, (s, e) in words if s >= after and e <= start]
            if any(_bare(w, lex.subset) for w in between):
                continue
        kept.append(mention)
    return kept


def _merge_lumped(text: str, cues: list[_CueHit], lumped: list[_CueHit]) -> list[_CueHit]:
    """Lumped cues with the cues inside them (or right in front: "الضحايا بين قتيل وجريح") moved
    into ``inner``, and the other cues, in text order. A lumped word that a death cue follows
    closely names the dead: "16 casualties at least were killed"."""
    merged: list[_CueHit] = []
    taken: set[int] = set()
    for hit in lumped:
        inner = [
            i
            for i, cue in enumerate(cues)
            if _overlaps(cue.span, [hit.span])
            or (cue.span[1] <= hit.span[0] and not text[cue.span[1] : hit.span[0]].strip())
        ]
        if not inner and _death_follows(text, hit, cues):
            continue
        taken.update(inner)
        merged.append(_CueHit(hit.cue, hit.span, tuple(cues[i] for i in inner)))
    merged.extend(cue for i, cue in enumerate(cues) if i not in taken)
    return sorted(merged, key=lambda h: h.span)


def _death_follows(text: str, hit: _CueHit, cues: list[_CueHit]) -> bool:
    gaps = [
        _gap(text, hit.span[1], c.span[0])
        for c in cues
        if c.cue.kind == "fatalities" and c.span[0] >= hit.span[1]
    ]
    return any(gap is not None and gap <= _MAX_LUMPED_GAP for gap in gaps)


def _unnumbered(text: str, spare: list[_CueHit], out: list[CasualtyMention]) -> list[CasualtyMention]:
    """Figures of the cues that got no number: what the cue implies, else at least one."""
    hits = sorted((inner for hit in spare for inner in (hit.inner or (hit,))), key=lambda h: h.span)
    figures = {m.kind for m in out}
    counted = figures | {h.cue.kind for h in hits if h.cue.implies is not None}
    found: list[CasualtyMention] = []
    for hit in hits:
        kind, n, words = hit.cue.kind, hit.cue.implies, text[hit.span[0] : hit.span[1]]
        if hit.cue.anaphoric and kind in figures:
            continue  # "قتلوا شاباً ... ما أدى إلى مقتله": the pronoun's man is counted already
        if n is not None:
            found.append(CasualtyMention(kind, Quantity(n, n, n, words, hit.span), hit.span))
        elif hit.cue.bare and kind not in counted and not (kind == _LUMPED and counted):
            counted.add(kind)
            found.append(CasualtyMention(kind, Quantity(None, 1, None, words, hit.span), hit.span))
    return found


def _running_total(
    text: str, words: Sequence[tuple[str, Span]], mention: CasualtyMention, period: _Period
) -> bool:
    """Whether a period of days or more is named within ``period.window`` words of the figure
    or of its cue: the figure then counts many incidents (``[period]`` of casualties.toml).

    A figure that something "rose to" is a total: a period anywhere after it in the sentence
    makes it a running one ("raising to 463, the number of people who were killed since April").
    """
    figure = mention.quantity.span or mention.cue_span
    low, high = min(figure[0], mention.cue_span[0]), max(figure[1], mention.cue_span[1])
    first = bisect_left([end for _, (_, end) in words], low + 1)
    last = bisect_left([start for _, (start, _) in words], high)
    risen = figure[0] > mention.cue_span[1] and _risen_to(
        text[: mention.cue_span[0]], text[mention.cue_span[1] : figure[0]]
    )
    after = len(words) if risen else last + period.window
    return _names_period([w for w, _ in words[max(0, first - period.window) : after]], period)


def _names_period(tokens: Sequence[str], period: _Period) -> bool:
    """Whether ``tokens`` (normalised words) hold a period phrase of ``period``."""
    for i, word in enumerate(tokens):
        head = word if word in period.openers else _PROCLITIC.sub("", word)
        if head not in period.openers:
            continue
        rest = tokens[i + 1 : i + 6]
        if head in period.since and (
            _dated(rest[:2], period) or any(tuple(rest[: len(t)]) == t for t in period.starts.get(head, ()))
        ):
            return True
        if head in period.spans and _lasts_days(rest, period):
            return True
    return False


def _dated(tokens: Sequence[str], period: _Period) -> bool:
    """A month name or a year first, maybe after one filler word (عام 2011, late 2017)."""
    if tokens and tokens[0] in period.since_fillers:
        tokens = tokens[1:]
    return bool(tokens) and (tokens[0] in period.months or _YEAR.fullmatch(tokens[0]) is not None)


def _lasts_days(tokens: Sequence[str], period: _Period) -> bool:
    """A unit of days or longer after numbers and filler words only (41 days, the past two weeks,
    يومين); a unit right after the span word is no period ("the largest toll in months")."""
    for index, token in enumerate(tokens):
        if _bare(token, period.units):
            if index > 0 and " ".join(tokens[index - 1 : index + 1]) in period.short_days:
                return False  # "in two days of fighting": one episode, whose toll the figure is
            return index > 0 or _bare(token, period.dual_units)
        if not (token.isdigit() or token in period.numbers or _bare(token, period.span_fillers)):
            return False
    return False


def find_casualties(text: str) -> list[CasualtyMention]:
    """Fatality, injury and lumped casualty figures in ``text`` (see the module doc), in text order."""
    lex = _lexicon()
    norm = normalize_with_offsets(text)
    # Most sentences hold no negator: their words are then read only if a cue is found.
    zeros = _find_zero(_words(text), lex) if lex.negator_words.search(norm.text) else []
    zero_spans = [span for _, span in zeros]
    found_cues = [
        [
            _CueHit(lex.cues[int(m.value)], m.span)
            for m in matcher.find(text, normalized=norm)
            if not _overlaps(m.span, zero_spans)
        ]
        for matcher in (lex.cue_matcher, lex.lumped_matcher)
    ]
    hits = _merge_lumped(text, *found_cues)
    if not hits and not zeros:
        return []
    words = _words(text)
    singulars = [
        *lex.singular_ar.find(text, normalized=norm),
        *lex.singular_en.find(text, normalized=norm),
    ]
    times = find_times(text, published=None, normalized=norm)
    masked = zero_spans + [t.span for t in times if t.span is not None]
    cue_ends = sorted(hit.span[1] for hit in hits)
    candidates = _candidates(text, norm, words, singulars, masked, lex, cue_ends)
    out: list[CasualtyMention] = []
    for kind, span in zeros:
        for k in _KINDS if kind == "both" else (kind,):
            out.append(CasualtyMention(k, Quantity(0, 0, 0, text[span[0] : span[1]], span), span))
    used: set[int] = set()
    numbered: list[CasualtyMention] = []
    chosen = _assign(text, candidates, hits)
    _add_coordinated(text, candidates, hits, chosen)
    for hi, picks in chosen.items():
        used.add(hi)
        for ci, _, _ in picks:
            c = candidates[ci]
            quantity = Quantity(c.count, c.min, c.max, c.text, c.span)
            numbered.append(CasualtyMention(hits[hi].cue.kind, quantity, hits[hi].span))
    numbered = [m for m in numbered if not _running_total(text, words, m, lex.period)]
    out.extend(_drop_breakdowns(numbered, words, lex))
    out.extend(_unnumbered(text, [hit for hi, hit in enumerate(hits) if hi not in used], out))
    return sorted(out, key=lambda m: (m.quantity.span or (0, 0), m.kind))


@dataclass(frozen=True, slots=True)
class _Named:
    """A side named by a civilian noun rather than an actor mention."""

    span: Span
    id: str | None
    text: str


@dataclass(frozen=True, slots=True)
class _SideContext:
    words: Sequence[tuple[str, Span]]
    nouns: list[PhraseMatch]
    links: list[PhraseMatch]
    actors: list[ActorLike]  # in text order
    cue_spans: list[Span]  # every figure's cue: skipped on the way to a side
    number_spans: list[Span]  # every figure's own number: ends the way to a side


class _HasSpan(Protocol):
    @property
    def span(self) -> Span: ...


_Item = TypeVar("_Item", bound=_HasSpan)


def _starting_in(items: Sequence[_Item], span: Span) -> _Item | None:
    """The first item that starts inside ``span`` (a name may follow a proclitic: لقوات)."""
    return next((item for item in items if span[0] <= item.span[0] < span[1]), None)


def _next_index(words: Sequence[tuple[str, Span]], end: int) -> int:
    return bisect_left([span[0] for _, span in words], end)


def _possessive_noun(word: str, lex: _Lexicon) -> bool:
    """A word for people with a pronoun ending: مقاتليها، عناصره."""
    stems = {word, _PROCLITIC.sub("", word)}
    return any(
        stem.endswith(ending) and stem[: -len(ending)] in lex.person_words
        for stem in stems
        for ending in lex.pronoun_endings
    )


def _walk_to_side(mention: CasualtyMention, ctx: _SideContext, lex: _Lexicon) -> tuple[str, ActorLike | None]:
    """Read on from the count to the side it names: ("side", actor), or ("possessive", None) for
    "its fighters", ("others", None) for "3 others", ("none", None) when nothing names one."""
    own = [mention.quantity.span or mention.cue_span, mention.cue_span]
    index = bisect_left([span[1] for _, span in ctx.words], own[0][0] + 1)
    steps, after_person, possessive, others = 0, False, False, False
    while index < len(ctx.words) and steps < _MAX_SIDE_STEPS:
        word, span = ctx.words[index]
        actor = _starting_in(ctx.actors, span)
        if actor is not None:
            return ("side", actor)
        noun = _starting_in(ctx.nouns, span)
        if noun is not None and noun.value == "civilian":
            return ("side", _Named(noun.span, "CIV", noun.text))
        if _STOP.fullmatch(word) or _COMMA.fullmatch(word):
            break
        index += 1
        if word in _QUOTES:
            continue  # a name in quotes: 5 عناصر من "هيئة تحرير الشام"
        if _overlaps(span, own) or _overlaps(span, ctx.cue_spans):
            # the count itself ("مقتل قيادي في داعش"), or a cue: "5 قتلى من قسد", "قتلى وجرحى من قسد"
            after_person = noun is not None
            continue
        if _overlaps(span, ctx.number_spans):
            break  # the next figure: "5 قتلى و3 جرحى من قسد" names the side of the 3 only
        steps += 1
        link = _starting_in(ctx.links, span)
        if noun is not None:
            after_person, index = True, _next_index(ctx.words, noun.span[1])
        elif _possessive_noun(word, lex):
            after_person, possessive = True, True
        elif link is not None and (link.value != "member_of" or after_person):
            after_person, index = False, _next_index(ctx.words, link.span[1])
            possessive = possessive or link.value == "possessive"
            others = others or link.value == "others"
        else:
            break
    if possessive:
        return ("possessive", None)
    if others:
        return ("others", None)
    before = _named_before_number(mention, ctx)
    return ("side", before) if before is not None else ("none", None)


def _named_before_number(mention: CasualtyMention, ctx: _SideContext) -> ActorLike | None:
    """The people named between the cue and a number written after them: "مقتل مدنيين اثنين",
    "إصابة عنصرين اثنين" (a number word may follow its noun for emphasis)."""
    number = mention.quantity.span
    if number is None or number[0] < mention.cue_span[1]:
        return None
    index = bisect_left([span[1] for _, span in ctx.words], mention.cue_span[1] + 1)
    between = [(w, span) for w, span in ctx.words[index:] if span[1] <= number[0]]
    if len(between) != 1:
        return None
    span = between[0][1]
    actor = _starting_in(ctx.actors, span)
    if actor is not None:
        return actor
    noun = _starting_in(ctx.nouns, span)
    return _Named(noun.span, "CIV", noun.text) if noun is not None and noun.value == "civilian" else None


def assign_sides(
    text: str, casualties: list[CasualtyMention], actors: Sequence[ActorLike]
) -> list[CasualtySide]:
    """For each figure of ``find_casualties(text)``, whose people it counts (see the module doc).

    ``actors`` are the actor mentions of the same text (``ActorDictionary.find``); the side is
    one of them, CIV named by a civilian noun, or None. Returned in the order given.
    """
    lex = _lexicon()
    norm = normalize_with_offsets(text)
    ctx = _SideContext(
        words=_words(text),
        nouns=lex.side_nouns.find(text, normalized=norm),
        links=lex.side_links.find(text, normalized=norm),
        actors=sorted(actors, key=lambda a: a.span),
        cue_spans=[m.cue_span for m in casualties],
        number_spans=[m.quantity.span for m in casualties if m.quantity.span not in (None, m.cue_span)],
    )
    sides: dict[int, CasualtySide] = {}
    previous: ActorLike | None = None
    for index in sorted(range(len(casualties)), key=lambda i: _start_of(casualties[i])):
        mention = casualties[index]
        how, actor = _walk_to_side(mention, ctx, lex)
        if how == "possessive":
            start = _start_of(mention)
            # "The SDF said Turkish drones struck a car, killing two of its members": in a party's
            # report, "its" is the speaker's, not the nearer party's
            actor = _speaker(text, ctx.actors, start) or next(
                (a for a in reversed(ctx.actors) if a.span[1] <= start), None
            )
        elif how == "others":
            actor = previous
        if actor is None:
            sides[index] = CasualtySide(mention.kind, mention.quantity, None, None, None)
            continue
        sides[index] = CasualtySide(mention.kind, mention.quantity, actor.id, actor.text, actor.span)
        previous = actor
    return [sides[i] for i in range(len(casualties))]


_SAID_EN = re.compile(r"\s+(?:said|says|announced|stated|reported)\b")


def _speaker(text: str, actors: Sequence[ActorLike], start: int) -> ActorLike | None:
    """The party whose English report a sentence is ("The SDF said ..."), when it is the first
    party named and another party stands between it and ``start``."""
    before = [a for a in actors if a.span[1] <= start]
    if len(before) < 2 or not _SAID_EN.match(text, before[0].span[1]):
        return None
    return before[0]


def _start_of(mention: CasualtyMention) -> int:
    return (mention.quantity.span or mention.cue_span)[0]
