"""What a narrow terminal shows of a long message or path (report.wrapped): the lines
textwrap gives, also for the texts it takes a short cut on (a line that fits); and
the audit's stacked lists and tables as rich would print them (report.audit.print_plain,
print_table)."""

from __future__ import annotations

import io
import random
import textwrap

from rich.console import Console
from rich.text import Text

from antragscheck.report import wrapped
from antragscheck.report.audit import Cell, _plain_table, print_plain, print_table


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


def test_words_between_single_spaces_are_filled_as_textwrap_fills_them() -> None:
    """The messages of the narrow summary: words, some as long as a line."""
    rnd = random.Random(15)
    for _ in range(5000):
        longest = rnd.choice([8, 24])
        words = ["".join(rnd.choice("ab-é/.x\xa0") for _ in range(rnd.randint(1, longest)))
                 for _ in range(rnd.randint(1, 12))]  # fmt: skip
        text = " ".join(words)
        width, indent, hanging = rnd.randint(0, 50), rnd.randint(0, 6), rnd.choice([None, 0, 8])
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


def _table(
    rows: list[list[Cell]], columns: list[tuple[str, str, str | None]], header: bool, width: int
) -> tuple[str, str]:
    """(written at once, printed by rich): a console that records goes through rich."""
    printed = []
    for record in (False, True):
        out = io.StringIO()
        console = Console(file=out, width=width, highlight=False, emoji=False, record=record)
        print_table(console, "Titel: Übersicht", columns, rows, show_header=header)
        printed.append(out.getvalue())
    return printed[0], printed[1]


def test_the_summary_tables_read_as_rich_would_print_them() -> None:
    """The audit's tables are written at once when not on a terminal: the same lines
    rich prints, whatever the cells hold (wide, combining and invisible characters,
    markup, blanks, too wide for the terminal)."""
    columns = [("Einheit", "left", "bold"), ("Anzahl", "right", None)]
    assert _table([["Amt", ("3", "green")]], columns, True, 80)[0] == (
        "Titel: Übersicht    \n"
        "┏━━━━━━━━━┳━━━━━━━━┓\n"
        "┃ Einheit ┃ Anzahl ┃\n"
        "┡━━━━━━━━━╇━━━━━━━━┩\n"
        "│ Amt     │      3 │\n"
        "└─────────┴────────┘\n"
    )
    words = ["Amt", "für", "Ümwelt", "漢字", "e\u0301", "[red]x[/red]", "a\\", "\U0001f604",
             ":smile:", "x" * 30, "2,5", "(S101)"]  # fmt: skip
    odd = ["", " ", "  ", "\xad", "\u200b", "\u3000", "\u2028", "\n", "\t", "\x1b"]
    rnd = random.Random(15)
    written = 0
    for _ in range(1500):
        count = rnd.randint(1, 4)
        columns = [
            (rnd.choice(["", "Regel", "Stellen (Summe)"]), rnd.choice(["left", "right"]), None)
            for _ in range(count)
        ]
        rows: list[list[Cell]] = [
            [
                " ".join(
                    rnd.choice(odd if rnd.random() < 0.05 else words)
                    for _ in range(rnd.randint(0, 3))
                )
                if rnd.random() < 0.8
                else (str(rnd.randint(0, 999)), "bold red")
                for _ in range(count)
            ]
            for _ in range(rnd.randint(1, 4))
        ]
        header, width = rnd.random() < 0.7, rnd.randint(10, 100)
        plain, rich = _table(rows, columns, header, width)
        assert plain == rich, (rows, columns, header, width)
        texts = [[c if isinstance(c, str) else c[0] for c in row] for row in rows]
        console = Console(file=io.StringIO(), width=width)
        written += _plain_table(console, "Titel: Übersicht", columns, texts, header) is not None
    assert written > 300  # the cases rich is not left to
