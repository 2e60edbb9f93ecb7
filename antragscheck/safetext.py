"""Text from hostile places (file names, document text) made safe for one kind of
output each.  Every output format calls the helper that fits it, so a file name with
control characters, invalid UTF-8 or a leading "=" cannot break or steer what reads it.
"""

from __future__ import annotations

import re

# C0 and C1 control characters and the Unicode direction overrides that can make text
# display other than it is ("Trojan Source"); newline and tab are kept.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# What XML 1.0 does not allow in a document at all (tab, newline and return it does).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_SURROGATE = re.compile("[\ud800-\udfff]")
# CSV cells that a spreadsheet would run as a formula (OWASP: CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Markdown and HTML: every ASCII punctuation character may be backslash-escaped.
_MARKDOWN = re.compile(r"([!-/:-@\[-`{-~])")


def _escaped(match: re.Match[str]) -> str:
    code = ord(match.group(0))
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def decoded_name(name: str) -> str:
    """A file name as text: bytes that were not UTF-8 (kept by Python as lone
    surrogates) are written as \\xNN, so the name stays findable and encodable."""
    if not _SURROGATE.search(name):
        return name
    try:
        raw = name.encode("utf-8", "surrogateescape")  # bytes os.fsdecode could not decode
    except UnicodeEncodeError:
        raw = name.encode("utf-8", "surrogatepass")
    return raw.decode("utf-8", "backslashreplace")


def terminal(text: str) -> str:
    """Control characters shown as \\x1b etc., never sent to the terminal raw."""
    return _CONTROL.sub(_escaped, text)


def xml_text(text: str) -> str:
    """Characters XML 1.0 forbids, written as \\xNN text."""
    return _NOT_XML.sub(_escaped, text)


def csv_cell(value: object) -> object:
    """A CSV cell a spreadsheet shows as text: text starting like a formula gets a
    leading apostrophe (OWASP); numbers stay numbers."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def markdown_cell(text: str) -> str:
    """Text for a Markdown table cell that renders as itself: no markup, no HTML, no
    line break, no control character."""
    return _MARKDOWN.sub(r"\\\1", terminal(text)).replace("\r", " ").replace("\n", " ")


def rich_safe(text: str) -> str:
    """Text for a rich console string: shown as it is, no markup taken from it
    ("[red]" in a file name stays text) and no raw control character (an escape
    sequence could rewrite the terminal)."""
    from rich.markup import escape

    return escape(terminal(text))


def shown(text: object) -> str:
    """A path (or a message naming one) for a line on the terminal: names that are not
    UTF-8 as \\xNN, control characters escaped."""
    return terminal(decoded_name(str(text)))
