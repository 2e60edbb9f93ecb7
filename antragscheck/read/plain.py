"""Plain text as a document: one line, one paragraph.

Used for the rules' own examples and for text extracted by other tools (the seed
request is such a text).  Numbers typed into a line ("3.1<TAB>Anlass") are found by the
structure stage exactly as in a Word file.  Two line prefixes stand for what plain text
cannot hold: "[Kommentar] …" is a Word comment, "[Eigenschaft] Name: Wert" a custom
document property, "[Platzhalter] …" a content control still showing its placeholder.
"""

from __future__ import annotations

from antragscheck.models import Block, Document, Location

COMMENT = "[Kommentar]"
PROPERTY = "[Eigenschaft]"
PLACEHOLDER = "[Platzhalter]"


def blocks_from_text(text: str) -> list[Block]:
    return document_from_text(text).blocks


def document_from_text(text: str) -> Document:
    blocks: list[Block] = []
    comments: list[str] = []
    properties: dict[str, str] = {}
    for number, line in enumerate(text.split("\n"), start=1):
        line = line.rstrip("\r")
        if line.startswith(COMMENT):
            comments.append(line[len(COMMENT) :].strip())
        elif line.startswith(PROPERTY):
            name, _, value = line[len(PROPERTY) :].partition(":")
            properties[name.strip()] = value.strip()
        elif line.startswith(PLACEHOLDER):
            shown = line[len(PLACEHOLDER) :].strip()
            blocks.append(Block(text="", placeholder=shown, location=Location(paragraph=number)))
        else:
            blocks.append(Block(text=line, location=Location(paragraph=number)))
    return Document(blocks=blocks, comments=comments, properties=properties)
