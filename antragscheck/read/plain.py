"""Plain text as blocks: one line, one paragraph.

Used for the rules' own examples and for text extracted by other tools (the seed
request is such a text).  Numbers typed into a line ("3.1<TAB>Anlass") are found by the
structure stage exactly as in a Word file.
"""

from __future__ import annotations

from antragscheck.models import Block, Location


def blocks_from_text(text: str) -> list[Block]:
    return [
        Block(text=line.rstrip("\r"), location=Location(paragraph=number))
        for number, line in enumerate(text.split("\n"), start=1)
    ]
