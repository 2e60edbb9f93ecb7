"""Small text helpers shared by the stages: folding German spelling variants."""

from __future__ import annotations

import re

_FOLD = (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss"), ("é", "e"), ("è", "e"))
_STOPWORDS = frozenset(
    "der die das des dem den bei zur zum und von fuer im in am an nr zu mit ein eine einer "
    "nach ueber sowie bzw oder".split()
)
_SUFFIXES = ("en", "er", "um", "e", "n", "s")


def fold(text: str) -> str:
    """Lowercase and spell umlauts and ß out, so "Anlaß" and "ANLASS" compare equal.
    (One `str.replace` per letter present: `str.translate` with a table of strings
    looks up every character in Python.)"""
    folded = text.lower()
    if folded.isascii():
        return folded
    for letter, spelled in _FOLD:
        if letter in folded:
            folded = folded.replace(letter, spelled)
    return folded


def _stem(token: str) -> str:
    for suffix in _SUFFIXES:
        if token.endswith(suffix) and len(token) - len(suffix) >= 4:
            return token[: -len(suffix)]
    return token


def title_tokens(text: str) -> frozenset[str]:
    words = re.findall(r"[a-z0-9]+", fold(text))
    return frozenset(_stem(w) for w in words if w not in _STOPWORDS)
