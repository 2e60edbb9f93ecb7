"""What the audit's cross-file rules say, in a budget office's own wording: groups of
duplicates with their members and the others named, and the request for another year.
(Written against surviving mutants: each part of the message is pinned.)"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from antragscheck.cli import main
from antragscheck.docxwrite import para
from tests.conftest import MakeDocx
from tests.helpers import complete_body, title

RULES = """\
rules:
  - {id: Z8, name: twice, severity: info, summary: s, explanation: e, no_examples: Audit,
     message: '{group}/{count} {org_unit} „{purpose}“: {members} | andere: {other}',
     check: {type: audit-duplicate, min_similarity: 0.8}}
  - {id: Z9, name: year, severity: info, summary: s, explanation: e, no_examples: Audit,
     message: '{year} statt {usual}', check: {type: audit-plan-year}}
"""


def request(purpose: str, year: int = 2022, unit: str = "Abteilung Wirtschaftsförderung") -> str:
    post = f"Geschaffen wird 1,0 Stelle in der {unit} für {purpose}."
    return complete_body(antrag=para(post)).replace(
        title(), title(f"Stellenschaffung zum Stellenplan {year}"), 1
    )


def audit_messages(tmp_path: Path, make_docx: MakeDocx, files: dict[str, str]) -> list[str]:
    folder = tmp_path / "ablage"
    folder.mkdir()
    for name, body in files.items():
        make_docx(body, name=f"ablage/{name}")
    rules = tmp_path / "eigene.yaml"
    rules.write_text(RULES, encoding="utf-8")
    export = tmp_path / "befunde.json"
    args = ["audit", "ablage", "-j", "1", "--no-cache", "--rules", str(rules), "--select", "Z"]
    result = CliRunner().invoke(main, [*args, "--json", str(export)])
    assert result.exit_code == 0, result.output
    report = json.loads(export.read_text(encoding="utf-8"))
    return [f"{Path(r['path']).name}: {f['message']}" for r in report["files"]
            for f in r["findings"]]  # fmt: skip


def test_duplicates_are_grouped_with_their_members_and_the_others_named(
    tmp_path: Path, make_docx: MakeDocx, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    smart = request("die Koordinierung der Smart City Strategie")
    # alike enough: the same words but one, the unit spelled otherwise
    oe = "Abteilung Wirtschaftsfoerderung"
    smart_oe = request("die Koordinierung der Smart City Strategie", unit=oe)
    city = request("die Koordinierung der Smart City Strategie der Stadt", unit=oe)
    school = request("die Schulsozialarbeit an den Grundschulen")
    # group 1 starts with a.docx, group 2 with b.docx (although its second member,
    # c.docx, comes before group 1's second, z1.docx); from the fifth member on, the
    # first three others are named
    files = {"a.docx": smart, "b.docx": school, "c.docx": school, "z1.docx": smart,
             "z2.docx": smart, "z3.docx": smart, "z4.docx": smart, "z5.docx": smart_oe,
             "z6.docx": city}  # fmt: skip
    found = audit_messages(tmp_path, make_docx, files)
    unit, what = "Abteilung Wirtschaftsförderung", "Koordinierung der Smart City Strategie"
    group = f"G1/7 {unit} „{what}“: ablage/a.docx, ablage/z1.docx, ablage/z2.docx und 4 weiteren"
    first = "ablage/a.docx, ablage/z1.docx, ablage/z2.docx und 3 weiteren"
    school_unit = "Abteilung Wirtschaftsförderung „Schulsozialarbeit an den Grundschulen“"
    assert found == [
        f"a.docx: {group} | andere: ablage/z1.docx, ablage/z2.docx, ablage/z3.docx und 3 weiteren",
        f"b.docx: G2/2 {school_unit}: ablage/b.docx, ablage/c.docx | andere: ablage/c.docx",
        f"c.docx: G2/2 {school_unit}: ablage/b.docx, ablage/c.docx | andere: ablage/b.docx",
        f"z1.docx: {group} | andere: ablage/a.docx, ablage/z2.docx, ablage/z3.docx und 3 weiteren",
        f"z2.docx: {group} | andere: ablage/a.docx, ablage/z1.docx, ablage/z3.docx und 3 weiteren",
        f"z3.docx: {group} | andere: {first}",
        f"z4.docx: {group} | andere: {first}",
        f"z5.docx: {group.replace(unit, oe)} | andere: {first}",
        f"z6.docx: {group.replace(unit, oe).replace(what, what + ' der Stadt')} | andere: {first}",
    ]


def test_a_request_for_another_year_than_most_is_named(
    tmp_path: Path, make_docx: MakeDocx, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    years = {"a.docx": 2022, "b.docx": 2021, "c.docx": 2022, "d.docx": 2020, "e.docx": 2022}
    files = {name: request(f"Aufgabe {name[0]} mit eigenem Zweck", year)
             for name, year in years.items()}  # fmt: skip
    assert audit_messages(tmp_path, make_docx, files) == [
        "b.docx: 2021 statt 2022",
        "d.docx: 2020 statt 2022",
    ]


def test_no_clear_majority_no_other_year(
    tmp_path: Path, make_docx: MakeDocx, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    years = {"a.docx": 2022, "b.docx": 2021, "c.docx": 2022, "d.docx": 2021}
    files = {name: request(f"Aufgabe {name[0]} mit eigenem Zweck", year)
             for name, year in years.items()}  # fmt: skip
    assert audit_messages(tmp_path, make_docx, files) == []


@pytest.mark.parametrize(("stale", "code"), [(False, 0), (True, 1)])
def test_a_cross_file_finding_fails_the_audit_by_its_own_severity(
    tmp_path: Path, make_docx: MakeDocx, monkeypatch: pytest.MonkeyPatch, stale: bool, code: int
) -> None:
    """--fail-on warning: a duplicate pair reported as a note passes, a request for
    another year reported as a warning fails (checked after the duplicates)."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "ablage").mkdir()
    smart = request("die Koordinierung der Smart City Strategie")
    files = {"a.docx": smart, "b.docx": smart, "c.docx": request("die Schulsozialarbeit")}
    files["d.docx"] = request("die Wirtschaftsförderung", 2020 if stale else 2022)
    for name, body in files.items():
        make_docx(body, name=f"ablage/{name}")
    rules = tmp_path / "eigene.yaml"
    rules.write_text(RULES.replace("severity: info, summary: s, explanation: e, no_examples: "
                                   "Audit,\n     message: '{year}",
                                   "severity: warning, summary: s, explanation: e, no_examples: "
                                   "Audit,\n     message: '{year}"), encoding="utf-8")  # fmt: skip
    assert "severity: warning" in rules.read_text(encoding="utf-8")
    args = ["audit", "ablage", "-j", "1", "--no-cache", "--rules", str(rules), "--select", "Z"]
    result = CliRunner().invoke(main, [*args, "--fail-on", "warning"])
    assert result.exit_code == code, result.output
    assert ("(Z9)" in result.output) == stale and "(Z8)" in result.output
