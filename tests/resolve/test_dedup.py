"""Tests for rasid.resolve.dedup: pair scores, vetoes, blocking, attachment, merges, streams."""

from __future__ import annotations

import tomllib
from datetime import date
from importlib import resources

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rasid.records import EVENT_TYPES
from rasid.resolve.dedup import ClusterIndex, DedupConfig, Merge, Report, cluster_stream, score_pair

DAY = date(2021, 3, 8).toordinal()


def report(event_id: str, document_id: str, **fields: object) -> Report:
    """A report in Deir ez-Zor on DAY unless told otherwise."""
    values: dict[str, object] = {
        "event_type": "attack",
        "actors": frozenset({"ISIS", "IRN_MIL"}),
        "lat": 34.45,
        "lon": 40.92,
        "admin1": "Deir ez-Zor",
        "admin2": "Al-Bukamal",
        "place_precision": "point",
        "start": DAY,
        "end": DAY,
        "words": frozenset({"attack", "militia", "outpost", "desert"}),
        "language": "en",
    }
    values.update(fields)
    return Report(event_id=event_id, document_id=document_id, **values)  # type: ignore[arg-type]


def test_dedup_config_every_event_type_in_one_class() -> None:
    data = tomllib.loads(resources.files("rasid.data").joinpath("dedup.toml").read_text(encoding="utf-8"))
    config = DedupConfig.from_dict(data)
    assert set(config.type_class) == set(EVENT_TYPES)
    members = [t for group in data["types"]["classes"].values() for t in group]
    assert len(members) == len(set(members))
    assert 0 < config.link <= config.merge <= 1
    assert all(weight > 0 for weight in config.weights.values())


def test_dedup_score_pair_same_incident_scores_high() -> None:
    pair = score_pair(report("a", "d1"), report("b", "d2", lat=34.46, words=frozenset({"attack", "desert"})))
    assert pair.veto is None and not pair.weak
    assert pair.score >= DedupConfig.load_default().link
    assert set(pair.features) >= {"type", "date", "place", "actors", "text"}


@pytest.mark.parametrize(
    ("fields", "veto"),
    [
        ({"event_type": "protest"}, "types"),
        ({"admin1": "Homs", "admin2": "Homs", "lat": 34.73, "lon": 36.71}, "governorates"),
        ({"start": DAY + 5, "end": DAY + 5}, "dates"),
        ({"lat": 35.33, "lon": 40.14, "admin2": "Deir ez-Zor"}, "places"),
    ],
)
def test_dedup_score_pair_vetoes(fields: dict[str, object], veto: str) -> None:
    pair = score_pair(report("a", "d1"), report("b", "d2", **fields))
    assert pair.veto is not None and pair.veto.startswith(veto)
    assert not pair.passes(0.0, DedupConfig.load_default())


def test_dedup_words_do_not_compare_across_languages() -> None:
    pair = score_pair(report("a", "d1"), report("b", "d2", language="ar", words=frozenset({"هجوم"})))
    assert "text" not in pair.features


report_strategy = st.builds(
    report,
    event_id=st.sampled_from(["a", "b"]),
    document_id=st.sampled_from(["d1", "d2"]),
    event_type=st.sampled_from(EVENT_TYPES),
    start=st.integers(DAY - 3, DAY + 3),
    lat=st.floats(34.0, 35.0),
    fatalities=st.one_of(st.none(), st.tuples(st.integers(0, 50), st.integers(50, 100))),
)


@given(report_strategy, report_strategy)
def test_dedup_score_pair_is_symmetric_and_bounded(a: Report, b: Report) -> None:
    a = Report(**{**{s: getattr(a, s) for s in Report.__slots__}, "end": a.start})  # type: ignore[arg-type]
    b = Report(**{**{s: getattr(b, s) for s in Report.__slots__}, "end": b.start})  # type: ignore[arg-type]
    ab, ba = score_pair(a, b), score_pair(b, a)
    assert ab.score == ba.score and (ab.veto is None) == (ba.veto is None)
    assert 0.0 <= ab.score <= 1.0


def test_dedup_index_joins_same_incident_and_keeps_first_id() -> None:
    index = ClusterIndex()
    first, _ = index.assign([report("a", "d1")])
    second, merges = index.assign([report("b", "d2")])
    assert first[0].new_cluster and first[0].cluster_id == "a"
    assert second[0].cluster_id == "a" and second[0].matched == "a" and not merges
    assert second[0].reasons["features"]["type"] == 1.0


def test_dedup_index_same_day_same_governorate_different_incidents_stay_apart() -> None:
    index = ClusterIndex()
    index.assign([report("a", "d1")])
    # Same day, same governorate: an arrest campaign 60 km away by other actors.
    other = report(
        "b",
        "d2",
        event_type="arrest",
        actors=frozenset({"SDF"}),
        lat=35.01,
        lon=40.45,
        admin2="Al-Mayadin",
        words=frozenset({"arrest", "campaign"}),
    )
    attachments, _ = index.assign([other])
    assert attachments[0].new_cluster and index.cluster_of("b") != index.cluster_of("a")


def test_dedup_index_one_document_never_reports_one_incident_twice() -> None:
    index = ClusterIndex()
    attachments, _ = index.assign([report("a", "d1"), report("b", "d1")])
    assert attachments[0].cluster_id != attachments[1].cluster_id


def test_dedup_index_blocks_by_date_window() -> None:
    index = ClusterIndex()
    index.assign([report("a", "d1")])
    later, _ = index.assign([report("b", "d2", start=DAY + 40, end=DAY + 40)])
    assert later[0].new_cluster


def test_dedup_undated_unlocated_join_only_on_text_and_actors() -> None:
    index = ClusterIndex()
    index.assign([report("a", "d1")])
    vague = {"start": None, "end": None, "lat": None, "lon": None, "admin1": None, "admin2": None}
    no_actors, _ = index.assign([report("b", "d2", **vague, actors=frozenset())])
    assert no_actors[0].new_cluster
    strong, _ = index.assign([report("c", "d3", **vague)])
    assert strong[0].cluster_id == "a" and strong[0].weak and strong[0].reasons["weak"]


def test_dedup_bridging_report_merges_into_the_older_cluster() -> None:
    index = ClusterIndex()
    index.assign([report("a", "d1")])
    # The same place and day, told as a clash by other parties in other words: not enough alone.
    clash_words = frozenset({"clash", "fighters"})
    index.assign([report("b", "d2", event_type="clash", actors=frozenset({"SDF"}), words=clash_words)])
    assert index.cluster_of("b") == "b"
    # A third report names all parties in the words of both: the two are one incident.
    everyone = frozenset({"ISIS", "IRN_MIL", "SDF"})
    bridge, merges = index.assign(
        [report("c", "d3", actors=everyone, words=report("a", "x").words | clash_words)]
    )
    assert merges == [Merge("a", "b", "c", merges[0].score, merges[0].reasons)]
    assert bridge[0].cluster_id == "a"
    assert {index.cluster_of(e) for e in "abc"} == {"a"}
    assert sorted(index.members("a")) == ["a", "b", "c"]


def test_dedup_manual_split_keeps_events_apart() -> None:
    index = ClusterIndex()
    index.apart = {"b": {"a"}}
    index.assign([report("a", "d1")])
    attachments, _ = index.assign([report("b", "d2")])
    assert attachments[0].new_cluster


def test_dedup_stream_forgets_old_reports() -> None:
    documents = [[report(f"e{i}", f"d{i}", start=DAY + i, end=DAY + i, lat=34.0 + i % 7)] for i in range(200)]
    index_sizes: list[int] = []
    items = list(cluster_stream(documents, horizon_days=10))
    assert len([i for i in items if not isinstance(i, Merge)]) == 200
    index = ClusterIndex()
    for docs in documents:
        index.assign(docs)
        index.evict_before(docs[0].end - 10)  # type: ignore[operator]
        index_sizes.append(len(index))
    assert max(index_sizes) <= 12


_IN_SYRIA = {"lat": 35.0, "lon": 38.5, "admin1": None, "admin2": None, "place_precision": "country"}


@pytest.mark.parametrize("other", [{}, _IN_SYRIA])
def test_dedup_a_report_placed_only_in_syria_pairs_with_a_party_in_common(other: dict[str, object]) -> None:
    # "A blast claimed by IS kills soldiers in Syria" beside the report that names the town.
    pair = score_pair(report("a", "d1", **_IN_SYRIA), report("b", "d2", **other))
    assert pair.veto is None and not pair.weak
    assert pair.features["place"] == DedupConfig.load_default().country_place


def test_dedup_a_report_placed_only_in_syria_without_a_party_in_common_stays_weak() -> None:
    pair = score_pair(report("a", "d1", **_IN_SYRIA), report("b", "d2", actors=frozenset({"SYR_REGIME"})))
    assert pair.weak and "place" not in pair.features
