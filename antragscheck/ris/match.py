"""How a reference cited in a request is compared with an OParl paper's `reference`.

Councils write the same paper in many ways: "GRDrs. 234/2021" in the request and
"GRDrs 234/2021" in the council information system; "Vorlage Nr. 2023/187",
"DrS/2023/145", "VO/2023/0145", "Drs. 0866/2012", "Sitzungsvorlage Nr. 14-20 / V 06995".
Both sides are reduced to a key: the run of numbers (and letters between them) after
the kind word, leading zeros dropped, a number/year pair in one order.  The kind words
in front only keep apart papers of different families (a council paper "234/2021" and
a faction's motion "Antrag 234/2021"); an unknown or missing kind matches any.
"""

from __future__ import annotations

import re
from functools import lru_cache

from antragscheck.text import fold

_TOKEN = re.compile(r"\d+|[a-z]+")
_FILLER = frozenset({"nr", "nrn", "nummer", "no", "az"})
# Kind words (folded) by family; a word in neither family is neutral.
_PAPER = frozenset(
    """grdrs grdrsen gr drs ds dr drucksache drucksachen gemeinderatsdrucksache
    gemeinderatsdrucksachen kreistagsdrucksache ktdrs vorlage vorlagen sitzungsvorlage
    beschlussvorlage bv vo sv v mitteilungsvorlage informationsvorlage""".split()
)
_MOTION = frozenset("antrag antraege haushaltsantrag a ha anfrage".split())


def _is_year(token: str) -> bool:
    return len(token) == 4 and 1900 <= int(token) <= 2099


@lru_cache(maxsize=8192)
def _split(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(kind words before the first number, the core from the first number to the last)."""
    tokens = _TOKEN.findall(fold(text))
    first = next((i for i, t in enumerate(tokens) if t.isdigit()), None)
    if first is None:
        return tuple(tokens), ()
    last = max(i for i, t in enumerate(tokens) if t.isdigit())
    core = tuple(str(int(t)) if t.isdigit() else t for t in tokens[first : last + 1])
    return tuple(tokens[:first]), core


def reference_key(text: str) -> str | None:
    """The comparable core of a reference, or None when it has no number."""
    core = _split(text)[1]
    if not core:
        return None
    numbers = [t for t in core if t.isdigit()]
    if len(core) == 2 and len(numbers) == 2:
        first, second = core
        # "2023/187" and "187/2023" mean the same paper: number first, then the year.
        if _is_year(first.zfill(4)) and len(first) == 4 and not _is_year(second.zfill(4)):
            core = (second, first)
    return "/".join(core)


def family(text: str) -> str | None:
    """The family of the kind words: "paper", "motion", or None when they say neither."""
    words = [w for w in _split(text)[0] if w not in _FILLER]
    if any(w in _MOTION for w in words):
        return "motion"
    if any(w in _PAPER for w in words):
        return "paper"
    return None


def compatible(cited: str, indexed: str) -> bool:
    """The kinds do not contradict each other (same family, or one of them unknown)."""
    one, other = family(cited), family(indexed)
    return one is None or other is None or one == other
