"""Score the real pipeline on the labelled municipal requests (tests/municipal/).

Every case is built into a Word file the way its producer writes one, checked with the
default rules and parsed; the facts are compared with the labels.  The test prints
"facts right / total" per fact kind and fails below 100 %.

Comparison semantics (what counts as one fact and when it is right):
- plan_year: one fact, equal.
- positions: one fact per labelled position, in document order; an extracted position
  beyond the labelled ones is one wrong fact.  A position is right when its share
  equals the label (±0,0005) and, where the label gives them, its org unit (compared
  without case, spacing and dash variants) and pay grade (canonical form) are equal.
- pay_grades: where labelled, the set of grades the request names.
- references: council papers only (the extracted ones with council=true); one fact per
  paper in the union of labelled and extracted, right when in both: kind and number
  (spacing folded).
- decisions: the same over (body, date).
- notes: one fact per labelled note in order, kind and the labelled date, condition
  (present) and target grade; an extra note is one wrong fact.
- errors: one fact per case: a complete case gets no error, an incomplete one exactly
  the error rules it lists (by name).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from antragscheck.models import Antrag, FileResult, Severity
from antragscheck.pipeline import inspect_path
from antragscheck.rules import RuleSet
from tests.municipal.build import build_case, load_cases

CASES = load_cases()
KINDS = ("plan_year", "positions", "pay_grades", "references", "decisions", "notes", "errors")


@dataclass
class Score:
    right: int = 0
    total: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, ok: bool, what: str) -> None:
        self.total += 1
        self.right += ok
        if not ok:
            self.misses.append(what)


def _unit(text: str | None) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[–—‑-]", "-", (text or "").strip().lower()))


def _grade(text: str | None) -> str:
    return re.sub(r"\s+", " ", (text or "").strip())


def _date(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def _number(text: str) -> str:
    return re.sub(r"\s+", " ", text.strip())


def _score_positions(labels: list[dict[str, Any]], antrag: Antrag, score: Score) -> None:
    found = antrag.positions
    for index, label in enumerate(labels):
        got = found[index] if index < len(found) else None
        problems = []
        if got is None:
            problems.append("fehlt")
        else:
            share = Decimal(str(label["share"]))
            if got.share is None or abs(got.share - share) > Decimal("0.0005"):
                problems.append(f"share {got.share} ≠ {share}")
            if "org_unit" in label and _unit(got.org_unit) != _unit(label["org_unit"]):
                problems.append(f"org_unit {got.org_unit!r} ≠ {label['org_unit']!r}")
            if "pay_grade" in label and _grade(got.pay_grade) != _grade(label["pay_grade"]):
                problems.append(f"pay_grade {got.pay_grade!r} ≠ {label['pay_grade']!r}")
        score.add(not problems, f"Stelle {index + 1}: " + "; ".join(problems))
    for extra in found[len(labels) :]:
        score.add(False, f"zusätzliche Stelle {extra.share_text!r} ({extra.source[:60]!r})")


def _score_sets(
    labelled: set[tuple[Any, ...]], extracted: set[tuple[Any, ...]], score: Score
) -> None:
    for item in sorted(labelled | extracted, key=str):
        if item in labelled and item in extracted:
            score.add(True, "")
        elif item in labelled:
            score.add(False, f"fehlt {item}")
        else:
            score.add(False, f"zu viel {item}")


def _score_notes(labels: list[dict[str, Any]], antrag: Antrag, score: Score) -> None:
    found = antrag.notes
    for index, label in enumerate(labels):
        got = found[index] if index < len(found) else None
        problems = []
        if got is None:
            problems.append("fehlt")
        else:
            if got.kind != label["kind"]:
                problems.append(f"kind {got.kind} ≠ {label['kind']}")
            if "date" in label and got.date != _date(label["date"]):
                problems.append(f"date {got.date} ≠ {label['date']}")
            if "condition" in label and not got.condition:
                problems.append("condition fehlt")
            if "target_grade" in label and got.target_grade != label["target_grade"]:
                problems.append(f"target_grade {got.target_grade} ≠ {label['target_grade']}")
        score.add(not problems, f"Vermerk {index + 1}: " + "; ".join(problems))
    for extra in found[len(labels) :]:
        score.add(False, f"zusätzlicher Vermerk {extra.text!r}")


def score_case(case: dict[str, Any], antrag: Antrag, result: FileResult) -> dict[str, Score]:
    facts = case.get("facts") or {}
    scores = {kind: Score() for kind in KINDS}
    if "plan_year" in facts:
        ok = antrag.plan_year == facts["plan_year"]
        scores["plan_year"].add(ok, f"plan_year {antrag.plan_year} ≠ {facts['plan_year']}")
    if "positions" in facts:
        _score_positions(facts["positions"] or [], antrag, scores["positions"])
    if "pay_grades" in facts:
        _score_sets(
            {(g,) for g in facts["pay_grades"]},
            {(g,) for g in antrag.pay_grades},
            scores["pay_grades"],
        )
    if "references" in facts:
        labelled = {(r["kind"], _number(str(r["number"]))) for r in facts["references"] or []}
        extracted = {(r.kind, _number(r.number)) for r in antrag.references if r.council}
        _score_sets(labelled, extracted, scores["references"])
    if "decisions" in facts:
        labelled = {(d["body"], _date(d["date"])) for d in facts["decisions"] or []}
        extracted = {(d.body, d.date) for d in antrag.decisions}
        _score_sets(labelled, extracted, scores["decisions"])
    if "notes" in facts:
        _score_notes(facts["notes"] or [], antrag, scores["notes"])
    errors = sorted({f.name for f in result.active if f.severity is Severity.error})
    expected = sorted(set(case.get("expect_errors") or [])) if not case.get("complete") else []
    scores["errors"].add(errors == expected, f"Fehler {errors} ≠ erwartet {expected}")
    return scores


@pytest.fixture(scope="module")
def scored(
    tmp_path_factory: pytest.TempPathFactory, ruleset: RuleSet
) -> dict[str, dict[str, Score]]:
    folder = tmp_path_factory.mktemp("municipal")
    results: dict[str, dict[str, Score]] = {}
    for case in CASES:
        path = folder / f"{case['id']}.docx"
        build_case(case, path)
        result, antrag = inspect_path(path, ruleset)
        assert antrag is not None, result.findings
        results[case["id"]] = score_case(case, antrag, result)
    return results


def _report(scored: dict[str, dict[str, Score]]) -> Iterator[str]:
    yield f"{len(scored)} Anträge aus {len({c['municipality'] for c in CASES})} Kommunen"
    for kind in KINDS:
        right = sum(s[kind].right for s in scored.values())
        total = sum(s[kind].total for s in scored.values())
        share = f"{100 * right / total:.1f} %" if total else "–"
        yield f"  {kind:<12} {right:>4} / {total:<4} {share}"
    for case_id, scores in scored.items():
        for kind, score in scores.items():
            for miss in score.misses:
                yield f"  {case_id} {kind}: {miss}"


def test_every_fact_of_the_labelled_requests(scored: dict[str, dict[str, Score]]) -> None:
    lines = list(_report(scored))
    print("\n" + "\n".join(lines))
    right = sum(s.right for scores in scored.values() for s in scores.values())
    total = sum(s.total for scores in scored.values() for s in scores.values())
    assert right == total, "\n".join(lines)


def test_the_set_is_as_broad_as_promised() -> None:
    assert len(CASES) >= 40
    assert len({case["municipality"] for case in CASES}) >= 10


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_complete_requests_get_no_error(
    case: dict[str, Any], tmp_path: Path, ruleset: RuleSet
) -> None:
    path = tmp_path / "antrag.docx"
    build_case(case, path)
    result, _ = inspect_path(path, ruleset)
    errors = sorted({f.name for f in result.active if f.severity is Severity.error})
    expected = [] if case.get("complete") else sorted(set(case.get("expect_errors") or []))
    assert errors == expected
