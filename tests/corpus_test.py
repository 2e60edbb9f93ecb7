"""The reader over 538 real-world Word files: each parses or is unreadable with a cause."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from antragscheck.pipeline import check_path
from antragscheck.read import UnreadableDocument, read_blocks
from antragscheck.rules import RuleSet
from tests.conftest import CORPUS, needs_corpus


def corpus_files() -> list[Path]:
    lines = (CORPUS / "MANIFEST.tsv").read_text(encoding="utf-8").splitlines()[1:]
    return [CORPUS / line.split("\t")[0] for line in lines if line.strip()]


@needs_corpus
def test_every_corpus_file_parses_or_is_unreadable_with_a_cause(ruleset: RuleSet) -> None:
    parsed = 0
    causes: Counter[str] = Counter()
    for path in corpus_files():
        unreadable: UnreadableDocument | None = None
        try:
            read_blocks(path)
            parsed += 1
        except UnreadableDocument as error:
            assert error.cause and error.message, path
            causes[error.cause] += 1
            unreadable = error
        # The whole check never raises either, and agrees with the reader: a file the
        # reader refuses is one unreadable-document finding with the reader's message;
        # a file it reads gets a document type.
        result = check_path(path, ruleset)
        if unreadable is None:
            assert result.document_type is not None, path
            assert "unreadable-document" not in {f.name for f in result.findings}, path
        else:
            assert result.document_type is None, path
            found = [(f.name, f.message) for f in result.findings]
            assert found == [("unreadable-document", unreadable.message)], path
    assert parsed + sum(causes.values()) == len(corpus_files())
    assert parsed >= 500
    print(f"\ncorpus: {parsed} parsed, unreadable by cause: {dict(sorted(causes.items()))}")


@needs_corpus
def test_known_unreadable_corpus_files_get_their_specific_cause() -> None:
    expected = {
        "poi/test-data/poifs/protected_agile.docx": "encrypted",
        "poi/test-data/document/truncated62886.docx": "corrupt-zip",
        "poi/test-data/document/ExternalEntityInText.docx": "xml-entities",
    }
    for name, cause in expected.items():
        try:
            read_blocks(CORPUS / name)
        except UnreadableDocument as error:
            assert error.cause == cause, name
        else:
            raise AssertionError(f"{name} should be unreadable")


@needs_corpus
def test_strict_and_alternate_main_part_are_read() -> None:
    strict = read_blocks(CORPUS / "docx2python/tests/resources/strict.docx")
    assert any(b.text.strip() for b in strict)
    alternate = read_blocks(CORPUS / "pandoc/test/docx/alternate_document_path.docx")
    assert any(b.text.strip() for b in alternate)
