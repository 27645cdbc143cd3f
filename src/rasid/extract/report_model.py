"""A small learned judge of whether an Arabic sentence reports an incident of a given class.

Rules tell an incident report from a mention of one by its verb, toll or place
(``extract.reporting``); where they cannot (pan-Arab newswire about places beyond the
gazetteer, long sentences whose main verb is about something else), a logistic regression
over hashed character n-grams of the normalised sentence gives a probability per PLOVER
class (ASSAULT, PROTEST). It runs in pure Python, in well under a millisecond per sentence.

The weights are a data file (``data/models/incident_ar.json``) written by
``tools/train_incident_model.py``, which says what it was trained on and its cross-validated
scores. Every event the model judged carries its name and version in ``extractor``.
"""

from __future__ import annotations

import base64
import math
import re
import struct
import zlib
from array import array
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import repeat
from operator import itemgetter, mul
from typing import Any

from rasid.data import read_text
from rasid.errors import DataFileError
from rasid.text.normalize import normalize_text

MODEL_FILE = "models/incident_ar.json"
_WORD = re.compile(r"\w+")


def _word_ngrams(word: str, min_n: int, max_n: int) -> Iterator[str]:
    padded = f" {word} "
    for n in range(min_n, max_n + 1):
        for i in range(len(padded) - n + 1):
            yield padded[i : i + n]


def char_ngrams(text: str, min_n: int, max_n: int) -> set[str]:
    """Character n-grams of each normalised word padded with spaces (sklearn's ``char_wb``)."""
    grams: set[str] = set()
    for word in _WORD.findall(normalize_text(text).lower()):
        grams.update(_word_ngrams(word, min_n, max_n))
    return grams


_MAX_CACHED_WORDS = 4096  # per feature setting: the cache of word buckets starts afresh beyond it


@lru_cache(maxsize=4)
def _bucket_cache(min_n: int, max_n: int, buckets: int) -> dict[str, tuple[int, ...]]:
    """Word -> the hashed buckets of its n-grams, for one feature setting (words recur)."""
    return {}


def hashed_features(text: str, *, min_n: int, max_n: int, buckets: int) -> dict[int, float]:
    """Binary hashed n-gram features of ``text``, L2-normalised: bucket index -> value."""
    cache = _bucket_cache(min_n, max_n, buckets)
    indices: set[int] = set()
    for word in _WORD.findall(normalize_text(text).lower()):
        found = cache.get(word)
        if found is None:
            if len(cache) >= _MAX_CACHED_WORDS:
                cache.clear()
            grams = _word_ngrams(word, min_n, max_n)
            found = cache[word] = tuple({zlib.crc32(g.encode("utf-8")) % buckets for g in grams})
        indices.update(found)
    if not indices:
        return {}
    value = 1.0 / math.sqrt(len(indices))
    return dict.fromkeys(indices, value)


def encode_weights(weights: Iterable[float]) -> str:
    """Dense weights as base64 of little-endian half floats (how the model file stores them)."""
    values = [max(-65000.0, min(65000.0, float(w))) for w in weights]
    return base64.b64encode(struct.pack(f"<{len(values)}e", *values)).decode("ascii")


def decode_weights(blob: str, size: int) -> tuple[float, ...]:
    """The inverse of ``encode_weights``; ``size`` is checked."""
    raw = base64.b64decode(blob)
    if len(raw) != 2 * size:
        raise DataFileError(f"{MODEL_FILE}: {len(raw) // 2} weights where {size} were expected")
    return struct.unpack(f"<{size}e", raw)


def _picked(weights: Sequence[float], indices: tuple[int, ...]) -> tuple[float, ...]:
    """``weights[i]`` for each of ``indices``, in order."""
    if len(indices) > 1:
        return itemgetter(*indices)(weights)  # type: ignore[no-any-return]
    return tuple(weights[i] for i in indices)


@dataclass(frozen=True, slots=True)
class ModelHead:
    """One class of the model: its weights, bias and decision threshold."""

    plover: str
    bias: float
    threshold: float
    weights: Sequence[float]  # an array of doubles: a quarter of the memory of a tuple of floats


@dataclass(frozen=True, slots=True)
class IncidentModel:
    """The model file: feature settings and one head per PLOVER class."""

    name: str
    version: str
    min_n: int
    max_n: int
    buckets: int
    heads: dict[str, ModelHead]

    @property
    def label(self) -> str:
        """``name/version``, as events record it."""
        return f"{self.name}/{self.version}"

    def probabilities(self, text: str) -> dict[str, float]:
        """The probability that ``text`` reports an incident, per PLOVER class."""
        features = hashed_features(text, min_n=self.min_n, max_n=self.max_n, buckets=self.buckets)
        # Every feature has the same value: sum(weights[i] * value for i in features), in C loops.
        value = next(iter(features.values()), 0.0)
        indices = tuple(features)
        out: dict[str, float] = {}
        for plover, head in self.heads.items():
            z = head.bias + sum(map(mul, repeat(value), _picked(head.weights, indices)))
            out[plover] = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
        return out

    def reports(self, text: str) -> dict[str, bool]:
        """Per PLOVER class, whether the probability reaches the head's threshold."""
        probabilities = self.probabilities(text)
        return {p: probabilities[p] >= head.threshold for p, head in self.heads.items()}


def model_from_dict(data: dict[str, Any]) -> IncidentModel:
    """Build the model from the parsed model file; a malformed file raises ``DataFileError``."""
    try:
        features = data["features"]
        buckets = int(features["buckets"])
        heads = {
            plover: ModelHead(
                plover=plover,
                bias=float(head["bias"]),
                threshold=float(head["threshold"]),
                weights=array("d", decode_weights(str(head["weights"]), buckets)),
            )
            for plover, head in data["heads"].items()
        }
        return IncidentModel(
            name=str(data["name"]),
            version=str(data["version"]),
            min_n=int(features["min_n"]),
            max_n=int(features["max_n"]),
            buckets=buckets,
            heads=heads,
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise DataFileError(f"{MODEL_FILE} is malformed: {exc!r}") from exc


@lru_cache(maxsize=1)
def incident_model() -> IncidentModel:
    """The bundled model."""
    import json

    try:
        data = json.loads(read_text(MODEL_FILE))
    except json.JSONDecodeError as exc:
        raise DataFileError(f"{MODEL_FILE} is not valid JSON: {exc}") from exc
    return model_from_dict(data)
