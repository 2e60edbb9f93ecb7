"""The reader: visible text, styles, numbering and locations, as each producer writes them."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from antragscheck.docxwrite import (
    NUMBERING_DE,
    STYLES_DE,
    W_NS,
    deleted,
    field,
    heading,
    inserted,
    moved_from,
    para,
    run,
    sdt_block,
    sdt_inline,
    table,
    textbox,
)
from antragscheck.read import UnreadableDocument, read_blocks
from tests.conftest import CORPUS, MakeDocx, needs_corpus


def texts(path: Path) -> list[str]:
    return [b.text for b in read_blocks(path) if b.text.strip()]


def test_german_word_headings_get_outline_level_and_computed_numbers(make_docx: MakeDocx) -> None:
    path = make_docx(
        heading("Antrag")
        + para("Text")
        + heading("Bedarf")
        + heading("Anlass", 2)
        + heading("Bisherige Aufgabenwahrnehmung", 2)
        + heading("Stellenvermerke")
    )
    blocks = [b for b in read_blocks(path) if b.style_id and b.style_id.startswith("berschrift")]
    assert [(b.text, b.outline_level, b.list_label) for b in blocks] == [
        ("Antrag", 0, "1"),
        ("Bedarf", 0, "2"),
        ("Anlass", 1, "2.1"),
        ("Bisherige Aufgabenwahrnehmung", 1, "2.2"),
        ("Stellenvermerke", 0, "3"),
    ]
    assert blocks[0].style_name == "heading 1"


LIBREOFFICE_STYLES = f"""<?xml version="1.0" encoding="UTF-8"?>
<w:styles xmlns:w="{W_NS}">
<w:style w:type="paragraph" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="Berschrift"><w:name w:val="Überschrift"/>
<w:basedOn w:val="Normal"/><w:rPr><w:b/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Berschrift1"><w:name w:val="Überschrift 1"/>
<w:basedOn w:val="Berschrift"/><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>
<w:outlineLvl w:val="0"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="Berschrift2"><w:name w:val="Überschrift 2"/>
<w:basedOn w:val="Berschrift"/><w:pPr><w:numPr><w:ilvl w:val="1"/><w:numId w:val="1"/></w:numPr>
<w:outlineLvl w:val="1"/></w:pPr></w:style>
</w:styles>"""


def test_libreoffice_style_ids_and_outline_numbering(make_docx: MakeDocx) -> None:
    # LibreOffice writes localized names and ids ("Überschrift 1" / "Berschrift1"), the
    # outline level in the style, and the outline numbering through the style's numPr.
    path = make_docx(
        para("Antrag", style="Berschrift1")
        + para("Bedarf", style="Berschrift1")
        + para("Anlass", style="Berschrift2"),
        styles=LIBREOFFICE_STYLES,
    )
    blocks = read_blocks(path)
    assert [(b.text, b.outline_level, b.list_label) for b in blocks] == [
        ("Antrag", 0, "1"),
        ("Bedarf", 0, "2"),
        ("Anlass", 1, "2.1"),
    ]
    assert all(b.bold for b in blocks)  # bold inherited through the style chain


def test_bold_comes_from_each_paragraphs_own_style(make_docx: MakeDocx) -> None:
    # Runs without properties under a bold heading style and under the plain style:
    # what the styles say is looked up once per pair of styles, never carried over.
    path = make_docx(
        para("Bedarf", style="Berschrift1")
        + para("Die Fallzahlen steigen.", run(" Fett", bold=True))
        + para("Anlass", style="Berschrift2")
        + para("Text"),
        styles=LIBREOFFICE_STYLES,
    )
    assert [(b.text, b.bold, b.bold_prefix) for b in read_blocks(path)] == [
        ("Bedarf", True, "Bedarf"),
        ("Die Fallzahlen steigen. Fett", False, ""),
        ("Anlass", True, "Anlass"),
        ("Text", False, ""),
    ]


def test_properties_out_of_order_or_repeated_are_read_as_word_reads_them(
    make_docx: MakeDocx,
) -> None:
    # Run properties after the text still count; of a repeated property the first one
    # counts (what lxml's find returns, which the reader replaced by a cheaper loop).
    path = make_docx(
        "<w:p><w:r><w:t>Fett</w:t><w:rPr><w:b/></w:rPr></w:r></w:p>"
        '<w:p><w:pPr><w:pStyle w:val="berschrift1"/><w:pStyle w:val="Standard"/></w:pPr>'
        '<w:r><w:rPr><w:b w:val="0"/><w:b/></w:rPr><w:t>Bedarf</w:t></w:r></w:p>'
        "<w:p><w:r><w:t>Text</w:t></w:r>"
        '<w:pPr><w:pStyle w:val="berschrift2"/></w:pPr></w:p>'
    )
    blocks = read_blocks(path)
    assert [(b.text, b.bold, b.style_id, b.outline_level) for b in blocks] == [
        ("Fett", True, "Standard", None),
        ("Bedarf", False, "berschrift1", 0),
        ("Text", True, "berschrift2", 1),
    ]


def test_numbering_on_the_paragraph_with_start_override_and_formats(make_docx: MakeDocx) -> None:
    numbering = NUMBERING_DE.replace(
        "</w:numbering>",
        '<w:abstractNum w:abstractNumId="5"><w:lvl w:ilvl="0"><w:start w:val="3"/>'
        '<w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/>'
        '<w:lvlText w:val="%2)"/></w:lvl></w:abstractNum>'
        '<w:num w:numId="7"><w:abstractNumId w:val="5"/></w:num>'
        '<w:num w:numId="8"><w:abstractNumId w:val="5"/><w:lvlOverride w:ilvl="0">'
        '<w:startOverride w:val="1"/></w:lvlOverride></w:num></w:numbering>',
    )
    path = make_docx(
        para("eins", num=(7, 0))
        + para("a", num=(7, 1))
        + para("b", num=(7, 1))
        + para("zwei", num=(7, 0))
        + para("a again", num=(7, 1))
        + para("neu", num=(8, 0))
        + para("aus", num=(0, 0)),
        numbering=numbering,
    )
    labels = [b.list_label for b in read_blocks(path)]
    assert labels == ["III.", "a)", "b)", "IV.", "a)", "I.", None]


def test_a_list_counts_up_to_32767_and_stays_there(make_docx: MakeDocx) -> None:
    # Word's largest list value; a hostile start value cannot count past it.
    numbering = NUMBERING_DE.replace(
        "</w:numbering>",
        '<w:abstractNum w:abstractNumId="5"><w:lvl w:ilvl="0"><w:start w:val="32766"/>'
        '<w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>'
        '<w:num w:numId="7"><w:abstractNumId w:val="5"/></w:num></w:numbering>',
    )
    path = make_docx("".join(para(t, num=(7, 0)) for t in "abc"), numbering=numbering)
    assert [b.list_label for b in read_blocks(path)] == ["32766.", "32767.", "32767."]


def test_a_level_override_of_one_list_replaces_the_level_for_that_list_only(
    make_docx: MakeDocx,
) -> None:
    """Word lets one list instance redefine a level (w:lvlOverride with its own w:lvl):
    "Anlage B" in that list, "3." in the other one; both count on (one abstract list)."""
    numbering = NUMBERING_DE.replace(
        "</w:numbering>",
        '<w:abstractNum w:abstractNumId="5"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
        '<w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>'
        '<w:num w:numId="7"><w:abstractNumId w:val="5"/></w:num>'
        '<w:num w:numId="8"><w:abstractNumId w:val="5"/><w:lvlOverride w:ilvl="0">'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperLetter"/>'
        '<w:lvlText w:val="Anlage %1"/></w:lvl></w:lvlOverride></w:num></w:numbering>',
    )
    path = make_docx(
        para("eins", num=(7, 0))
        + para("Kosten", num=(8, 0))
        + para("zwei", num=(7, 0))
        + para("Plan", num=(8, 0)),
        numbering=numbering,
    )
    labels = [b.list_label for b in read_blocks(path)]
    assert labels == ["1.", "Anlage B", "3.", "Anlage D"]


def test_a_list_linked_to_a_style_counts_as_each_files_styles_say(make_docx: MakeDocx) -> None:
    """A list defined through a numbering style (w:numStyleLink) takes its levels from
    the list that style names, in each file's own styles: files of one numbering
    part but different styles number differently, read in any order."""
    numbering = NUMBERING_DE.replace(
        "</w:numbering>",
        '<w:abstractNum w:abstractNumId="5"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
        '<w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%1)"/></w:lvl></w:abstractNum>'
        '<w:abstractNum w:abstractNumId="6"><w:numStyleLink w:val="Aufzaehlung"/></w:abstractNum>'
        '<w:num w:numId="7"><w:abstractNumId w:val="5"/></w:num>'
        '<w:num w:numId="9"><w:abstractNumId w:val="6"/></w:num></w:numbering>',
    )

    def styles(num_id: int) -> str:
        return STYLES_DE.replace(
            "</w:styles>",
            '<w:style w:type="numbering" w:styleId="Aufzaehlung"><w:name w:val="Aufzaehlung"/>'
            f'<w:pPr><w:numPr><w:numId w:val="{num_id}"/></w:numPr></w:pPr></w:style></w:styles>',
        )

    body = para("eins", num=(9, 0)) + para("zwei", num=(9, 0))
    decimal = make_docx(body, numbering=numbering, styles=styles(1))
    letters = make_docx(body, numbering=numbering, styles=styles(7))
    for _ in range(2):
        assert [b.list_label for b in read_blocks(decimal)] == ["1", "2"]
        assert [b.list_label for b in read_blocks(letters)] == ["a)", "b)"]


def test_a_legal_level_writes_the_numbers_of_its_parents_in_digits(make_docx: MakeDocx) -> None:
    """w:isLgl ("legal numbering"): chapter II's first section is "2.1", not "II.1"."""
    numbering = NUMBERING_DE.replace(
        "</w:numbering>",
        '<w:abstractNum w:abstractNumId="5"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
        '<w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:isLgl/><w:numFmt w:val="decimal"/>'
        '<w:lvlText w:val="%1.%2"/></w:lvl></w:abstractNum>'
        '<w:num w:numId="7"><w:abstractNumId w:val="5"/></w:num></w:numbering>',
    )
    path = make_docx(
        para("Eins", num=(7, 0)) + para("Zwei", num=(7, 0)) + para("Anlass", num=(7, 1)),
        numbering=numbering,
    )
    assert [b.list_label for b in read_blocks(path)] == ["I.", "II.", "2.1"]


def test_a_percent_sign_before_a_level_token_is_written_as_it_always_was(
    make_docx: MakeDocx,
) -> None:
    """A hostile level text "%%1": the first number written makes "%2" of "%" and
    its digit, and that is written in turn (the level's own text is not re-read)."""
    numbering = NUMBERING_DE.replace(
        "</w:numbering>",
        '<w:abstractNum w:abstractNumId="5"><w:lvl w:ilvl="0"><w:start w:val="2"/>'
        '<w:numFmt w:val="decimal"/><w:lvlText w:val="%%1"/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="4"/><w:numFmt w:val="upperRoman"/>'
        '<w:lvlText w:val="%2"/></w:lvl></w:abstractNum>'
        '<w:num w:numId="7"><w:abstractNumId w:val="5"/></w:num></w:numbering>',
    )
    path = make_docx(para("eins", num=(7, 0)), numbering=numbering)
    assert read_blocks(path)[0].list_label == "IV"


def test_bullets_have_no_label(make_docx: MakeDocx) -> None:
    path = make_docx(para("Punkt", num=(2, 0)))
    assert read_blocks(path)[0].list_label is None


def test_paragraph_outline_level_without_heading_style(make_docx: MakeDocx) -> None:
    path = make_docx(para("Anlass", outline=1) + para("Text", outline=9))
    blocks = read_blocks(path)
    assert [b.outline_level for b in blocks] == [1, None]


def test_tracked_changes_keep_inserted_and_drop_deleted_and_moved_text(
    make_docx: MakeDocx,
) -> None:
    path = make_docx(
        para(
            "Geschaffen werden ",
            deleted("2,0"),
            inserted(run("1,0")),
            " Stellen",
            moved_from(" (verschoben)"),
            ".",
        )
    )
    assert texts(path) == ["Geschaffen werden 1,0 Stellen."]


def test_paragraph_deleted_as_a_whole_is_gone(make_docx: MakeDocx) -> None:
    gone = (
        '<w:p><w:pPr><w:rPr><w:del w:id="90" w:author="A" w:date="2021-01-01T00:00:00Z"/>'
        "</w:rPr></w:pPr>" + deleted("Alter Absatz") + "</w:p>"
    )
    path = make_docx(para("vorher") + gone + para("nachher"))
    assert texts(path) == ["vorher", "nachher"]
    assert [b.text for b in read_blocks(path)] == ["vorher", "nachher"]


def test_hidden_text_directly_and_through_styles_does_not_count(make_docx: MakeDocx) -> None:
    path = make_docx(
        para("sichtbar", run(" geheim", hidden=True), run(" auch geheim", style="Ausgeblendet"))
    )
    assert texts(path) == ["sichtbar"]


def test_a_paragraph_in_a_hidden_paragraph_style_does_not_count(make_docx: MakeDocx) -> None:
    # Runs without properties of their own take the paragraph style's w:vanish.
    hidden_style = (
        '<w:style w:type="paragraph" w:styleId="Notiz"><w:name w:val="Notiz"/>'
        "<w:rPr><w:vanish/></w:rPr></w:style></w:styles>"
    )
    path = make_docx(
        para("sichtbar") + para("Nur für die Verwaltung", " intern", style="Notiz") + para("Ende"),
        styles=STYLES_DE.replace("</w:styles>", hidden_style),
    )
    assert texts(path) == ["sichtbar", "Ende"]


def test_a_control_showing_its_placeholder_in_plain_runs_is_placeholder_text(
    make_docx: MakeDocx,
) -> None:
    # Not every producer styles the placeholder text: w:showingPlcHdr alone says so.
    control = (
        '<w:sdt><w:sdtPr><w:tag w:val="Anlass"/><w:showingPlcHdr/></w:sdtPr>'
        f"<w:sdtContent>{para('Bitte den Anlass', ' eingeben.')}</w:sdtContent></w:sdt>"
    )
    blocks = read_blocks(make_docx(para("Anlass") + control))
    assert [(b.text, b.placeholder) for b in blocks] == [
        ("Anlass", ""),
        ("", "Bitte den Anlass eingeben."),
    ]


def test_field_result_counts_not_the_field_code(make_docx: MakeDocx) -> None:
    path = make_docx(para("Stand: ", field("DATE \\@ dd.MM.yyyy", "01.10.2021")))
    assert texts(path) == ["Stand: 01.10.2021"]


def test_text_box_is_read_once_after_its_anchor(make_docx: MakeDocx) -> None:
    path = make_docx(para("Anker", textbox(para("Im Textfeld"))) + para("danach"))
    assert texts(path) == ["Anker", "Im Textfeld", "danach"]


def test_content_controls_count_unless_they_show_their_placeholder(make_docx: MakeDocx) -> None:
    path = make_docx(
        para("Umfang: ", sdt_inline("1,0 Stelle"))
        + para("Einheit: ", sdt_inline(None))
        + sdt_block(para("Block mit Inhalt"))
        + sdt_block()
    )
    blocks = read_blocks(path)
    assert [(b.text, b.placeholder) for b in blocks] == [
        ("Umfang: 1,0 Stelle", ""),
        ("Einheit: ", "Klicken oder tippen Sie hier, um Text einzugeben."),
        ("Block mit Inhalt", ""),
        ("", "Klicken oder tippen Sie hier, um Text einzugeben."),
    ]


def test_table_cells_have_locations(make_docx: MakeDocx) -> None:
    path = make_docx(para("Titel") + table([["3.1 Anlass", "Text A"], ["3.2 Bisher", "Text B"]]))
    blocks = read_blocks(path)
    cells = [(b.text, b.location.table, b.location.row, b.location.cell) for b in blocks[1:]]
    assert cells == [
        ("3.1 Anlass", 1, 1, 1),
        ("Text A", 1, 1, 2),
        ("3.2 Bisher", 1, 2, 1),
        ("Text B", 1, 2, 2),
    ]
    assert [b.location.paragraph for b in blocks] == [1, 2, 3, 4, 5]


def test_bold_lead_in_is_recorded(make_docx: MakeDocx) -> None:
    path = make_docx(para(run("3.1 Anlass:", bold=True), run(" Im Frühjahr 2019 …")))
    block = read_blocks(path)[0]
    assert block.bold_prefix == "3.1 Anlass:"
    assert not block.bold


def test_python_docx_output_is_read(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_heading("Stellenschaffung zum Stellenplan 2022", 0)
    document.add_heading("Antrag, Stellenausstattung", 1)
    document.add_paragraph("Geschaffen wird 1,0 Stelle.")
    path = tmp_path / "python-docx.docx"
    document.save(str(path))
    blocks = read_blocks(path)
    assert [(b.text, b.outline_level) for b in blocks] == [
        ("Stellenschaffung zum Stellenplan 2022", None),
        ("Antrag, Stellenausstattung", 0),
        ("Geschaffen wird 1,0 Stelle.", None),
    ]


def test_strict_ooxml_namespaces_are_read(make_docx: MakeDocx) -> None:
    path = make_docx(para("Strikt"))
    strict = path.with_name("strict.docx")
    import zipfile

    with zipfile.ZipFile(path) as source, zipfile.ZipFile(strict, "w") as target:
        for item in source.infolist():
            data = source.read(item).replace(
                b"http://schemas.openxmlformats.org/wordprocessingml/2006/main",
                b"http://purl.oclc.org/ooxml/wordprocessingml/main",
            )
            target.writestr(item, data)
    assert texts(strict) == ["Strikt"]


@needs_corpus
def test_pandoc_enumerated_headings_get_their_numbers() -> None:
    blocks = read_blocks(CORPUS / "pandoc/test/docx/enumerated_headings.docx")
    labelled = [(b.list_label, b.text) for b in blocks if b.list_label]
    assert labelled, "numbered headings must get computed labels"
    assert all(not text.startswith(label) for label, text in labelled)


@needs_corpus
def test_german_word_file_from_the_corpus_has_german_heading_ids() -> None:
    # Any corpus file whose headings use the German style id "berschrift1".
    import zipfile

    for line in (CORPUS / "MANIFEST.tsv").read_text(encoding="utf-8").splitlines()[1:]:
        path = CORPUS / line.split("\t")[0]
        try:
            with zipfile.ZipFile(path) as archive:
                styles = archive.read("word/styles.xml")
        except (zipfile.BadZipFile, KeyError, OSError):
            continue
        if b'w:styleId="berschrift1"' not in styles:
            continue
        try:
            blocks = read_blocks(path)
        except UnreadableDocument:
            continue
        headed = [b for b in blocks if b.style_id == "berschrift1"]
        if headed:
            assert all(b.outline_level == 0 for b in headed)
            return
    pytest.skip("no German Word file with berschrift1 headings in the corpus")


def test_blocks_filled_through_their_slots_are_whole_blocks(make_docx: MakeDocx) -> None:
    """The walk fills each Block's and Location's slots itself (their frozen __init__
    is slow); only while the models have the fields it fills, and it fills all."""
    from dataclasses import fields

    from antragscheck.models import Block, Location
    from antragscheck.read import body

    assert body.FILLED_BY_SLOTS
    path = make_docx(heading("Antrag") + para("Text") + table([["3.1 Anlass", "Text A"]]))
    for block in read_blocks(path):
        for model, built in ((Block, block), (Location, block.location)):
            again = model(**{f.name: getattr(built, f.name) for f in fields(model)})
            assert again == built and repr(again) == repr(built) and hash(again) == hash(built)


def test_what_the_walk_keeps_of_the_styles_stays_bounded() -> None:
    # The styles of a template are kept across files, and with them what the walk
    # worked out per style id: a file naming a new style in every paragraph must not
    # make that grow without bound.
    from lxml import etree

    from antragscheck.read.body import BodyWalker
    from antragscheck.read.numbering import Numbering
    from antragscheck.read.styles import Styles

    styles = Styles(etree.fromstring(STYLES_DE.encode()))
    paragraphs = "".join(
        para(f"Absatz {i}", run(" fett", bold=True), style=f"S{i}") for i in range(3000)
    )
    body = etree.fromstring(f'<w:body xmlns:w="{W_NS}">{paragraphs}</w:body>')
    blocks = BodyWalker(styles, Numbering(None, styles)).blocks(body)
    assert [(b.text, b.style_id) for b in blocks[-2:]] == [
        ("Absatz 2998 fett", "S2998"),
        ("Absatz 2999 fett", "S2999"),
    ]
    assert 0 < max(len(memo) for memo in styles.memo) <= 1024
