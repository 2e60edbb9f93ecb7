"""`antragscheck rules test` as a rule author reads it: which example of which rule,
what came out instead, and the council index an example brings.  (Written against
surviving mutants: each test fails when what the author reads changes.)"""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from antragscheck.cli import main


def rules_test(tmp_path: Path, rules: str) -> tuple[int, list[str]]:
    path = tmp_path / "eigene.yaml"
    path.write_text(rules, encoding="utf-8")
    result = CliRunner().invoke(main, ["rules", "test", str(path)], env={"COLUMNS": "200"})
    assert "Traceback" not in result.output
    return result.exit_code, [" ".join(line.split()) for line in result.output.splitlines()]


TODO = """\
rules:
  - id: X5
    name: no-todo
    severity: warning
    summary: t
    explanation: t
    message: "TODO: {text}"
    check: {type: pattern, pattern: 'TODO\\w*', mode: absent}
    examples:
      pass: |
        TODO1 TODO2
        3.1 Anlass
        TODO3 TODO4 TODO5
      fail: |
        3.1 Anlass
        Alles erledigt.
"""


def test_a_broken_example_says_what_came_out_instead(tmp_path: Path) -> None:
    code, lines = rules_test(tmp_path, TODO)
    assert code == 1
    # one example of each kind: no number
    assert [line for line in lines if line.startswith("│ X5")] == [
        "│ X5 no-todo │ besteht │ ✗ siehe unten │",
        "│ X5 no-todo │ fällt durch │ ✗ siehe unten │",
    ]
    # the first three findings (the title's as "Dokument"), and how many more
    assert (
        "X5 no-todo, Beispiel besteht: erwartet keinen Befund, erhalten: Dokument: „TODO: "
        "TODO1“; Dokument: „TODO: TODO2“; anlass: „TODO: TODO3“ und 2 weitere"
    ) in lines
    assert "X5 no-todo, Beispiel fällt durch: erwartet einen Befund, erhalten: keinen Befund" in (
        lines
    )
    assert lines[-1] == "0 Beispiele in Ordnung, 2 fehlerhaft."


def test_three_findings_are_all_shown(tmp_path: Path) -> None:
    code, lines = rules_test(tmp_path, TODO.replace(" TODO4 TODO5", ""))
    assert code == 1
    assert (
        "X5 no-todo, Beispiel besteht: erwartet keinen Befund, erhalten: Dokument: „TODO: "
        "TODO1“; Dokument: „TODO: TODO2“; anlass: „TODO: TODO3“"
    ) in lines


def test_several_examples_are_numbered_from_one(tmp_path: Path) -> None:
    rules = TODO.replace(
        "      pass: |\n        TODO1 TODO2\n        3.1 Anlass\n        TODO3 TODO4 TODO5\n",
        '      pass: ["3.1 Anlass\\nErledigt.", "3.1 Anlass\\nAuch erledigt."]\n',
    ).replace(
        "      fail: |\n        3.1 Anlass\n        Alles erledigt.\n",
        '      fail: ["3.1 Anlass\\nTODO", {text: "3.1 Anlass\\nTODOs", expect: {section: anlass,'
        ' message: "TODO: TODOs"}}]\n',
    )
    code, lines = rules_test(tmp_path, rules)
    assert code == 0
    assert [line for line in lines if line.startswith("│ X5")] == [
        "│ X5 no-todo │ besteht 1 │ ✓ │",
        "│ X5 no-todo │ besteht 2 │ ✓ │",
        "│ X5 no-todo │ fällt durch 1 │ ✓ │",
        "│ X5 no-todo │ fällt durch 2 │ ✓ │",
    ]
    assert lines[-1] == "4 Beispiele in Ordnung, 0 fehlerhaft."


NOT_DECIDED = """\
rules:
  - id: X6
    name: paper-not-decided
    severity: info
    summary: t
    explanation: t
    check:
      type: council-paper-decided
      decided: ['beschlossen']
      undecided: ['vertagt']
    message: "Zu {reference} kein Beschluss ({state})."
    examples:
      council:
        - reference: GRDrs 240/2021
          consultations:
            - {date: 2021-04-15, meeting: 7. Sitzung des Stadtrats, result: vertagt}
      pass: |
        2 Schaffungskriterien
        Ohne Drucksache.
      fail:
        - text: |
            2 Schaffungskriterien
            Auf die GRDrs. 240/2021 wird verwiesen.
          expect: {message: "zuletzt 7. Sitzung des Stadtrats am 15.04.2021: vertagt"}
"""


def test_an_example_council_index_names_a_meeting_without_a_body(tmp_path: Path) -> None:
    code, lines = rules_test(tmp_path, NOT_DECIDED)
    assert lines[-1] == "2 Beispiele in Ordnung, 0 fehlerhaft." and code == 0


def test_an_example_may_suppress_its_rule_and_an_expectation_names_what_it_wanted(
    tmp_path: Path,
) -> None:
    rules = TODO.replace(
        "      pass: |\n        TODO1 TODO2\n        3.1 Anlass\n        TODO3 TODO4 TODO5\n",
        "      pass: |\n        [Kommentar] antragscheck: ignore X5 – hier erlaubt\n"
        "        3.1 Anlass\n        TODO\n",
    ).replace(
        "      fail: |\n        3.1 Anlass\n        Alles erledigt.\n",
        '      fail:\n        - text: "3.1 Anlass\\nErledigt."\n'
        "          expect: {section: anlass, message: 'TODO: TODO'}\n"
        '        - "3.1 Anlass\\nTODO1 TODO2 TODO3 TODO4"\n',
    )
    code, lines = rules_test(tmp_path, rules)
    assert code == 1
    assert "│ X5 no-todo │ besteht │ ✓ │" in lines  # suppressed in the example: not counted
    assert (
        "X5 no-todo, Beispiel fällt durch 1: erwartet Abschnitt anlass, Meldung mit „TODO: "
        "TODO“, erhalten: keinen Befund"
    ) in lines
    assert lines[-1] == "2 Beispiele in Ordnung, 1 fehlerhaft."


def test_four_findings_are_three_and_one_more(tmp_path: Path) -> None:
    code, lines = rules_test(tmp_path, TODO.replace(" TODO4 TODO5", " TODO4"))
    assert code == 1
    assert (
        "X5 no-todo, Beispiel besteht: erwartet keinen Befund, erhalten: Dokument: „TODO: "
        "TODO1“; Dokument: „TODO: TODO2“; anlass: „TODO: TODO3“ und 1 weitere"
    ) in lines


DATE = """\
rules:
  - id: X7
    name: decision-date
    severity: info
    summary: t
    explanation: t
    check:
      type: council-decision-date
      bodies: {Gemeinderat: [gemeinderat]}
    message: "{date}: {dates}"
    examples:
      council:
        - reference: GRDrs 234/2021
          consultations:
            - {date: 2021-03-10, body: Verwaltungsausschuss, result: vorberaten}
      pass: |
        2 Schaffungskriterien
        Ohne Beschluss.
      fail:
        - text: |
            2 Schaffungskriterien
            Mit der GRDrs. 234/2021 beschloss der Gemeinderat am 10. März 2021 die Strategie.
          expect: {message: "10.03.2021: Verwaltungsausschuss am 10.03.2021"}
"""


def test_an_example_council_index_keeps_the_body_of_a_consultation(tmp_path: Path) -> None:
    code, lines = rules_test(tmp_path, DATE)
    assert lines[-1] == "2 Beispiele in Ordnung, 0 fehlerhaft." and code == 0
