"""Stage 1, read: a DOCX file → ordered visible text `Block`s.

Knows nothing of staffing requests.  Raises `UnreadableDocument` for anything that is
not a readable Word document.
"""

from __future__ import annotations

from pathlib import Path

from antragscheck.models import Block, Document
from antragscheck.read.body import BodyWalker
from antragscheck.read.deadline import NO_DEADLINE, Deadline
from antragscheck.read.numbering import Definitions, Numbering
from antragscheck.read.package import (
    NO_MAIN_PART,
    Package,
    UnreadableDocument,
    open_package,
    parse_xml,
)
from antragscheck.read.styles import WN, Styles

__all__ = [
    "Deadline",
    "UnreadableDocument",
    "is_lock_file",
    "read_blocks",
    "read_document",
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
_REL_COMMENTS = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments",
    "http://purl.oclc.org/ooxml/officeDocument/relationships/comments",
)
_REL_CUSTOM_PROPERTIES = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties",
    "http://purl.oclc.org/ooxml/officeDocument/relationships/customProperties",
)


def is_lock_file(path: Path) -> bool:
    """Word's owner files ("~$antrag.docx") are not documents."""
    return path.name.startswith("~$")


def read_blocks(path: Path, deadline: Deadline = NO_DEADLINE) -> list[Block]:
    """Read the visible paragraphs of the Word document at `path`, in order."""
    return read_document(path, deadline).blocks


def read_document(path: Path, deadline: Deadline = NO_DEADLINE) -> Document:
    """Read the body's blocks, the comments and the custom document properties."""
    with open_package(path) as package:
        blocks = read_package_blocks(package, deadline)
        return Document(
            blocks=blocks,
            comments=_comments(package),
            properties=_custom_properties(package),
        )


def _optional_part(package: Package, rel_types: tuple[str, ...], default: str | None) -> str | None:
    part = package.related(package.main_part, rel_types)
    if part is not None and package.has(part):
        return part
    return default if default and package.has(default) else None


def _comments(package: Package) -> list[str]:
    part = _optional_part(package, _REL_COMMENTS, None)
    if part is None:
        return []
    root = package.xml(part)
    return [
        " ".join(
            "".join(t.text or "" for t in p.iter(WN + "t")) for p in comment.iter(WN + "p")
        ).strip()
        for comment in root.iter(WN + "comment")
    ]


def _custom_properties(package: Package) -> dict[str, str]:
    part = package.related("", _REL_CUSTOM_PROPERTIES)
    if part is None or not package.has(part):
        return {}
    properties: dict[str, str] = {}
    for prop in package.xml(part):
        name = prop.get("name")
        if name:
            properties[name] = "".join(prop.itertext()).strip()
    return properties


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
    styles, definitions = _templates.get(
        package.read(styles_part) if styles_part else b"",
        package.read(numbering_part) if numbering_part else b"",
    )
    return list(BodyWalker(styles, Numbering(definitions, styles), deadline).blocks(body))


class _TemplateCache:
    """Parsed styles and numbering definitions by their bytes: requests written from the
    same Word template (the usual case in a city) parse them once per process."""

    def __init__(self, size: int = 16) -> None:
        self.size = size
        self.entries: dict[tuple[bytes, bytes], tuple[Styles, Definitions]] = {}

    def get(self, styles_xml: bytes, numbering_xml: bytes) -> tuple[Styles, Definitions]:
        key = (styles_xml, numbering_xml)
        hit = self.entries.get(key)
        if hit is None:
            styles = Styles(parse_xml(styles_xml, "styles.xml") if styles_xml else None)
            numbering = parse_xml(numbering_xml, "numbering.xml") if numbering_xml else None
            hit = (styles, Definitions(numbering))
            if len(self.entries) >= self.size:
                self.entries.pop(next(iter(self.entries)))
            self.entries[key] = hit
        return hit


_templates = _TemplateCache()
