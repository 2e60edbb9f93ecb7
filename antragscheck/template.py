"""A blank request built from a document type: `antragscheck vorlage`.

The title with the Stellenplan year, every declared section as a heading in Word's
heading styles with real list numbering (the numbers are not typed), and in each section
that takes text a content control whose placeholder says what belongs there (the
section's description in rules/).  The controls are tagged with the section key, so
filling them in can be automated too.
"""

from __future__ import annotations

from pathlib import Path

from antragscheck.doctypes import DocumentType
from antragscheck.docxwrite import heading, para, sdt_block, write_docx


def template_body(doc_type: DocumentType, year: int) -> str:
    parents = {s.parent for s in doc_type.sections if s.parent}
    parts = [para(f"{doc_type.name} {year}", style="Titel")]
    for section in doc_type.sections:
        level = min(section.number.count(".") + 1, 3)
        parts.append(heading(section.title, level))
        if section.key in parents:
            continue  # a parent heading: its text lives in the subsections
        hint = section.description or f"Bitte „{section.title}“ ausfüllen."
        parts.append(
            sdt_block(placeholder_text=hint, tag=section.key, alias=section.title, doc_part=False)
        )
    return "".join(parts)


def write_template(doc_type: DocumentType, year: int, target: Path, *, force: bool = False) -> Path:
    """Write the blank request atomically; an existing file only with `force`."""
    return write_docx(
        target, template_body(doc_type, year), overwrite=force, title=f"{doc_type.name} {year}"
    )
