"""Stage 4, rules: rule files as data, evaluated against the extracted request.

Knows no terminal and no output format.
"""

from antragscheck.rules.evaluate import evaluate, sort_findings
from antragscheck.rules.load import RuleFileError, RuleSet, default_rules_dir, load_rules

__all__ = [
    "RuleFileError",
    "RuleSet",
    "default_rules_dir",
    "evaluate",
    "load_rules",
    "sort_findings",
]
