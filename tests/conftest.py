from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

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


def pytest_configure(config: pytest.Config) -> None:
    """Under mutmut (the tests run inside its process, its script is the main module),
    audit workers are forked instead of spawned: a spawned worker would first run
    mutmut's script again, outside mutmut's folder, and fail.  A forked worker carries
    the mutant under test, so the pool's mutants are tested too.  Spawn itself stays
    tested by the normal runs (tests marked `spawn`)."""
    main = sys.modules.get("__main__")
    mutmut = Path(getattr(main, "__file__", None) or "").name == "mutmut"
    if not mutmut or multiprocessing.get_context.__name__ == "forking":
        return
    spawning = multiprocessing.get_context

    def forking(method: str | None = None) -> Any:
        return spawning("fork" if method == "spawn" else method)

    multiprocessing.get_context = forking  # type: ignore[assignment]


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
