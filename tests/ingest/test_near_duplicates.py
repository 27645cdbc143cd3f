"""Near-duplicate detection: shingles, MinHash signatures and the LSH index (rasid.ingest.near_duplicates)."""

from __future__ import annotations

from pathlib import Path

import pytest

from rasid.ingest.near_duplicates import (
    DEFAULT_THRESHOLD,
    NUM_PERM,
    NearDuplicateIndex,
    minhash_of,
    shingles_of,
    signature_bytes,
    signature_from_bytes,
)

# A wire story, a copy another outlet republished (its own first line, paragraphs reordered,
# a few words changed), and a different report on the same topic, in Arabic and in English.
TEXTS = Path(__file__).resolve().parent.parent / "data" / "near_duplicates"


def _text(name: str) -> str:
    return (TEXTS / f"{name}.txt").read_text(encoding="utf-8").strip()


AR_ORIGINAL = _text("ar_original")
AR_COPY = _text("ar_copy")
AR_OTHER = _text("ar_other")
EN_ORIGINAL = _text("en_original")
EN_COPY = _text("en_copy")
EN_OTHER = _text("en_other")


def _index(*documents: tuple[str, str]) -> NearDuplicateIndex:
    index = NearDuplicateIndex()
    for document_id, text in documents:
        signature = minhash_of(text)
        assert signature is not None
        index.add(document_id, signature)
    return index


@pytest.mark.parametrize(
    ("variant", "same"),
    [("قالت قوات النظام", "قالت قوات النظام"), ("قالَت قُوّات النِّظام", "قالت قوات النظام"), ("أيضاً", "ايضا")],
)
def test_near_duplicates_shingles_ignore_spelling_variants(variant: str, same: str) -> None:
    assert shingles_of(variant) == shingles_of(same)


def test_near_duplicates_shingles_are_word_trigrams() -> None:
    assert shingles_of("Shells hit houses, in Tal Tamr.") == {
        "shells hit houses",
        "hit houses in",
        "houses in tal",
        "in tal tamr",
    }


@pytest.mark.parametrize(("original", "copy"), [(AR_ORIGINAL, AR_COPY), (EN_ORIGINAL, EN_COPY)])
def test_near_duplicates_edited_copy_is_found(original: str, copy: str) -> None:
    index = _index(("wire", original))
    signature = minhash_of(copy)
    assert signature is not None
    match = index.find(signature)
    assert match is not None
    assert match.original_id == "wire"
    assert DEFAULT_THRESHOLD <= match.similarity < 1.0


@pytest.mark.parametrize(("original", "other"), [(AR_ORIGINAL, AR_OTHER), (EN_ORIGINAL, EN_OTHER)])
def test_near_duplicates_other_story_on_same_topic_is_not_linked(original: str, other: str) -> None:
    index = _index(("wire", original))
    signature = minhash_of(other)
    assert signature is not None
    assert index.find(signature) is None
    exact = len(shingles_of(original) & shingles_of(other)) / len(shingles_of(original) | shingles_of(other))
    assert exact < 0.3


def test_near_duplicates_arabic_and_english_versions_are_not_linked() -> None:
    index = _index(("ar", AR_ORIGINAL))
    signature = minhash_of(EN_ORIGINAL)
    assert signature is not None and index.find(signature) is None


def test_near_duplicates_exclude_and_best_match() -> None:
    index = _index(("wire", EN_ORIGINAL), ("copy", EN_COPY))
    signature = minhash_of(EN_ORIGINAL)
    assert signature is not None
    match = index.find(signature)
    assert match is not None and match.original_id == "wire" and match.similarity == 1.0
    other = index.find(signature, exclude="wire")
    assert other is not None and other.original_id == "copy"
    index.remove("copy")
    assert index.find(signature, exclude="wire") is None
    assert len(index) == 1 and "wire" in index


def test_near_duplicates_short_text_has_no_signature() -> None:
    assert minhash_of("قصف على حماة") is None


def test_near_duplicates_signature_round_trips_through_bytes() -> None:
    signature = minhash_of(AR_ORIGINAL)
    assert signature is not None
    again = signature_from_bytes(signature_bytes(signature))
    assert again.jaccard(signature) == 1.0
    index = NearDuplicateIndex()
    assert index.add_stored([("a", NUM_PERM, signature_bytes(signature)), ("b", 64, b"ignored")]) == 1
    assert "a" in index and "b" not in index


def test_near_duplicates_threshold_is_checked() -> None:
    with pytest.raises(ValueError):
        NearDuplicateIndex(threshold=0)
