"""Stage 3, extract: section text → the request's facts (the `Antrag` model).

Pure functions over text.  Every pattern for the notations of ../DOMAIN (post shares,
pay grades, council references, decisions, dates, criteria, Stellenvermerke) lives in
this module, so a notation is changed in one place.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from antragscheck.doctypes import DocumentType
from antragscheck.models import (
    Antrag,
    Decision,
    Note,
    Position,
    Reference,
    Suppression,
)
from antragscheck.structure import Structure

# -- dates ----------------------------------------------------------------------------

MONTHS = {
    "januar": 1,
    "jänner": 1,
    "februar": 2,
    "märz": 3,
    "maerz": 3,
    "april": 4,
    "mai": 5,
    "juni": 6,
    "juli": 7,
    "august": 8,
    "september": 9,
    "oktober": 10,
    "november": 11,
    "dezember": 12,
}
_MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))
DATE = re.compile(
    r"\b(?:(?P<d>\d{1,2})\.\s?(?P<m>\d{1,2})\.\s?(?P<y>\d{4}|\d{2})\b"
    rf"|(?P<d2>\d{{1,2}})\.\s*(?P<mn>{_MONTH_NAMES})\s+(?P<y2>\d{{4}})\b"
    r"|(?P<m3>\d{1,2})/(?P<d3>\d{1,2})/(?P<y3>\d{4})\b)",
    re.IGNORECASE,
)


def parse_date(match: re.Match[str]) -> dt.date | None:
    """The date of a DATE match: "25.03.2021", "25. März 2021", or "12/15/2021" (the
    month-first form some portal headers write)."""
    try:
        if match.group("d"):
            year = int(match.group("y"))
            year += 2000 if year < 100 else 0
            return dt.date(year, int(match.group("m")), int(match.group("d")))
        if match.group("d2"):
            month = MONTHS[match.group("mn").lower()]
            return dt.date(int(match.group("y2")), month, int(match.group("d2")))
        return dt.date(int(match.group("y3")), int(match.group("m3")), int(match.group("d3")))
    except ValueError:
        return None


# -- post shares and units ------------------------------------------------------------

_NUMBER_WORDS = {
    "eine": "1",
    "einer": "1",
    "ein": "1",
    "zwei": "2",
    "drei": "3",
    "vier": "4",
    "fünf": "5",
    "sechs": "6",
    "sieben": "7",
    "acht": "8",
    "neun": "9",
    "zehn": "10",
    "halbe": "0,5",
}
UNIT = (
    r"(?P<unit>(?:Vollzeit|Beamten|Plan|Teilzeit)?[Ss]tellen?(?:anteile?|anteilen)?"
    r"|VZÄ|VZK|Vollzeitäquivalente?)"
)
SHARE = re.compile(
    r"(?<![\w,./])(?P<share>\d{1,3}(?:,\d+)?|"
    + "|".join(_NUMBER_WORDS)
    + r")\s+(?:(?:neue|zusätzliche|befristete|unbefristete|weitere)\s+)?"
    + UNIT
    + r"\b",
    re.IGNORECASE,
)

# An organisational unit: "Abteilung Wirtschaftsförderung", "Amt für Umweltschutz",
# "Referat WFB", or a compound ending in -amt ("Jugendamt", "Stadtplanungsamt").
_NAME = r"[A-ZÄÖÜ][\w\-]*(?:\s+und\s+[A-ZÄÖÜ][\w\-]*|\s+[A-ZÄÖÜ][\w\-]*)*"
ORG_UNIT = re.compile(
    r"\b(?:(?:Abteilung|Amt|Referat|Stabsstelle|Dienststelle|Sachgebiet|Fachbereich|"
    r"Eigenbetrieb|Geschäftsbereich|Dezernat|Fachamt)\s+(?:für\s+)?" + _NAME + r"|"
    r"(?:[A-ZÄÖÜ][a-zäöüß]*-\s+und\s+)?[A-ZÄÖÜ][a-zäöüß]+(?<!ges)(?<!Ges)amt\b(?:\s+"
    + _NAME
    + r")?)"
)

# -- pay grades -----------------------------------------------------------------------

_GRADE_CONTEXT = re.compile(
    r"Entgeltgruppe|Besoldungsgruppe|BesGr|TVöD|TV-L|TV-V|bewertet|Bewertung|Stelle|"
    r"Eingruppierung|eingruppiert|Wertigkeit|Besoldung|Vergütung",
    re.IGNORECASE,
)
# EG grades carry their own context; S, P, A and B need grade context nearby and must
# not be "Anlage A 1" or "S. 5".
PAY_GRADE = re.compile(
    r"(?<![\w.])(?:"
    r"(?:EG|E|Entgeltgruppe)\s*(?P<eg>15\s?Ü|1[0-5]|[1-9][abc]?)(?![\d,])"
    r"|(?P<sp>[SP])\s?(?P<spn>1[0-8]|[2-9])(?P<spx>[ab])?(?![\d,])"
    r"|(?P<ab>[AB])\s?(?P<abn>0?[1-9]|1[0-6])(?P<z>\s?\+\s?Z)?(?![\d,])"
    r")(?!\w)"
)
_NOT_GRADE_BEFORE = re.compile(r"(?:Anlage|Abs\.|Absatz|Ziffer|Nr\.|Seite|Tabelle|Punkt)\s*$")


def pay_grades(text: str) -> Iterator[tuple[int, str]]:
    """(offset, normalised grade) for each pay grade stated in grade context."""
    for match in PAY_GRADE.finditer(text):
        before = text[max(0, match.start() - 100) : match.start()]
        if _NOT_GRADE_BEFORE.search(before):
            continue
        if match.group("eg"):
            grade = "EG " + match.group("eg").replace(" ", "")
            bare_e = not match.group(0).startswith(("EG", "Entg"))
            if bare_e and not _GRADE_CONTEXT.search(before):
                continue  # a bare "E 9" counts only in grade context
            yield match.start(), grade
            continue
        after = text[match.end() : match.end() + 30]
        if not (_GRADE_CONTEXT.search(before) or _GRADE_CONTEXT.search(after)):
            continue
        if match.group("sp"):
            letter, number, split = match.group("sp", "spn", "spx")
            yield match.start(), f"{letter} {number}{split or ''}"
        else:
            number = int(match.group("abn"))
            if match.group("ab") == "B" and number > 11:
                continue
            suffix = "+Z" if match.group("z") else ""
            yield match.start(), f"{match.group('ab')} {number}{suffix}"


# -- council references and decisions ------------------------------------------------

_REF_NUMBER = r"\d{1,5}/\d{4}(?:\s+(?:Ergänzung|Neufassung))?"
_REF_LIST = rf"{_REF_NUMBER}(?:\s*(?:,|;|und|sowie|u\.)\s*{_REF_NUMBER})*"
REFERENCE = re.compile(
    r"(?P<kind>GRDrsen\.?|GRDrs\.?|GR-Drs\.?|GR-Drucksachen?|Gemeinderatsdrucksachen?|"
    r"Drucksachen?|Drs\.|Haushaltsantrag|Antrag|Sitzungsvorlage)"
    r"(?:\s+(?:Nr\.|Nrn\.|Nummer))?\s*"
    rf"(?P<numbers>{_REF_LIST}|\d{{1,2}}-\d{{1,2}}\s*/\s*V\s*\d+)"
)
_REF_ONE = re.compile(r"(?P<number>\d{1,5})/(?P<year>\d{4})")
_KIND = {
    "grdrs": "GRDrs",
    "grdrsen": "GRDrs",
    "gr-drs": "GRDrs",
    "gr-drucksache": "GRDrs",
    "gr-drucksachen": "GRDrs",
    "gemeinderatsdrucksache": "GRDrs",
    "gemeinderatsdrucksachen": "GRDrs",
    "drucksache": "Drucksache",
    "drucksachen": "Drucksache",
    "drs": "Drucksache",
    "haushaltsantrag": "Haushaltsantrag",
    "antrag": "Antrag",
    "sitzungsvorlage": "Sitzungsvorlage",
}
COUNCIL_KINDS = frozenset({"GRDrs", "Drucksache", "Sitzungsvorlage"})

_BODY = re.compile(
    r"(?P<body>Gemeinderat\w*|GR(?=[-\s])|Verwaltungsausschuss\w*|\w*[Aa]usschuss\w*|"
    r"Bezirksbeirat\w*|Stadtrat\w*|Kreistag\w*)"
)
_DECIDED = re.compile(r"beschl|Beschluss|Beschlüsse", re.IGNORECASE)


def references(text: str, section: str | None) -> Iterator[Reference]:
    for match in REFERENCE.finditer(text):
        kind = _KIND[match.group("kind").rstrip(".").lower()]
        numbers = match.group("numbers")
        if "/ V" in numbers or "/V" in numbers:
            yield Reference(
                kind=kind,
                number=re.sub(r"\s+", " ", numbers),
                year=None,
                text=match.group(0),
                council=kind in COUNCIL_KINDS,
                section=section,
            )
            continue
        for one in _REF_ONE.finditer(numbers):
            yield Reference(
                kind=kind,
                number=one.group(0),
                year=int(one.group("year")),
                text=match.group(0),
                council=kind in COUNCIL_KINDS,
                section=section,
            )


def decisions(text: str, section: str | None) -> Iterator[Decision]:
    """Council decisions in prose: a date next to a decision word and a body, as in
    "beschloss der Gemeinderat am 25. März 2021" or "GR-Beschluss vom 25.03.2021"."""
    for sentence in _sentences(text):
        for match in DATE.finditer(sentence):
            date = parse_date(match)
            if date is None:
                continue
            window = sentence[max(0, match.start() - 120) : match.end() + 60]
            body = _BODY.search(window)
            if body is None or not _DECIDED.search(window):
                continue
            name = body.group("body")
            name = "Gemeinderat" if name.startswith(("GR", "Gemeinderat")) else name
            yield Decision(body=name, date=date, text=sentence.strip()[:300], section=section)


# -- criteria -------------------------------------------------------------------------

CRITERIA: dict[str, re.Pattern[str]] = {
    "gruene_liste": re.compile(r"Grüne[nr]?\s+Liste", re.IGNORECASE),
    "gemeinderatsbeschluss": re.compile(
        r"GRDrs|Drucksache|Gemeinderat\w*\s+(?:hat\s+)?\w*\s*beschl|beschloss\w*\s+der\s+"
        r"Gemeinderat|GR-Beschluss|Gemeinderatsbeschluss",
        re.IGNORECASE,
    ),
    "gesetz_tarif": re.compile(
        r"\bGesetz|gesetzlich|Verordnung|Tarifvertrag|tariflich|Pflichtaufgabe|§\s*\d|"
        r"Rechtsanspruch|Vorschrift",
        re.IGNORECASE,
    ),
    "neue_aufgabe": re.compile(
        r"neue\s+Aufgabe|Aufgabenerweiterung|erweiterte\s+Aufgabe|zusätzliche\s+Aufgabe",
        re.IGNORECASE,
    ),
    "mehrbelastung": re.compile(
        r"Mehrbedarf|Mehrarbeit|Mehrbelastung|Arbeitsmenge|Arbeitsaufwand|Aufgabenzuwachs|"
        r"Aufgabenmehrung|Fallzahl|Arbeitsbelastung|Arbeitsanfall|Belastung",
        re.IGNORECASE,
    ),
    "kostenneutral": re.compile(
        r"kostenneutral|Kompensation|kompensiert|Gegenfinanzierung|gegenfinanziert|"
        r"refinanziert|Refinanzierung|Einsparung|Wegfall\s+einer\s+Stelle",
        re.IGNORECASE,
    ),
    "drittfinanzierung": re.compile(
        r"Drittmittel|Drittfinanzierung|Fördermittel|Förderprogramm|gefördert|Zuschuss|"
        r"Zuwendung|Landesmittel|Bundesmittel",
        re.IGNORECASE,
    ),
    "strategie": re.compile(r"Strategie|Masterplan|Aktionsprogramm|Konzept", re.IGNORECASE),
    "fuehrungsspanne": re.compile(r"Führungsspanne|Leitungsspanne", re.IGNORECASE),
}

# -- Stellenvermerke ------------------------------------------------------------------

NOTE = re.compile(
    r"(?<![\w-])(?P<kind>kw|k\.w\.|ku|k\.u\.|künftig\s+wegfallend|künftig\s+umzuwandeln|"
    r"Sperrvermerk|gesperrt)(?![\w-])",
    re.IGNORECASE,
)
_NOTE_KIND = {
    "kw": "kw",
    "k.w.": "kw",
    "ku": "ku",
    "k.u.": "ku",
    "sperrvermerk": "sperre",
    "gesperrt": "sperre",
}
_YEAR_ONLY = re.compile(r"\b(?:Ende|zum|bis|ab|31\.12\.)?\s*(?P<year>20\d{2})\b")


def notes(text: str) -> Iterator[Note]:
    """Stellenvermerke in `text`: "kw 31.12.2025", "ku nach EG 9b", "Sperrvermerk bis …"."""
    matches = list(NOTE.finditer(text))
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(text)
        line_end = text.find("\n", match.end())
        if line_end != -1:
            end = min(end, line_end)
        raw = match.group("kind").lower()
        kind = _NOTE_KIND.get(raw) or ("kw" if "wegfallend" in raw else "ku")
        rest = text[match.end() : end].strip(" :,;-–\t")
        date_match = DATE.search(rest)
        date = parse_date(date_match) if date_match else None
        if date is None and kind == "kw":
            year = _YEAR_ONLY.search(rest)
            if year:
                date = dt.date(int(year.group("year")), 12, 31)
        condition = rest
        if date_match:
            condition = (rest[: date_match.start()] + rest[date_match.end() :]).strip(" :,;-–.")
        condition = re.sub(r"^(?:zum|am|ab|bis|nach)\s*$", "", condition).strip()
        target = next((grade for _, grade in pay_grades("Stelle " + rest)), None)
        yield Note(
            kind=kind,
            date=date,
            condition=condition or None,
            target_grade=target if kind == "ku" else None,
            text=text[match.start() : end].strip(),
        )


# -- helpers --------------------------------------------------------------------------


@lru_cache(maxsize=64)
def _sentences(text: str) -> list[str]:
    # A sentence ends at . ! ? after a letter or a closing quote, not after a number:
    # "am 25. März 2021" is one sentence.
    return [s for s in _SENTENCE_END.split(text) if s.strip()]


_SENTENCE_END = re.compile(r"(?<=[^\W\d_][.!?])\s+(?=[A-ZÄÖÜ„\"])|(?<=[“\")][.!?])\s+|\n")


def parse_share(raw: str) -> Decimal | None:
    raw = _NUMBER_WORDS.get(raw.lower(), raw)
    try:
        return Decimal(raw.replace(".", "").replace(",", "."))
    except InvalidOperation:
        return None


def _unit_name(raw: str) -> str:
    lowered = raw.lower()
    if lowered.startswith(("vzä", "vzk", "vollzeitäquivalent")):
        return "VZÄ"
    for prefix, name in (
        ("planstelle", "Planstelle"),
        ("beamtenstelle", "Beamtenstelle"),
        ("vollzeitstelle", "Vollzeitstelle"),
        ("teilzeitstelle", "Teilzeitstelle"),
    ):
        if lowered.startswith(prefix):
            return name
    return "Stelle"


# What the post is for: "… für die Koordinierung Smart City Stuttgart." or "… zur
# Förderberatung Solaranlagen".
PURPOSE = re.compile(
    r"\b(?:für\s+(?:die|den|das)|zur|zum)\s+(?P<purpose>[^.;:()]{3,120}?)(?:[.;:(]|$)"
)


def purpose(sentence: str) -> str | None:
    match = PURPOSE.search(sentence)
    return match.group("purpose").strip() if match else None


def positions(text: str) -> Iterator[Position]:
    """Each post share stated in section 1, with the unit and pay grade of its sentence
    (or, failing that, of the section)."""
    section_unit = next((m.group(0) for m in ORG_UNIT.finditer(text)), None)
    section_grade = next((g for _, g in pay_grades(text)), None)
    for sentence in _sentences(text):
        for match in SHARE.finditer(sentence):
            unit = next((m.group(0) for m in ORG_UNIT.finditer(sentence)), None)
            grade = next((g for _, g in pay_grades(sentence)), None)
            yield Position(
                share=parse_share(match.group("share")),
                share_text=match.group(0),
                unit=_unit_name(match.group("unit")),
                org_unit=(unit or section_unit),
                pay_grade=grade or section_grade,
                purpose=purpose(sentence[match.end() :]) or purpose(text),
                text=sentence.strip()[:300],
            )


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


# "antragscheck: ignore section-too-short – Begründung", several rules separated by commas;
# the reason follows a dash with spaces around it or a colon.
SUPPRESSION = re.compile(
    r"antragscheck\s*:\s*ignore\s+(?P<rules>[\w-]+(?:\s*,\s*[\w-]+)*)"
    r"(?:\s+[–—-]\s+|\s*[:–—]\s*)?(?P<reason>.*)$",
    re.IGNORECASE | re.DOTALL,
)


def suppressions(comments: Iterable[str], properties: dict[str, str]) -> Iterator[Suppression]:
    sources = [("Kommentar", text) for text in comments]
    sources += [("Dokumenteigenschaft", f"{name}: {value}") for name, value in properties.items()]
    for source, text in sources:
        match = SUPPRESSION.search(text.strip())
        if match is None:
            continue
        reason = match.group("reason").strip(" -–—:.\n\t") or None
        yield Suppression(
            rules=[r.strip() for r in match.group("rules").split(",")],
            reason=reason,
            source=source,
            text=text.strip()[:200],
        )


PLAN_YEAR = re.compile(r"Stellenplan(?:es|s)?\s+(?:für\s+(?:das\s+Jahr\s+)?)?(?P<year>20\d{2})")


def extract(
    structured: Structure,
    doc_type: DocumentType,
    comments: Iterable[str] = (),
    properties: dict[str, str] | None = None,
) -> Antrag:
    """The facts of a request, from its sections (and, for suppressions, from its
    comments and custom document properties)."""
    sections = structured.sections
    by_key = {s.key: s for s in sections if s.key}
    plan_year = PLAN_YEAR.search(structured.title)
    all_text: list[tuple[str | None, str]] = [(None, structured.title)]
    all_text += [(s.key, s.text) for s in sections]

    antrag_section = by_key.get("antrag")
    criteria_section = by_key.get("schaffungskriterien")
    notes_section = by_key.get("stellenvermerke")
    note_texts = [notes_section.text] if notes_section else []
    note_texts += [
        sentence
        for key, text in all_text
        if key != "stellenvermerke"
        for sentence in _sentences(text)
        if re.search(r"Vermerk", sentence)
    ]
    return Antrag(
        title=structured.title,
        plan_year=int(plan_year.group("year")) if plan_year else None,
        document_type=doc_type.id,
        sections=list(sections),
        preamble_placeholders=structured.preamble_placeholders,
        positions=list(positions(antrag_section.text)) if antrag_section else [],
        references=[r for key, text in all_text for r in references(text, key)],
        decisions=[d for key, text in all_text for d in decisions(text, key)],
        criteria=[
            name
            for name, pattern in CRITERIA.items()
            if criteria_section and pattern.search(criteria_section.text)
        ],
        notes=[n for text in note_texts for n in notes(text)],
        pay_grades=_unique(g for _, text in all_text for _, g in pay_grades(text)),
        org_units=_unique(
            m.group(0) for m in ORG_UNIT.finditer(antrag_section.text if antrag_section else "")
        ),
        suppressions=list(suppressions(comments, properties or {})),
    )
