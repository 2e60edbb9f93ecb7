"""A small Word file is read whole and its zip directory read by our own code; anything
not plainly the way Word writes a zip goes to zipfile.  Either way every file must read
exactly as zipfile reads it: the same parts, the same text, the same messages."""

from __future__ import annotations

import io
import random
import struct
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from antragscheck.docxwrite import docx_parts, heading, para, write_package
from antragscheck.read import UnreadableDocument, read_blocks
from antragscheck.read.package import _central_directory, _entry, open_package
from tests.conftest import CORPUS, SAMPLES, needs_corpus

GOOD = (SAMPLES / "stellenschaffung_smart_city_2022.docx").read_bytes()
BODY = heading("Anlass") + para("Der Gemeinderat hat am 25. März 2021 beschlossen.")


def zipfile_listing(data: bytes) -> list[object] | None:
    """The entries zipfile lists for `data`, None where it cannot read the directory."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return [_entry(info) for info in archive.infolist()]
    except (zipfile.BadZipFile, NotImplementedError, ValueError, struct.error, EOFError):
        return None


def assert_read_as_zipfile_reads(data: bytes) -> None:
    ours = _central_directory(data)
    if ours is not None:
        assert ours == zipfile_listing(data)


def test_a_word_file_is_read_from_memory_with_zipfiles_entries(tmp_path: Path) -> None:
    path = tmp_path / "antrag.docx"
    path.write_bytes(GOOD)
    with open_package(path) as package:
        assert package.data == GOOD and package.handle is None
        assert package.listing == zipfile_listing(GOOD)


@settings(max_examples=150, deadline=None)
@given(
    flips=st.lists(st.tuples(st.integers(1, 400), st.integers(1, 255)), min_size=1, max_size=4),
    cut=st.integers(0, 60),
)
def test_a_damaged_directory_is_read_as_zipfile_reads_it_or_left_to_it(
    flips: list[tuple[int, int]], cut: int
) -> None:
    # The flips hit the end of the file: the central directory and its end record.
    data = bytearray(GOOD)
    for back, mask in flips:
        data[-back] ^= mask
    assert_read_as_zipfile_reads(bytes(data))
    assert_read_as_zipfile_reads(bytes(data[: len(data) - cut]))
    assert_read_as_zipfile_reads(GOOD[: len(GOOD) - cut])


def rezipped(
    names: dict[str, str] | None = None,
    extra: dict[str, bytes] | None = None,
    twice: str | None = None,
) -> bytes:
    """The sample written again by zipfile, with entries renamed, extra fields set, and
    the part `twice` written a second time with other text."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(GOOD)) as source, zipfile.ZipFile(buffer, "w") as target:
        for info in source.infolist():
            content = source.read(info)
            out = zipfile.ZipInfo((names or {}).get(info.filename, info.filename))
            out.compress_type = zipfile.ZIP_DEFLATED
            out.extra = (extra or {}).get(info.filename, b"")
            target.writestr(out, content)
            if info.filename == twice:
                second = content.replace(b"<w:body>", b"<w:body>" + para("Zweite Fassung").encode())
                with pytest.warns(UserWarning, match="Duplicate name"):
                    target.writestr(out, second)
    return buffer.getvalue()


def zip64_sizes(part: str) -> bytes:
    """The sample with `part`'s sizes in the central directory given as 0xFFFFFFFF and
    the real ones in a Zip64 extra field, where zipfile takes them from."""
    plain = rezipped()
    with zipfile.ZipFile(io.BytesIO(plain)) as archive:
        info = archive.getinfo(part)
    extra = struct.pack("<HHQQ", 1, 16, info.file_size, info.compress_size)
    data = bytearray(rezipped(extra={part: extra}))
    name = data.rindex(part.encode())  # in the central directory, after the local header
    entry = data.rindex(b"PK\x01\x02", 0, name)
    assert name == entry + 46
    data[entry + 20 : entry + 28] = b"\xff" * 8
    return bytes(data)


TIMESTAMP = struct.pack("<HHB4s", 0x5455, 5, 1, b"\0\0\0\0")
ZIP64 = struct.pack("<HHQ", 1, 8, 0)

ODD_ZIPS = {
    # archive comment: zipfile looks for the directory's end before the comment
    "kommentar": lambda: GOOD[:-2] + struct.pack("<H", 6) + b"Archiv",
    "davor": lambda: b"PK-Vorspann " * 8 + GOOD,  # data before the archive
    "dahinter": lambda: GOOD + b"\0" * 10,
    "zeitstempel": lambda: rezipped(extra={"word/document.xml": TIMESTAMP}),
    "zip64-feld": lambda: rezipped(extra={"word/styles.xml": ZIP64}),
    "zip64-groessen": lambda: zip64_sizes("word/document.xml"),
    "kaputtes-feld": lambda: rezipped(extra={"word/styles.xml": TIMESTAMP[:-2]}),
    "nul-im-namen": lambda: rezipped(names={"word/document.xml": "word/document.xml\0.exe"}),
    "umlaut-im-namen": lambda: rezipped(names={"docProps/app.xml": "docProps/Änderung.xml"}),
    "doppelt": lambda: rezipped(twice="word/document.xml"),
}


@pytest.mark.parametrize("name", sorted(ODD_ZIPS))
def test_odd_zips_read_the_same_as_through_zipfile(tmp_path: Path, name: str) -> None:
    data = ODD_ZIPS[name]()
    assert_read_as_zipfile_reads(data)
    path = tmp_path / f"{name}.docx"
    path.write_bytes(data)
    if zipfile_listing(data) is None:  # a broken extra field: zipfile refuses the zip
        with pytest.raises(UnreadableDocument) as caught:
            read_blocks(path)
        assert caught.value.cause == "corrupt-zip"
        return
    texts = [b.text for b in read_blocks(path)]
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        document = archive.read("word/document.xml").decode("utf-8")
    assert texts and all(t.split("\t")[0][:20] in document for t in texts if t.strip())
    if name == "doppelt":  # zipfile reads the later of two entries with one name
        assert texts[0] == "Zweite Fassung"


def test_a_backslash_in_a_name_is_left_to_zipfile(tmp_path: Path) -> None:
    parts = docx_parts(BODY)
    parts["word\\extra.xml"] = b"<x/>"
    path = write_package(tmp_path / "schraeg.docx", parts)
    data = path.read_bytes()
    assert _central_directory(data) is None  # zipfile turns it into "/" on Windows only
    assert [b.text for b in read_blocks(path)][-1].startswith("Der Gemeinderat")


@needs_corpus
def test_every_corpus_zip_is_read_as_zipfile_reads_it() -> None:
    files = sorted(CORPUS.rglob("*.docx"))
    ours = 0
    for path in files:
        data = path.read_bytes()
        assert_read_as_zipfile_reads(data)
        ours += _central_directory(data) is not None
    assert ours > 0.9 * len(files)  # Word's own zips are all read by us


@pytest.mark.parametrize("size", [1000, 1024 * 1024 + 1000])
def test_small_and_large_files_read_alike_and_report_damage_alike(
    tmp_path: Path, size: int
) -> None:
    # Above 1 MiB the file is read through zipfile from disk, part by part.
    parts = docx_parts(BODY)
    parts["word/media/bild.bin"] = random.Random(1).randbytes(size)  # does not pack
    path = write_package(tmp_path / "antrag.docx", parts)
    with open_package(path) as package:
        assert (package.data is None) == (size > 1024 * 1024)
    assert [b.text for b in read_blocks(path)] == [
        "Anlass",
        "Der Gemeinderat hat am 25. März 2021 beschlossen.",
    ]
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("word/document.xml")
    data[info.header_offset + 30 + len("word/document.xml") + 5] ^= 0xFF  # the packed text
    path.write_bytes(bytes(data))
    with pytest.raises(UnreadableDocument) as caught:
        read_blocks(path)
    assert caught.value.cause == "corrupt-zip"
    assert "der Teil word/document.xml lässt sich nicht entpacken" in caught.value.message
