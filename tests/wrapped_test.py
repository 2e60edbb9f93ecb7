"""What a narrow terminal shows of a long message or path (report.wrapped): the lines
textwrap gives, also for the texts it takes a short cut on (a line that fits); and
the audit's stacked lists as rich would print them (report.audit.print_plain)."""

from __future__ import annotations

import io
import random
import textwrap

from rich.console import Console
from rich.text import Text

from antragscheck.report import wrapped
from antragscheck.report.audit import print_plain


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


def _printed(text: str, width: int, plain: bool) -> str:
    out = io.StringIO()
    console = Console(file=out, width=width, highlight=False)
    if plain:
        print_plain(console, text)
    else:
        console.print(Text(text), soft_wrap=True)
    return out.getvalue()


def test_the_narrow_summary_lists_read_as_rich_would_print_them() -> None:
    """The audit's stacked lists are written at once when not on a terminal: the same
    characters rich prints for them, whatever the text (control codes, tabs, wide
    characters, lines longer than the terminal, blank lines)."""
    assert _printed("  a\n    b", 80, True) == "  a\n    b\n"
    chars = "ab -\t\n\x07\x08\x0b\x0c\r\x1b\x85\xa0\u3000漢é/.x"
    rnd = random.Random(14)
    for _ in range(3000):
        text = "".join(rnd.choice(chars) for _ in range(rnd.randint(0, 120)))
        width = rnd.randint(20, 120)
        assert _printed(text, width, True) == _printed(text, width, False), repr(text)
