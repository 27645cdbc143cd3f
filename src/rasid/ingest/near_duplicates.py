"""Near-duplicate documents: republished copies and the same wire story at several outlets.

A document's fingerprint is the set of its word shingles (``SHINGLE_WORDS`` consecutive
normalised words: diacritics, alef/yaa/taa-marbuta variants and case folded, punctuation
dropped). Two documents are near-duplicates when the Jaccard similarity of their shingle
sets is at least ``DEFAULT_THRESHOLD`` (0.8): a copy with a new first line, reordered
paragraphs or a few words changed stays above it, another report on the same event
written in other words stays far below. The similarity is estimated with MinHash
signatures and candidates are found with locality-sensitive hashing (datasketch), so a
check costs the same whatever the number of stored documents. Signatures are stored
(``document_minhash``) and loaded when a run starts, so the search spans earlier runs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from datasketch import LeanMinHash, MinHash, MinHashLSH

from rasid.text.normalize import normalize_text

NUM_PERM = 128
DEFAULT_THRESHOLD = 0.8
SHINGLE_WORDS = 3
# Below this many shingles a text is too short for a meaningful estimate (exact duplicates
# are still found by the text hash).
MIN_SHINGLES = 8
_SEED = 1
# Pinned so that stored signatures stay comparable whatever datasketch's default becomes.
_SCHEME = "affine32"
_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class NearDuplicate:
    """The stored document that a new one repeats, with their estimated Jaccard similarity."""

    original_id: str
    similarity: float


def shingles_of(text: str, *, size: int = SHINGLE_WORDS) -> set[str]:
    """The word shingles of a text: ``size`` consecutive normalised words joined by a space."""
    words = _WORD.findall(normalize_text(text))
    if len(words) < size:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}


def minhash_of(text: str, *, num_perm: int = NUM_PERM) -> LeanMinHash | None:
    """The MinHash signature of a text's shingles; None when the text is too short to compare."""
    found = shingles_of(text)
    if len(found) < MIN_SHINGLES:
        return None
    signature = MinHash(num_perm=num_perm, seed=_SEED, scheme=_SCHEME)
    signature.update_batch([shingle.encode("utf-8") for shingle in sorted(found)])
    return LeanMinHash(signature)


def signature_bytes(signature: LeanMinHash) -> bytes:
    """A signature as bytes for the store (datasketch's own format: seed, scheme, hash values)."""
    buffer = bytearray(signature.bytesize())
    signature.serialize(buffer)
    return bytes(buffer)


def signature_from_bytes(data: bytes, *, num_perm: int = NUM_PERM) -> LeanMinHash:
    """A signature read back from ``signature_bytes``; ``ValueError`` when it does not fit."""
    signature = LeanMinHash.deserialize(data)
    if len(signature) != num_perm or signature.seed != _SEED or signature.scheme != _SCHEME:
        raise ValueError(f"a stored signature of another kind ({len(signature)} values, {signature.scheme})")
    return signature


class NearDuplicateIndex:
    """The signatures of stored originals, searchable for near-duplicates of a new text.

    Only originals are added (a near-duplicate is linked to an original, never to another
    copy), so links never form chains. The index is in memory; fill it from the store with
    ``add_stored`` when a run starts.
    """

    def __init__(self, *, threshold: float = DEFAULT_THRESHOLD, num_perm: int = NUM_PERM) -> None:
        if not 0.0 < threshold <= 1.0:
            raise ValueError(f"threshold must be in (0, 1], got {threshold}")
        self.threshold = threshold
        self.num_perm = num_perm
        # Candidates come from a slightly lower LSH threshold, then the estimate decides:
        # LSH alone misses some pairs just above its threshold.
        self._lsh = MinHashLSH(threshold=max(0.05, threshold - 0.15), num_perm=num_perm)
        self._signatures: dict[str, LeanMinHash] = {}

    def __len__(self) -> int:
        return len(self._signatures)

    def __contains__(self, document_id: object) -> bool:
        return document_id in self._signatures

    def add(self, document_id: str, signature: LeanMinHash) -> None:
        """Index an original document's signature (replacing its earlier one, if any)."""
        self.remove(document_id)
        self._lsh.insert(document_id, signature)
        self._signatures[document_id] = signature

    def remove(self, document_id: str) -> None:
        """Forget a document (its text changed, or it became a near-duplicate)."""
        if document_id in self._signatures:
            self._lsh.remove(document_id)
            del self._signatures[document_id]

    def add_stored(self, rows: Iterable[tuple[str, int, bytes]]) -> int:
        """Index stored ``(document_id, num_perm, signature)`` rows; other sizes are skipped."""
        added = 0
        for document_id, num_perm, data in rows:
            if num_perm == self.num_perm:
                self.add(document_id, signature_from_bytes(data, num_perm=num_perm))
                added += 1
        return added

    def find(self, signature: LeanMinHash, *, exclude: str | None = None) -> NearDuplicate | None:
        """The most similar indexed document at or above the threshold (ties: smallest id), or None."""
        best: NearDuplicate | None = None
        for candidate in self._lsh.query(signature):
            if candidate == exclude:
                continue
            similarity = round(float(signature.jaccard(self._signatures[candidate])), 4)
            if similarity < self.threshold:
                continue
            if best is None or (-similarity, candidate) < (-best.similarity, best.original_id):
                best = NearDuplicate(candidate, similarity)
        return best
