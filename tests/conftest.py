from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from antragscheck.docxwrite import write_docx
from antragscheck.rules import RuleSet, load_rules

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
SHARED = Path(os.environ.get("ANTRAGSCHECK_SHARED", ROOT.parent / "shared"))
CORPUS = SHARED / "corpus"
SEED = SHARED / "seed" / "stellenschaffung_smart_city_2022.txt"

needs_corpus = pytest.mark.skipif(
    not (CORPUS / "MANIFEST.tsv").is_file(), reason="../shared/corpus is not present (fresh clone)"
)
needs_seed = pytest.mark.skipif(not SEED.is_file(), reason="../shared/seed is not present")


@pytest.fixture(scope="session")
def ruleset() -> RuleSet:
    return load_rules()


MakeDocx = Callable[..., Path]


@pytest.fixture
def make_docx(tmp_path: Path) -> MakeDocx:
    """Write a body (WordprocessingML snippets) as a German-Word-style .docx."""
    counter = iter(range(1, 10_000))

    def make(body: str, name: str | None = None, **options: object) -> Path:
        path = tmp_path / (name or f"antrag{next(counter)}.docx")
        return write_docx(path, body, **options)

    return make
