"""Accepting findings without disabling rules: per-file-ignores, suppressions written in
the document, and baselines.  A suppressed finding stays in the report, marked with who
accepted it and why; it no longer counts for the exit code."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
from collections import Counter
from collections.abc import Iterable
from pathlib import Path, PurePath

from antragscheck import german
from antragscheck.models import FileResult, Finding, Suppressed, Suppression
from antragscheck.rules.select import finding_matches
from antragscheck.safetext import decoded_name


def _mark(finding: Finding, by: str, reason: str) -> Finding:
    if finding.suppressed is not None:
        return finding
    return dataclasses.replace(finding, suppressed=Suppressed(by=by, reason=reason))


def by_document(findings: list[Finding], suppressions: Iterable[Suppression]) -> list[Finding]:
    """Apply "antragscheck: ignore <rule> – <Begründung>" from comments and properties.
    A suppression without a reason suppresses nothing (a bare comment must not turn a
    blocking error into a pass); the rule suppression-without-reason reports it."""
    result = list(findings)
    for suppression in suppressions:
        if not suppression.reason:
            continue
        reason = f"{suppression.source}: {suppression.reason}"
        result = [
            _mark(f, "document", reason)
            if any(finding_matches(s, f) for s in suppression.rules)
            and f.name not in ("suppression-without-reason", "suppression-unknown-rule")
            else f
            for f in result
        ]
    return result


def by_config(result: FileResult, ignored: list[tuple[str, str]], source: str) -> FileResult:
    """Apply per-file-ignores: (selector, glob) pairs that apply to this file."""
    if not ignored:
        return result
    findings = []
    for finding in result.findings:
        glob = next((g for s, g in ignored if finding_matches(s, finding)), None)
        if glob is not None:
            finding = _mark(finding, "config", f"per-file-ignores „{glob}“ in {source}")
        findings.append(finding)
    return dataclasses.replace(result, findings=findings)


# -- baselines ------------------------------------------------------------------------

BASELINE_VERSION = 1


def display_path(path: Path) -> str:
    """The path as reports and baselines name it: relative to the working folder when
    below it, with forward slashes, so a baseline works on Windows and Linux alike.
    Bytes of a name that are not UTF-8 are written as \\xNN."""
    return decoded_name(_relative(path))


def _relative(path: Path) -> str:
    if not path.is_absolute() and ".." not in path.parts:
        return path.as_posix()  # already relative to the working folder
    try:
        relative = os.path.relpath(path, Path.cwd())
    except ValueError:  # another drive on Windows
        return path.as_posix()
    if relative.startswith(".."):
        return path.as_posix()
    return PurePath(relative).as_posix()


def fingerprint(path: str, finding: Finding) -> str:
    """Stable identity of a finding: file, rule and section; editing text elsewhere in
    the document does not change it."""
    key = "\0".join((path.replace("\\", "/"), finding.name, finding.section or ""))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:24]


def baseline_data(results: Iterable[FileResult]) -> dict[str, object]:
    entries = [
        {
            "path": result.path,
            "rule": finding.rule,
            "name": finding.name,
            "section": finding.section,
            "fingerprint": fingerprint(result.path, finding),
            "message": finding.message,
        }
        for result in results
        if result.document_type is not None  # a damaged file is never a known state
        for finding in result.active
    ]
    return {"version": BASELINE_VERSION, "tool": "antragscheck", "findings": entries}


class BaselineError(Exception):
    pass


def load_baseline(path: Path) -> Counter[str]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        entries = data["findings"]
        return Counter(str(entry["fingerprint"]) for entry in entries)
    except FileNotFoundError:
        raise BaselineError(f"Die Baseline {path} gibt es nicht.") from None
    except OSError as exc:
        raise BaselineError(
            f"Die Baseline {path} ist nicht lesbar: {german.os_error(exc)}."
        ) from None
    except (UnicodeDecodeError, ValueError, KeyError, TypeError):
        raise BaselineError(
            f"Die Baseline {path} ist keine gültige antragscheck-Baseline. Bitte mit "
            "`antragscheck baseline` neu erzeugen."
        ) from None


def by_baseline(results: list[FileResult], known: Counter[str], source: str) -> list[FileResult]:
    """Mark as known the findings recorded in the baseline (as many of each as it has).
    A file that cannot be read is never known: a damaged file must not read as
    "keine Befunde" because it was damaged when the baseline was taken."""
    remaining = Counter(known)
    marked = []
    for result in results:
        if result.document_type is None:
            marked.append(result)
            continue
        findings = []
        for finding in result.findings:
            mark = fingerprint(result.path, finding)
            if finding.suppressed is None and remaining[mark] > 0:
                remaining[mark] -= 1
                finding = _mark(finding, "baseline", f"bekannt aus {source}")
            findings.append(finding)
        marked.append(dataclasses.replace(result, findings=findings))
    return marked
