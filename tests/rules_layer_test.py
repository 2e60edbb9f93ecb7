"""The rules layer around the check types: selecting and adjusting rules, the settings
that decide the exit code, suppressions, evaluation order, and what a rule file may say.
(Written against surviving mutants: each test names the behaviour it guards.)"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from pathlib import Path

import pytest
from pydantic import ValidationError

from antragscheck.config import ConfigError
from antragscheck.doctypes import DocumentType
from antragscheck.models import Antrag, FileResult, Finding, Severity, Suppressed, Suppression
from antragscheck.pipeline import analyse
from antragscheck.read.plain import document_from_text
from antragscheck.rules import RuleSet, default_rules_dir, evaluate, load_rules
from antragscheck.rules.checks.base import matches
from antragscheck.rules.evaluate import sort_findings
from antragscheck.rules.schema import Examples, Expect, Rule
from antragscheck.rules.select import configure, unknown_selectors
from antragscheck.settings import Options, Resolver, UnknownDocumentType
from antragscheck.spec import validate
from antragscheck.suppress import by_config, by_document


@pytest.mark.parametrize(
    ("selector", "selected"),
    [
        ("S101", True),
        (" S101 ", True),
        ("section-missing", True),
        ("S1", True),
        ("S", True),
        ("S2", False),
        ("s1", False),  # a prefix is an id prefix: capitals
        ("section", False),  # names are never prefixes
        ("", False),
    ],
)
def test_selectors(selector: str, selected: bool) -> None:
    assert matches(selector, "S101", "section-missing") is selected


def test_configure_selects_ignores_and_adjusts_but_keeps_the_reader(ruleset: RuleSet) -> None:
    chosen = configure(ruleset, ["S1"], ["S102"], {"S10": Severity.info, "D100": Severity.warning})
    ids = [r.id for r in chosen.rules]
    expected = [r.id for r in ruleset.rules if r.id.startswith("S1") and r.id != "S102"]
    assert ids == [*expected, "D100"] and "S101" in ids
    assert {r.id: r.severity for r in chosen.rules}["S101"] is Severity.info
    assert {r.id: r.severity for r in chosen.rules}["D100"] is Severity.warning
    ignored = configure(ruleset, None, ["D100", "unreadable-document", "R"])
    assert "D100" in [r.id for r in ignored.rules]  # the reader's rule stays
    assert not any(r.id.startswith("R") for r in ignored.rules)
    assert configure(ruleset).rules == ruleset.rules
    assert unknown_selectors(ruleset, ["S101", "Z9", "no-such-rule", "X8"]) == [
        "Z9",
        "no-such-rule",
    ]


def finding(rule: str, severity: Severity, section: str | None = None, **extra: object) -> Finding:
    return Finding(rule=rule, name=f"rule-{rule.lower()}", severity=severity, section=section,
                   message="m", **extra)  # type: ignore[arg-type]  # fmt: skip


@pytest.mark.parametrize(
    ("fail_on", "severities", "fails"),
    [
        ("error", ["warning", "info"], False),
        ("error", ["error"], True),
        ("warning", ["warning"], True),
        ("warning", ["info"], False),
        ("info", ["info"], True),
        ("never", ["error"], False),
        ("info", [], False),
    ],
)
def test_fail_on_thresholds(
    tmp_path: Path, fail_on: str, severities: list[str], fails: bool
) -> None:
    settings = Resolver(Options(fail_on=fail_on)).for_path(tmp_path / "a.docx")
    result = FileResult(
        path="a.docx",
        document_type="stellenschaffung",
        findings=[finding(f"S{i}", Severity(s)) for i, s in enumerate(severities)],
    )
    assert settings.fails(result) is fails


def test_a_suppressed_error_does_not_fail(tmp_path: Path) -> None:
    settings = Resolver(Options()).for_path(tmp_path / "a.docx")
    result = by_config(
        FileResult(path="a.docx", document_type="x", findings=[finding("S1", Severity.error)]),
        [("S1", "*.docx")],
        "antragscheck.toml",
    )
    assert not settings.fails(result)
    (marked,) = result.findings
    assert marked.suppressed is not None and marked.suppressed.by == "config"
    assert marked.suppressed.reason == "per-file-ignores „*.docx“ in antragscheck.toml"


def test_fail_on_from_option_then_configuration_then_error(tmp_path: Path) -> None:
    config = tmp_path / "antragscheck.toml"
    config.write_text('fail-on = "warning"\n', encoding="utf-8")
    assert Resolver(Options(config=config)).for_path(tmp_path / "a.docx").fail_on == "warning"
    option = Resolver(Options(config=config, fail_on="never"))
    assert option.for_path(tmp_path / "a.docx").fail_on == "never"
    empty = tmp_path / "leer.toml"
    empty.write_text("", encoding="utf-8")
    assert Resolver(Options(config=empty)).for_path(tmp_path / "a.docx").fail_on == "error"


@pytest.mark.parametrize("key", ["select", "ignore", "severity", "per-file-ignores"])
def test_an_unknown_rule_in_the_configuration_names_its_key(tmp_path: Path, key: str) -> None:
    config = tmp_path / "antragscheck.toml"
    value = {
        "select": 'select = ["Z9"]',
        "ignore": 'ignore = ["Z9"]',
        "severity": '[severity]\nZ9 = "info"',
        "per-file-ignores": '[per-file-ignores]\n"*.docx" = ["Z9"]',
    }[key]
    config.write_text(value + "\n", encoding="utf-8")
    with pytest.raises(ConfigError) as error:
        Resolver(Options(config=config)).for_path(tmp_path / "a.docx")
    assert error.value.key == key and "Z9" in str(error.value)


def test_an_unknown_type_option_is_its_own_error(tmp_path: Path) -> None:
    with pytest.raises(UnknownDocumentType, match=r"'sachmittel'.*stellenschaffung"):
        Resolver(Options(type_id="sachmittel")).for_path(tmp_path / "a.docx")


def test_the_settings_digest_follows_rules_configuration_and_options(tmp_path: Path) -> None:
    def digest(options: Options) -> str:
        return Resolver(options).for_path(tmp_path / "a.docx").digest

    base = digest(Options())
    assert base == digest(Options()) and len(base) == 32
    assert digest(Options(select=("S1",))) != base
    assert digest(Options(ignore=("S101",))) != base
    assert digest(Options(type_id="stellenschaffung")) != base
    config = tmp_path / "antragscheck.toml"
    config.write_text('ignore = ["S101"]\n', encoding="utf-8")
    first = digest(Options(config=config))
    config.write_text('ignore = ["S102"]\n', encoding="utf-8")
    assert digest(Options(config=config)) != first
    extra = tmp_path / "extra.yaml"
    extra.write_text("rules: []\n", encoding="utf-8")
    with_extra = digest(Options(extra_rules=(extra,)))
    extra.write_text("rules: []\n# geändert\n", encoding="utf-8")
    assert digest(Options(extra_rules=(extra,))) != with_extra


def test_the_resolver_lists_each_type_and_rule_once(tmp_path: Path) -> None:
    resolver = Resolver(Options())
    assert resolver.rules() == [] and resolver.document_types() == []
    config = tmp_path / "b" / "antragscheck.toml"
    config.parent.mkdir()
    config.write_text('severity = { S101 = "info" }\n', encoding="utf-8")
    resolver.for_path(tmp_path / "a.docx")
    resolver.for_path(config.parent / "b.docx")
    ids = [r.id for r in resolver.rules()]
    assert len(ids) == len(set(ids)) and "S101" in ids
    first = next(r for r in resolver.rules() if r.id == "S101")
    assert first.severity is Severity.error  # the first rule set's, not the override
    assert [t.id for t in resolver.document_types()] == ["stellenschaffung"]
    assert resolver.for_path(tmp_path / "c.docx") is resolver.for_path(tmp_path / "a.docx")


def test_document_suppressions_need_a_reason_and_never_hide_their_own_rule() -> None:
    findings = [finding("S1", Severity.error), finding("A701", Severity.warning)]
    findings[1] = dataclasses.replace(findings[1], name="suppression-without-reason")
    with_reason = Suppression(rules=["S1", "A"], reason="geprüft", source="Kommentar", text="t")
    without = Suppression(rules=["S1"], reason=None, source="Kommentar", text="t")
    assert by_document(findings, [without]) == findings
    marked = by_document(findings, [with_reason])
    assert marked[0].suppressed is not None
    assert marked[0].suppressed.reason == "Kommentar: geprüft"
    assert marked[0].suppressed.by == "document"
    assert marked[1].suppressed is None
    # one suppression without a reason does not stop the next from applying
    assert by_document(findings, [without, with_reason]) == marked
    # a suppression never hides the finding that names its unknown rule
    unknown = dataclasses.replace(findings[1], rule="A702", name="suppression-unknown-rule")
    naming = Suppression(rules=["A", "X9"], reason="geprüft", source="Kommentar", text="t")
    assert by_document([unknown], [naming]) == [unknown]


def test_per_file_ignores_keep_an_earlier_suppression() -> None:
    earlier = dataclasses.replace(
        finding("S1", Severity.error), suppressed=Suppressed(by="document", reason="zuerst")
    )
    result = FileResult(path="a.docx", document_type="x", findings=[earlier])
    assert by_config(result, [], "x") is result
    (kept,) = by_config(result, [("S1", "*")], "x").findings
    assert kept.suppressed is not None and kept.suppressed.reason == "zuerst"


def test_findings_sort_by_section_order_then_severity_then_rule(ruleset: RuleSet) -> None:
    doc_type = ruleset.document_types[0]
    unsorted = [
        finding("S2", Severity.warning, "anlass"),
        finding("S1", Severity.warning, "anlass"),
        finding("S3", Severity.error, "anlass"),
        finding("S4", Severity.info, None),
        finding("S5", Severity.error, "antrag"),
        finding("S6", Severity.error, "kosten"),  # another type's section: after all
    ]
    ordered = [f.rule for f in sort_findings(unsorted, doc_type)]
    assert ordered == ["S4", "S5", "S3", "S1", "S2", "S6"]
    assert [f.rule for f in sort_findings(unsorted, None)] == ["S3", "S5", "S6", "S1", "S2", "S4"]


def test_a_requests_two_findings_come_in_section_order(ruleset: RuleSet) -> None:
    long = " ".join(["Wort"] * 20)
    text = (
        "Stellenschaffung zum Stellenplan 2022\n1 Antrag, Stellenausstattung\nA\n"
        "2 Schaffungskriterien\nB\n3 Bedarf\n3.1 Anlass\nzu kurz\n"
        "3.2 Bisherige Aufgabenwahrnehmung\nC\n"
        f"3.3 Auswirkungen bei Ablehnung der Stellenschaffungen\n{long}\n"
    )
    antrag, doc_type = analyse(document_from_text(text), ruleset)
    chosen = configure(ruleset, select=["S101", "S103"]).rules  # S101 comes first
    found = [(f.rule, f.section) for f in evaluate(antrag, doc_type, chosen)]
    assert found == [("S103", "anlass"), ("S101", "stellenvermerke")]


def test_when_conditions_all_must_hold(ruleset: RuleSet) -> None:
    def names(text: str) -> set[str]:
        antrag, doc_type = analyse(document_from_text(text), ruleset)
        return {f.name for f in evaluate(antrag, doc_type, ruleset.rules)}

    # P301 runs only when section 1 has text; K402 only when section 2 claims workload.
    assert "position-share-missing" not in names("1 Antrag, Stellenausstattung\n")
    assert "position-share-missing" in names(
        "1 Antrag, Stellenausstattung\nEine Koordinierungsstelle.\n"
    )
    calm = "2 Schaffungskriterien\nGrüne Liste.\n3.1 Anlass\nText.\n"
    busy = "2 Schaffungskriterien\nMehrbelastung.\n3.1 Anlass\nText.\n"
    elsewhere = "3.1 Anlass\nMehrbelastung.\n"
    assert "workload-without-figures" not in names(calm)
    assert "workload-without-figures" in names(busy)
    assert "workload-without-figures" not in names(elsewhere)  # the pattern's scope


def test_when_field_and_document_types(tmp_path: Path, ruleset: RuleSet) -> None:
    path = tmp_path / "eigene.yaml"
    path.write_text(
        "rules:\n"
        "  - {id: W1, name: with-decision, severity: info, summary: s, explanation: e,\n"
        "     message: m, when: {field: {path: decisions}}, check: {type: section-order},\n"
        "     no_examples: nur zum Test}\n"
        "  - {id: W2, name: other-type, severity: info, summary: s, explanation: e,\n"
        "     message: m, document_types: [sachmittel], check: {type: section-present},\n"
        "     no_examples: nur zum Test}\n"
        "document_types:\n"
        "  - {id: sachmittel, name: S, sections: [{key: kosten, number: '1', title: Kosten}]}\n",
        encoding="utf-8",
    )
    loaded = load_rules([default_rules_dir(), path])
    text = (
        "Stellenschaffung zum Stellenplan 2022\n2 Schaffungskriterien\nGrüne Liste.\n"
        "1 Antrag, Stellenausstattung\nText.\n"
    )
    antrag, doc_type = analyse(document_from_text(text), loaded)
    found = {f.rule for f in evaluate(antrag, doc_type, loaded.rules)}
    assert "W1" not in found and "W2" not in found  # no decision; another type
    decided = text + "Der Gemeinderat beschloss am 25. März 2021 die Strategie.\n"
    antrag, doc_type = analyse(document_from_text(decided), loaded)
    assert "W1" in {f.rule for f in evaluate(antrag, doc_type, loaded.rules)}


def test_evaluate_calls_the_tick_before_each_document_rule(ruleset: RuleSet) -> None:
    antrag, doc_type = analyse(document_from_text("3.1 Anlass\nText.\n"), ruleset)
    ticks: list[int] = []
    evaluate(antrag, doc_type, ruleset.rules, lambda: ticks.append(1))
    document_rules = [r for r in ruleset.rules if r.check.stage == "document"]
    assert 0 < len(ticks) <= len(document_rules)


def test_each_rule_set_and_document_type_is_evaluated_with_its_own_rules(
    tmp_path: Path, ruleset: RuleSet
) -> None:
    # evaluate prepares the rules once per rule set and document type: a request never
    # gets the rules of another selection, type or changed list.
    path = tmp_path / "sachmittel.yaml"
    path.write_text(
        "document_types:\n"
        "  - {id: sachmittel, name: S, title_keywords: [Sachmittel],\n"
        "     sections: [{key: kosten, number: '1', title: Kosten},\n"
        "                {key: zweck, number: '2', title: Zweck},\n"
        "                {key: anhang, number: '3', title: Anhang},\n"
        "                {key: hinweis, number: '4', title: Hinweis, required: false}]}\n",
        encoding="utf-8",
    )
    loaded = load_rules([default_rules_dir(), path])
    staffing = analyse(document_from_text("Stellenschaffung zum Stellenplan 2022\n"), loaded)
    material = analyse(document_from_text("Sachmittel 2023\n2 Zweck\n1 Kosten\n"), loaded)
    assert (staffing[1].id, material[1].id) == ("stellenschaffung", "sachmittel")
    missing = configure(loaded, select=["S101"])
    order = configure(loaded, select=["S104"])

    def found(request: tuple[Antrag, DocumentType], rules: Sequence[Rule]) -> list[str]:
        return [f"{f.rule} {f.section}" for f in evaluate(*request, rules)]

    required = [f"S101 {s.key}" for s in staffing[1].sections if s.required]
    for _ in range(2):
        assert found(staffing, missing.rules) == required
        assert found(staffing, order.rules) == []
        assert found(material, order.rules) == ["S104 kosten"]  # 1 after 2
        assert found(material, missing.rules) == ["S101 anhang"]
    listed = list(missing.rules)
    assert found(staffing, listed) == required
    listed.remove(loaded.find("S101"))  # type: ignore[arg-type]
    assert found(staffing, listed) == []


def test_expectations_describe_and_match() -> None:
    hit = Finding(rule="S1", name="n", severity=Severity.error, section="anlass",
                  message="Der Abschnitt fehlt.")  # fmt: skip
    assert Expect().describe() == "ein Befund" and Expect().met_by(hit)
    assert Expect(section=None).describe() == "Abschnitt Dokument"
    assert not Expect(section=None).met_by(hit)
    assert Expect(section="anlass", message="FEHLT").met_by(hit)  # case does not matter
    assert not Expect(section="anlass", message="leer").met_by(hit)
    assert not Expect(section="antrag").met_by(hit)
    assert Expect(section="anlass", message="fehlt").describe() == (
        "Abschnitt anlass, Meldung mit „fehlt“"
    )


def test_examples_take_one_text_or_several() -> None:
    one = validate(Examples, {"pass": "a", "fail": "b"})
    assert one.passing == ["a"] and [e.text for e in one.failing] == ["b"]
    several = validate(
        Examples, {"pass": ["a", "c"], "fail": ["b", {"text": "d", "expect": {"message": "x"}}]}
    )
    assert several.listed() == [
        (True, "a", ""),
        (True, "c", ""),
        (False, "b", ""),
        (False, "d", "Meldung mit „x“"),
    ]
    with pytest.raises(ValidationError):
        validate(Examples, {"pass": [], "fail": "b"})


RULE = {
    "id": "X1",
    "name": "x-rule",
    "severity": "info",
    "summary": "s",
    "explanation": "e",
    "message": "m",
    "check": {"type": "section-order"},
}


@pytest.mark.parametrize(
    ("extra", "problem"),
    [
        ({"examples": {"pass": "a", "fail": "b"}, "no_examples": "weil"}, "schließen sich aus"),
        ({"no_examples": "  "}, "braucht eine Begründung"),
        ({"message": "{after} {words}"}, "erlaubt sind hier: {after}, {section}"),
        ({"link": "ftp://server/x"}, "weder eine Adresse"),
        ({"link": "docs/rules.md#a b"}, "weder eine Adresse"),
    ],
)
def test_what_a_rule_may_not_say(extra: dict[str, object], problem: str) -> None:
    with pytest.raises(ValidationError, match=problem):
        validate(Rule, {**RULE, **extra})


def test_links_and_message_fields_that_are_fine() -> None:
    url = validate(Rule, {**RULE, "link": "https://intranet.example.de/a#b"})
    assert url.help_uri == "https://intranet.example.de/a#b"
    docs = validate(Rule, {**RULE, "link": "docs/rules.md#x-rule"})
    assert docs.help_uri is None and docs.link == "docs/rules.md#x-rule"
    assert validate(Rule, {**RULE, "link": "#x-rule"}).help_uri is None
    assert validate(Rule, RULE).help_uri is None
    filled = validate(Rule, {**RULE, "message": "{section} nach {after}"})
    made = filled.finding("anlass", {"after": "2 Kriterien"})
    assert made.message == "{section} nach 2 Kriterien" and made.section == "anlass"
