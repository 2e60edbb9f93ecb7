"""Check types that compare the requests of an audit (`antragscheck audit`): what a
human would miss across files.  They look only at the small facts the audit keeps of
each request (`AuditFacts`); on a single request they have nothing to say."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import field
from typing import ClassVar, Literal

from antragscheck.models import AuditFacts
from antragscheck.rules.checks.base import CheckType, Hit, Stage
from antragscheck.spec import record
from antragscheck.text import fold, title_tokens


@record
class AuditDuplicate(CheckType):
    """Across an audit: two requests for the same unit and the same function (the purpose
    of the post, compared word by word with at least `min_similarity` overlap)."""

    type: Literal["audit-duplicate"]
    min_similarity: float = field(
        default=0.8,
        metadata={"gt": 0, "le": 1, "description": "Anteil gemeinsamer Wörter im Zweck (0 bis 1)"},
    )
    description: ClassVar[str] = (
        "Nur bei der Sammelprüfung: zwei Anträge derselben Organisationseinheit für dieselbe "
        "Aufgabe (der Zweck der Stelle, Wort für Wort verglichen). `{other}` nennt die "
        "anderen Dateien, `{org_unit}` die Einheit, `{purpose}` den Zweck."
    )
    stage: ClassVar[Stage] = "audit"
    message_fields: ClassVar[frozenset[str]] = frozenset(
        {"other", "org_unit", "purpose", "group", "count", "members"}
    )
    example: ClassVar[str] = """\
id: X801
name: duplicate-request
severity: warning
summary: Zwei Anträge derselben Einheit für dieselbe Aufgabe (nur bei audit).
check: {type: audit-duplicate, min_similarity: 0.8}
message: "{org_unit} beantragt „{purpose}“ auch in {other}."
"""

    def run_across(self, requests: Sequence[AuditFacts]) -> Iterator[tuple[str, Hit]]:
        """Requests with the very same words are grouped at once; only the distinct
        wordings of a unit are compared pairwise, and the groups are linked wording by
        wording, not request by request: time and memory stay linear in the number of
        files however many of them are alike."""
        wordings: dict[str, dict[frozenset[str], list[AuditFacts]]] = {}
        for request in requests:
            if request.org_unit and request.purpose:
                words = request.words
                if words is None:
                    words = title_tokens(request.purpose)
                unit = wordings.setdefault(fold(request.org_unit), {})
                unit.setdefault(words, []).append(request)
        clusters: list[list[AuditFacts]] = []
        for unit in wordings.values():
            keys = list(unit)
            alike = (
                (i, j)
                for i in range(len(keys))
                for j in range(i + 1, len(keys))
                if _similarity(keys[i], keys[j]) >= self.min_similarity
            )
            for component in _components(len(keys), alike):
                members = [r for i in component for r in unit[keys[i]]]
                if len(members) > 1:
                    clusters.append(sorted(members, key=lambda r: r.path))
        clusters.sort(key=lambda members: members[0].path)
        for number, members in enumerate(clusters, start=1):
            paths = [r.path for r in members]
            group = f"G{number}"
            everyone = _named(paths)
            hit: Hit | None = None
            for place, request in enumerate(members):  # (paths[place] is request.path)
                if (
                    hit is None
                    or place < 4  # from the fifth member on, the others named are the first three
                    or request.org_unit != hit.values["org_unit"]
                    or request.purpose != hit.values["purpose"]
                ):  # else the hit is the previous member's (it is frozen)
                    others = [p for p in paths[:4] if p != request.path][:3]
                    values: dict[str, object] = {
                        "other": _named(others, total=len(paths) - 1),
                        "org_unit": request.org_unit,
                        "purpose": request.purpose,
                        "group": group,
                        "count": len(paths),
                        "members": everyone,
                    }
                    hit = Hit(None, None, values, group=group)  # the rule names its section
                yield request.path, hit


def _named(paths: Sequence[str], shown: int = 3, total: int | None = None) -> str:
    """The first `shown` paths, and how many more of `total` (default: all given)."""
    total = len(paths) if total is None else total
    named = ", ".join(paths[:shown])
    return named + (f" und {total - shown} weiteren" if total > shown else "")


def _components(size: int, links: Iterable[tuple[int, int]]) -> list[list[int]]:
    """The wordings 0 … size-1 grouped by the links between them (similar directly or
    through each other); a wording without links is a group of its own."""
    parent = list(range(size))

    def root(node: int) -> int:
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for i, j in links:
        a, b = root(i), root(j)
        if a != b:
            parent[max(a, b)] = min(a, b)
    members: dict[int, list[int]] = {}
    for node in range(size):
        members.setdefault(root(node), []).append(node)
    return list(members.values())


def _similarity(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a | b else 0.0


@record
class AuditPlanYear(CheckType):
    """Across an audit: a request whose Stellenplan year differs from the year most of
    the audited requests have (a stale file in the wrong folder).  Without a clear
    majority nothing is reported."""

    type: Literal["audit-plan-year"]
    description: ClassVar[str] = (
        "Nur bei der Sammelprüfung: ein Antrag, dessen Stellenplanjahr (`{year}`) von dem "
        "der meisten geprüften Anträge (`{usual}`) abweicht. Ohne klare Mehrheit kein Befund."
    )
    stage: ClassVar[Stage] = "audit"
    message_fields: ClassVar[frozenset[str]] = frozenset({"year", "usual"})
    example: ClassVar[str] = """\
id: X802
name: plan-year-differs
severity: warning
summary: Ein Antrag gehört zu einem anderen Stellenplanjahr als die übrigen.
check: {type: audit-plan-year}
message: "Der Antrag ist für den Stellenplan {year}, die übrigen für {usual}."
"""

    def run_across(self, requests: Sequence[AuditFacts]) -> Iterator[tuple[str, Hit]]:
        years = Counter(r.plan_year for r in requests if r.plan_year is not None)
        if len(years) < 2:
            return
        # (not most_common(2): it imports heapq, ~0.5 ms after the last result)
        (usual, most), (_, second) = sorted(years.items(), key=lambda y: y[1], reverse=True)[:2]
        if most == second:
            return  # no clear majority: nothing to call stale
        for r in requests:
            if r.plan_year is not None and r.plan_year != usual:
                yield r.path, Hit(None, None, {"year": r.plan_year, "usual": usual})
