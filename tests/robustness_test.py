"""Bad and strange files: one clear German message each, no traceback, nothing touched."""

from __future__ import annotations

import io
import time
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from antragscheck.cli import main
from antragscheck.docxwrite import MAIN_DOCM, MAIN_DOTX, docx_parts, para, write_package
from antragscheck.models import FileResult
from antragscheck.pipeline import check_path
from antragscheck.read import UnreadableDocument, package, read_blocks
from antragscheck.rules import RuleSet, load_rules
from tests.conftest import SAMPLES
from tests.helpers import complete_body

GOOD = SAMPLES / "stellenschaffung_smart_city_2022.docx"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504


def zip_bytes(parts: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def good_parts() -> dict[str, bytes]:
    return docx_parts(complete_body())


def bad_crc() -> bytes:
    data = bytearray(zip_bytes(good_parts(), zipfile.ZIP_STORED))
    start = bytes(data).index(b"<w:body>")
    data[start + 3] ^= 0x20  # the CRC stored in the zip no longer matches
    return bytes(data)


def truncated() -> bytes:
    data = GOOD.read_bytes()
    return data[: len(data) // 2]


BAD_FILES = {
    "leer.docx": (b"", "leer"),
    "text.docx": (b"Nur Text, kein Dokument.", "kein Word-Dokument"),
    "scan.docx": (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "PDF"),
    "bild.docx": (b"\x89PNG\r\n\x1a\n" + b"\x00" * 50, "Bild"),
    "alt.docx": (OLE, "im Format .docx speichern"),
    "kennwort.docx": (OLE + "EncryptionInfo".encode("utf-16-le"), "Kennwortschutz entfernen"),
    "abgeschnitten.docx": (truncated(), "beschädigt"),
    "pruefsumme.docx": (bad_crc(), "beschädigt"),
    "ohne_hauptteil.docx": (zip_bytes({"readme.txt": b"hallo"}), "kein Word-Hauptdokument"),
    "tabelle.docx": (
        zip_bytes({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"}),
        "kein Word-Hauptdokument",
    ),
    "libreoffice.docx": (
        zip_bytes({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"}),
        "OpenDocument",
    ),
    "kaputtes_xml.docx": (
        zip_bytes({**good_parts(), "word/document.xml": b"<w:document><w:body><w:p>"}),
        "kein gültiges XML",
    ),
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_bad_file_gets_one_german_message_and_exit_1(tmp_path: Path, name: str) -> None:
    data, phrase = BAD_FILES[name]
    bad = tmp_path / name
    bad.write_bytes(data)
    result = CliRunner().invoke(main, ["--format", "json", str(bad), str(GOOD)])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    import json

    report = json.loads(result.output)
    first, second = report["files"]
    assert [f["name"] for f in first["findings"]] == ["unreadable-document"]
    assert phrase in first["findings"][0]["message"]
    assert second["document_type"] == "stellenschaffung"  # the other file is still checked
    assert bad.read_bytes() == data


@pytest.mark.parametrize(
    ("name", "content_type"),
    [("antrag.docm", MAIN_DOCM), ("vorlage.dotx", MAIN_DOTX), ("vorlage.dotm", MAIN_DOTX)],
)
def test_macro_documents_and_templates_are_read(
    tmp_path: Path, ruleset: RuleSet, name: str, content_type: str
) -> None:
    path = write_package(
        tmp_path / name, docx_parts(complete_body(), main_content_type=content_type)
    )
    result = check_path(path, ruleset)
    assert result.document_type == "stellenschaffung"
    assert [f.severity.value for f in result.findings] == []


def test_main_part_at_another_path_is_found_through_the_relationships(
    tmp_path: Path, ruleset: RuleSet
) -> None:
    parts = good_parts()
    parts["word/haupt.xml"] = parts.pop("word/document.xml")
    parts["word/_rels/haupt.xml.rels"] = parts.pop("word/_rels/document.xml.rels")
    parts["_rels/.rels"] = parts["_rels/.rels"].replace(b"word/document.xml", b"word/haupt.xml")
    path = write_package(tmp_path / "anders.docx", parts)
    assert check_path(path, ruleset).findings == []


def test_relationships_to_missing_media_do_not_matter(tmp_path: Path, ruleset: RuleSet) -> None:
    parts = good_parts()
    parts["word/_rels/document.xml.rels"] = parts["word/_rels/document.xml.rels"].replace(
        b"</Relationships>",
        b'<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'relationships/image" Target="media/image1.png"/></Relationships>',
    )
    path = write_package(tmp_path / "ohne_bild.docx", parts)
    assert check_path(path, ruleset).findings == []


def test_zip_bomb_is_refused_by_declared_size(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(package, "MAX_PART_BYTES", 1024 * 1024)
    parts = good_parts()
    parts["word/document.xml"] = parts["word/document.xml"] + b" " * (2 * 1024 * 1024)
    path = write_package(tmp_path / "bombe.docx", parts)
    assert path.stat().st_size < 100_000
    with pytest.raises(UnreadableDocument) as error:
        read_blocks(path)
    assert error.value.cause == "too-large" and "Zip-Bombe" in error.value.message


def test_entities_are_never_expanded_nor_fetched(tmp_path: Path) -> None:
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY a "hahahahahahahahahaha">'
        + b"".join(
            f'<!ENTITY a{i} "{("&a" + str(i - 1) + ";") * 10}">'.encode() for i in range(1, 10)
        ).replace(b"&a0;", b"&a;")
        + b'<!ENTITY ext SYSTEM "file:///etc/passwd">]>'
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        b"<w:body><w:p><w:r><w:t>&a9;&ext;</w:t></w:r></w:p></w:body></w:document>"
    )
    path = write_package(tmp_path / "lachen.docx", {**good_parts(), "word/document.xml": laughs})
    start = time.perf_counter()
    with pytest.raises(UnreadableDocument) as error:
        read_blocks(path)
    assert time.perf_counter() - start < 5
    # libxml2 refuses the amplification itself, or our check refuses the entities.
    assert error.value.cause in {"xml-entities", "corrupt-xml"}
    assert "root:" not in error.value.message


def test_an_external_entity_alone_is_refused_not_fetched(tmp_path: Path) -> None:
    xml = (
        b'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY ext SYSTEM "file:///etc/passwd">]>'
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        b"<w:body><w:p><w:r><w:t>vorher &ext; nachher</w:t></w:r></w:p></w:body></w:document>"
    )
    path = write_package(tmp_path / "extern.docx", {**good_parts(), "word/document.xml": xml})
    with pytest.raises(UnreadableDocument) as error:
        read_blocks(path)
    assert error.value.cause == "xml-entities"


def test_deep_nesting_does_not_hang_or_overflow(tmp_path: Path) -> None:
    depth = 100_000
    body = "<w:sdt><w:sdtContent>" * depth + para("tief") + "</w:sdtContent></w:sdt>" * depth
    parts = docx_parts(body)
    path = write_package(tmp_path / "tief.docx", parts)
    start = time.perf_counter()
    with pytest.raises(UnreadableDocument):
        read_blocks(path)
    assert time.perf_counter() - start < 10


def test_the_time_limit_turns_a_slow_file_into_a_finding(ruleset: RuleSet) -> None:
    result = check_path(GOOD, ruleset, seconds=1e-9)
    (finding,) = result.findings
    assert finding.name == "unreadable-document" and "länger als" in finding.message


# -- random damage --------------------------------------------------------------------

_VALID = zip_bytes(good_parts())
_RULES = load_rules()  # module-level: hypothesis would print a fixture's value on failure


def _assert_documented(result: FileResult) -> None:
    if result.document_type is None:
        assert [f.name for f in result.findings] == ["unreadable-document"]


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(cut=st.integers(min_value=0, max_value=len(_VALID)))
def test_truncation_anywhere(tmp_path: Path, cut: int) -> None:
    path = tmp_path / "kaputt.docx"
    path.write_bytes(_VALID[:cut])
    _assert_documented(check_path(path, _RULES))


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(flips=st.lists(st.tuples(st.integers(0, len(_VALID) - 1), st.integers(1, 255)), max_size=8))
def test_flipped_bytes(tmp_path: Path, flips: list[tuple[int, int]]) -> None:
    data = bytearray(_VALID)
    for offset, mask in flips:
        data[offset] ^= mask
    path = tmp_path / "kaputt.docx"
    path.write_bytes(bytes(data))
    _assert_documented(check_path(path, _RULES))


_PART_NAMES = sorted(good_parts())


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    drop=st.sets(st.sampled_from(_PART_NAMES), max_size=3),
    rename=st.dictionaries(st.sampled_from(_PART_NAMES), st.sampled_from(["x.xml", "word/y.xml"])),
    mangle=st.tuples(st.integers(0, 10_000), st.text(alphabet="<>&;\"'/=w:p ", max_size=12)),
)
def test_dropped_renamed_and_mangled_parts(
    tmp_path: Path,
    drop: set[str],
    rename: dict[str, str],
    mangle: tuple[int, str],
) -> None:
    parts = {n: d for n, d in good_parts().items() if n not in drop}
    parts = {rename.get(n, n): d for n, d in parts.items()}
    if "word/document.xml" in parts:
        at, junk = mangle
        xml = parts["word/document.xml"]
        at %= len(xml)
        parts["word/document.xml"] = xml[:at] + junk.encode() + xml[at:]
    path = tmp_path / "kaputt.docx"
    path.write_bytes(zip_bytes(parts))
    _assert_documented(check_path(path, _RULES))
