"""Output formats for editors and CI: concise, SARIF, JUnit, GitHub; -o, --statistics, colour."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from antragscheck.cli import main
from antragscheck.docxwrite import para
from antragscheck.report.github import escape_data, escape_property
from antragscheck.rules import RuleSet
from tests.conftest import SAMPLES, SHARED, MakeDocx
from tests.helpers import complete_body

SCHEMA = SHARED / "schemas" / "sarif-schema-2.1.0.json"


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Samples copied below the working folder, as in a repository."""
    folder = tmp_path / "antraege"
    folder.mkdir()
    for name in (
        "ohne_stellenanteil.docx",
        "stellenschaffung_smart_city_2022.docx",
        "beschaedigt.docx",
    ):
        (folder / name).write_bytes((SAMPLES / name).read_bytes())
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    return tmp_path


FILES = ["antraege/ohne_stellenanteil.docx", "antraege/beschaedigt.docx"]


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), env=env)
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def test_concise_is_one_line_per_finding(workdir: Path) -> None:
    code, output = run("--format", "concise", *FILES)
    assert code == 1
    lines = output.splitlines()
    assert len(lines) == 5
    assert lines[1].startswith(
        "antraege/ohne_stellenanteil.docx: 1 Antrag, Stellenausstattung: position-share-missing: "
    )
    assert lines[-1].startswith("antraege/beschaedigt.docx: Dokument: unreadable-document: ")


@pytest.mark.skipif(not SCHEMA.is_file(), reason="../shared/schemas is not present")
def test_sarif_validates_and_carries_what_code_scanning_needs(
    workdir: Path, make_docx: MakeDocx
) -> None:
    accepted = make_docx(
        complete_body(auswirkungen=para("entfällt")),
        name="hingenommen.docx",
        comments=["antragscheck: ignore section-too-short – Pflichtaufgabe"],
    )
    code, output = run("--format", "sarif", *FILES, str(accepted.relative_to(workdir)))
    log = json.loads(output)
    jsonschema.validate(log, json.loads(SCHEMA.read_text(encoding="utf-8")))
    (run_,) = log["runs"]
    rules = {r["id"]: r for r in run_["tool"]["driver"]["rules"]}
    assert rules["P301"]["shortDescription"]["text"]
    assert rules["P301"]["fullDescription"]["text"] and "Besteht" in rules["P301"]["help"]["text"]
    results = run_["results"]
    share = next(r for r in results if r["ruleId"] == "P301")
    location = share["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "antraege/ohne_stellenanteil.docx"
    assert location["region"]["startLine"] == 2  # the paragraph of the heading
    assert share["message"]["text"].startswith("1 Antrag, Stellenausstattung: ")
    missing_year = next(r for r in results if r["ruleId"] == "T601")
    assert missing_year["locations"][0]["physicalLocation"]["region"]["startLine"] == 1
    assert share["partialFingerprints"]
    assert rules[share["ruleId"]] is run_["tool"]["driver"]["rules"][share["ruleIndex"]]
    suppressed = next(r for r in results if r["ruleId"] == "S103")
    assert suppressed["suppressions"][0]["justification"].endswith("Pflichtaufgabe")


def test_sarif_fingerprints_survive_edits_elsewhere(workdir: Path, make_docx: MakeDocx) -> None:
    def fingerprints(anlass: str) -> dict[str, str]:
        path = workdir / "antraege" / "a.docx"
        path.unlink(missing_ok=True)
        make_docx(complete_body(anlass=para(anlass)), name="x.docx").rename(path)
        log = json.loads(run("--format", "sarif", "antraege/a.docx")[1])
        return {r["ruleId"]: r["partialFingerprints"] for r in log["runs"][0]["results"]}

    first = fingerprints("Kurz.")
    second = fingerprints("Kurz, aber anders formuliert.")
    assert first == second and "S103" in first


def test_junit_one_case_per_file_and_rule_one_failure_per_finding(workdir: Path) -> None:
    code, output = run("--format", "junit", *FILES)
    root = ET.fromstring(output)
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == FILES
    cases = suites[0].findall("testcase")
    assert len({c.get("name") for c in cases}) == len(cases)
    failed = [c.get("name") for c in cases if c.find("failure") is not None]
    assert failed == [
        "position-share-missing (P301)",
        "org-unit-missing (P303)",
        "pay-grade-missing (P304)",
        "plan-year-missing (T601)",
    ]
    assert root.get("failures") == "5"
    (broken,) = suites[1].findall("testcase")
    assert broken.get("name") == "unreadable-document (D100)"


def test_github_annotations_escape_as_the_format_requires() -> None:
    assert escape_data("50% fertig\r\nneu") == "50%25 fertig%0D%0Aneu"
    assert escape_property("a:b,c%") == "a%3Ab%2Cc%25"


def test_github_annotations_and_step_summary(workdir: Path, make_docx: MakeDocx) -> None:
    odd = make_docx(complete_body(auswirkungen=para("entfällt")), name="Antrag, Amt: 50%.docx")
    summary = workdir / "summary.md"
    code, output = run(
        "--format", "github", *FILES, odd.name, env={"GITHUB_STEP_SUMMARY": str(summary)}
    )
    lines = output.splitlines()
    assert lines[1].startswith(
        "::error file=antraege/ohne_stellenanteil.docx,line=2,title=position-share-missing (P301)::"
    )
    assert any(line.startswith("::notice ") for line in lines)
    assert all(line.startswith("::") for line in lines)
    # The odd file name is escaped in the property.
    assert any("file=Antrag%2C Amt%3A 50%25.docx" in line for line in lines)
    table = summary.read_text(encoding="utf-8")
    assert "| Datei | Schweregrad | Regel | Abschnitt | Meldung |" in table
    assert "position-share-missing (P301)" in table


def test_statistics_count_per_rule(workdir: Path) -> None:
    code, output = run("--format", "concise", "--statistics", *FILES)
    assert "Befunde je Regel:" in output
    assert "    1  P301   position-share-missing" in output
    _, table = run("--statistics", *FILES)
    assert "Befunde je Regel:" in table
    _, as_json = run("--format", "json", "--statistics", *FILES)
    rows = json.loads(as_json)["statistics"]
    assert {"rule": "P301", "name": "position-share-missing", "count": 1} in rows


@pytest.mark.parametrize("fmt", ["table", "concise", "json", "sarif", "junit", "github"])
def test_output_file_is_written_atomically_and_never_overwritten(workdir: Path, fmt: str) -> None:
    target = workdir / f"bericht.{fmt}"
    code, output = run("--format", fmt, "-o", str(target), *FILES)
    assert code == 1
    assert target.read_text(encoding="utf-8").strip()
    assert "position-share-missing" not in output
    before = target.read_bytes()
    code, output = run("--format", fmt, "-o", str(target), *FILES)
    assert code == 2 and "--force" in output
    assert target.read_bytes() == before
    assert run("--format", fmt, "-o", str(target), "--force", *FILES)[0] == 1
    assert [p.name for p in workdir.iterdir() if p.name.startswith(".~tmp")] == []


def test_no_colour_when_piped_and_colour_when_forced(workdir: Path) -> None:
    plain = run(*FILES, env={"FORCE_COLOR": "", "NO_COLOR": ""})[1]
    assert "\x1b[" not in plain
    forced = run(*FILES, env={"FORCE_COLOR": "1", "NO_COLOR": ""})[1]
    assert "\x1b[" in forced
    no_color = run(*FILES, env={"FORCE_COLOR": "1", "NO_COLOR": "1"})[1]
    assert "\x1b[31" not in no_color and "\x1b[1;31" not in no_color


def test_the_streamed_json_of_an_audit_is_the_check_json(ruleset: RuleSet) -> None:
    import io

    from antragscheck.models import Report
    from antragscheck.pipeline import check_path
    from antragscheck.report import json as json_report

    results = [check_path(path, ruleset) for path in sorted(SAMPLES.glob("*.docx"))]
    streamed = io.StringIO()
    json_report.stream(results, streamed)
    assert streamed.getvalue() == json_report.render(Report.of(results))
