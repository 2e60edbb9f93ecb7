"""Baselines: today's findings recorded in a JSON file, so that `check --baseline`
reports and fails only on new ones.  The file format (version 1):

    {"version": 1, "tool": "antragscheck",
     "findings": [{"path", "rule", "name", "section", "fingerprint", "message"}, …]}

Only the fingerprints are read back; the other fields are for people reading the file.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from antragscheck import german
from antragscheck.models import FileResult, Finding
from antragscheck.suppress import mark

BASELINE_VERSION = 1


def fingerprint(path: str, finding: Finding) -> str:
    """Stable identity of a finding: file, rule and section; editing text elsewhere in
    the document does not change it."""
    import hashlib  # here: a check without --baseline needs none of this

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
    import json

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
            key = fingerprint(result.path, finding)
            if finding.suppressed is None and remaining[key] > 0:
                remaining[key] -= 1
                finding = mark(finding, "baseline", f"bekannt aus {source}")
            findings.append(finding)
        marked.append(dataclasses.replace(result, findings=findings))
    return marked
