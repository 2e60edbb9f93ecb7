"""The data flow stays visible in the imports: lower layers do not know upper ones, and
what several commands share exists once."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from click.testing import CliRunner

from antragscheck.cli import main
from antragscheck.commands import exists_message
from tests.conftest import ROOT, SAMPLES

PACKAGE = ROOT / "antragscheck"


def imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


@pytest.mark.parametrize(
    ("module", "forbidden"),
    [
        ("settings.py", ("antragscheck.commands", "antragscheck.cli")),
        ("rules", ("antragscheck.pipeline", "antragscheck.read", "antragscheck.commands")),
        ("suppress.py", ("antragscheck.commands", "antragscheck.pipeline")),
    ],
)
def test_lower_layers_do_not_import_the_wiring(module: str, forbidden: tuple[str, ...]) -> None:
    target = PACKAGE / module
    files = sorted(target.rglob("*.py")) if target.is_dir() else [target]
    wrong = {
        f"{path.relative_to(ROOT)}: {name}"
        for path in files
        for name in imports(path)
        if name.startswith(forbidden)
    }
    assert wrong == set()


def test_one_int_helper_one_severity_ranking_one_timeout_message() -> None:
    sources = {p: p.read_text(encoding="utf-8") for p in PACKAGE.rglob("*.py")}
    assert [p.name for p, s in sources.items() if "def _int(" in s or "def word_int(" in s] == [
        "styles.py"
    ]
    ranks = [p.name for p, s in sources.items() if "Severity.info: 1" in s or '"info": 1' in s]
    assert ranks == ["models.py"]
    timeouts = [p.name for p, s in sources.items() if "dauerte länger als" in s]
    assert timeouts == ["deadline.py"]


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.docx").write_bytes((SAMPLES / "ohne_drucksache.docx").read_bytes())
    (tmp_path / "ablage").mkdir()
    (tmp_path / "ablage" / "b.docx").write_bytes((SAMPLES / "platzhalter.docx").read_bytes())
    return tmp_path


@pytest.mark.parametrize(
    "args",
    [
        ["check", "a.docx", "-o", "ziel"],
        ["check", "a.docx", "--format", "json", "-o", "ziel"],
        ["baseline", "a.docx", "-o", "ziel"],
        ["annotate", "a.docx", "-o", "ziel"],
        ["vorlage", "-o", "ziel"],
        ["audit", "ablage", "--no-cache", "-j", "1", "--xlsx", "ziel"],
        ["audit", "ablage", "--no-cache", "-j", "1", "--csv", "ziel"],
        ["audit", "ablage", "--no-cache", "-j", "1", "--json", "ziel"],
        ["audit", "ablage", "--no-cache", "-j", "1", "--html", "ziel"],
    ],
    ids=lambda args: " ".join(a for a in args if a.startswith("-") or a.isalpha())[:40],
)
def test_every_writing_command_refuses_an_existing_file_the_same_way(
    folder: Path, args: list[str]
) -> None:
    target = folder / "ziel"
    target.write_text("vorher", encoding="utf-8")
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    assert exists_message("ziel") in " ".join(result.output.split())
    assert target.read_text(encoding="utf-8") == "vorher"
