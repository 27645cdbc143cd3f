"""Tests for full-text search and the spatial and facet filters of Store.query_events (both backends)."""

from __future__ import annotations

import itertools
import re
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.store.test_db import DEIR, make_event, make_result

from rasid.records import Evidence, Place
from rasid.store import Store
from rasid.store.search import fts5_query, query_alternatives, search_text, search_words, tsquery
from rasid.text.normalize import normalize_text

IDLIB = Place(name="Idlib", lat=35.93, lon=36.63, admin1="Idlib", admin2="Idlib", precision="point")


def with_sentence(event_id: str, sentence: str, **kwargs: object) -> object:
    """An event whose evidence sentence is ``sentence``."""
    return replace(
        make_event(event_id, **kwargs), evidence=Evidence(sentence=sentence, span=(0, len(sentence)))
    )  # type: ignore[arg-type]


@pytest.mark.parametrize("query", ["دير الزور", "ديرالزور", "دَيْر الزُّور", "ديـر الـزور", "DEIR EZ-ZOR"])
@pytest.mark.parametrize(
    "sentence", ["قصف على ريف دير الزور الشرقي", "قصف على ريف ديرالزور الشرقي", "قصف في دَيْر الزُّور"]
)
def test_search_finds_arabic_spelling_variants(store: Store, query: str, sentence: str) -> None:
    events = (
        with_sentence("e-hit", sentence, place=None),
        with_sentence("e-miss", "اشتباكات في ريف حلب الشمالي", place=None),
    )
    store.save_result(make_result("d1", events=events))
    expected = [] if query.startswith("DEIR") else ["e-hit"]
    assert [e.id for e in store.query_events(q=query)] == expected


def test_search_matches_place_and_actor_fields(store: Store) -> None:
    store.save_result(make_result("d1", events=(make_event("e1"), make_event("e2", place=IDLIB))))
    assert [e.id for e in store.query_events(q="Al-Mayadin")] == ["e1"]
    assert [e.id for e in store.query_events(q="idlib")] == ["e2"]
    assert [e.id for e in store.query_events(q="fatemiyoun")] == ["e1", "e2"]
    assert store.count_events(q="idlib") == 1


@pytest.mark.parametrize(
    "query", ['" OR 1=1 --', "'; DROP TABLE events; --", "NEAR(a b)", "x* AND y", "a:b", "\\x00"]
)
def test_search_query_is_never_syntax(store: Store, query: str) -> None:
    store.save_result(make_result("d1", events=(make_event("e1"),)))
    assert store.query_events(q=query) == []
    assert store.count_events() == 1


@pytest.mark.parametrize("query", ["", "   ", "؟!", "---"])
def test_search_query_without_words_raises(store: Store, query: str) -> None:
    with pytest.raises(ValueError, match="no word"):
        store.query_events(q=query)


def test_search_documents_by_text(store: Store) -> None:
    store.save_result(make_result("d1", "قُتل ثلاثة مدنيين في مدينة البوكمال"))
    store.save_result(make_result("d2", "تظاهرة في السويداء"))
    assert store.search_documents("البو كمال") == ["d1"]
    assert store.search_documents("السويداء") == ["d2"]
    # Replacing a document's text replaces what it is found by.
    store.save_result(make_result("d2", "تظاهرة في درعا"))
    assert store.search_documents("السويداء") == []
    assert store.search_documents("درعا") == ["d2"]


def test_search_index_follows_recoding_and_deletion(store: Store) -> None:
    store.save_result(make_result("d1", "نص", events=(with_sentence("e1", "غارة على الميادين", place=None),)))
    store.save_result(make_result("d1", "نص", events=(with_sentence("e1", "غارة على البوكمال", place=None),)))
    assert store.query_events(q="الميادين") == []
    assert [e.id for e in store.query_events(q="البوكمال")] == ["e1"]
    store.save_result(make_result("d1", "نص آخر"))
    assert store.query_events(q="البوكمال") == []


@pytest.mark.parametrize(
    ("bbox", "expected"),
    [
        ((40.0, 34.5, 41.0, 35.5), ["e-deir"]),
        ((36.0, 35.0, 37.0, 36.0), ["e-idlib"]),
        ((35.0, 34.0, 42.0, 37.0), ["e-deir", "e-idlib"]),
        ((0.0, 0.0, 1.0, 1.0), []),
    ],
)
def test_query_events_bbox(
    store: Store, bbox: tuple[float, float, float, float], expected: list[str]
) -> None:
    events = (make_event("e-deir"), make_event("e-idlib", place=IDLIB), make_event("e-nowhere", place=None))
    store.save_result(make_result("d1", events=events))
    assert sorted(e.id for e in store.query_events(bbox=bbox)) == expected


@pytest.mark.parametrize(
    "bbox", [(1.0, 2.0, 3.0), (10.0, 0.0, 5.0, 1.0), (0.0, -95.0, 1.0, 1.0), (0, 0, float("nan"), 1)]
)
def test_query_events_bad_bbox_raises(store: Store, bbox: tuple[float, ...]) -> None:
    with pytest.raises(ValueError, match="bounding box"):
        store.query_events(bbox=bbox)  # type: ignore[arg-type]


def test_query_events_admin2_modality_genericity(store: Store) -> None:
    events = (
        make_event("e1"),
        replace(make_event("e2", place=IDLIB), modality="claimed"),
        replace(make_event("e3", place=IDLIB), genericity="recurring"),
    )
    store.save_result(make_result("d1", events=events))
    assert [e.id for e in store.query_events(admin2="al-mayadin")] == ["e1"]
    assert [e.id for e in store.query_events(admin2="IDLIB", modality="claimed")] == ["e2"]
    assert [e.id for e in store.query_events(genericity="recurring")] == ["e3"]
    assert [e.id for e in store.query_events(q="الميادين", admin1="Deir ez-Zor", modality="asserted")] == [
        "e1"
    ]
    assert DEIR.admin2 == "Al-Mayadin"


@given(st.text(max_size=40))
def test_search_query_strings_hold_only_quoted_words(q: str) -> None:
    try:
        options = query_alternatives(q)
    except ValueError:
        return
    words = {w for option in options for w in option}
    assert all(w.isalnum() for w in words)
    assert fts5_query(q).count('"') % 2 == 0
    assert "'" not in "".join(words) and '"' not in "".join(words)
    assert tsquery(q).startswith("(")


def test_search_text_joins_neighbouring_words() -> None:
    assert search_text(["دَيْر الزُّور", None, "Deir Ez-Zor"]).split() == [
        "دير",
        "الزور",
        "deir",
        "ez",
        "zor",
        "ديرالزور",
        "deirez",
        "ezzor",
    ]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.none() | st.text(st.characters(exclude_categories=("Cs",)), max_size=30), max_size=6))
def test_search_text_is_the_words_of_each_part_then_their_pairs(parts: list[str | None]) -> None:
    words: list[str] = []
    pairs: list[str] = []
    for part in parts:
        found = search_words(part) if part else []
        words += found
        pairs += [a + b for a, b in itertools.pairwise(found)]
    assert search_text(parts) == " ".join(words + pairs)


@settings(max_examples=300, deadline=None)
@given(st.text(st.characters(exclude_categories=("Cs",)), max_size=60))
def test_search_words_are_the_words_of_the_whole_normalised_text(text: str) -> None:
    # search_words normalises token by token (and caches tokens): the same as the whole text.
    assert search_words(text) == re.findall(r"[^\W_]+", normalize_text(text))
    assert search_words(text) == search_words(text)  # a cached token gives the same words
