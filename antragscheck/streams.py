"""Output that survives any console encoding.

On Windows, Python writes to a pipe or file in the ANSI code page (cp1252) and to a
console in its OEM code page (cp850); neither has "✓" or "≤", cp850 not even „ and “.
`install` makes stdout and stderr replace what the encoding lacks by a readable ASCII
stand-in instead of raising UnicodeEncodeError; machine formats (JSON, XML) are written
with escapes instead, so they stay valid and carry the same data.
"""

from __future__ import annotations

import codecs
import sys
import unicodedata
from typing import TextIO

FALLBACK = "antragscheck-fallback"
JSON_ESCAPE = "antragscheck-json"

_STAND_INS = {
    "✓": "OK",
    "✗": "X",
    "„": '"',
    "“": '"',
    "”": '"',
    "‚": "'",
    "‘": "'",
    "’": "'",
    "»": '"',
    "«": '"',
    "–": "-",
    "—": "-",
    "…": "...",
    "≤": "<=",
    "≥": ">=",
    "→": "->",
    "•": "*",
    "·": "-",
    "€": "EUR",
    "§": "Par.",
    "\u00a0": " ",
    "\u202f": " ",
}


def _stand_in(char: str, encoding: str) -> str:
    for candidate in (_STAND_INS.get(char), unicodedata.normalize("NFKD", char)):
        if not candidate:
            continue
        try:
            candidate.encode(encoding)
        except UnicodeEncodeError:
            ascii_only = candidate.encode("ascii", "ignore").decode("ascii")
            if ascii_only:
                return ascii_only
            continue
        return candidate
    return "?"


def _fallback(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    text = error.object[error.start : error.end]
    return "".join(_stand_in(c, error.encoding) for c in text), error.end


def _json_escape(error: UnicodeError) -> tuple[str, int]:
    """\\uXXXX escapes (surrogate pairs beyond the BMP): valid wherever JSON text can
    hold a non-ASCII character, which is only inside strings."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    out = []
    for char in error.object[error.start : error.end]:
        code = ord(char)
        if code > 0xFFFF:
            code -= 0x10000
            out.append(f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}")
        else:
            out.append(f"\\u{code:04x}")
    return "".join(out), error.end


codecs.register_error(FALLBACK, _fallback)
codecs.register_error(JSON_ESCAPE, _json_escape)


def install() -> None:
    """Let stdout and stderr fall back instead of failing (once per process)."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None and getattr(stream, "errors", None) == "strict":
            reconfigure(errors=FALLBACK)


def write_data(text: str, kind: str, stream: TextIO | None = None) -> None:
    """Write a machine format to stdout.  On a stream that is not UTF-8, everything
    beyond ASCII is escaped (JSON \\u escapes for kind "json", XML character references
    for "xml"): the text is then the same in every code page, and still valid, with the
    same data, for a reader that expects UTF-8."""
    stream = stream or sys.stdout
    encoding = (getattr(stream, "encoding", None) or "utf-8").lower().replace("_", "-")
    if encoding not in ("utf-8", "utf8", "utf-8-sig"):
        errors = JSON_ESCAPE if kind == "json" else "xmlcharrefreplace"
        text = text.encode("ascii", errors).decode("ascii")
    stream.write(text)
