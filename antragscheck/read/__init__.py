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
    PartCache,
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
    # Both parts are read before either is parsed (a damaged numbering part is reported
    # before a damaged styles part, as it always was).
    fetched_styles = _styles.fetch(package, styles_part) if styles_part else None
    fetched_numbering = _numbering.fetch(package, numbering_part) if numbering_part else None
    styles = _styles.get(fetched_styles) if fetched_styles else _NO_STYLES
    definitions = _numbering.get(fetched_numbering) if fetched_numbering else _NO_NUMBERING
    return BodyWalker(styles, Numbering(definitions, styles), deadline).blocks(body)


# Parsed styles and numbering definitions by their bytes: requests written from the
# same Word template (the usual case in a city) parse them once per process.  Neither
# changes once read (Styles only remembers what it looked up).
# (Messages name the parts "styles.xml" and "numbering.xml", wherever they are; an
# empty part counts as none.)
_styles = PartCache(lambda data, _, __: Styles(parse_xml(data, "styles.xml") if data else None))
_numbering = PartCache(
    lambda data, _, __: Definitions(parse_xml(data, "numbering.xml") if data else None)
)
_NO_STYLES = Styles(None)
_NO_NUMBERING = Definitions(None)
