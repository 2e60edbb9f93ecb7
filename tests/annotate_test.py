"""Feedback where clerks work: the annotated copy and the blank template."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from antragscheck.cli import main
from antragscheck.docxwrite import MAIN_DOCM, W_NS, docx_parts, para, write_package
from antragscheck.pipeline import analyse, check_path
from antragscheck.read import read_blocks
from antragscheck.read.plain import document_from_text
from antragscheck.rules import RuleSet
from tests.conftest import SAMPLES, SEED, MakeDocx, needs_seed
from tests.helpers import complete_body

W = f"{{{W_NS}}}"


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    assert "Traceback" not in result.output, result.output
    return result.exit_code, result.output


def comments_with_anchors(path: Path) -> list[tuple[str, str, str]]:
    """(author, comment text, text of the paragraph the comment is anchored in)."""
    document = docx.Document(str(path))
    by_id = {c.comment_id: c for c in document.comments}
    anchored = []
    for start in document.element.body.iter(W + "commentRangeStart"):
        paragraph = start.getparent()
        while paragraph.tag != W + "p":
            paragraph = paragraph.getparent()
        text = "".join(t.text or "" for t in paragraph.iter(W + "t"))
        comment = by_id[int(start.get(W + "id"))]
        anchored.append((comment.author, comment.text, text))
    return anchored


@pytest.fixture
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_one_comment_per_finding_at_the_section_heading(work: Path) -> None:
    source = work / "antrag.docx"
    shutil.copy2(SAMPLES / "platzhalter.docx", source)
    os.utime(source, (1_600_000_000, 1_600_000_000))
    before = source.read_bytes()
    code, output = run("annotate", "antrag.docx")
    assert code == 1  # the request has errors
    target = work / "antrag.geprüft.docx"
    assert "4 Kommentare" in output and target.exists()
    assert source.read_bytes() == before and source.stat().st_mtime == 1_600_000_000
    anchored = comments_with_anchors(target)
    assert {author for author, _, _ in anchored} == {"antragscheck"}
    anchors = sorted((re.match(r"\w+", text).group(0), anchor) for _, text, anchor in anchored)  # type: ignore[union-attr]
    assert anchors == [
        ("Fehler", "Anlass"),
        ("Fehler", "Auswirkungen bei Ablehnung der Stellenschaffungen"),
        ("Hinweis", "Antrag, Stellenausstattung"),
        ("Warnung", "Anlass"),
    ]
    texts = [text for _, text, _ in anchored]
    assert any("Vorlagentext" in t and "placeholder-text" in t for t in texts)
    assert [p.name for p in work.iterdir() if p.name.startswith(".~tmp")] == []


def test_missing_sections_and_document_findings_sit_at_the_title(work: Path) -> None:
    shutil.copy2(SAMPLES / "fehlende_abschnitte.docx", work / "a.docx")
    run("annotate", "a.docx")
    anchored = comments_with_anchors(work / "a.geprüft.docx")
    missing = [anchor for _, text, anchor in anchored if "section-missing" in text]
    assert missing == ["Stellenschaffung", "Stellenschaffung"]


def test_never_overwrites_without_force(work: Path) -> None:
    shutil.copy2(SAMPLES / "platzhalter.docx", work / "a.docx")
    (work / "a.geprüft.docx").write_bytes(b"alt")
    code, output = run("annotate", "a.docx")
    assert code == 2 and "--force" in output
    assert (work / "a.geprüft.docx").read_bytes() == b"alt"
    assert run("annotate", "a.docx", "--force")[0] == 1
    assert zipfile.is_zipfile(work / "a.geprüft.docx")


def test_annotating_again_replaces_our_comments_and_keeps_the_clerks(
    work: Path, make_docx: MakeDocx
) -> None:
    source = make_docx(
        complete_body(auswirkungen=para("entfällt")),
        name="b.docx",
        comments=["Bitte mit dem Amt abstimmen."],
    )
    run("annotate", source.name, "-o", "einmal.docx")
    run("annotate", "einmal.docx", "-o", "zweimal.docx")
    once = docx.Document("einmal.docx").comments
    twice = docx.Document("zweimal.docx").comments
    assert sorted(c.author for c in once) == sorted(c.author for c in twice)
    assert sorted(c.author for c in twice) == ["Sachbearbeitung", "antragscheck"]
    assert len(comments_with_anchors(work / "zweimal.docx")) == 1
    # The copy checks exactly like the original.
    assert (
        check_path(work / "zweimal.docx", _rules()).findings
        == check_path(source, _rules()).findings
    )


def _rules() -> RuleSet:
    from antragscheck.rules import load_rules

    return load_rules()


def test_macro_documents_are_annotated_as_such(work: Path) -> None:
    parts = docx_parts(complete_body(auswirkungen=para("entfällt")), main_content_type=MAIN_DOCM)
    write_package(work / "m.docm", parts)
    code, output = run("annotate", "m.docm")
    target = work / "m.geprüft.docm"
    assert target.exists(), output
    with zipfile.ZipFile(target) as archive:
        assert MAIN_DOCM.encode() in archive.read("[Content_Types].xml")
        comments = archive.read("word/comments.xml").decode("utf-8")
        body = archive.read("word/document.xml").decode("utf-8")
    assert comments.count('w:author="antragscheck"') == 1
    assert body.count("<w:commentRangeStart") == 1


def test_an_unreadable_file_gets_no_copy(work: Path) -> None:
    shutil.copy2(SAMPLES / "beschaedigt.docx", work / "kaputt.docx")
    code, output = run("annotate", "kaputt.docx")
    assert code == 1 and "beschädigt" in output
    assert not (work / "kaputt.geprüft.docx").exists()


@pytest.mark.skipif(
    not (shutil.which("soffice") or shutil.which("libreoffice")),
    reason="LibreOffice is not installed",
)
def test_the_copy_converts_to_pdf_in_libreoffice(work: Path) -> None:
    shutil.copy2(SAMPLES / "platzhalter.docx", work / "a.docx")
    run("annotate", "a.docx")
    office = shutil.which("soffice") or shutil.which("libreoffice")
    subprocess.run(
        [
            str(office),
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(work),
            str(work / "a.geprüft.docx"),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    assert (work / "a.geprüft.pdf").stat().st_size > 1000


# -- the blank template ---------------------------------------------------------------


def test_vorlage_has_every_section_as_a_numbered_heading_with_a_control(work: Path) -> None:
    code, output = run("vorlage", "-o", "neu.docx", "--jahr", "2027")
    assert code == 0, output
    blocks = read_blocks(work / "neu.docx")
    assert blocks[0].text == "Stellenschaffung zum Stellenplan 2027"
    headings = [(b.list_label, b.text, b.style_name) for b in blocks if b.outline_level is not None]
    assert [(label, text) for label, text, _ in headings] == [
        ("1", "Antrag, Stellenausstattung"),
        ("2", "Schaffungskriterien"),
        ("3", "Bedarf"),
        ("3.1", "Anlass"),
        ("3.2", "Bisherige Aufgabenwahrnehmung"),
        ("3.3", "Auswirkungen bei Ablehnung der Stellenschaffungen"),
        ("4", "Stellenvermerke"),
    ]
    assert {style for _, _, style in headings} == {"heading 1", "heading 2"}
    placeholders = [b.placeholder for b in blocks if b.placeholder]
    assert len(placeholders) == 6
    assert placeholders[0].startswith("Was geschaffen wird")


def test_vorlage_never_overwrites_without_force(work: Path) -> None:
    (work / "neu.docx").write_bytes(b"alt")
    code, output = run("vorlage", "-o", "neu.docx")
    assert code == 2 and (work / "neu.docx").read_bytes() == b"alt"
    assert run("vorlage", "-o", "neu.docx", "--force")[0] == 0


def fill(template: Path, target: Path, texts: dict[str, str]) -> None:
    """Fill the template's content controls (tagged with section keys), as Word would;
    a control not in `texts` keeps showing its placeholder (Word restores it when a
    control is emptied)."""
    from lxml import etree

    with zipfile.ZipFile(template) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    root = etree.fromstring(parts["word/document.xml"])
    for sdt in root.iter(W + "sdt"):
        key = sdt.find(f"{W}sdtPr/{W}tag").get(W + "val")
        if key not in texts:
            continue
        props = sdt.find(W + "sdtPr")
        shows = props.find(W + "showingPlcHdr")
        if shows is not None:
            props.remove(shows)
        content = sdt.find(W + "sdtContent")
        for child in list(content):
            content.remove(child)
        for line in texts[key].split("\n"):
            p = etree.SubElement(content, W + "p")
            t = etree.SubElement(etree.SubElement(p, W + "r"), W + "t")
            t.text = line
    parts["word/document.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    write_package(target, parts)


@needs_seed
def test_the_template_filled_with_the_seed_passes(work: Path, ruleset: RuleSet) -> None:
    run("vorlage", "-o", "neu.docx", "--jahr", "2022")
    seed, _ = analyse(document_from_text(SEED.read_text(encoding="utf-8")), ruleset)
    texts = {s.key: s.text for s in seed.sections if s.key}
    fill(work / "neu.docx", work / "ausgefuellt.docx", texts)
    findings = check_path(work / "ausgefuellt.docx", ruleset).findings
    assert [f.name for f in findings if f.severity.value == "error"] == []
    assert [f.name for f in findings if f.severity.value == "warning"] == []


def test_the_template_filled_but_for_the_optional_section_passes(work: Path) -> None:
    """Word restores a content control's placeholder when the clerk empties it: section 4
    may stay empty, so its placeholder is at most a hint and the request passes."""
    run("vorlage", "-o", "neu.docx", "--jahr", "2022")
    fill(work / "neu.docx", work / "ausgefuellt.docx", FILLED)
    code, output = run("ausgefuellt.docx")
    assert code == 0, output
    assert "Fehler" not in output.replace("0 Fehler", "")
    assert "placeholder-optional-section" in output and "placeholder-text" not in output


def test_the_blank_template_gives_one_finding_per_untouched_section(
    work: Path, ruleset: RuleSet
) -> None:
    run("vorlage", "-o", "neu.docx")
    findings = check_path(work / "neu.docx", ruleset).findings
    by_section = [(f.section, f.name) for f in findings if f.section is not None]
    sections = [section for section, _ in by_section if section != "antrag"]
    assert len(sections) == len(set(sections)), by_section
    assert ("anlass", "placeholder-text") in by_section
    assert ("stellenvermerke", "placeholder-optional-section") in by_section
    assert "section-empty" not in {name for _, name in by_section}


FILLED = {
    "antrag": "Geschaffen wird 1,0 Stelle im Amt für Digitalisierung, EG 11, für die "
    "Koordinierung der Smart-City-Projekte.",
    "schaffungskriterien": "Gemeinderatsbeschluss: Auf die GRDrs. 234/2021 wird verwiesen.",
    "anlass": " ".join(["Die Stadt hat mit der GRDrs. 234/2021 eine Strategie beschlossen."] * 6),
    "bisherige_aufgabenwahrnehmung": "Neue Aufgabe",
    "auswirkungen_ablehnung": "Bei Ablehnung der Stellenschaffung wird die Strategie nicht "
    "umgesetzt und die Fördermittel des Landes verfallen ungenutzt.",
}


def test_the_copy_may_go_into_a_new_folder(work: Path) -> None:
    shutil.copy2(SAMPLES / "platzhalter.docx", work / "a.docx")
    code, output = run("annotate", "a.docx", "-o", "pruefung/2022/a.docx")
    assert code == 1 and "4 Kommentare" in output
    assert zipfile.is_zipfile(work / "pruefung" / "2022" / "a.docx")
