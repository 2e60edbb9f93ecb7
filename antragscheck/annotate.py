"""Findings where clerks work: a copy of the request with one Word comment per finding.

Each comment is anchored at the heading of the section it is about (at the title for a
missing section or a finding about the whole document), written by "antragscheck", and
says the severity, the message and the rule.  Comments an earlier run of antragscheck
left are replaced, so annotating an annotated copy does not pile them up.

The copy is written with python-docx (its comments API is what Word reads back); the
original is only ever read, and the copy is written to a temporary file and renamed.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from antragscheck.atomic import replacing
from antragscheck.models import Finding
from antragscheck.read.body import BodyWalker
from antragscheck.read.numbering import Numbering
from antragscheck.read.styles import WN, Styles
from antragscheck.report import SEVERITY_LABELS, Legend

AUTHOR = "antragscheck"
INITIALS = "AC"

# Content types python-docx does not open by itself, though they hold the same document
# part: macro documents and templates.
_OTHER_MAIN_TYPES = (
    "application/vnd.ms-word.document.macroEnabled.main+xml",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
)


class AnnotateError(Exception):
    """The copy cannot be written; the message is German and names what to do."""


def default_target(source: Path) -> Path:
    """antrag.docx → antrag.geprüft.docx, beside it."""
    return source.with_name(f"{source.stem}.geprüft{source.suffix}")


def _open(source: Path) -> Any:
    import docx
    from docx.opc.constants import CONTENT_TYPE as CT
    from docx.opc.part import PartFactory
    from docx.package import Package
    from docx.parts.document import DocumentPart

    for content_type in _OTHER_MAIN_TYPES:
        PartFactory.part_type_for.setdefault(content_type, DocumentPart)
    try:
        part = Package.open(str(source)).main_document_part
    except Exception as error:  # python-docx raises many kinds on odd packages
        raise AnnotateError(
            f"{source} kann nicht kommentiert werden ({type(error).__name__}). Bitte in Word "
            "öffnen, als .docx speichern und erneut versuchen."
        ) from None
    if part.content_type not in (CT.WML_DOCUMENT_MAIN, *_OTHER_MAIN_TYPES):
        raise AnnotateError(f"{source} ist kein Word-Dokument, das kommentiert werden kann.")
    assert isinstance(part.document, docx.document.Document)
    return part.document


def _remove_earlier(document: Any) -> int:
    """Delete the comments an earlier antragscheck run added, with their anchors."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    try:
        comments_part = document.part.part_related_by(RT.COMMENTS)
    except KeyError:
        return 0
    ours = [
        c
        for c in comments_part.element.iterchildren(WN + "comment")
        if c.get(WN + "author") == AUTHOR
    ]
    ids = {c.get(WN + "id") for c in ours}
    for comment in ours:
        comments_part.element.remove(comment)
    body = document.part.element
    for tag in ("commentRangeStart", "commentRangeEnd", "commentReference"):
        for marker in list(body.iter(WN + tag)):
            if marker.get(WN + "id") in ids:
                parent = marker.getparent()
                if tag == "commentReference" and parent.tag == WN + "r" and len(parent) <= 2:
                    parent.getparent().remove(parent)  # the run holds only the reference
                else:
                    parent.remove(marker)
    return len(ours)


def _paragraphs(document: Any) -> tuple[list[Any], int]:
    """The body's w:p elements, numbered as the reader numbers them, and the number of
    the first paragraph with visible text (the title)."""
    styles = Styles(document.styles.element)  # hidden text is judged as the reader does
    walker = BodyWalker(styles, Numbering(None, styles))
    collected: list[Any] = []
    walker.on_paragraph = collected.append
    blocks = walker.blocks(document.element.body)
    title = next((b.location.paragraph for b in blocks if b.text.strip()), 1)
    for _ in blocks:  # number the rest
        pass
    return collected, title


def _anchor_runs(document: Any, p: Any) -> list[Any]:
    from docx.text.paragraph import Paragraph

    paragraph = Paragraph(p, document)
    runs = paragraph.runs
    return runs if runs else [paragraph.add_run("")]


def comment_text(finding: Finding, legend: Legend, type_id: str | None) -> str:
    """What the clerk reads in Word: severity, section and message, then why the rule
    exists in plain words; the rule's name last, for asking the budget office."""
    section = legend.section(type_id, finding.section)
    lines = [f"{SEVERITY_LABELS[finding.severity]} ({section}): {finding.message}"]
    rule = next((r for r in legend.rules if r.id == finding.rule), None)
    if rule is not None and rule.explanation.strip():
        lines.append(f"Warum: {' '.join(rule.explanation.split())}")
    lines.append(f"(Regel {finding.name}, {finding.rule})")
    return "\n".join(lines)


def annotate(
    source: Path,
    target: Path,
    findings: Sequence[Finding],
    legend: Legend,
    type_id: str | None,
    *,
    force: bool = False,
) -> int:
    """Write `target`, a copy of `source` with one comment per finding; the number of
    comments written."""
    if target.resolve() == source.resolve():
        raise AnnotateError("Die Kopie darf nicht das Original überschreiben; bitte -o angeben.")
    if target.exists() and not force:
        raise FileExistsError(target)  # before the work, not only when saving
    document = _open(source)
    _remove_earlier(document)
    paragraphs, title = _paragraphs(document)
    written = 0
    for finding in findings:
        if finding.suppressed is not None:
            continue
        number = finding.location.paragraph if finding.location else title
        if not paragraphs:
            break
        p = paragraphs[min(max(number, 1), len(paragraphs)) - 1]
        document.add_comment(
            _anchor_runs(document, p),
            text=comment_text(finding, legend, type_id),
            author=AUTHOR,
            initials=INITIALS,
        )
        written += 1
    with replacing(target, force=force) as tmp:
        document.save(str(tmp))
    return written
