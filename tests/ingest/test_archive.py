"""Tests for JSONL archives and .json files (rasid.ingest.archive through iter_documents)."""

from __future__ import annotations

import codecs
import io
import json
from datetime import date, datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import rasid.ingest.sources as sources
from rasid.errors import MalformedRecordError
from rasid.ingest import iter_documents, parse_published
from rasid.ingest.archive import iter_archive, record_from_object
from rasid.records import Document

AIRSTRIKE = "استهدفت غارة جوية مستودعا للذخيرة قرب مطار الضبعة في ريف حمص الغربي."
CLASH = "دارت اشتباكات بين فصيلين مسلحين في بلدة جنديرس وسقط قتيل من المدنيين."
ENGLISH = "A roadside bomb struck an army patrol on the road near Deir ez-Zor, killing two soldiers."


def jsonl(*rows: Any) -> str:
    """JSON Lines from objects (dumped) and raw strings (kept as they are)."""
    return "".join(
        (row if isinstance(row, str) else json.dumps(row, ensure_ascii=False)) + "\n" for row in rows
    )


def test_read_jsonl_lines_become_documents(write, read_all) -> None:
    path = write(
        "archive.jsonl",
        jsonl(
            {"id": "a1", "text": AIRSTRIKE, "language": "ar", "published": "2024-01-10", "url": None},
            {"id": "a2", "text": ENGLISH, "source": "Wire", "title": " Patrol  hit ", "extra": [1, 2]},
            {"id": 17, "text": CLASH, "url": "https://example.org/x"},
        ),
    )
    documents, failures = read_all([path])
    assert failures == []
    assert [d.id for d in documents] == ["a1", "a2", "17"]
    first, second, third = documents
    assert (first.language, first.published, first.origin) == ("ar", "2024-01-10", f"{path}:1")
    assert (second.language, second.source, second.title, second.published) == (
        "en",
        "Wire",
        "Patrol hit",
        None,
    )
    assert third.language == "ar"  # detected
    assert third.url == "https://example.org/x"
    assert third.origin == f"{path}:3"


@pytest.mark.parametrize(
    ("line", "fragment", "document_id"),
    [
        ("{not json", "line 2 is not valid JSON", None),
        ('["a", "b"]', "line 2 is a JSON array", None),
        ('"just a string"', "line 2 is a JSON string", None),
        (json.dumps({"text": AIRSTRIKE}), 'line 2 has no "id"', None),
        (json.dumps({"id": True, "text": AIRSTRIKE}), '"id" must be a string or a number', None),
        (json.dumps({"id": "b", "title": "x"}), "line 2 (id 'b') has no \"text\"", "b"),
        (json.dumps({"id": "b", "text": 42}), '"text" must be a string, not number', "b"),
        (json.dumps({"id": "b", "text": ["x"]}), '"text" must be a string, not array', "b"),
        (json.dumps({"id": "b", "text": CLASH, "published": "10/01/2024"}), "expected YYYY-MM-DD", "b"),
        (json.dumps({"id": "b", "text": CLASH, "published": "2024-02-30"}), "not a real date", "b"),
        (json.dumps({"id": "b", "text": CLASH, "published": 20240110}), '"published" must be', "b"),
    ],
)
def test_read_jsonl_malformed_line_fails_alone(
    line: str, fragment: str, document_id: str | None, write, read_all
):
    path = write("archive.jsonl", jsonl({"id": "a", "text": AIRSTRIKE}, line, {"id": "c", "text": ENGLISH}))
    documents, failures = read_all([path])
    assert [d.id for d in documents] == ["a", "c"]
    (failure,) = failures
    assert isinstance(failure.error, MalformedRecordError)
    assert failure.where == f"{path}:2"
    assert fragment in failure.error.message
    assert failure.document_id == document_id


@pytest.mark.parametrize("text", ["", "   \n\t  "])
def test_read_jsonl_empty_text_fails_with_its_id(text: str, write, read_all) -> None:
    path = write("archive.jsonl", jsonl({"id": "x", "text": text}, {"id": "y", "text": CLASH}))
    documents, failures = read_all([path])
    assert [d.id for d in documents] == ["y"]
    assert [(f.error.code, f.document_id, f.where) for f in failures] == [("E101", "x", f"{path}:1")]


def test_read_jsonl_blank_lines_are_skipped_but_counted(write, read_all) -> None:
    path = write("archive.jsonl", "\n" + jsonl({"id": "a", "text": CLASH}) + "\n  \n" + jsonl("{oops"))
    documents, failures = read_all([path])
    assert documents[0].origin == f"{path}:2"
    assert failures[0].where == f"{path}:5"


def test_read_jsonl_with_utf8_bom_and_crlf(write, read_all) -> None:
    data = codecs.BOM_UTF8 + jsonl({"id": "a", "text": CLASH}, {"id": "b", "text": ENGLISH}).replace(
        "\n", "\r\n"
    ).encode("utf-8")
    documents, failures = read_all([write("archive.jsonl", data)])
    assert failures == []
    assert [d.id for d in documents] == ["a", "b"]


def test_read_jsonl_utf16_with_bom(write, read_all) -> None:
    path = write("wide.jsonl", jsonl({"id": "a", "text": AIRSTRIKE}, "{bad"), encoding="utf-16")
    documents, failures = read_all([path])
    assert [(d.id, d.text) for d in documents] == [("a", AIRSTRIKE)]
    assert failures[0].where == f"{path}:2"


@pytest.mark.parametrize("content", ["", "\n\n   \n"])
def test_read_jsonl_empty_archive_fails(content: str, write, read_all) -> None:
    documents, failures = read_all([write("empty.jsonl", content)])
    assert documents == []
    assert [f.error.code for f in failures] == ["E101"]


def test_read_jsonl_binary_archive_fails_once(write, read_all) -> None:
    data = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20
    documents, failures = read_all([write("image.jsonl", data), write("ok.txt", CLASH)])
    assert [f.error.code for f in failures] == ["E102"]
    assert [d.id for d in documents] == ["ok.txt"]


def test_read_jsonl_language_and_published_arguments_override_lines(write, read_all) -> None:
    path = write(
        "archive.jsonl", jsonl({"id": "a", "text": ENGLISH, "language": "en", "published": "2020-01-01"})
    )
    documents, _ = read_all([path], language="ar", published="2024-05-06T10:00:00Z")
    assert (documents[0].language, documents[0].published) == ("ar", "2024-05-06")


def test_read_jsonl_larger_than_max_bytes_is_streamed(write, read_all) -> None:
    rows = [{"id": f"d{i}", "text": f"{CLASH} ({i})"} for i in range(200)]
    path = write("big.jsonl", jsonl(*rows))
    assert path.stat().st_size > 4096
    documents, failures = read_all([path], max_bytes=4096)
    assert failures == []
    assert len(documents) == 200


def test_read_jsonl_only_an_overlong_line_fails(write, read_all) -> None:
    long_text = CLASH * 200
    path = write(
        "archive.jsonl",
        jsonl({"id": "a", "text": CLASH}, {"id": "long", "text": long_text}, {"id": "c", "text": ENGLISH}),
    )
    documents, failures = read_all([path], max_bytes=2000)
    assert [d.id for d in documents] == ["a", "c"]
    (failure,) = failures
    assert failure.error.code == "E103"
    assert failure.where == f"{path}:2"
    assert "--max-bytes" in failure.error.message
    assert "line 2" in failure.error.message


class CountingReader(io.BufferedReader):
    """A file that remembers how many bytes were asked of it."""

    consumed = 0

    def readline(self, size: int | None = -1) -> bytes:
        line = super().readline(size)
        CountingReader.consumed += len(line)
        return line

    def read(self, size: int | None = -1) -> bytes:
        data = super().read(size)
        CountingReader.consumed += len(data)
        return data


def test_read_jsonl_30000_lines_streaming(write, monkeypatch: pytest.MonkeyPatch) -> None:
    lines = [json.dumps({"id": f"n{i}", "text": f"{CLASH} {i}"}, ensure_ascii=False) for i in range(30_000)]
    path = write("many.jsonl", "\n".join(lines) + "\n")
    size = path.stat().st_size
    CountingReader.consumed = 0
    monkeypatch.setattr(sources, "_open_file", lambda p: CountingReader(io.FileIO(p, "rb")))
    iterator = iter_documents([str(path)], max_bytes=1 << 20)
    first = next(iterator)
    assert isinstance(first, Document) and first.id == "n0"
    assert CountingReader.consumed < size // 100  # one line read, not the whole archive
    rest = list(iterator)
    assert len(rest) == 29_999
    assert all(isinstance(item, Document) for item in rest)
    assert CountingReader.consumed == size


def test_read_json_file_single_object_and_array(write, read_all) -> None:
    single = write("one.json", json.dumps({"id": "s", "text": CLASH}, indent=2))
    many = write(
        "many.json", json.dumps([{"id": "m1", "text": ENGLISH}, {"id": "m2"}, {"id": "m3", "text": CLASH}])
    )
    documents, failures = read_all([single, many])
    assert [d.id for d in documents] == ["s", "m1", "m3"]
    assert documents[0].origin == str(single)
    assert [(f.where, f.document_id) for f in failures] == [(f"{many}[1]", "m2")]


def test_read_json_file_holding_json_lines(write, read_all) -> None:
    path = write("lines.json", jsonl({"id": "a", "text": CLASH}, {"id": "b", "text": ENGLISH}))
    documents, failures = read_all([path])
    assert failures == []
    assert [d.origin for d in documents] == [f"{path}:1", f"{path}:2"]


def test_read_json_file_invalid_fails_once(write, read_all) -> None:
    documents, failures = read_all([write("broken.json", '{\n  "id": "a",\n  "text": \n}')])
    assert documents == []
    assert len(failures) == 1
    assert "not valid JSON" in failures[0].error.message


def test_iter_archive_reads_lazily() -> None:
    class Exploding(io.BytesIO):
        lines = 0

        def readline(self, size: int | None = -1) -> bytes:
            Exploding.lines += 1
            if Exploding.lines > 2:
                raise AssertionError("read past the first record")
            return super().readline(size)

    stream = Exploding(jsonl({"id": "a", "text": CLASH}, {"id": "b", "text": CLASH}).encode())
    first = next(iter_archive(stream, origin="s.jsonl", max_bytes=1000))
    assert getattr(first, "id", None) == "a"


def test_record_from_object_converts_numeric_ids() -> None:
    record = record_from_object({"id": 3.5, "text": "x"}, label="line 1", where="a:1")
    assert record.id == "3.5"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-01-31", "2024-01-31"),
        (" 2024-01-31 ", "2024-01-31"),
        ("2024-01-31T23:59:59", "2024-01-31"),
        ("2024-01-31T23:59:59Z", "2024-01-31"),
        ("2024-01-31T23:59:59.123+03:00", "2024-01-31"),
        ("2024-01-31 08:15", "2024-01-31"),
    ],
)
def test_parse_published_accepts_dates_and_datetimes(value: str, expected: str) -> None:
    assert parse_published(value) == expected


@pytest.mark.parametrize(
    "value", ["31/01/2024", "2024-1-31", "20240131", "2024-W05-3", "2024-13-01", "yesterday", ""]
)
def test_parse_published_rejects_other_forms(value: str) -> None:
    with pytest.raises(ValueError):
        parse_published(value)


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))
def test_parse_published_date_round_trip(day: date) -> None:
    assert parse_published(day.isoformat()) == day.isoformat()


@given(
    st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2100, 12, 31)),
    st.integers(min_value=-12, max_value=14),
)
def test_parse_published_datetime_keeps_the_written_date(moment: datetime, offset: int) -> None:
    aware = moment.replace(tzinfo=timezone(timedelta(hours=offset)))
    assert parse_published(aware.isoformat()) == moment.date().isoformat()
