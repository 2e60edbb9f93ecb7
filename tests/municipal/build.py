# Package part templates: XML lines are kept whole, as the producers write them.
# ruff: noqa: E501
"""Build the labelled municipal requests (cases/*.yaml) into real Word files.

One case is one staffing request as a municipality writes it (format:
MUNICIPAL_FORMAT.md, summarised in README.md).  `build_case` writes it the way the
producer named by its `layout` writes Word files:

- numbered-headings: German Word: heading styles with localized ids ("berschrift1",
  named "heading 1"), numbers from numbering.xml (w:numPr in the style), not in the text
- typed-headings:    the same heading styles without automatic numbering; the number
  is typed into the text ("3.1 Anlass")
- bold-leadins:      only "Standard" paragraphs; a heading is a bold paragraph
  ("1. Antrag"); a heading ending in ":" is a run-in lead-in: bold "3.1 Anlass:"
  followed by the section's first paragraph in the same paragraph
- form-table:        a two-column form: bold label cell | content cell; a positions
  table sits nested in its content cell; a paragraph that is only a bracketed
  placeholder ("[Bitte hier … eintragen]", "<…>") is a content control still
  showing that placeholder
- libreoffice:       LibreOffice's export: ids "Heading_20_1"/"Heading_20_2" with
  outline levels, outline numbering in numbering.xml, body text "Textbody", the title
  split over a "Title" and a "Subtitle" paragraph

A positions table (`table`, first row the header) follows the section's paragraphs.

Run `python tests/municipal/build.py OUT_DIR` to write every case as OUT_DIR/<id>.docx.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # run as a script
    sys.path.insert(0, str(ROOT))

from antragscheck.docxwrite import (  # noqa: E402
    STYLES_DE,
    W_NS,
    para,
    run,
    sdt_block,
    table,
    write_docx,
)

CASES = Path(__file__).resolve().parent / "cases"
LAYOUTS = ("numbered-headings", "typed-headings", "bold-leadins", "form-table", "libreoffice")

# A paragraph that is nothing but a form placeholder: "[Bitte hier … eintragen]", "<…>".
PLACEHOLDER = re.compile(r"^\s*(?:\[[^\]]*\]|<[^>]*>)\s*$")

# German Word's heading styles without their automatic numbering: the number is typed.
STYLES_TYPED = re.sub(r"<w:numPr>.*?</w:numPr>", "", STYLES_DE, flags=re.DOTALL)

STYLES_LIBREOFFICE = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="{W_NS}">
<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Liberation Serif" w:hAnsi="Liberation Serif"/>
<w:lang w:val="de-DE" w:eastAsia="zh-CN" w:bidi="hi-IN"/></w:rPr></w:rPrDefault>
<w:pPrDefault><w:pPr><w:suppressAutoHyphens/></w:pPr></w:pPrDefault></w:docDefaults>
<w:style w:type="paragraph" w:styleId="Normal" w:default="1"><w:name w:val="Normal"/><w:qFormat/></w:style>
<w:style w:type="paragraph" w:styleId="Berschrift"><w:name w:val="Überschrift"/>
<w:basedOn w:val="Normal"/><w:next w:val="Textbody"/><w:qFormat/>
<w:pPr><w:keepNext/><w:spacing w:before="240" w:after="120"/></w:pPr>
<w:rPr><w:rFonts w:ascii="Liberation Sans" w:hAnsi="Liberation Sans"/><w:sz w:val="28"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Textbody"><w:name w:val="Text Body"/>
<w:basedOn w:val="Normal"/><w:pPr><w:spacing w:before="0" w:after="140" w:line="276"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="Heading_20_1"><w:name w:val="Heading 1"/>
<w:basedOn w:val="Berschrift"/><w:next w:val="Textbody"/><w:qFormat/>
<w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr><w:outlineLvl w:val="0"/></w:pPr>
<w:rPr><w:b/><w:bCs/><w:sz w:val="32"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Heading_20_2"><w:name w:val="Heading 2"/>
<w:basedOn w:val="Berschrift"/><w:next w:val="Textbody"/><w:qFormat/>
<w:pPr><w:numPr><w:ilvl w:val="1"/><w:numId w:val="1"/></w:numPr><w:outlineLvl w:val="1"/></w:pPr>
<w:rPr><w:b/><w:bCs/><w:sz w:val="28"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/>
<w:basedOn w:val="Berschrift"/><w:next w:val="Subtitle"/><w:qFormat/>
<w:pPr><w:jc w:val="center"/></w:pPr><w:rPr><w:b/><w:bCs/><w:sz w:val="56"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Subtitle"><w:name w:val="Subtitle"/>
<w:basedOn w:val="Berschrift"/><w:next w:val="Textbody"/><w:qFormat/>
<w:pPr><w:jc w:val="center"/><w:spacing w:before="60" w:after="120"/></w:pPr>
<w:rPr><w:sz w:val="36"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="TableContents"><w:name w:val="Table Contents"/>
<w:basedOn w:val="Normal"/><w:qFormat/></w:style>
<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/></w:style>
<w:style w:type="table" w:styleId="Tabellenraster"><w:name w:val="Table Grid"/></w:style>
</w:styles>"""

# LibreOffice's outline numbering ("Kapitelnummerierung"): one list for the headings,
# the number followed by a tab.
NUMBERING_LIBREOFFICE = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:numbering xmlns:w="{W_NS}">
<w:abstractNum w:abstractNumId="1"><w:multiLevelType w:val="multilevel"/>
<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:pStyle w:val="Heading_20_1"/>
<w:suff w:val="tab"/><w:lvlText w:val="%1"/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="432" w:hanging="432"/></w:pPr></w:lvl>
<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:pStyle w:val="Heading_20_2"/>
<w:suff w:val="tab"/><w:lvlText w:val="%1.%2"/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="576" w:hanging="576"/></w:pPr></w:lvl>
</w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>
</w:numbering>"""


def load_cases() -> list[dict[str, Any]]:
    """Every case in cases/, in file order."""
    cases = []
    for path in sorted(CASES.glob("*.yaml")):
        with path.open(encoding="utf-8") as handle:
            case = yaml.safe_load(handle)
        if not isinstance(case, dict):
            raise ValueError(f"{path.name}: not a case (a YAML mapping)")
        cases.append(case)
    return cases


def level(number: str) -> int:
    """The heading level of a section number: "3" → 1, "3.1" → 2."""
    return str(number).count(".") + 1


def expected_labels(case: dict[str, Any]) -> list[str]:
    """The numbers Word computes for the case's headings, in order (automatic numbering
    counts the headings as they stand, whatever number the case intends)."""
    counters: list[int] = []
    labels = []
    for section in case["sections"]:
        depth = level(section["number"])
        counters = counters[:depth] + [0] * max(0, depth - len(counters))
        counters[depth - 1] += 1
        labels.append(".".join(str(c) for c in counters[:depth]))
    return labels


def build_case(case: dict[str, Any], path: Path) -> None:
    """Write `case` as a Word file at `path` (an existing file is replaced)."""
    layout = case.get("layout", "numbered-headings")
    if layout not in LAYOUTS:
        raise ValueError(f"{case.get('id')}: unknown layout {layout!r}")
    body = _form(case) if layout == "form-table" else "".join(_flow(case, layout))
    options: dict[str, object] = {}
    if layout == "typed-headings":
        options["styles"] = STYLES_TYPED
    elif layout == "libreoffice":
        options.update(styles=STYLES_LIBREOFFICE, numbering=NUMBERING_LIBREOFFICE)
    title = " ".join(_titles(case))
    write_docx(path, body, overwrite=True, title=title, **options)


def _titles(case: dict[str, Any]) -> list[str]:
    titles = case.get("title") or []
    return [titles] if isinstance(titles, str) else [str(t) for t in titles]


def _paragraphs(section: dict[str, Any]) -> list[str]:
    return [str(p) for p in section.get("paragraphs") or []]


def _positions_table(rows: list[list[Any]], body_style: str | None) -> str:
    """A positions table: bold header row, text cells (numbers kept as written)."""
    cells = []
    for index, row in enumerate(rows):
        cells.append(
            [
                para(_text(cell), style=body_style, bold=index == 0) if _text(cell) else para()
                for cell in row
            ]
        )
    return table(cells)


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _flow(case: dict[str, Any], layout: str) -> Iterator[str]:
    """Title, then each section as heading and body paragraphs."""
    titles = _titles(case)
    body_style = "Textbody" if layout == "libreoffice" else None
    for index, text in enumerate(titles):
        if layout == "libreoffice":
            yield para(text, style="Title" if index == 0 else "Subtitle")
        elif layout == "bold-leadins":
            yield para(text, bold=True)
        else:
            yield para(text, style="Titel")
    for section in case["sections"]:
        number, heading = str(section["number"]), str(section["heading"])
        depth = level(number)
        paragraphs = _paragraphs(section)
        if layout == "numbered-headings":
            yield para(heading, style=f"berschrift{depth}")
        elif layout == "libreoffice":
            yield para(heading, style=f"Heading_20_{depth}")
        elif layout == "typed-headings":
            yield para(f"{number} {heading}", style=f"berschrift{depth}")
        else:  # bold-leadins
            typed = f"{number}." if depth == 1 else number
            if heading.endswith(":") and paragraphs:
                yield para(run(f"{typed} {heading}", bold=True), run(" " + paragraphs[0]))
                paragraphs = paragraphs[1:]
            else:
                yield para(f"{typed} {heading}", bold=True)
        for text in paragraphs:
            yield para(text, style=body_style)
        if section.get("table"):
            yield _positions_table(section["table"], body_style)
            yield para(style=body_style)  # Word keeps a paragraph after a table


def _form(case: dict[str, Any]) -> str:
    """The title above a two-column form: label cell | content cell."""
    rows = []
    for section in case["sections"]:
        label = para(f"{section['number']} {section['heading']}", bold=True)
        content = []
        for text in _paragraphs(section):
            if PLACEHOLDER.match(text):
                content.append(sdt_block(placeholder_text=text.strip(), doc_part=False))
            else:
                content.append(para(text))
        if section.get("table"):
            content.append(_positions_table(section["table"], None))
            content.append(para())  # a cell must end with a paragraph
        rows.append([label, "".join(content) or para()])
    titles = "".join(para(text, style="Titel") for text in _titles(case))
    return titles + table(rows)


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python tests/municipal/build.py OUT_DIR", file=sys.stderr)
        return 2
    out = Path(argv[0])
    out.mkdir(parents=True, exist_ok=True)
    for case in load_cases():
        target = out / f"{case['id']}.docx"
        build_case(case, target)
        print(f"written: {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
