"""Regular expressions that come from data (rule files, notations a budget office adds)
run in linear time: they are compiled with RE2, which has no backtracking, so a pattern
like ``(a+)+$`` cannot hang a check however long the document's text is.

Patterns are written as in Python's ``re``.  Two differences are smoothed over so that
German text matches as a rule author expects: ``\\w``/``\\W`` and ``\\s``/``\\S`` mean
the Unicode classes (``\\w`` matches "ä" and "ß", ``\\s`` the no-break space), and
``\\Z`` means the end of the text.  ``\\b`` stays RE2's word boundary, which knows only
ASCII letters: next to an umlaut at a word's edge it does not match; write
``(?:^|\\W)`` there instead.  What RE2 cannot do in linear time (look-ahead,
look-behind, back-references) is refused when the rule file is loaded, with a German
message that says so.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Sequence
from typing import Any, Protocol

# Bounds: a pattern is a line in a rule file, not a program.
MAX_PATTERN_LENGTH = 10_000
_MAX_MEM = 8 << 20  # bytes of RE2 program memory (RE2's default)
_PARSE_ONLY = 256  # bytes: room for no program (see _check)

_WORD = r"\p{L}\p{N}_"
_SPACE = r"\t-\r\x1c-\x1f\x{85}\p{Z}"
_OUTSIDE = {"w": f"[{_WORD}]", "W": f"[^{_WORD}]", "s": f"[{_SPACE}]", "S": f"[^{_SPACE}]"}
_INSIDE = {"w": _WORD, "s": _SPACE}

_UNSUPPORTED = (
    (re.compile(r"\(\?<?[=!]"), "Look-ahead und Look-behind ((?=…), (?!…), (?<=…), (?<!…))"),
    (re.compile(r"(?<!\\)(?:\\\\)*\\[1-9]|\(\?P="), "Rückverweise (\\1, (?P=name))"),
    (re.compile(r"\(\?>"), "atomare Gruppen ((?>…))"),
)


class PatternMatch(Protocol):
    def group(self, *groups: int | str) -> Any: ...

    def groupdict(self) -> dict[str, str | None]: ...

    def start(self, group: int | str = 0) -> int: ...

    def end(self, group: int | str = 0) -> int: ...


class UserPattern(Protocol):
    """What a compiled user pattern offers (the subset of ``re.Pattern`` we use)."""

    def search(self, text: str) -> PatternMatch | None: ...

    def finditer(self, text: str) -> Iterator[PatternMatch]: ...


class PatternError(ValueError):
    """A pattern that cannot be used; the message is German and quotes the pattern."""


def compile_user_pattern(text: str, *, ignore_case: bool = True) -> UserPattern:
    """`text` compiled for linear-time matching (case-insensitive unless told), or a
    PatternError with a German message.  Compiled patterns are kept, so calling this
    at every use costs a dictionary lookup."""
    return _compile(text, ignore_case)


def first_match(
    patterns: Sequence[str], text: str, *, ignore_case: bool = True
) -> PatternMatch | None:
    """The first match of the first of `patterns` (in their order) that matches `text`,
    as searching each pattern in turn gives it.  Where none matches (the common case),
    `text` is scanned once, by all patterns together, instead of once per pattern.  The
    last answers are kept: requests from one template repeat their title and their
    untouched sections."""
    return _first_match(tuple(patterns), text, ignore_case)


def matches_any(patterns: Sequence[str], text: str, *, ignore_case: bool = True) -> bool:
    """Whether any of `patterns` matches `text`: one scan by all patterns together where
    they can be joined (see `first_match`).  Not kept: `text` may be a whole request."""
    union = _union(tuple(patterns), ignore_case)
    if union is not None:
        return union.search(text) is not None
    return any(_compile(pattern, ignore_case).search(text) for pattern in patterns)


@functools.lru_cache(maxsize=256)
def _first_match(patterns: tuple[str, ...], text: str, ignore_case: bool) -> PatternMatch | None:
    union = _union(patterns, ignore_case)
    if union is not None and union.search(text) is None:
        return None
    for pattern in patterns:
        found = _compile(pattern, ignore_case).search(text)
        if found is not None:
            return found
    return None


@functools.lru_cache(maxsize=256)
def _union(patterns: tuple[str, ...], ignore_case: bool) -> UserPattern | None:
    """One pattern matching where any of `patterns` matches, or None where the patterns
    are better searched one by one: fewer than two, a `\\Q` quote (it runs to `\\E`
    across the group around it), or a union RE2 refuses (a group name used twice, a
    program over the memory bound).  Each pattern is checked on its own first, so a
    bad one gets its own German message; compiled on its own only once a text needs it
    (most texts match none).  RE2 keeps an inline flag such as `(?-i)` to the group it
    stands in."""
    for pattern in patterns:
        _check(pattern, ignore_case)
    if len(patterns) < 2 or any("\\Q" in pattern for pattern in patterns):
        return None
    try:
        return _re2_compile("|".join(f"(?:{_translate(p)})" for p in patterns), ignore_case)
    except _re2_error():
        for pattern in patterns:  # one over the memory bound: its own message, as before
            _compile(pattern, ignore_case)
        return None


# RE2's words for a program over its memory bound (RE2::ErrorPatternTooLarge).
_TOO_LARGE = "pattern too large - compile failed"


@functools.lru_cache(maxsize=1024)
def _check(text: str, ignore_case: bool) -> None:
    """Raise what `_compile(text)` raises for a pattern that is not one (too long, a
    construct that cannot run in linear time, wrong syntax), without compiling its
    program: RE2 is handed no memory for one, so it parses the pattern and stops (a
    twentieth of the time; a program over the real bound is refused when the
    patterns are compiled).  Where RE2 says anything else, `_compile` decides."""
    if len(text) > MAX_PATTERN_LENGTH or any(found.search(text) for found, _ in _UNSUPPORTED):
        _compile(text, ignore_case)  # raises
    try:
        _re2_compile(_translate(text), ignore_case, max_mem=_PARSE_ONLY)
    except _re2_error() as error:
        detail = error.args[0] if error.args else error
        if isinstance(detail, bytes):
            detail = detail.decode("utf-8", "replace")
        if detail != _TOO_LARGE:
            _compile(text, ignore_case)


@functools.lru_cache(maxsize=1024)
def _compile(text: str, ignore_case: bool) -> UserPattern:
    if len(text) > MAX_PATTERN_LENGTH:
        raise PatternError(
            f"Der reguläre Ausdruck ist mit {len(text):,} Zeichen zu lang (höchstens "
            f"{MAX_PATTERN_LENGTH:,}).".replace(",", ".")
        )
    for found, what in _UNSUPPORTED:
        if found.search(text):
            raise PatternError(
                f"Der reguläre Ausdruck {text!r} verwendet {what}. Das wird nicht "
                "unterstützt, weil antragscheck Muster in linearer Zeit prüft; bitte "
                "ohne diese Mittel formulieren."
            )
    try:
        compiled = _re2_compile(_translate(text), ignore_case)
    except _re2_error() as error:
        detail = error.args[0] if error.args else error
        if isinstance(detail, bytes):
            detail = detail.decode("utf-8", "replace")
        raise PatternError(
            f"ungültiger regulärer Ausdruck {text!r} ({detail}); bitte die Schreibweise prüfen."
        ) from None
    return compiled


def _re2_compile(translated: str, ignore_case: bool, max_mem: int = 0) -> UserPattern:
    import re2  # here: only rule files' patterns need it (about 2 ms to import)

    options = re2.Options()
    options.log_errors = False
    options.max_mem = max_mem or _MAX_MEM
    options.case_sensitive = not ignore_case
    compiled: UserPattern = re2.compile(translated, options)
    return compiled


def _re2_error() -> type[Exception]:
    import re2

    error: type[Exception] = re2.error
    return error


def _translate(text: str) -> str:
    """Python's Unicode meaning of \\w, \\W, \\s, \\S and \\Z, written for RE2."""
    out: list[str] = []
    in_class = False
    i = 0
    while i < len(text):
        char = text[i]
        if char == "\\" and i + 1 < len(text):
            code = text[i + 1]
            table = _INSIDE if in_class else _OUTSIDE
            if code in table:
                out.append(table[code])
            elif code == "Z" and not in_class:
                out.append(r"\z")
            else:
                out.append(text[i : i + 2])
            i += 2
            continue
        if char == "[" and not in_class:
            in_class = True
            out.append(char)
            # A "]" (or "^]") right after the opening bracket is a literal.
            if text[i + 1 : i + 2] == "^":
                out.append("^")
                i += 1
            if text[i + 1 : i + 2] == "]":
                out.append(r"\]")
                i += 1
        elif char == "]" and in_class:
            in_class = False
            out.append(char)
        else:
            out.append(char)
        i += 1
    return "".join(out)
