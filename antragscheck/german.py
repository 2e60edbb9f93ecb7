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


# pydantic's error types, as a clerk or a budget office reads them.
_VALIDATION = {
    "missing": "fehlt",
    "missing_argument": "fehlt",  # the same two for dataclasses (spec.py)
    "extra_forbidden": "unbekannter Schlüssel",
    "unexpected_keyword_argument": "unbekannter Schlüssel",
    "string_type": "muss Text sein",
    "int_type": "muss eine ganze Zahl sein",
    "int_parsing": "muss eine ganze Zahl sein",
    "float_type": "muss eine Zahl sein",
    "float_parsing": "muss eine Zahl sein",
    "bool_type": "muss true oder false sein",
    "bool_parsing": "muss true oder false sein",
    "list_type": 'muss eine Liste sein, z. B. ["a", "b"]',
    "dict_type": "muss eine Tabelle sein (Schlüssel = Wert)",
    "model_type": "muss eine Tabelle sein (Schlüssel = Wert)",
    "dataclass_type": "muss eine Tabelle sein (Schlüssel = Wert)",
    "dataclass_args_type": "muss eine Tabelle sein (Schlüssel = Wert)",
    "string_pattern_mismatch": "hat nicht die erwartete Form",
    "string_too_short": "ist zu kurz",
    "too_short": "hat zu wenige Einträge",
    "too_long": "hat zu viele Einträge",
    "greater_than": "ist zu klein",
    "greater_than_equal": "ist zu klein",
    "less_than": "ist zu groß",
    "less_than_equal": "ist zu groß",
}


def validation_message(error: dict[str, object]) -> str:
    """One pydantic error in German; an error type without a German text keeps the
    original in parentheses for support.  Our own validators already raise German text
    ("Value error, …")."""
    kind = str(error.get("type", ""))
    original = str(error.get("msg", ""))
    if kind == "value_error":
        return original.removeprefix("Value error, ")
    if kind in ("literal_error", "enum"):
        context = error.get("ctx")
        expected = context.get("expected", "") if isinstance(context, dict) else ""
        expected = str(expected).replace(" or ", " oder ")
        return f"ungültiger Wert {error.get('input')!r}; erlaubt: {expected}"
    return _VALIDATION.get(kind) or f"ungültiger Wert (technische Angabe: {original})"


# Operating-system errors by errno name, for "… nicht lesbar: <Grund>".
_OS = {
    "ENOENT": "gibt es nicht",
    "EACCES": "keine Berechtigung",
    "EPERM": "keine Berechtigung",
    "EISDIR": "ist ein Ordner",
    "ENOTDIR": "ein Teil des Pfads ist kein Ordner",
    "ENOSPC": "kein Platz mehr auf dem Datenträger",
    "EROFS": "schreibgeschützter Datenträger",
    "EEXIST": "gibt es schon",
    "ENAMETOOLONG": "Name zu lang",
    "ELOOP": "zu viele symbolische Verknüpfungen",
    "EBUSY": "wird gerade benutzt",
    "EMFILE": "zu viele offene Dateien",
}


def os_error(error: OSError) -> str:
    """Why a file could not be read or written, in German (the system's own text in
    parentheses for support)."""
    import errno

    name = errno.errorcode.get(error.errno or 0, "")
    german = _OS.get(name)
    original = error.strerror or str(error)
    if german is None:
        return f"Fehler des Betriebssystems ({original})"
    return german
