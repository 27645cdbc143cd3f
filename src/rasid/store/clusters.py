"""Clusters in the store: assign stored events to incidents, split and merge them, read them back.

``cluster_document`` runs after a document's events are stored: it loads the candidate
reports of the same date window from the store, lets ``rasid.resolve.dedup`` place each new
event (joining a cluster or starting one), and writes, in one transaction, the events'
``cluster_id``, one ``cluster_links`` row per event (score, reasons, embedding) and, for
a merge of two clusters, one ``changes`` row per moved event (action ``merge``). Nothing
is ever deleted: every report stays stored under its cluster.

``split_event`` and ``merge_clusters`` are the manual corrections (``rasid clusters split``
/ ``merge``); they are logged in ``changes`` with ``"manual": true`` and ``recluster``
replays them after clustering everything again, so that a person's decision survives.
A cluster id never changes once assigned: a merge keeps the older id (earliest link).
"""

from __future__ import annotations

import json
import logging
from collections import defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import and_, delete, exists, func, insert, or_, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.exc import SQLAlchemyError

from rasid.errors import StoreError
from rasid.records import Document
from rasid.resolve.dedup import Attachment, ClusterIndex, DedupConfig, Merge, Report, report_of
from rasid.resolve.merge import ClusterMember, merged_event
from rasid.resolve.similarity import Encoder, default_encoder
from rasid.store.changes import log_changes
from rasid.store.db import Store
from rasid.store.schema import (
    changes,
    cluster_links,
    documents,
    event_conditions,
    event_from_row,
    events,
    in_clusters,
)

log = logging.getLogger(__name__)

_FAR = datetime.max.replace(tzinfo=UTC)


@contextmanager
def _connection(store: Store, *, write: bool = False) -> Iterator[Connection]:
    """One transaction on the store (writers take SQLite's write lock up front, as ``Store`` does)."""
    try:
        with store.engine.connect() as connection:
            if write:
                connection.execution_options(rasid_write=True)
            with connection.begin():
                yield connection
    except SQLAlchemyError as exc:
        raise StoreError(f"clusters: {exc}") from exc


def _document_of(row: Any) -> Document:
    return Document(
        id=row.document_id,
        text="",
        language=row.language or "und",
        published=row.published,
        source=row.source,
        url=row.url,
    )


_EVENT_COLUMNS = (
    events.c.id,
    events.c.record,
    events.c.document_id,
    events.c.cluster_id,
    documents.c.language,
    documents.c.published,
    documents.c.source,
    documents.c.url,
    documents.c.ingested_at,
    cluster_links.c.vector,
    cluster_links.c.linked_at,
    cluster_links.c.score,
    cluster_links.c.method,
    cluster_links.c.reasons,
)


def _joined() -> Any:
    return events.join(documents, documents.c.id == events.c.document_id).outerjoin(
        cluster_links, cluster_links.c.event_id == events.c.id
    )


def _reports(
    rows: Sequence[Any], encoder: Encoder | None, config: DedupConfig
) -> dict[str, tuple[Report, str]]:
    """Reports (with vectors; missing ones encoded now) and cluster ids of event rows, by event id."""
    parsed = [(row, event_from_row(row.record, row.document_id, row.cluster_id)) for row in rows]
    vectors: dict[str, bytes | None] = {row.id: row.vector for row, _ in parsed}
    if encoder is not None:
        missing = [(row.id, event.evidence.sentence) for row, event in parsed if row.vector is None]
        if missing:
            for (event_id, _), vector in zip(missing, encoder.encode([s for _, s in missing]), strict=True):
                vectors[event_id] = vector
    return {
        row.id: (
            report_of(event, document=_document_of(row), vector=vectors[row.id], config=config),
            row.cluster_id,
        )
        for row, event in parsed
    }


def _cluster_ranks(connection: Connection, cluster_ids: set[str]) -> dict[str, int]:
    """Age order of clusters: earliest link first (clusters without links last), then id."""
    if not cluster_ids:
        return {}
    found: dict[str, datetime] = {}
    ids = sorted(cluster_ids)
    for i in range(0, len(ids), 500):
        query = (
            select(cluster_links.c.cluster_id, func.min(cluster_links.c.linked_at))
            .where(cluster_links.c.cluster_id.in_(ids[i : i + 500]))
            .group_by(cluster_links.c.cluster_id)
        )
        for cluster_id, linked_at in connection.execute(query):
            found[cluster_id] = _utc(linked_at)
    ordered = sorted(ids, key=lambda c: (found.get(c, _FAR), c))
    return {cluster_id: rank for rank, cluster_id in enumerate(ordered)}


def _utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _manual_decisions(connection: Connection) -> list[dict[str, Any]]:
    """The manual splits and merges from the change log, oldest first (one entry per decision)."""
    query = (
        select(changes.c.id, changes.c.event_id, changes.c.action, changes.c.after)
        .where(changes.c.action.in_(("split", "merge")))
        .order_by(changes.c.id)
    )
    decisions: dict[str, dict[str, Any]] = {}
    for row in connection.execute(query):
        after = json.loads(row.after) if row.after else {}
        if not after.get("manual"):
            continue
        key = after.get("decision") or f"{row.action}-{row.id}"
        decision = decisions.setdefault(key, {"action": row.action, **after, "moved": []})
        decision["moved"].append(row.event_id)
    return list(decisions.values())


def _apart(decisions: Sequence[dict[str, Any]]) -> dict[str, set[str]]:
    apart: dict[str, set[str]] = defaultdict(set)
    for decision in decisions:
        if decision["action"] == "split":
            apart[decision["event"]].update(decision.get("apart_from_events", ()))
        elif decision["action"] == "merge":
            together = set(decision.get("events", ()))
            for event_id in together:
                apart[event_id] -= together
    return apart


def _window(reports: Sequence[Report], config: DedupConfig) -> tuple[str, str] | None:
    days = [d for r in reports for d in (r.start, r.end, r.anchor) if d is not None]
    if not days:
        return None
    margin = config.slack_days + 2 * config.max_span_days
    return (
        date.fromordinal(min(days) - margin).isoformat(),
        date.fromordinal(max(days) + margin).isoformat(),
    )


def _link_row(
    attachment: Attachment, report: Report, encoder: Encoder | None, now: datetime
) -> dict[str, Any]:
    reasons = dict(attachment.reasons)
    if attachment.matched:
        reasons["matched"] = attachment.matched
    return {
        "event_id": attachment.event_id,
        "cluster_id": attachment.cluster_id,
        "score": attachment.score,
        "reasons": json.dumps(reasons, ensure_ascii=False),
        "method": "new" if attachment.new_cluster else "auto",
        "matched": attachment.matched,
        "vector": report.vector,
        "encoder": encoder.name if encoder is not None and report.vector is not None else None,
        "linked_at": now,
    }


def _move_cluster(connection: Connection, merge: Merge, *, reason: str, extra: dict[str, Any]) -> int:
    """Move every event of ``merge.absorbed`` into ``merge.kept`` and log one change per event."""
    moved = list(connection.execute(select(events.c.id).where(in_clusters(merge.absorbed))).scalars())
    connection.execute(update(events).where(in_clusters(merge.absorbed)).values(cluster_id=merge.kept))
    connection.execute(
        update(cluster_links)
        .where(cluster_links.c.cluster_id == merge.absorbed)
        .values(cluster_id=merge.kept)
    )
    after = {"cluster_id": merge.kept, "merged": merge.absorbed, **extra}
    log_changes(connection, "merge", reason, [(e, {"cluster_id": merge.absorbed}, after) for e in moved])
    return len(moved)


def cluster_document(
    store: Store,
    document_id: str,
    *,
    encoder: Encoder | None = None,
    use_default_encoder: bool = True,
    config: DedupConfig | None = None,
) -> list[Attachment]:
    """Cluster the stored events of a document that are not clustered yet; returns their attachments.

    ``encoder`` embeds evidence sentences (default: ``default_encoder()`` when
    ``use_default_encoder``, i.e. when ``rasid[embed]`` is installed). Candidates are the
    stored events of other documents whose dates fall in the window of this document's
    events. Raises ``StoreError`` when the store fails; the events then keep their own ids.
    """
    config = config or DedupConfig.load_default()
    with _connection(store) as connection:
        rows = connection.execute(
            select(*_EVENT_COLUMNS)
            .select_from(_joined())
            .where(
                events.c.document_id == document_id,
                # No link yet, or a stale one (the document was re-coded and its events replaced).
                or_(cluster_links.c.event_id.is_(None), cluster_links.c.cluster_id != events.c.cluster_id),
            )
            .order_by(events.c.id)
        ).all()
    if not rows:
        return []
    if encoder is None and use_default_encoder:
        encoder = default_encoder()  # loaded only when there is something to cluster
    own = _reports(rows, encoder, config)
    todo = [report for report, _ in own.values()]
    window = _window(todo, config)
    with _connection(store, write=True) as connection:
        index = ClusterIndex(config)
        if window is not None:
            start, end = window
            dated = and_(
                func.coalesce(events.c.time_end, events.c.time_start) >= start,
                func.coalesce(events.c.time_start, events.c.time_end) <= end,
            )
            undated = and_(
                events.c.time_start.is_(None), documents.c.published >= start, documents.c.published <= end
            )
            candidates = connection.execute(
                select(*_EVENT_COLUMNS)
                .select_from(_joined())
                .where(events.c.document_id != document_id, or_(dated, undated))
                .order_by(documents.c.ingested_at, events.c.id)
            ).all()
            known = _reports(candidates, encoder, config)
            ranks = _cluster_ranks(connection, {cluster_id for _, cluster_id in known.values()})
            for report, cluster_id in known.values():
                index.add(report, cluster_id, rank=ranks.get(cluster_id))
            index.apart = _apart(_manual_decisions(connection))
        attachments, merges = index.assign(todo)
        now = datetime.now(UTC)
        by_id = {report.event_id: report for report in todo}
        for merge in merges:
            _move_cluster(
                connection,
                merge,
                reason=f"cluster {merge.absorbed} merged into the older {merge.kept}: "
                f"event {merge.event_id} links both (score {merge.score:.2f})",
                extra={"manual": False, "reasons": dict(merge.reasons)},
            )
        final = {a.event_id: index.cluster_of(a.event_id) or a.cluster_id for a in attachments}
        for attachment in attachments:
            connection.execute(
                update(events)
                .where(events.c.id == attachment.event_id)
                .values(cluster_id=final[attachment.event_id])
            )
        connection.execute(delete(cluster_links).where(cluster_links.c.event_id.in_(list(by_id))))
        connection.execute(
            insert(cluster_links),
            [
                {**_link_row(a, by_id[a.event_id], encoder, now), "cluster_id": final[a.event_id]}
                for a in attachments
            ],
        )
    joined = sum(not a.new_cluster for a in attachments)
    log.info(
        "%s: %d events clustered, %d joined a cluster, %d merges", document_id, len(todo), joined, len(merges)
    )
    return attachments


def _cluster_members(connection: Connection, cluster_id: str) -> list[str]:
    query = select(events.c.id).where(in_clusters(cluster_id)).order_by(events.c.id)
    return list(connection.execute(query).scalars())


def split_event(store: Store, event_id: str, *, reason: str = "manual split") -> str:
    """Take one event out of its cluster into a cluster of its own; returns the new cluster id.

    The rest of the cluster keeps its id. Logged in ``changes`` (action ``split``, manual),
    and kept by later clustering: the event never joins those reports again automatically.
    Raises ``ValueError`` for an unknown event or one already alone.
    """
    with _connection(store, write=True) as connection:
        cluster_id = connection.execute(
            select(events.c.cluster_id).where(events.c.id == event_id)
        ).scalar_one_or_none()
        if cluster_id is None:
            raise ValueError(f"no stored event {event_id!r}")
        members = _cluster_members(connection, cluster_id)
        if members == [event_id]:
            raise ValueError(f"event {event_id} is already alone in cluster {cluster_id}")
        new_id = event_id if event_id != cluster_id else f"{event_id}~split"
        suffix = 2
        while connection.execute(select(exists().where(in_clusters(new_id)))).scalar_one():
            new_id = f"{event_id}~split{suffix}"
            suffix += 1
        others = [m for m in members if m != event_id]
        connection.execute(update(events).where(events.c.id == event_id).values(cluster_id=new_id))
        now = datetime.now(UTC)
        reasons = {"manual": True, "reason": reason, "split_from": cluster_id}
        connection.execute(delete(cluster_links).where(cluster_links.c.event_id == event_id))
        connection.execute(
            insert(cluster_links).values(
                event_id=event_id,
                cluster_id=new_id,
                score=None,
                reasons=json.dumps(reasons, ensure_ascii=False),
                method="split",
                linked_at=now,
            )
        )
        after = {
            "cluster_id": new_id,
            "manual": True,
            "event": event_id,
            "apart_from_events": others,
            "decision": f"split-{event_id}-{now.isoformat()}",
        }
        log_changes(connection, "split", reason, [(event_id, {"cluster_id": cluster_id}, after)])
    return new_id


def merge_clusters(store: Store, cluster_a: str, cluster_b: str, *, reason: str = "manual merge") -> str:
    """Merge two clusters into the older one; returns the id kept (logged in ``changes``, manual).

    Raises ``ValueError`` for an unknown cluster or a cluster merged with itself.
    """
    if cluster_a == cluster_b:
        raise ValueError("cannot merge a cluster with itself")
    with _connection(store, write=True) as connection:
        members = {c: _cluster_members(connection, c) for c in (cluster_a, cluster_b)}
        for cluster_id, found in members.items():
            if not found:
                raise ValueError(f"no cluster {cluster_id!r}")
        ranks = _cluster_ranks(connection, {cluster_a, cluster_b})
        kept, absorbed = sorted((cluster_a, cluster_b), key=lambda c: ranks[c])
        together = members[cluster_a] + members[cluster_b]
        merge = Merge(kept, absorbed, "", 1.0, {"manual": True})
        decision = f"merge-{kept}-{absorbed}-{datetime.now(UTC).isoformat()}"
        _move_cluster(
            connection, merge, reason=reason, extra={"manual": True, "events": together, "decision": decision}
        )
    return kept


@dataclass(frozen=True, slots=True)
class ReclusterSummary:
    """What ``recluster`` did: events seen, clusters after, events whose cluster changed."""

    events: int
    clusters: int
    moved: int


def recluster(
    store: Store, *, encoder: Encoder | None = None, use_default_encoder: bool = True
) -> ReclusterSummary:
    """Cluster every stored event again, in the order the documents came in, keeping ids stable.

    Each new cluster takes the oldest id among its members' current clusters (else its first
    event's id); manual splits keep their events apart and manual merges are applied again.
    Every event whose cluster changes gets a ``changes`` row (action ``recluster``).
    """
    config = DedupConfig.load_default()
    if encoder is None and use_default_encoder:
        encoder = default_encoder()
    with _connection(store) as connection:
        rows = connection.execute(
            select(*_EVENT_COLUMNS)
            .select_from(_joined())
            .order_by(documents.c.ingested_at, events.c.document_id, events.c.id)
        ).all()
    reports = _reports(rows, encoder, config)
    with _connection(store, write=True) as connection:
        old = {event_id: cluster for event_id, (_, cluster) in reports.items()}
        ranks = _cluster_ranks(connection, set(old.values()))
        decisions = _manual_decisions(connection)
        index = ClusterIndex(config)
        index.apart = _apart(decisions)
        by_document: dict[str, list[Report]] = defaultdict(list)
        for report, _ in reports.values():
            by_document[report.document_id].append(report)
        results: dict[str, Attachment] = {}
        for group in by_document.values():
            for attachment in index.assign(group)[0]:
                results[attachment.event_id] = attachment
        for decision in decisions:
            if decision["action"] == "merge":
                present = {index.cluster_of(e) for e in decision.get("events", ()) if index.cluster_of(e)}
                clusters = sorted(c for c in present if c is not None)
                for other in clusters[1:]:
                    index.merge(clusters[0], other)  # replaying a person's decision
        final = _stable_ids(index, list(reports), old, ranks)
        now = datetime.now(UTC)
        moved = [(e, old[e], final[e]) for e in reports if final[e] != old[e]]
        for event_id, _, cluster_id in moved:
            connection.execute(update(events).where(events.c.id == event_id).values(cluster_id=cluster_id))
        connection.execute(delete(cluster_links).where(cluster_links.c.event_id.in_(list(reports))))
        linked = {row.id: row.linked_at for row in rows}
        link_rows = []
        for event_id, (report, _) in reports.items():
            attachment = results[event_id]
            row = _link_row(attachment, report, encoder, _utc(linked[event_id]) if linked[event_id] else now)
            row["cluster_id"] = final[event_id]
            link_rows.append(row)
        if link_rows:
            connection.execute(insert(cluster_links), link_rows)
        log_changes(
            connection,
            "recluster",
            "all events clustered again",
            [(e, {"cluster_id": before}, {"cluster_id": after}) for e, before, after in moved],
        )
    return ReclusterSummary(events=len(reports), clusters=len(set(final.values())), moved=len(moved))


def _stable_ids(
    index: ClusterIndex, event_ids: Sequence[str], old: dict[str, str], ranks: dict[str, int]
) -> dict[str, str]:
    """Final cluster id per event: each cluster takes its members' oldest free old id."""
    groups: dict[str, list[str]] = defaultdict(list)
    for event_id in event_ids:
        groups[index.cluster_of(event_id) or event_id].append(event_id)
    taken: set[str] = set()
    final: dict[str, str] = {}
    # Larger clusters choose first so that a cluster keeps its id when a report leaves it.
    for members in sorted(groups.values(), key=lambda m: (-len(m), m[0])):
        choices = sorted({old[m] for m in members}, key=lambda c: (ranks.get(c, len(ranks)), c))
        chosen = next((c for c in choices if c not in taken), None)
        if chosen is None:
            chosen = members[0]
            suffix = 2
            while chosen in taken or chosen in ranks:
                chosen = f"{members[0]}~{suffix}"
                suffix += 1
        taken.add(chosen)
        for member in members:
            final[member] = chosen
    return final


def _members_of(rows: Sequence[Any]) -> dict[str, list[ClusterMember]]:
    members: dict[str, list[ClusterMember]] = defaultdict(list)
    for row in rows:
        event = event_from_row(row.record, row.document_id, row.cluster_id)
        members[row.cluster_id].append(
            ClusterMember(
                event=event,
                source=row.source,
                language=row.language or "und",
                published=row.published,
                url=row.url,
                score=row.score,
                method=row.method or "new",
                reasons=json.loads(row.reasons) if row.reasons else {},
                linked_at=_utc(row.linked_at).isoformat() if row.linked_at else None,
            )
        )
    return members


def cluster_view(cluster_id: str, members: Sequence[ClusterMember]) -> dict[str, Any]:
    """A cluster as shown to people and the API: the merged event and every report with its reasons."""
    return {**merged_event(cluster_id, members), "members": [m.to_dict() for m in members]}


def query_clusters(
    store: Store, *, limit: int | None = None, offset: int = 0, **filters: Any
) -> list[dict[str, Any]]:
    """Clusters having at least one event that matches the event filters of ``Store.query_events``.

    Ordered by the cluster's earliest date (undated last), then id; each is a ``cluster_view``
    with all its reports (also those that do not match the filters). Raises ``ValueError``
    for a malformed filter.
    """
    conditions = event_conditions(dialect=store.engine.dialect.name, **filters)
    first_day = func.min(events.c.time_start)
    query = (
        select(events.c.cluster_id, first_day.label("first_day"))
        .where(*conditions)
        .group_by(events.c.cluster_id)
        .order_by(first_day.asc().nulls_last(), events.c.cluster_id)
    )
    if limit is not None:
        query = query.limit(limit)
    if offset:
        query = query.offset(offset)
    with _connection(store) as connection:
        cluster_ids = list(connection.execute(query).scalars())
        rows: list[Any] = []
        for i in range(0, len(cluster_ids), 500):
            rows += connection.execute(
                select(*_EVENT_COLUMNS)
                .select_from(_joined())
                .where(in_clusters(cluster_ids[i : i + 500]))
                .order_by(cluster_links.c.linked_at.asc().nulls_first(), events.c.id)
            ).all()
    members = _members_of(rows)
    return [cluster_view(c, members[c]) for c in cluster_ids if members.get(c)]


def cluster_members(store: Store, cluster_ids: Sequence[str]) -> dict[str, list[ClusterMember]]:
    """Every report of each of these clusters (whatever filter found them), in link order."""
    found: dict[str, list[ClusterMember]] = {}
    wanted = sorted(set(cluster_ids))
    for start in range(0, len(wanted), 500):
        with _connection(store) as connection:
            rows = connection.execute(
                select(*_EVENT_COLUMNS)
                .select_from(_joined())
                .where(in_clusters(wanted[start : start + 500]))
                .order_by(cluster_links.c.linked_at.asc().nulls_first(), events.c.id)
            ).all()
        found.update(_members_of(rows))
    return found


def get_cluster(store: Store, cluster_id: str) -> dict[str, Any] | None:
    """One cluster's view by id, or None."""
    with _connection(store) as connection:
        rows = connection.execute(
            select(*_EVENT_COLUMNS)
            .select_from(_joined())
            .where(in_clusters(cluster_id))
            .order_by(cluster_links.c.linked_at.asc().nulls_first(), events.c.id)
        ).all()
    members = _members_of(rows)
    return cluster_view(cluster_id, members[cluster_id]) if members.get(cluster_id) else None


def cluster_of_event(store: Store, event_id: str) -> str | None:
    """The cluster id of a stored event, or None."""
    with _connection(store) as connection:
        return connection.execute(
            select(events.c.cluster_id).where(events.c.id == event_id)
        ).scalar_one_or_none()
