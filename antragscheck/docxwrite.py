"""Write Word packages the way German Word writes them, from WordprocessingML snippets.

Production code: `antragscheck vorlage` writes the blank request with it
(antragscheck/template.py: headings in Word's heading styles with real list numbering,
one content control with placeholder text per section), so what it writes must open in
Word without repair.  The same snippets build samples/ (samples/make_samples.py) and
the tests' fixtures, so that tests read documents shaped like real producers' files:
localized style ids ("berschrift1" named "heading 1"), headings numbered automatically
through numbering.xml (the number is not in the text), form tables, content controls
showing their placeholder, tracked changes, hidden text, fields and text boxes.

Every function returns an XML string; `write_docx` packs a body into a .docx file,
atomically (a temporary file beside the target, then a rename).
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

from antragscheck.atomic import replacing

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_NAMESPACES = (
    f'xmlns:w="{W_NS}" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:v="urn:schemas-microsoft-com:vml" '
    'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" '
    'mc:Ignorable="w14"'
)
PLACEHOLDER = "Klicken oder tippen Sie hier, um Text einzugeben."
_CHANGE = 'w:id="{id}" w:author="Sachbearbeitung" w:date="2021-10-01T10:00:00Z"'
_ids = iter(range(1, 1_000_000))


def _t(text: str) -> str:
    return f'<w:t xml:space="preserve">{escape(text)}</w:t>'


def run(
    text: str,
    *,
    bold: bool = False,
    hidden: bool = False,
    style: str | None = None,
) -> str:
    """A run; tabs and line breaks in `text` become w:tab and w:br."""
    props = ""
    if style:
        props += f'<w:rStyle w:val="{style}"/>'
    if bold:
        props += "<w:b/><w:bCs/>"
    if hidden:
        props += "<w:vanish/>"
    rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
    pieces = []
    for i, line in enumerate(text.split("\n")):
        if i:
            pieces.append("<w:br/>")
        for j, part in enumerate(line.split("\t")):
            if j:
                pieces.append("<w:tab/>")
            if part:
                pieces.append(_t(part))
    return f"<w:r>{rpr}{''.join(pieces)}</w:r>"


def para(
    *content: str,
    style: str | None = None,
    num: tuple[int, int] | None = None,
    outline: int | None = None,
    bold: bool = False,
) -> str:
    """A paragraph of runs (plain strings become runs)."""
    props = ""
    if style:
        props += f'<w:pStyle w:val="{style}"/>'
    if num is not None:
        props += f'<w:numPr><w:ilvl w:val="{num[1]}"/><w:numId w:val="{num[0]}"/></w:numPr>'
    if outline is not None:
        props += f'<w:outlineLvl w:val="{outline}"/>'
    ppr = f"<w:pPr>{props}</w:pPr>" if props else ""
    body = "".join(c if c.startswith("<") else run(c, bold=bold) for c in content)
    return f"<w:p>{ppr}{body}</w:p>"


def heading(text: str, level: int = 1) -> str:
    """A heading as German Word writes it: style id "berschriftN", number automatic."""
    return para(text, style=f"berschrift{level}")


def inserted(*runs: str) -> str:
    return f"<w:ins {_CHANGE.format(id=next(_ids))}>{''.join(runs)}</w:ins>"


def deleted(text: str) -> str:
    return (
        f"<w:del {_CHANGE.format(id=next(_ids))}><w:r>"
        f'<w:delText xml:space="preserve">{escape(text)}</w:delText></w:r></w:del>'
    )


def moved_from(text: str) -> str:
    return f"<w:moveFrom {_CHANGE.format(id=next(_ids))}><w:r>{_t(text)}</w:r></w:moveFrom>"


def field(code: str, result: str) -> str:
    """A complex field: the code is not shown, the result is."""
    return (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r><w:instrText xml:space="preserve"> {escape(code)} </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        f"{run(result)}"
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )


def _sdt_pr(placeholder: bool, tag: str, alias: str | None = None, doc_part: bool = True) -> str:
    shows = "<w:showingPlcHdr/>" if placeholder else ""
    # Word points a control at its placeholder's building block in the glossary; a
    # package without a glossary (our template) leaves the reference out.
    part = (
        '<w:placeholder><w:docPart w:val="DefaultPlaceholder_-1854013440"/></w:placeholder>'
        if doc_part
        else ""
    )
    return (
        f'<w:sdtPr><w:alias w:val="{escape(alias or tag, {chr(34): "&quot;"})}"/>'
        f'<w:tag w:val="{tag}"/><w:id w:val="{next(_ids)}"/>{part}{shows}</w:sdtPr>'
    )


def sdt_inline(text: str | None = None, tag: str = "Eingabe") -> str:
    """An inline content control; without text it shows Word's placeholder."""
    if text is None:
        inner = run(PLACEHOLDER, style="Platzhaltertext")
        return f"<w:sdt>{_sdt_pr(True, tag)}<w:sdtContent>{inner}</w:sdtContent></w:sdt>"
    return f"<w:sdt>{_sdt_pr(False, tag)}<w:sdtContent>{run(text)}</w:sdtContent></w:sdt>"


def sdt_block(
    *paragraphs: str,
    placeholder_text: str | None = None,
    tag: str = "Abschnitt",
    alias: str | None = None,
    doc_part: bool = True,
) -> str:
    """A block content control around paragraphs; with no paragraphs it shows the
    placeholder (`placeholder_text`, or Word's default)."""
    if not paragraphs:
        text = placeholder_text or PLACEHOLDER
        inner = para(run(text, style="Platzhaltertext"))
        props = _sdt_pr(True, tag, alias, doc_part)
        return f"<w:sdt>{props}<w:sdtContent>{inner}</w:sdtContent></w:sdt>"
    props = _sdt_pr(False, tag, alias, doc_part)
    return f"<w:sdt>{props}<w:sdtContent>{''.join(paragraphs)}</w:sdtContent></w:sdt>"


def table(rows: list[list[str]]) -> str:
    """A table; each cell is a paragraph XML string or plain text."""
    grid = "".join('<w:gridCol w:w="4500"/>' for _ in rows[0]) if rows else ""
    body = []
    for row in rows:
        cells = "".join(
            '<w:tc><w:tcPr><w:tcW w:w="4500" w:type="dxa"/></w:tcPr>'
            + (cell if cell.startswith("<") else para(cell))
            + "</w:tc>"
            for cell in row
        )
        body.append(f"<w:tr>{cells}</w:tr>")
    return (
        '<w:tbl><w:tblPr><w:tblStyle w:val="Tabellenraster"/><w:tblW w:w="0" w:type="auto"/>'
        f"</w:tblPr><w:tblGrid>{grid}</w:tblGrid>{''.join(body)}</w:tbl>"
    )


def textbox(*paragraphs: str) -> str:
    """A text box as Word 2010+ writes it: a DrawingML shape and a VML fallback, each
    holding the same text (read once)."""
    content = f"<w:txbxContent>{''.join(paragraphs)}</w:txbxContent>"
    return (
        '<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>'
        '<wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="1" '
        'behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/>'
        '<wp:extent cx="1800000" cy="600000"/><wp:docPr id="1" name="Textfeld 1"/>'
        '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/'
        f'wordprocessingShape"><wps:wsp><wps:txbx>{content}</wps:txbx><wps:bodyPr/></wps:wsp>'
        "</a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice><mc:Fallback>"
        f"<w:pict><v:shape><v:textbox>{content}</v:textbox></v:shape></w:pict>"
        "</mc:Fallback></mc:AlternateContent></w:r>"
    )


STYLES_DE = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="{W_NS}">
<w:docDefaults><w:rPrDefault><w:rPr><w:lang w:val="de-DE"/></w:rPr></w:rPrDefault></w:docDefaults>
<w:style w:type="paragraph" w:default="1" w:styleId="Standard"><w:name w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="berschrift1"><w:name w:val="heading 1"/>
<w:basedOn w:val="Standard"/><w:next w:val="Standard"/><w:uiPriority w:val="9"/><w:qFormat/>
<w:pPr><w:keepNext/><w:numPr><w:numId w:val="1"/></w:numPr><w:outlineLvl w:val="0"/></w:pPr>
<w:rPr><w:b/><w:sz w:val="28"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="berschrift2"><w:name w:val="heading 2"/>
<w:basedOn w:val="berschrift1"/><w:next w:val="Standard"/><w:qFormat/>
<w:pPr><w:numPr><w:ilvl w:val="1"/><w:numId w:val="1"/></w:numPr><w:outlineLvl w:val="1"/></w:pPr>
<w:rPr><w:sz w:val="24"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="berschrift3"><w:name w:val="heading 3"/>
<w:basedOn w:val="Standard"/><w:next w:val="Standard"/><w:qFormat/>
<w:pPr><w:numPr><w:ilvl w:val="2"/><w:numId w:val="1"/></w:numPr><w:outlineLvl w:val="2"/></w:pPr><w:rPr><w:b/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Titel"><w:name w:val="Title"/>
<w:basedOn w:val="Standard"/><w:rPr><w:b/><w:sz w:val="36"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Listenabsatz"><w:name w:val="List Paragraph"/>
<w:basedOn w:val="Standard"/><w:pPr><w:ind w:left="720"/></w:pPr></w:style>
<w:style w:type="character" w:default="1" w:styleId="Absatz-Standardschriftart">
<w:name w:val="Default Paragraph Font"/></w:style>
<w:style w:type="character" w:styleId="Platzhaltertext"><w:name w:val="Placeholder Text"/>
<w:basedOn w:val="Absatz-Standardschriftart"/><w:rPr><w:color w:val="808080"/></w:rPr></w:style>
<w:style w:type="character" w:styleId="Ausgeblendet"><w:name w:val="Ausgeblendet"/>
<w:rPr><w:vanish/></w:rPr></w:style>
<w:style w:type="table" w:styleId="Tabellenraster"><w:name w:val="Table Grid"/></w:style>
</w:styles>"""

NUMBERING_DE = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:numbering xmlns:w="{W_NS}">
<w:abstractNum w:abstractNumId="0"><w:multiLevelType w:val="multilevel"/>
<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:pStyle w:val="berschrift1"/>
<w:lvlText w:val="%1"/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="432" w:hanging="432"/></w:pPr></w:lvl>
<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:pStyle w:val="berschrift2"/>
<w:lvlText w:val="%1.%2"/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="576" w:hanging="576"/></w:pPr></w:lvl>
<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:pStyle w:val="berschrift3"/>
<w:lvlText w:val="%1.%2.%3"/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="720" w:hanging="720"/></w:pPr></w:lvl>
</w:abstractNum>
<w:abstractNum w:abstractNumId="1"><w:multiLevelType w:val="hybridMultilevel"/>
<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="\uf0b7"/>
<w:lvlJc w:val="left"/></w:lvl></w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>
</w:numbering>"""

_CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="{main}"/>
<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>
<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>
<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>
</Types>"""
MAIN_DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
MAIN_DOCM = "application/vnd.ms-word.document.macroEnabled.main+xml"
MAIN_DOTX = "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"

_ROOT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>
</Relationships>"""
_DOC_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/>
</Relationships>"""
_CORE = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<dc:title>{title}</dc:title><dc:creator>antragscheck</dc:creator>
<dcterms:created xsi:type="dcterms:W3CDTF">2021-10-01T10:00:00Z</dcterms:created>
</cp:coreProperties>"""


def comments_xml(comments: list[str]) -> str:
    items = "".join(
        f'<w:comment w:id="{i}" w:author="Sachbearbeitung" w:date="2021-10-01T10:00:00Z" '
        f'w:initials="SB">{para(text)}</w:comment>'
        for i, text in enumerate(comments)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<w:comments xmlns:w="{W_NS}">{items}</w:comments>'
    )


def custom_properties_xml(properties: dict[str, str]) -> str:
    items = "".join(
        '<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" '
        f'pid="{i + 2}" name="{escape(name, {chr(34): "&quot;"})}">'
        f"<vt:lpwstr>{escape(value)}</vt:lpwstr></property>"
        for i, (name, value) in enumerate(properties.items())
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
        'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
        f"{items}</Properties>"
    )


def document_xml(body: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f"<w:document {_NAMESPACES}><w:body>{body}"
        '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>'
    )


def docx_parts(
    body: str,
    *,
    styles: str = STYLES_DE,
    numbering: str | None = NUMBERING_DE,
    main_content_type: str = MAIN_DOCX,
    title: str = "",
    comments: list[str] | None = None,
    properties: dict[str, str] | None = None,
) -> dict[str, bytes]:
    """The parts of a package, by name; change them to build broken packages."""
    parts = {
        "[Content_Types].xml": _CONTENT_TYPES.format(main=main_content_type),
        "_rels/.rels": _ROOT_RELS,
        "docProps/core.xml": _CORE.format(title=escape(title)),
        "word/_rels/document.xml.rels": _DOC_RELS,
        "word/document.xml": document_xml(body),
        "word/styles.xml": styles,
    }
    if numbering is not None:
        parts["word/numbering.xml"] = numbering
    if comments:
        _add_part(
            parts,
            "word/_rels/document.xml.rels",
            "comments",
            "word/comments.xml",
            comments_xml(comments),
            "wordprocessingml.comments+xml",
        )
    if properties:
        _add_part(
            parts,
            "_rels/.rels",
            "custom-properties",
            "docProps/custom.xml",
            custom_properties_xml(properties),
            "custom-properties+xml",
        )
    return {name: text.encode("utf-8") for name, text in parts.items()}


def _add_part(
    parts: dict[str, str], rels: str, rel_type: str, name: str, xml: str, content_type: str
) -> None:
    """Add a part with its relationship (from `rels`) and its content type override."""
    parts[name] = xml
    target = name.split("/", 1)[1] if rels.startswith("word/") else name
    parts[rels] = parts[rels].replace(
        "</Relationships>",
        f'<Relationship Id="rId{parts[rels].count("<Relationship ") + 1}" '
        f'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/{rel_type}" '
        f'Target="{target}"/></Relationships>',
    )
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        "</Types>",
        f'<Override PartName="/{name}" '
        f'ContentType="application/vnd.openxmlformats-officedocument.{content_type}"/></Types>',
    )


def write_package(path: Path, parts: dict[str, bytes], *, overwrite: bool = False) -> Path:
    """Zip `parts` into `path` atomically; an existing file is kept unless `overwrite`."""
    with (
        replacing(path, force=overwrite) as tmp,
        zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as archive,
    ):
        for name, data in parts.items():
            info = zipfile.ZipInfo(name, date_time=(2021, 10, 1, 10, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return path


def write_docx(path: Path, body: str, *, overwrite: bool = False, **options: object) -> Path:
    return write_package(path, docx_parts(body, **options), overwrite=overwrite)  # type: ignore[arg-type]
