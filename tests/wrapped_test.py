"""What a narrow terminal shows of a long message or path (report.wrapped): the lines
textwrap gives, also for the texts it takes a short cut on (a line that fits)."""

from __future__ import annotations

import random
import textwrap

from antragscheck.report import wrapped


def _textwrap(text: str, width: int, indent: int, hanging: int | None) -> str:
    return textwrap.fill(
        text,
        width=max(width, indent + 20),
        initial_indent=" " * indent,
        subsequent_indent=" " * (indent if hanging is None else hanging),
        break_on_hyphens=False,
    )


def test_a_line_that_fits_is_shown_as_textwrap_shows_it() -> None:
    assert wrapped("ablage/amt/antrag.docx", 80, 4) == "    ablage/amt/antrag.docx"
    assert wrapped("a  b", 80, 2) == "  a  b"  # inner spaces kept
    assert wrapped("a\tb", 80, 2) == "  a       b"  # a tab expanded
    assert wrapped("pfad ", 80, 2) == "  pfad"  # trailing space dropped
    assert wrapped("", 80, 2) == ""
    assert wrapped("x" * 76, 80, 4) == " " * 4 + "x" * 76  # just fits
    assert wrapped("x" * 77, 80, 4) == " " * 4 + "x" * 76 + "\n" + " " * 4 + "x"  # broken


def test_any_text_is_wrapped_as_textwrap_wraps_it() -> None:
    chars = "ab -\t\n\x0b\x0c\r\x1c\x85\xa0\u2028\u3000é/.x"
    rnd = random.Random(14)
    for _ in range(20000):
        text = "".join(rnd.choice(chars) for _ in range(rnd.randint(0, 30)))
        width, indent, hanging = rnd.randint(0, 40), rnd.randint(0, 6), rnd.choice([None, 0, 4])
        assert wrapped(text, width, indent, hanging) == _textwrap(text, width, indent, hanging)
