"""Requests written from one template share their styles, numbering and relationships
parts; the reader parses such parts once per process.  Each file must still read as
its own, whatever the files before it were."""

from __future__ import annotations

import io
import zipfile
import zlib
from pathlib import Path

import pytest

from antragscheck.docxwrite import STYLES_DE, docx_parts, heading, para, run, write_package
from antragscheck.read import UnreadableDocument, read_blocks, read_document
from tests.conftest import MakeDocx

HIDDEN = "<w:rPr><w:vanish/></w:rPr>"
STRUCK = "<w:rPr><w:strike/></w:rPr>"  # as long as HIDDEN: the same size of styles.xml
FREE = b"@@@@@@@@@@"  # bytes `with_crc` may change


def with_crc(data: bytes, crc: int) -> bytes:
    """`data` with the letters at FREE chosen so that its CRC-32 is `crc` (the CRC is
    linear in the bits: solve for 40 free bits over GF(2))."""
    start = data.index(FREE)
    base = bytearray(data)
    base[start : start + len(FREE)] = b"`" * len(FREE)  # 0x60: 4 free low bits each
    base_crc = zlib.crc32(base)
    pivots: dict[int, tuple[int, int]] = {}  # highest bit → (CRC change, bits flipped)
    for index in range(4 * len(FREE)):
        flipped = bytearray(base)
        flipped[start + index // 4] ^= 1 << (index % 4)
        change, bits = zlib.crc32(flipped) ^ base_crc, 1 << index
        while change:
            top = change.bit_length() - 1
            if top not in pivots:
                pivots[top] = (change, bits)
                break
            change, bits = change ^ pivots[top][0], bits ^ pivots[top][1]
    wanted, chosen = crc ^ base_crc, 0
    while wanted:
        change, bits = pivots[wanted.bit_length() - 1]
        wanted, chosen = wanted ^ change, chosen ^ bits
    for index in range(4 * len(FREE)):
        if chosen >> index & 1:
            base[start + index // 4] ^= 1 << (index % 4)
    return bytes(base)


def styles(character: str) -> bytes:
    """The German template's styles with the character style "Ausgeblendet" set to
    `character`, and a comment holding FREE."""
    assert STYLES_DE.count(HIDDEN) == 1
    text = STYLES_DE.replace(HIDDEN, character)
    return text.replace("</w:styles>", "<!--@@@@@@@@@@--></w:styles>").encode("utf-8")


BODY = heading("Anlass") + para("sichtbar", run(" versteckt?", style="Ausgeblendet"))


def package(path: Path, body: str, styles_xml: bytes, **options: object) -> Path:
    parts = docx_parts(body, **options)  # type: ignore[arg-type]
    parts["word/styles.xml"] = styles_xml
    return write_package(path, parts)


def test_styles_with_the_same_crc_and_size_but_other_bytes_are_not_confused(
    tmp_path: Path,
) -> None:
    hiding = styles(HIDDEN).replace(FREE, b"`" * len(FREE))
    striking = with_crc(styles(STRUCK), zlib.crc32(hiding))
    assert len(striking) == len(hiding) and zlib.crc32(striking) == zlib.crc32(hiding)
    assert striking != hiding
    hides = package(tmp_path / "versteckt.docx", BODY, hiding)
    shows = package(tmp_path / "durchgestrichen.docx", BODY, striking)
    with zipfile.ZipFile(hides) as a, zipfile.ZipFile(shows) as b:
        assert a.getinfo("word/styles.xml").CRC == b.getinfo("word/styles.xml").CRC
    for _ in range(2):
        assert [b.text for b in read_blocks(hides)] == ["Anlass", "sichtbar"]
        assert [b.text for b in read_blocks(shows)] == ["Anlass", "sichtbar versteckt?"]


def test_files_of_one_template_each_read_their_own_text_numbers_and_comments(
    make_docx: MakeDocx,
) -> None:
    first = make_docx(
        heading("Antrag") + heading("Bedarf") + para("Text A"), comments=["Bitte prüfen"]
    )
    second = make_docx(heading("Bedarf") + para("Text B"))
    for _ in range(2):
        one, two = read_document(first), read_document(second)
        assert [(b.list_label, b.text) for b in one.blocks] == [
            ("1", "Antrag"),
            ("2", "Bedarf"),
            (None, "Text A"),
        ]
        assert one.comments == ["Bitte prüfen"]
        assert [(b.list_label, b.text) for b in two.blocks] == [("1", "Bedarf"), (None, "Text B")]
        assert two.comments == []


def test_the_same_styles_stored_unpacked_or_packed_read_alike(tmp_path: Path) -> None:
    parts = docx_parts(BODY)
    stored = tmp_path / "ungepackt.docx"
    with zipfile.ZipFile(stored, "w", zipfile.ZIP_STORED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    packed = write_package(tmp_path / "gepackt.docx", parts)
    for path in (packed, stored, packed):
        assert [b.text for b in read_blocks(path)] == ["Anlass", "sichtbar"]


def test_a_bad_checksum_is_reported_even_when_the_same_bytes_were_read_before(
    tmp_path: Path,
) -> None:
    good = package(tmp_path / "gut.docx", BODY, styles(HIDDEN))
    assert [b.text for b in read_blocks(good)] == ["Anlass", "sichtbar"]
    data = bytearray(good.read_bytes())
    with zipfile.ZipFile(good) as archive:
        crc = archive.getinfo("word/styles.xml").CRC.to_bytes(4, "little")
    assert data.count(crc) == 2  # in the local header and in the central directory
    bad = tmp_path / "pruefsumme.docx"
    bad.write_bytes(data.replace(crc, (int.from_bytes(crc, "little") ^ 1).to_bytes(4, "little")))
    with pytest.raises(UnreadableDocument) as caught:
        read_blocks(bad)
    assert caught.value.cause == "corrupt-zip"
    assert "word/styles.xml" in caught.value.message


def test_the_same_relationships_resolve_against_each_files_own_folder(tmp_path: Path) -> None:
    standard = package(tmp_path / "word.docx", BODY, styles(HIDDEN))
    parts = docx_parts(BODY)
    moved = {
        "_rels/.rels": parts["_rels/.rels"].replace(b"word/document.xml", b"inhalt/document.xml"),
        "inhalt/_rels/document.xml.rels": parts["word/_rels/document.xml.rels"],  # same bytes
        "inhalt/document.xml": parts["word/document.xml"],
        "inhalt/styles.xml": styles(STRUCK),
        "inhalt/numbering.xml": parts["word/numbering.xml"],
        "word/styles.xml": styles(HIDDEN),  # a stray copy the relationships do not name
    }
    del parts["word/document.xml"], parts["word/_rels/document.xml.rels"]
    other = write_package(tmp_path / "inhalt.docx", {**parts, **moved})
    for _ in range(2):
        assert [b.text for b in read_blocks(standard)] == ["Anlass", "sichtbar"]
        assert [b.text for b in read_blocks(other)] == ["Anlass", "sichtbar versteckt?"]


def _damage(data: bytearray, part: str, how: str) -> None:
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info = archive.getinfo(part)
    local = info.header_offset
    if how == "kennwort":  # the encryption flag, in both headers
        central = bytes(data).index(b"PK\x01\x02")
        while bytes(data[central + 46 : central + 46 + len(part)]) != part.encode():
            central = bytes(data).index(b"PK\x01\x02", central + 4)
        data[central + 8] |= 1
        data[local + 6] |= 1
    elif how == "name":  # the entry's own header names another part
        data[local + 30] ^= 0x20
    elif how == "signatur":
        data[local + 2] = 0x09
    elif how == "daten":  # the packed stream itself
        start = local + 30 + len(part) + len(info.extra)
        data[start + 1 : start + 4] = bytes(b ^ 0xFF for b in data[start + 1 : start + 4])


@pytest.mark.parametrize("how", ["kennwort", "name", "signatur", "daten"])
@pytest.mark.parametrize("part", ["word/document.xml", "word/styles.xml", "_rels/.rels"])
def test_a_damaged_entry_is_reported_as_before_even_after_a_good_copy(
    tmp_path: Path, part: str, how: str
) -> None:
    good = package(tmp_path / "gut.docx", BODY, styles(HIDDEN))
    assert [b.text for b in read_blocks(good)] == ["Anlass", "sichtbar"]
    data = bytearray(good.read_bytes())
    _damage(data, part, how)
    bad = tmp_path / "beschaedigt.docx"
    bad.write_bytes(bytes(data))
    with pytest.raises(UnreadableDocument) as caught:
        read_blocks(bad)
    assert caught.value.cause == "corrupt-zip"
    assert f"der Teil {part} lässt sich nicht entpacken" in caught.value.message


def test_the_parsed_parts_kept_stay_bounded(tmp_path: Path) -> None:
    from antragscheck.read import _styles

    eighth = _styles.total // 8  # the largest part kept: at most 8 of them fit
    padding = {0: b"", 1: b"x" * (eighth - 4000), 2: b"x" * (eighth - 4000), 3: b"x" * eighth}
    for index in range(_styles.entries + 8):
        marked = styles(HIDDEN).replace(FREE, f"{index:010d}".encode())
        marked = marked.replace(b"<!--", b"<!--" + padding[index % 4])
        path = package(tmp_path / f"antrag{index}.docx", BODY, marked)
        assert [b.text for b in read_blocks(path)] == ["Anlass", "sichtbar"]
        assert len(_styles.kept) <= _styles.entries
        assert _styles.held <= _styles.total
        assert all(len(key[-1]) <= _styles.total // 8 for key in _styles.kept)  # type: ignore[arg-type]
