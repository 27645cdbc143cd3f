"""Full-text search over normalised Arabic and English text, the same on SQLite and PostgreSQL.

What is indexed (``search_text``) and what is asked (``fts5_query`` / ``tsquery``) both go
through ``rasid.text.normalize`` (diacritics and tatweel removed, alef/yaa/taa-marbuta forms
unified, Latin lower-cased) and are cut into words of letters and digits. Every pair of
neighbouring words is indexed a second time written together (``دير الزور`` also gives
``ديرالزور``), and a query of several words also asks for each pair written together, so that
دير الزور, ديرالزور and دَيْر الزُّور find each other. SQLite searches with FTS5 tables that
triggers keep in step with the ``search_text`` columns (migrations 0004 and 0008); PostgreSQL with a
GIN index over ``to_tsvector('simple', search_text)``. Queries hold only words, never
operators of the user's, so a search string cannot change the query's structure.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Iterable

from sqlalchemy import ColumnElement, Integer, String, Table, bindparam, column, func, literal_column, text

from rasid.records import Document, Event
from rasid.text.normalize import normalize_text

_WORD = re.compile(r"[^\W_]+")
MAX_QUERY_WORDS = 16

# SQLite: per searchable table, its FTS5 index and the table that ties the index's integer
# rowids to the (text) primary keys (migration 0004), or None where the index's rowid is the
# table's own ``seq`` number (events, migration 0008); triggers keep the index in step.
FTS_TABLES: dict[str, tuple[str, str | None]] = {
    "events": ("events_fts", None),
    "documents": ("documents_fts", "documents_fts_keys"),
}


def is_search_table(name: str | None) -> bool:
    """True for SQLite's full-text tables (migrations 0004 and 0008: FTS5, its shadow and key tables)."""
    # events_fts_keys (migration 0004, dropped by 0008) still counts, for older databases.
    return name is not None and any(name.startswith(fts) for fts, _ in FTS_TABLES.values())


def search_words(text: str) -> list[str]:
    """The normalised words of ``text`` (letters and digits; punctuation and ``_`` split words).

    Each whitespace-separated token is normalised on its own (normalisation never joins or
    splits across whitespace), so that the words of a token seen before are looked up.
    """
    words: list[str] = []
    for token in text.split():
        found = _TOKEN_WORDS.get(token)
        if found is None:
            found = _WORD.findall(normalize_text(token))
            if len(_TOKEN_WORDS) >= _TOKEN_CACHE_ENTRIES:
                _TOKEN_WORDS.clear()
            _TOKEN_WORDS[token] = found
        words += found
    return words


# News repeats its words: a token's normalised words are worked out once (a bounded cache;
# its lists are never changed).
_TOKEN_WORDS: dict[str, list[str]] = {}
_TOKEN_CACHE_ENTRIES = 50_000


def search_text(parts: Iterable[str | None]) -> str:
    """The indexed text of some strings: their words, then every neighbouring pair written together."""
    words: list[str] = []
    joined: list[str] = []
    for part in parts:
        if part:
            found = search_words(part)
            words += found
            joined += map(operator.add, found, found[1:])
    return " ".join(words + joined)


def event_search_text(event: Event) -> str:
    """What a search finds an event by: evidence sentence and trigger, actors, place, attribution."""
    parts: list[str | None] = [event.evidence.sentence, event.evidence.trigger]
    for actor in event.actors:
        parts.extend((actor.text, actor.name, actor.id))
    place = event.location
    if place is not None:
        parts.extend((place.text, place.name, place.name_ar, place.admin1, place.admin2))
    if event.attribution is not None:
        parts.append(event.attribution.text)
    return search_text(parts)


def document_search_text(document: Document) -> str:
    """What a search finds a document by: its title and clean text."""
    return search_text((document.title, document.text))


def query_alternatives(q: str) -> list[list[str]]:
    """The word lists any of which a match must hold: the words, and each neighbouring pair joined.

    Raises ``ValueError`` for a query without a word, or with more than ``MAX_QUERY_WORDS``.
    """
    words = search_words(q)
    if not words:
        raise ValueError(f"search query {q!r} has no word to look for")
    if len(words) > MAX_QUERY_WORDS:
        raise ValueError(f"search query has {len(words)} words; at most {MAX_QUERY_WORDS} are allowed")
    options = [words]
    for i in range(len(words) - 1):
        options.append([*words[:i], words[i] + words[i + 1], *words[i + 2 :]])
    return options


def fts5_query(q: str) -> str:
    """The FTS5 MATCH string for ``q``: every word quoted (so none is an operator), alternatives OR-ed."""
    return " OR ".join(
        "(" + " AND ".join(f'"{word}"' for word in option) + ")" for option in query_alternatives(q)
    )


def tsquery(q: str) -> str:
    """The PostgreSQL ``to_tsquery('simple', ...)`` string for ``q``, built the same way."""
    return " | ".join(
        "(" + " & ".join(f"'{word}'" for word in option) + ")" for option in query_alternatives(q)
    )


def _tsvector(table: Table) -> ColumnElement[object]:
    # The same expression as the GIN index of migration 0004, so that PostgreSQL uses it.
    return func.to_tsvector(literal_column("'simple'::regconfig"), table.c.search_text)


def match_condition(table: Table, q: str, *, dialect: str) -> ColumnElement[bool]:
    """Rows of ``table`` (``events`` or ``documents``) whose ``search_text`` matches ``q``.

    Raises ``ValueError`` for a query without words and for a database other than SQLite
    or PostgreSQL.
    """
    if dialect == "postgresql":
        query = func.to_tsquery(literal_column("'simple'::regconfig"), bindparam("q_ts", tsquery(q)))
        return _tsvector(table).op("@@")(query)
    if dialect == "sqlite":
        fts, keys = FTS_TABLES[table.name]
        if keys is None:
            rowids = text(f"SELECT rowid FROM {fts} WHERE {fts} MATCH :q_fts").bindparams(q_fts=fts5_query(q))
            return table.c.seq.in_(rowids.columns(column("rowid", Integer)))
        matched = (
            text(
                f"SELECT {keys}.key FROM {fts} JOIN {keys} ON {keys}.rowid = {fts}.rowid "
                f"WHERE {fts} MATCH :q_fts"
            )
            .bindparams(q_fts=fts5_query(q))
            .columns(column("key", String))
        )
        return table.c.id.in_(matched)
    raise ValueError(f"full-text search needs SQLite or PostgreSQL, not {dialect}")
