"""Write exports to files or streams: ACLED CSV, PLOVER JSON, GeoJSON, Parquet and JSONL.

``export_events`` reads the matching events from a store and writes one of ``EXPORT_FORMATS``;
every export states the rasid version, the extractor versions and the query that made it
(JSON formats inside, CSV in a ``FILE.meta.json`` sidecar, Parquet in its file metadata).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

from rasid.errors import RasidError
from rasid.records import Event
from rasid.resolve.merge import incident_event
from rasid.store.clusters import cluster_members
from rasid.store.db import Store
from rasid.store.exports import (
    ACLED_COLUMNS,
    acled_row,
    distinct_documents,
    export_metadata,
    geojson_feature,
    plover_record,
)

EXPORT_FORMATS: tuple[str, ...] = ("acled-csv", "plover-json", "geojson", "parquet", "jsonl")


class ExportError(RasidError):
    """An export that cannot be written (a missing optional package, an unwritable file)."""

    code = "E302"


def _sources(store: Store, events: Sequence[Event]) -> dict[str, str]:
    """Event id -> the outlet name (source, else URL) of the event's document."""
    outlets: dict[str, str] = {}
    for document_id in distinct_documents(events):
        document = store.get_document(document_id)
        if document is not None and (document.source or document.url):
            outlets[document_id] = document.source or document.url or ""
    return {e.id: outlets[e.document_id] for e in events if e.document_id in outlets}


def incidents(store: Store, events: Sequence[Event]) -> tuple[list[Event], dict[str, str]]:
    """One event per cluster of ``events`` (``resolve.merge.incident_event``), in the order the
    clusters first appear, and each incident's sources: every outlet of its reports, ``; ``-joined."""
    order = list(dict.fromkeys(e.cluster_id or e.id for e in events))
    members = cluster_members(store, order)
    rows: list[Event] = []
    sources: dict[str, str] = {}
    for cluster_id in order:
        found = members.get(cluster_id)
        if not found:  # not clustered (an event stored before clustering): its own row
            alone = next(e for e in events if (e.cluster_id or e.id) == cluster_id)
            rows.append(alone)
            sources.update(_sources(store, [alone]))
            continue
        rows.append(incident_event(cluster_id, found))
        outlets = _sources(store, [m.event for m in found])
        named = sorted({outlets[m.event.id] for m in found if m.event.id in outlets})
        if named:
            sources[cluster_id] = "; ".join(named)
    return rows, sources


def write_acled_csv(
    events: Sequence[Event], stream: TextIO, sources: Mapping[str, str], *, timestamp: int
) -> None:
    """ACLED-style CSV rows (``ACLED_COLUMNS``) with a header."""
    writer = csv.DictWriter(stream, fieldnames=ACLED_COLUMNS)
    writer.writeheader()
    for event in events:
        writer.writerow(acled_row(event, source=sources.get(event.id), timestamp=timestamp))


def write_parquet(
    events: Sequence[Event], path: Path, sources: Mapping[str, str], meta: dict[str, Any]
) -> None:
    """A Parquet file of ACLED columns plus rasid's ids and records; the metadata under key ``rasid``."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise ExportError("Parquet export needs pyarrow: pip install 'rasid[parquet]'") from None
    timestamp = int(datetime.now(UTC).timestamp())
    rows = [acled_row(e, source=sources.get(e.id), timestamp=timestamp) for e in events]
    columns: dict[str, list[Any]] = {c: [None if r[c] == "" else r[c] for r in rows] for c in ACLED_COLUMNS}
    columns["rasid_event_type"] = [e.event_type for e in events]
    columns["modality"] = [e.modality for e in events]
    columns["genericity"] = [e.genericity for e in events]
    columns["document_id"] = [e.document_id for e in events]
    columns["cluster_id"] = [e.cluster_id for e in events]
    columns["record"] = [json.dumps(e.to_dict(), ensure_ascii=False) for e in events]
    for name in ("latitude", "longitude"):
        columns[name] = [None if v is None else float(v) for v in columns[name]]
    table = pa.table(columns).replace_schema_metadata({"rasid": json.dumps(meta, ensure_ascii=False)})
    pq.write_table(table, path)


def export_events(
    store: Store,
    fmt: str,
    *,
    output: Path | None,
    stream: TextIO,
    query: Mapping[str, Any],
    per_report: bool = False,
) -> dict[str, Any]:
    """Export the events matching ``query`` (``Store.query_events`` filters) in ``fmt``; returns the metadata.

    By default one row per incident (cluster): the merged type, place, date and casualty
    range of all its reports, with every outlet in ``source``; ``per_report`` writes each
    stored report instead. Writes to ``output`` (a file; for ``acled-csv`` also ``output`` +
    ``.meta.json``) or to ``stream``. Parquet needs a file. Raises ``ExportError`` (and
    ``ValueError`` for a bad filter).
    """
    if fmt not in EXPORT_FORMATS:
        raise ExportError(f"unknown export format {fmt!r}; choose from {', '.join(EXPORT_FORMATS)}")
    if fmt == "parquet" and output is None:
        raise ExportError("Parquet is binary: give --output FILE")
    events = store.query_events(**query)
    if per_report:
        sources = _sources(store, events)
    else:
        events, sources = incidents(store, events)
    meta = {**export_metadata(fmt, query, events), "rows": "reports" if per_report else "incidents"}
    if fmt == "parquet":
        assert output is not None
        write_parquet(events, output, sources, meta)
        return meta
    try:
        handle = output.open("w", encoding="utf-8", newline="") if output is not None else stream
    except OSError as exc:
        raise ExportError(f"cannot write {output}: {exc.strerror or exc}") from exc
    try:
        _write_text(fmt, events, handle, sources, meta)
    finally:
        if output is not None:
            handle.close()
    if fmt == "acled-csv" and output is not None:
        sidecar = output.with_name(output.name + ".meta.json")
        sidecar.write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return meta


def _write_text(
    fmt: str, events: Sequence[Event], stream: TextIO, sources: Mapping[str, str], meta: dict[str, Any]
) -> None:
    if fmt == "acled-csv":
        write_acled_csv(events, stream, sources, timestamp=int(datetime.now(UTC).timestamp()))
    elif fmt == "plover-json":
        records = [plover_record(e, source=sources.get(e.id)) for e in events]
        json.dump({"metadata": meta, "events": records}, stream, ensure_ascii=False, indent=2)
        stream.write("\n")
    elif fmt == "geojson":
        features = [f for f in (geojson_feature(e) for e in events) if f is not None]
        unlocated = [e.id for e in events if geojson_feature(e) is None]
        collection = {
            "type": "FeatureCollection",
            "metadata": meta,
            "features": features,
            "unlocated": unlocated,
        }
        json.dump(collection, stream, ensure_ascii=False)
        stream.write("\n")
    else:
        stream.write(json.dumps({"metadata": meta}, ensure_ascii=False) + "\n")
        for event in events:
            stream.write(json.dumps(event.to_dict(), ensure_ascii=False) + "\n")
