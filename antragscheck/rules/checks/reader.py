"""The reader's check type: the file can be read as a Word document."""

from __future__ import annotations

from typing import ClassVar, Literal

from antragscheck.rules.checks.base import CheckType, Stage
from antragscheck.spec import record


@record
class DocumentReadable(CheckType):
    """The file can be read as a Word document.  The reader reports this finding, once
    per unreadable file, with `{text}`: the reader's explanation of the cause and what to
    do.  On a request that was read it never fires."""

    type: Literal["document-readable"]
    stage: ClassVar[Stage] = "reader"
    description: ClassVar[str] = (
        "Die Datei lässt sich als Word-Dokument lesen. Den Befund meldet das Lesen selbst, "
        "einmal je unlesbarer Datei; `{text}` nennt die Ursache und was zu tun ist. Der "
        "Schweregrad lässt sich einstellen, abschalten lässt sich die Regel nicht."
    )
    message_fields: ClassVar[frozenset[str]] = frozenset({"text"})
    example: ClassVar[str] = """\
id: D100
name: unreadable-document
severity: error
summary: Die Datei kann nicht als Word-Dokument gelesen werden.
check: {type: document-readable}
message: "{text}"
"""
