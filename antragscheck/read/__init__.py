"""Stage 1, read: a DOCX file → ordered visible text `Block`s.

Knows nothing of staffing requests.  Raises `UnreadableDocument` for anything that is
not a readable Word document.
"""

from __future__ import annotations

from pathlib import Path

from antragscheck.models import Block
from antragscheck.read.body import BodyWalker
from antragscheck.read.deadline import NO_DEADLINE, Deadline
from antragscheck.read.numbering import Numbering
from antragscheck.read.package import (
    NO_MAIN_PART,
    Package,
    UnreadableDocument,
    open_package,
)
from antragscheck.read.styles import WN, Styles

__all__ = [
    "Deadline",
    "UnreadableDocument",
    "is_lock_file",
    "read_blocks",
    "read_package_blocks",
]

_REL_STYLES = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles",
    "http://purl.oclc.org/ooxml/officeDocument/relationships/styles",
)
_REL_NUMBERING = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering",
    "http://purl.oclc.org/ooxml/officeDocument/relationships/numbering",
)


def is_lock_file(path: Path) -> bool:
    """Word's owner files ("~$antrag.docx") are not documents."""
    return path.name.startswith("~$")


def read_blocks(path: Path, deadline: Deadline = NO_DEADLINE) -> list[Block]:
    """Read the visible paragraphs of the Word document at `path`, in order."""
    with open_package(path) as package:
        return read_package_blocks(package, deadline)


def _optional_part(package: Package, rel_types: tuple[str, ...], default: str) -> str | None:
    part = package.related(package.main_part, rel_types)
    if part is not None and package.has(part):
        return part
    return default if package.has(default) else None


def read_package_blocks(package: Package, deadline: Deadline = NO_DEADLINE) -> list[Block]:
    document = package.xml(package.main_part)
    deadline.check()
    if document.tag != WN + "document":
        raise UnreadableDocument("no-main-part", NO_MAIN_PART)
    body = document.find(WN + "body")
    if body is None:
        raise UnreadableDocument(
            "no-body",
            "Das Word-Dokument enthält keinen Textkörper. Bitte in Word öffnen und neu speichern.",
        )
    folder = package.main_part.rpartition("/")[0]
    styles_part = _optional_part(package, _REL_STYLES, f"{folder}/styles.xml")
    numbering_part = _optional_part(package, _REL_NUMBERING, f"{folder}/numbering.xml")
    styles = Styles(package.xml(styles_part) if styles_part else None)
    numbering = Numbering(package.xml(numbering_part) if numbering_part else None, styles)
    return list(BodyWalker(styles, numbering, deadline).blocks(body))
