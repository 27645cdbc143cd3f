"""The learned incident judge: its features, its model file, and how the extractor uses it."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rasid.data import read_text
from rasid.errors import DataFileError
from rasid.extract.events import EXTRACTOR, extract_events
from rasid.extract.report_model import (
    MODEL_FILE,
    char_ngrams,
    decode_weights,
    encode_weights,
    hashed_features,
    incident_model,
    model_from_dict,
)
from rasid.records import Document


def test_report_model_char_ngrams_pad_each_word() -> None:
    assert char_ngrams("هجوم", 2, 3) == {" ه", "هج", "جو", "وم", "م ", " هج", "هجو", "جوم", "وم "}


@given(st.text(alphabet="ابتثجحخدذرزسشصضطظعغفقكلمنهوي ", min_size=1, max_size=40))
def test_report_model_features_ignore_diacritics_and_tatweel(text: str) -> None:
    decorated = "".join(ch + ("\u064e" if ch != " " else "") for ch in text).replace("ه", "هـ")
    assert hashed_features(text, min_n=2, max_n=4, buckets=1024) == hashed_features(
        decorated, min_n=2, max_n=4, buckets=1024
    )


@given(st.text(min_size=1, max_size=60))
def test_report_model_features_are_unit_length(text: str) -> None:
    features = hashed_features(text, min_n=2, max_n=5, buckets=4096)
    if features:
        assert abs(sum(v * v for v in features.values()) - 1.0) < 1e-9
        assert all(0 <= i < 4096 for i in features)


@given(st.lists(st.floats(min_value=-60000, max_value=60000, allow_nan=False), min_size=1, max_size=50))
def test_report_model_weights_round_trip_as_half_floats(weights: list[float]) -> None:
    decoded = decode_weights(encode_weights(weights), len(weights))
    assert all(abs(a - b) <= max(abs(a) * 1e-3, 1e-4) for a, b in zip(weights, decoded, strict=True))


def test_report_model_bundled_file_has_both_heads_with_their_provenance() -> None:
    model = incident_model()
    assert set(model.heads) == {"ASSAULT", "PROTEST"}
    assert all(len(head.weights) == model.buckets for head in model.heads.values())
    raw = json.loads(read_text(MODEL_FILE))
    for head in raw["heads"].values():
        assert head["trained_on"] and head["cross_validated"]["f1"] > head["rules_alone"]["f1"]


def test_report_model_tells_a_report_from_talk_about_one() -> None:
    model = incident_model()
    report = (
        "وقالت الشرطة إن انفجار سيارة مفخخة قرب سوق شعبي أسفر عن مقتل ستة أشخاص وإصابة عشرين آخرين بجروح."
    )
    talk = (
        "وتناول المؤتمر الصحفي ملفات عديدة بينها القانون الجديد الخاص بالتعويضات "
        "وأحكام القضاء في قضايا الاغتيال."
    )
    assert model.probabilities(report)["ASSAULT"] > model.probabilities(talk)["ASSAULT"]
    assert model.reports(report)["ASSAULT"]


@pytest.mark.parametrize(
    "broken",
    [
        {},
        {"name": "x", "version": "1", "features": {"min_n": 2, "max_n": 5, "buckets": 8}, "heads": {"A": {}}},
        {
            "name": "x",
            "version": "1",
            "features": {"min_n": 2, "max_n": 5, "buckets": 8},
            "heads": {"A": {"bias": 0, "threshold": 0.5, "weights": encode_weights([0.0] * 3)}},
        },
    ],
)
def test_report_model_malformed_file_is_a_clear_error(broken: dict[str, Any]) -> None:
    with pytest.raises(DataFileError):
        model_from_dict(broken)


def _document(text: str) -> Document:
    return Document(id="t", text=text, language="ar", published="2021-05-10")


# A place beyond the gazetteer, so the judge decides: the blast is reported, with a toll.
FOREIGN_REPORT = (
    "وقالت الشرطة إن انفجار سيارة مفخخة قرب سوق شعبي في مدينة بعيدة أسفر عن مقتل ستة أشخاص "
    "وإصابة عشرين آخرين بجروح."
)


def test_report_model_events_it_judged_name_it_in_extractor() -> None:
    events = extract_events(_document(FOREIGN_REPORT))
    assert events and all(e.extractor == f"{EXTRACTOR}+{incident_model().label}" for e in events)
    assert all(e.extractor == EXTRACTOR for e in extract_events(_document(FOREIGN_REPORT), use_model=False))


def test_report_model_sentences_placed_in_syria_are_left_to_the_rules() -> None:
    text = "قتل ثلاثة عناصر من قوات النظام بهجوم لخلايا تنظيم داعش على حاجز في بادية الميادين أمس."
    events = extract_events(_document(text))
    assert events and all(e.extractor == EXTRACTOR for e in events)


def test_report_model_claims_and_plans_keep_their_modality() -> None:
    for text, modality in (
        ("تبنى تنظيم داعش الهجوم على الحاجز العسكري.", "claimed"),
        ("يهدد التنظيم بشن هجمات جديدة على الطريق.", "hypothetical"),
    ):
        assert any(e.modality == modality for e in extract_events(_document(text)))
