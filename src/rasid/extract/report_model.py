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
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from rasid.data import read_text
from rasid.errors import DataFileError
from rasid.text.normalize import normalize_text

MODEL_FILE = "models/incident_ar.json"
_WORD = re.compile(r"\w+")


def char_ngrams(text: str, min_n: int, max_n: int) -> set[str]:
    """Character n-grams of each normalised word padded with spaces (sklearn's ``char_wb``)."""
    grams: set[str] = set()
    for word in _WORD.findall(normalize_text(text).lower()):
        padded = f" {word} "
        for n in range(min_n, max_n + 1):
            for i in range(len(padded) - n + 1):
                grams.add(padded[i : i + n])
    return grams


def hashed_features(text: str, *, min_n: int, max_n: int, buckets: int) -> dict[int, float]:
    """Binary hashed n-gram features of ``text``, L2-normalised: bucket index -> value."""
    indices = {zlib.crc32(g.encode("utf-8")) % buckets for g in char_ngrams(text, min_n, max_n)}
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


@dataclass(frozen=True, slots=True)
class ModelHead:
    """One class of the model: its weights, bias and decision threshold."""

    plover: str
    bias: float
    threshold: float
    weights: tuple[float, ...]


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
        out: dict[str, float] = {}
        for plover, head in self.heads.items():
            z = head.bias + sum(head.weights[i] * v for i, v in features.items())
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
                weights=decode_weights(str(head["weights"]), buckets),
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
