"""Check types that compare the requests of an audit (`antragscheck audit`): what a
human would miss across files.  They look only at the small facts the audit keeps of
each request (`AuditFacts`); on a single request they have nothing to say."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from typing import ClassVar, Literal

from pydantic import Field

from antragscheck.models import AuditFacts
from antragscheck.rules.checks.base import CheckType, Hit, Stage
from antragscheck.text import fold, title_tokens


class AuditDuplicate(CheckType):
    """Across an audit: two requests for the same unit and the same function (the purpose
    of the post, compared word by word with at least `min_similarity` overlap)."""

    type: Literal["audit-duplicate"]
    min_similarity: float = Field(
        default=0.8, gt=0, le=1, description="Anteil gemeinsamer Wörter im Zweck (0 bis 1)"
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
        wordings of a unit are compared pairwise, so a large audit stays linear in the
        number of files."""
        wordings: dict[str, dict[frozenset[str], list[AuditFacts]]] = {}
        for request in requests:
            if request.org_unit and request.purpose:
                words = title_tokens(request.purpose)
                unit = wordings.setdefault(fold(request.org_unit), {})
                unit.setdefault(words, []).append(request)
        twins: dict[str, list[str]] = {}
        for unit in wordings.values():
            groups = list(unit.items())
            for i, (words, group) in enumerate(groups):
                similar = [
                    r
                    for w, g in groups[i + 1 :]
                    if _similarity(words, w) >= self.min_similarity
                    for r in g
                ]
                for request in group:
                    others = [r.path for r in group if r is not request]
                    twins.setdefault(request.path, []).extend(others + [r.path for r in similar])
                for other in similar:
                    twins.setdefault(other.path, []).extend(r.path for r in group)
        by_path = {r.path: r for r in requests}
        clusters = _components({p: set(o) for p, o in twins.items() if o})
        for number, members in enumerate(clusters, start=1):
            for path in members:
                request = by_path[path]
                others = [m for m in members if m != path]
                values: dict[str, object] = {
                    "other": _named(others),
                    "org_unit": request.org_unit,
                    "purpose": request.purpose,
                    "group": f"G{number}",
                    "count": len(members),
                    "members": _named(members),
                }
                # the rule names its section
                yield path, Hit(None, None, values, group=f"G{number}")


def _named(paths: Sequence[str], shown: int = 3) -> str:
    named = ", ".join(paths[:shown])
    return named + (f" und {len(paths) - shown} weiteren" if len(paths) > shown else "")


def _components(links: dict[str, set[str]]) -> list[list[str]]:
    """The groups of requests linked as similar (directly or through each other), each
    sorted by path, the groups in the order of their first path: the same for any order
    the requests came in."""
    parent: dict[str, str] = {}

    def root(path: str) -> str:
        parent.setdefault(path, path)
        while parent[path] != path:
            parent[path] = parent[parent[path]]
            path = parent[path]
        return path

    for path, others in links.items():
        for other in others:
            a, b = root(path), root(other)
            if a != b:
                parent[max(a, b)] = min(a, b)
    members: dict[str, list[str]] = {}
    for path in parent:
        members.setdefault(root(path), []).append(path)
    return sorted((sorted(group) for group in members.values()), key=lambda g: g[0])


def _similarity(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a | b else 0.0


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
        (usual, most), (_, second) = years.most_common(2)
        if most == second:
            return  # no clear majority: nothing to call stale
        for r in requests:
            if r.plan_year is not None and r.plan_year != usual:
                yield r.path, Hit(None, None, {"year": r.plan_year, "usual": usual})
