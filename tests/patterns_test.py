"""Patterns from rule files run in linear time; what cannot is refused at load, in German."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from antragscheck import patterns
from antragscheck.docxwrite import para, write_docx
from antragscheck.patterns import PatternError, compile_user_pattern, first_match
from antragscheck.rules import RuleFileError, default_rules_dir, load_rules
from tests.helpers import complete_body

RULE = """
rules:
  - id: X901
    name: hostile-pattern
    severity: warning
    summary: Test.
    explanation: Test.
    message: "Gefunden: {{text}}"
    check: {{type: pattern, pattern: '{pattern}', scope: document, mode: absent}}
"""


def _rules(tmp_path: Path, pattern: str) -> Path:
    path = tmp_path / "regeln.yaml"
    path.write_text(RULE.format(pattern=pattern), encoding="utf-8")
    return path


def _check_json(rules: Path, doc: Path) -> subprocess.CompletedProcess[str]:
    """`antragscheck --rules RULES --format json DOC` in its own process, bounded: a
    pattern that hangs the check fails the test instead of hanging the test run."""
    return subprocess.run(
        [sys.executable, "-m", "antragscheck", "--rules", str(rules), "--format", "json", str(doc)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
    )


def test_a_catastrophic_pattern_does_not_hang_the_check(tmp_path: Path) -> None:
    # With a backtracking engine `(a+)+$` on 40 "a" and a "b" takes longer than the
    # universe is old; in linear time it is instant.  The subprocess bound turns a
    # regression into a failure instead of a hung test run.
    rules = _rules(tmp_path, "(a+)+$")
    doc = write_docx(tmp_path / "antrag.docx", complete_body(vermerke=para("a" * 40 + "b")))
    done = _check_json(rules, doc)
    assert done.returncode in (0, 1), done.stderr
    assert '"name": "hostile-pattern"' not in done.stdout  # nothing ends in "a"


@pytest.mark.parametrize(
    ("pattern", "said"),
    [
        ("(?<=Stelle)n", "Look-behind"),
        ("(?!Stelle)", "Look-ahead"),
        ("(Stelle)\\1", "Rückverweise"),
        ("(?>Stelle)", "atomare Gruppen"),
        ("(unclosed", "ungültiger regulärer Ausdruck"),
    ],
)
def test_patterns_that_cannot_run_in_linear_time_are_refused_at_load(
    tmp_path: Path, pattern: str, said: str
) -> None:
    path = _rules(tmp_path, pattern)
    with pytest.raises(RuleFileError) as error:
        load_rules([default_rules_dir(), path])
    text = str(error.value)
    assert str(path) in text and "X901" in text and said in text


def test_word_and_space_classes_know_german_text() -> None:
    assert compile_user_pattern(r"\w+").search("  Änderungsmaß").group(0) == "Änderungsmaß"
    assert compile_user_pattern(r"EG\s+12").search("EG\u00a012") is not None  # no-break space
    assert compile_user_pattern(r"grüne liste").search("GRÜNE LISTE") is not None
    assert compile_user_pattern(r"Liste\Z").search("Grüne Liste") is not None
    assert compile_user_pattern("[^]x]+").search("]ab").group(0) == "ab"
    with pytest.raises(PatternError):
        compile_user_pattern("x" * 10_001)


def test_every_default_rule_pattern_runs_in_linear_time() -> None:
    # Loading compiles every pattern of every rule with the linear-time engine.
    assert load_rules([default_rules_dir()]).rules


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="ab(|)+*?", max_size=12), st.text(alphabet="ab", max_size=60))
def test_any_pattern_either_compiles_and_runs_or_is_refused(pattern: str, text: str) -> None:
    try:
        compiled = compile_user_pattern(pattern)
    except PatternError as error:
        assert "Ausdruck" in str(error)
        return
    list(compiled.finditer(text))
    compiled.search(text)


PLACEHOLDER_RULE = """
rules:
  - id: X902
    name: own-placeholder
    severity: warning
    summary: Test.
    explanation: Test.
    message: "{section}: {text}"
    check: {type: placeholder, patterns: ['(?-i)ZZZ', 'bitte ergänzen', 'XYZ']}
"""


def test_placeholder_patterns_report_in_their_order_each_with_its_own_flags(
    tmp_path: Path,
) -> None:
    # The patterns of a placeholder check are searched together first; what is
    # reported is still the first pattern in the rule's order that matches, and the
    # "(?-i)" of one pattern does not make the others case-sensitive.
    rules = tmp_path / "regeln.yaml"
    rules.write_text(PLACEHOLDER_RULE, encoding="utf-8")
    body = complete_body(
        bisher=para("zzz XYZ, bitte ergänzen"), vermerke=para("zzz [Bitte Ergänzen]")
    )
    doc = write_docx(tmp_path / "antrag.docx", body)
    done = _check_json(rules, doc)
    assert done.returncode in (0, 1), done.stderr
    said = [line.strip() for line in done.stdout.splitlines() if "Aufgabenwahrnehmung: " in line]
    assert said == ['"message": "3.2 Bisherige Aufgabenwahrnehmung: bitte ergänzen",'], said
    assert '"message": "4 Stellenvermerke: Bitte Ergänzen",' in done.stdout


def test_a_kept_placeholder_answer_is_only_for_the_same_patterns_and_text() -> None:
    """Answers are kept for the next request from the same template; another rule's
    patterns, another text or the case-sensitive question gets its own answer."""
    for _ in range(2):  # the second round is answered from what was kept
        found = first_match(["xxx", "bitte"], "Bitte ergänzen")
        assert found is not None and found.group(0) == "Bitte"
        assert first_match(["xxx", "ergänzen"], "Bitte ergänzen").group(0) == "ergänzen"  # type: ignore[union-attr]
        assert first_match(["xxx", "bitte"], "Ergänzen") is None
        assert first_match(["xxx", "bitte"], "Bitte ergänzen", ignore_case=False) is None


def test_patterns_searched_together_are_compiled_alone_only_when_a_text_needs_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A placeholder check's patterns are searched together; where a text matches none
    (most do) one program is compiled, the union: each pattern on its own is only
    checked (RE2 parses it). A text that matches compiles the patterns it tries."""
    compiled: list[str] = []
    engine = patterns._re2_compile

    def spy(translated: str, ignore_case: bool, max_mem: int = 0) -> object:
        if not max_mem:
            compiled.append(translated)
        return engine(translated, ignore_case, max_mem)

    monkeypatch.setattr(patterns, "_re2_compile", spy)
    own = ["Muster\\s+eins", "muster-zwei", "\\bmuster drei\\b"]  # in no other test
    assert not patterns.matches_any(own, "Ein Antrag ohne Vorlagentext.")
    assert len(compiled) == 1 and compiled[0].count("(?:") == 3
    found = patterns.first_match(own, "Hier steht muster-zwei.")
    assert found is not None and found.group(0) == "muster-zwei"
    assert len(compiled) == 3  # and the first two on their own, in their order


@pytest.mark.parametrize(
    ("bad", "said"),
    [
        ("a)(b", "unexpected )"),
        ("[z-a]", "invalid character class range"),
        ("(?=x)", "Look-ahead"),
        ("x" * 10_001, "zu lang"),
        ("(?:\\w\\s){500}", "pattern too large"),  # parses, but over the memory bound
    ],
)
def test_a_bad_pattern_searched_with_others_gets_its_own_message(bad: str, said: str) -> None:
    for search in (patterns.matches_any, patterns.first_match):
        with pytest.raises(PatternError, match=re.escape(said)):
            search(["bitte ergänzen", bad], "Text ohne Treffer")
