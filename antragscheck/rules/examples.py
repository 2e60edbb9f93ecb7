"""Run each rule's own examples: a passing text must not trigger it, a failing text
must, and where the example says what it expects (section, part of the message), a
finding must say that.

The rules stage does not know how a text becomes findings (reading and structure are
other stages): the caller hands in a function that does it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from antragscheck.models import Finding
from antragscheck.ris.records import CouncilConsultation, CouncilPaper, MemoryIndex
from antragscheck.rules.load import RuleSet
from antragscheck.rules.schema import Examples, Rule

if TYPE_CHECKING:
    from antragscheck.ris.records import CouncilIndex

# (example text, rule set with the one rule, the example's council index or None) →
# findings, with suppressions applied
CheckText = Callable[[str, RuleSet, "CouncilIndex | None"], list[Finding]]


@dataclass(frozen=True)
class ExampleResult:
    rule: Rule
    label: str  # German: "besteht", "fällt durch 2"
    problem: str = ""  # German, when the example does not come out as it should

    @property
    def ok(self) -> bool:
        return not self.problem


def _label(word: str, number: int, count: int) -> str:
    """ "besteht", or "besteht 2" when the rule has several such examples."""
    return f"{word} {number}" if count > 1 else word


def run_examples(ruleset: RuleSet, check_text: CheckText) -> list[ExampleResult]:
    results: list[ExampleResult] = []
    for rule in ruleset.rules:
        if rule.examples is None:
            continue
        only = replace(ruleset, rules=(rule,), catalog=ruleset.known())
        council = _council(rule.examples)

        def hits(
            text: str,
            rule: Rule = rule,
            only: RuleSet = only,
            council: MemoryIndex | None = council,
        ) -> list[Finding]:
            found = check_text(text, only, council)
            return [f for f in found if f.rule == rule.id and f.suppressed is None]

        passing, failing = rule.examples.passing, rule.examples.failing
        for number, text in enumerate(passing, start=1):
            found = hits(text)
            problem = f"erwartet keinen Befund, erhalten: {_listed(found)}" if found else ""
            label = _label("besteht", number, len(passing))
            results.append(ExampleResult(rule, label, problem))
        for number, example in enumerate(failing, start=1):
            found = hits(example.text)
            expect = example.expect
            if not found:
                wanted = expect.describe() if expect else "einen Befund"
                problem = f"erwartet {wanted}, erhalten: keinen Befund"
            elif expect is not None and not any(expect.met_by(f) for f in found):
                problem = f"erwartet {expect.describe()}, erhalten: {_listed(found)}"
            else:
                problem = ""
            label = _label("fällt durch", number, len(failing))
            results.append(ExampleResult(rule, label, problem))
    return results


def _listed(findings: list[Finding]) -> str:
    shown = "; ".join(f"{f.section or 'Dokument'}: „{f.message}“" for f in findings[:3])
    more = f" und {len(findings) - 3} weitere" if len(findings) > 3 else ""
    return shown + more


def _council(examples: Examples) -> MemoryIndex | None:
    """The council index an example brings (rules against the council information
    system), or None."""
    if examples.council is None:
        return None
    return MemoryIndex(
        CouncilPaper(
            reference=paper.reference,
            name=paper.name,
            date=paper.date,
            paper_type=paper.type,
            consultations=tuple(
                CouncilConsultation(
                    date=c.date,
                    bodies=(c.body,) if c.body else (),
                    meeting=c.meeting,
                    result=c.result,
                )
                for c in paper.consultations
            ),
        )
        for paper in examples.council
    )
