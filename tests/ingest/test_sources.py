"""Tests for rasid.ingest.sources: files, folders, globs, stdin and bad input."""

from __future__ import annotations

import codecs
import io
import json
import os
from pathlib import Path

import pytest

import rasid.ingest.sources as sources
from rasid.errors import (
    BinaryInputError,
    EmptyInputError,
    InputTooLargeError,
    RasidError,
    SourceNotFoundError,
    UnreadableInputError,
)
from rasid.ingest import DEFAULT_MAX_BYTES, IngestFailure, iter_documents
from rasid.ingest.fetch import Fetcher
from rasid.records import Document

SHELLING = "قصفت مدفعية النظام أطراف بلدة كفرنبل جنوبي إدلب صباح الأحد وأصيب مدنيان."
ARREST = "اعتقلت دورية أمنية شابين من أهالي مدينة درعا عند حاجز على الطريق الدولي."
PROTEST = "خرج العشرات في مظاهرة بمدينة السويداء للمطالبة بالإفراج عن المعتقلين."
ENGLISH = "Two civilians were wounded when a shell hit the market in Ariha on Tuesday."


def test_read_text_file(write, read_all) -> None:
    path = write("report.txt", f"  {SHELLING}\r\n\r\n{ARREST}\n\n")
    documents, failures = read_all([path])
    assert failures == []
    (document,) = documents
    assert document.id == "report.txt"
    assert document.origin == str(path)
    assert document.text == f"{SHELLING}\n\n{ARREST}"
    assert document.language == "ar"
    assert document.published is None


def test_read_text_file_english_and_markdown(write, read_all) -> None:
    documents, _ = read_all([write("a.md", f"# Update\n\n{ENGLISH}")])
    assert documents[0].language == "en"


def test_read_text_file_removes_plugin_notice(write, read_all) -> None:
    notices = "هذا المقال متوفر أيضا باللغة: English\nThis post is also available in: العربية"
    text = f"{SHELLING}\n{notices}\n{ARREST}"
    documents, _ = read_all([write("a.txt", text)])
    assert documents[0].text == f"{SHELLING}\n{ARREST}"


@pytest.mark.parametrize("language", ["ar", "en", "AR"])
def test_read_language_argument_overrides_detection(language: str, write, read_all) -> None:
    documents, _ = read_all([write("a.txt", ENGLISH)], language=language)
    assert documents[0].language == language.lower()


def test_read_language_auto_means_detect(write, read_all) -> None:
    documents, _ = read_all([write("a.txt", ENGLISH)], language="auto")
    assert documents[0].language == "en"


@pytest.mark.parametrize(
    ("published", "expected"), [("2024-02-29", "2024-02-29"), ("2024-02-29T22:10:00+03:00", "2024-02-29")]
)
def test_read_published_argument(published: str, expected: str, write, read_all) -> None:
    documents, _ = read_all([write("a.txt", SHELLING)], published=published)
    assert documents[0].published == expected


def test_read_bad_published_argument_raises() -> None:
    with pytest.raises(RasidError, match="--published"):
        iter_documents(["-"], published="29/02/2024")


def test_read_unknown_input_format_raises() -> None:
    with pytest.raises(ValueError, match="input format"):
        iter_documents(["-"], input_format="pdf")


def test_read_sources_must_be_a_sequence() -> None:
    with pytest.raises(TypeError, match="sequence"):
        iter_documents("report.txt")


def test_read_archive_read_error_part_way_keeps_earlier_documents(write, read_all, monkeypatch) -> None:
    lines = "".join(json.dumps({"id": f"r{i}", "text": SHELLING}) + "\n" for i in range(3))
    path = write("a.jsonl", lines)

    class FailingReader(io.BytesIO):
        def readline(self, size: int | None = -1) -> bytes:
            if self.tell() > 0:
                raise OSError(5, "Input/output error")
            return super().readline(size)

    monkeypatch.setattr(sources, "_open_file", lambda name: FailingReader(Path(name).read_bytes()))
    documents, failures = read_all([path])
    assert [d.id for d in documents] == ["r0"]
    assert isinstance(failures[0].error, UnreadableInputError)
    assert "Input/output error" in failures[0].error.message


@pytest.mark.parametrize("codec", ["windows-1256", "iso-8859-6", "utf-16", "utf-8-sig", "utf-16-le"])
def test_read_text_file_in_legacy_and_wide_encodings(codec: str, write, read_all) -> None:
    path = write("legacy.txt", f"{SHELLING}\n{ARREST}\n", encoding=codec)
    documents, failures = read_all([path])
    assert failures == []
    assert documents[0].text == f"{SHELLING}\n{ARREST}"


def test_read_folder_recursive_sorted_filtered(write, read_all, tmp_path: Path) -> None:
    write("in/b.txt", SHELLING)
    write("in/a.md", ARREST)
    write("in/sub/c.html", f"<html><body><article><p>{PROTEST}</p><p>{SHELLING}</p></article></body></html>")
    write("in/sub/d.jsonl", json.dumps({"id": "line-1", "text": ENGLISH}) + "\n")
    write("in/sub/e.json", json.dumps({"id": "json-1", "text": ARREST}))
    write("in/.hidden.txt", PROTEST)
    write("in/.git/config.txt", PROTEST)
    write("in/photo.png", b"\x89PNG\r\n\x1a\n\x00\x00")
    write("in/table.csv", "a,b\n1,2\n")
    documents, failures = read_all([tmp_path / "in"])
    assert failures == []
    assert [d.id for d in documents] == ["a.md", "b.txt", "c.html", "line-1", "json-1"]
    assert documents[3].origin == str(tmp_path / "in" / "sub" / "d.jsonl") + ":1"


def test_read_glob_pattern(write, read_all, tmp_path: Path) -> None:
    write("data/2024/01/x.txt", SHELLING)
    write("data/2024/02/y.txt", ARREST)
    write("data/2024/02/z.md", PROTEST)
    write("data/top.txt", ENGLISH)
    documents, failures = read_all([f"{tmp_path}/data/**/*.txt"])
    assert failures == []
    assert [d.id for d in documents] == ["x.txt", "y.txt", "top.txt"]


def test_read_glob_without_matches_fails(read_all, tmp_path: Path) -> None:
    documents, failures = read_all([f"{tmp_path}/nothing/*.txt"])
    assert documents == []
    assert isinstance(failures[0].error, SourceNotFoundError)
    assert "pattern" in failures[0].error.message


def test_read_missing_path_fails_and_batch_goes_on(write, read_all, tmp_path: Path) -> None:
    good = write("good.txt", SHELLING)
    missing = tmp_path / "missing.txt"
    documents, failures = read_all([missing, good])
    assert [d.id for d in documents] == ["good.txt"]
    assert isinstance(failures[0].error, SourceNotFoundError)
    assert failures[0].where == str(missing)
    assert failures[0].error.code == "E106"


@pytest.mark.parametrize(
    "url", ["https://example.org/news/1", "http://example.org/a.html", "HTTPS://EXAMPLE.ORG"]
)
def test_read_url_goes_to_the_fetcher_and_its_address_policy(url: str, read_all) -> None:
    # The stubbed resolver answers a private address: refused before any packet is sent.
    fetcher = Fetcher(resolver=lambda host, port: ["10.20.30.40"])
    documents, failures = read_all([url], fetcher=fetcher)
    assert documents == []
    assert failures[0].where == url
    assert failures[0].error.code == "E107"
    assert "example.org resolves to 10.20.30.40, which is a private address" in failures[0].error.message


def test_read_stdin_text(read_all) -> None:
    documents, failures = read_all(["-"], stdin=f"\n{SHELLING}\n".encode())
    assert failures == []
    assert (documents[0].id, documents[0].origin, documents[0].text) == ("stdin", "<stdin>", SHELLING)


def test_read_stdin_jsonl_detected(read_all) -> None:
    data = (
        "\n"
        + json.dumps({"id": "s1", "text": SHELLING})
        + "\n{broken\n"
        + json.dumps({"id": 2, "text": ARREST})
    )
    documents, failures = read_all(["-"], stdin=data.encode())
    assert [(d.id, d.origin) for d in documents] == [("s1", "<stdin>:2"), ("2", "<stdin>:4")]
    assert failures[0].where == "<stdin>:3"


def test_read_stdin_jsonl_utf16(read_all) -> None:
    data = (json.dumps({"id": "w", "text": PROTEST}, ensure_ascii=False) + "\n").encode("utf-16")
    documents, failures = read_all(["-"], stdin=data)
    assert failures == []
    assert [(d.id, d.text) for d in documents] == [("w", PROTEST)]


def test_read_stdin_html_detected(read_all) -> None:
    article = f"<article><p>{SHELLING}</p><p>{ARREST}</p></article>"
    page = f"<html><body><nav>القائمة الرئيسية</nav>{article}</body></html>"
    documents, _ = read_all(["-"], stdin=page.encode())
    assert SHELLING in documents[0].text
    assert "القائمة الرئيسية" not in documents[0].text


def test_read_stdin_forced_text_keeps_braces(read_all) -> None:
    documents, _ = read_all(["-"], stdin=b'{"id": "x"} is not an archive here', input_format="text")
    assert documents[0].text.startswith("{")


@pytest.mark.parametrize("data", [b"", b"  \n\t\n"])
def test_read_stdin_empty_fails(data: bytes, read_all) -> None:
    documents, failures = read_all(["-"], stdin=data)
    assert documents == []
    assert isinstance(failures[0].error, EmptyInputError)
    assert failures[0].where == "<stdin>"


def test_read_stdin_too_large(read_all) -> None:
    documents, failures = read_all(["-"], stdin=(ENGLISH * 100).encode(), max_bytes=1000)
    assert documents == []
    assert isinstance(failures[0].error, InputTooLargeError)


def test_read_duplicate_file_names_get_unique_ids(write, read_all, tmp_path: Path) -> None:
    write("in/2023/report.txt", SHELLING)
    write("in/2024/report.txt", ARREST)
    single = write("other/report.txt", PROTEST)
    documents, failures = read_all([tmp_path / "in", single])
    assert failures == []
    ids = [d.id for d in documents]
    assert ids == ["report.txt", "2024/report.txt", str(single)]


def test_read_same_file_twice_reads_it_once(write, read_all, tmp_path: Path) -> None:
    path = write("in/a.txt", SHELLING)
    documents, _ = read_all([path, tmp_path / "in", f"{tmp_path}/in/*.txt"])
    assert [d.id for d in documents] == ["a.txt"]


@pytest.mark.parametrize("content", ["", "   \n\r\n\t ", "\ufeff"])
def test_read_empty_file_fails_and_batch_goes_on(content: str, write, read_all) -> None:
    empty = write("a.txt", content)
    good = write("b.txt", SHELLING)
    documents, failures = read_all([empty, good])
    assert [d.id for d in documents] == ["b.txt"]
    (failure,) = failures
    assert isinstance(failure.error, EmptyInputError)
    assert (failure.where, failure.document_id) == (str(empty), "a.txt")


def test_read_binary_file_fails_and_batch_goes_on(write, read_all) -> None:
    blob = write("blob.txt", bytes(range(256)) * 8)
    good = write("good.txt", SHELLING)
    documents, failures = read_all([blob, good])
    assert [d.id for d in documents] == ["good.txt"]
    assert isinstance(failures[0].error, BinaryInputError)
    assert failures[0].error.code == "E102"


def test_read_too_large_file_checked_before_reading(write, read_all, tmp_path: Path, monkeypatch) -> None:
    big = tmp_path / "big.txt"
    with open(big, "wb") as handle:
        handle.truncate(20 * 1024 * 1024)  # 20 MiB, sparse: cheap to make
    good = write("next.txt", ARREST)
    opened: list[str] = []
    real_open = sources._open_file

    def tracking_open(path: str):
        opened.append(os.path.basename(path))
        return real_open(path)

    monkeypatch.setattr(sources, "_open_file", tracking_open)
    documents, failures = read_all([big, good])
    assert [d.id for d in documents] == ["next.txt"]
    (failure,) = failures
    assert isinstance(failure.error, InputTooLargeError)
    message = failure.error.message
    assert "20.0 MiB (20971520 bytes)" in message
    assert f"({DEFAULT_MAX_BYTES} bytes)" in message
    assert "--max-bytes" in message
    assert opened == ["next.txt"]


def test_read_max_bytes_argument_raises_the_limit(write, read_all) -> None:
    path = write("a.txt", SHELLING * 50)
    _, failures = read_all([path], max_bytes=1000)
    assert [f.error.code for f in failures] == ["E103"]
    documents, failures = read_all([path], max_bytes=100_000)
    assert failures == [] and len(documents) == 1


def test_read_folder_with_broken_symlink_reads_the_rest(write, read_all, tmp_path: Path) -> None:
    write("in/a.txt", SHELLING)
    write("in/c.txt", ARREST)
    (tmp_path / "in" / "b.txt").symlink_to(tmp_path / "gone.txt")
    documents, failures = read_all([tmp_path / "in"])
    assert [d.id for d in documents] == ["a.txt", "c.txt"]
    (failure,) = failures
    assert isinstance(failure.error, UnreadableInputError)
    assert "broken symbolic link" in failure.error.message
    assert failure.where == str(tmp_path / "in" / "b.txt")


def test_read_folder_with_unreadable_file_reads_the_rest(write, read_all, tmp_path, monkeypatch) -> None:
    write("in/a.txt", SHELLING)
    locked = write("in/b.txt", PROTEST)
    write("in/c.txt", ARREST)
    locked.chmod(0)  # does not stop root: the helper below makes the denial real
    real_open = sources._open_file

    def denying_open(path: str):
        if os.path.basename(path) == "b.txt":
            raise PermissionError(13, "Permission denied", path)
        return real_open(path)

    monkeypatch.setattr(sources, "_open_file", denying_open)
    documents, failures = read_all([tmp_path / "in"])
    assert [d.id for d in documents] == ["a.txt", "c.txt"]
    (failure,) = failures
    assert isinstance(failure.error, UnreadableInputError)
    assert failure.error.message == "permission denied"
    assert failure.error.code == "E104"


def test_read_file_that_vanished(write, read_all, monkeypatch) -> None:
    path = write("a.txt", SHELLING)

    def vanishing_open(name: str):
        raise FileNotFoundError(2, "No such file or directory", name)

    monkeypatch.setattr(sources, "_open_file", vanishing_open)
    _, failures = read_all([path])
    assert isinstance(failures[0].error, UnreadableInputError)
    assert "disappeared" in failures[0].error.message


def test_read_folder_skips_named_pipes(write, read_all, tmp_path: Path) -> None:
    write("in/a.txt", SHELLING)
    os.mkfifo(tmp_path / "in" / "pipe.txt")
    documents, failures = read_all([tmp_path / "in"])
    assert failures == []
    assert [d.id for d in documents] == ["a.txt"]


def test_read_symlink_loop_terminates(write, read_all, tmp_path: Path) -> None:
    write("in/a.txt", SHELLING)
    (tmp_path / "in" / "loop").symlink_to(tmp_path / "in", target_is_directory=True)
    documents, failures = read_all([tmp_path / "in"])
    assert failures == []
    assert [d.id for d in documents] == ["a.txt"]


def test_read_explicit_file_with_other_extension(write, read_all) -> None:
    documents, _ = read_all([write("notes.log", ENGLISH)])
    assert documents[0].id == "notes.log"


def test_read_input_format_jsonl_for_any_extension(write, read_all) -> None:
    path = write("export.txt", json.dumps({"id": "e1", "text": ARREST}) + "\n")
    documents, _ = read_all([path], input_format="jsonl")
    assert [d.id for d in documents] == ["e1"]


def test_read_mixed_sources_in_order(write, read_all, tmp_path: Path) -> None:
    first = write("1.txt", SHELLING)
    archive = write("2.jsonl", json.dumps({"id": "j", "text": ARREST}) + "\n")
    items = list(
        iter_documents(
            [str(first), "https://x.org/", str(archive), "-"], stdin=io.BytesIO(codecs.BOM_UTF8 + b"  ")
        )
    )
    kinds = [type(item).__name__ for item in items]
    assert kinds == ["Document", "IngestFailure", "Document", "IngestFailure"]
    last = items[-1]
    assert isinstance(last, IngestFailure) and isinstance(last.error, EmptyInputError)
    assert isinstance(items[2], Document) and items[2].id == "j"
