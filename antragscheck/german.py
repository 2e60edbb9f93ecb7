"""German for numbers in what users read: "1 Befund", "2 Befunde", "0,4 s"."""

from __future__ import annotations

from decimal import Decimal


def count(n: int, one: str, many: str) -> str:
    """ "1 Kommentar", "3 Kommentare", "0 Kommentare"."""
    return f"{n} {one if n == 1 else many}"


def number(value: float | Decimal, digits: int = 1) -> str:
    """A decimal number with a German decimal comma: number(0.4) == "0,4"."""
    return f"{value:.{digits}f}".replace(".", ",")


def seconds(value: float) -> str:
    """ "1 Sekunde", "0,5 Sekunden", "60 Sekunden"."""
    text = f"{value:g}".replace(".", ",")
    return f"{text} {'Sekunde' if value == 1 else 'Sekunden'}"


# The German words for --fail-on / fail-on and severities, as a clerk would write them.
LEVELS = {"fehler": "error", "warnung": "warning", "hinweis": "info", "nie": "never"}
