"""Build the sample requests in this folder: `python samples/make_samples.py [--force]`.

The complete request is the real Stuttgart request "Stellenschaffung zum Stellenplan
2022" (Smart City coordination, ../shared/seed/).  The defective variants each break
one or more of the default rules.  The files are written the way German Word writes
them: localized heading style ids with automatic numbering, form tables, content
controls showing their placeholder, tracked changes.  They are committed, so a new user
can try `antragscheck samples/*.docx` at once.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from antragscheck.docxwrite import (  # noqa: E402
    deleted,
    heading,
    inserted,
    para,
    run,
    sdt_block,
    table,
    write_docx,
)

TITLE = ("Stellenschaffung", "zum Stellenplan 2022")
ANTRAG = (
    "Geschaffen wird 1,0 Stelle in der Abteilung Wirtschaftsförderung für die Koordinierung "
    "Smart City Stuttgart."
)
KRITERIEN = (
    "Die Schaffung der Stelle ist in der „Grünen Liste“ für den Haushalt 2022 enthalten und "
    "ist Teil der „Smart City Strategie“. Auf die GRDrs. 234/2021 „Förderprogramm "
    "Modellprojekte Smart Cities: Stadtentwicklung und Digitalisierung“ wird verwiesen."
)
ANLASS = [
    "Im Frühjahr 2019 hat die Stadtverwaltung mit der städtischen Strategie für eine digitale "
    "Stadtverwaltung „Digital MoveS – Stuttgart.Gestaltet.Zukunft“ die Eckpunkte für die "
    "zukünftige Ausrichtung der Verwaltung formuliert. Allerdings befasst sich Digital MoveS, "
    "in Abgrenzung zu einem umfassenden Smart City Ansatz, nicht mit der Gestaltung der "
    "Digitalisierung im städtischen Lebensraum (bspw. Klima, Umwelt oder Mobilität).",
    "Trotz dieser Erfolge ist festzuhalten, dass es der Stadt Stuttgart einerseits an einer "
    "Smart-City-Strategie, sowie andererseits an einer innerhalb der Stadtverwaltung "
    "referatsübergreifenden koordinierenden Stelle fehlt.",
    "Mit der GRDrs. 234/2021 „Förderprogramm Modellprojekte Smart Cities: Stadtentwicklung und "
    "Digitalisierung“ beschloss der Gemeinderat am 25. März 2021 die Entwicklung einer Smart "
    "City Strategie sowie die Teilnahme am Förderprogramm und die damit einhergehende "
    "Erbringung des Eigenanteils.",
    "Am 15. Juli 2021 gab das BMI die Ergebnisse des Juryentscheids bekannt. Von den 94 "
    "bewerbenden Städten und Landkreisen wurden 28 Modellkommunen ausgewählt, die Bewerbung "
    "der Landeshauptstadt Stuttgart wurde dabei nicht berücksichtigt.",
    "Der Oberbürgermeister hat entschieden, dass sich die Landeshauptstadt Stuttgart nun aus "
    "eigener Kraft auf den Weg macht, einen Strategieentwicklungsprozess in Gang zu setzen. "
    "Aus diesem Grund wird das Thema Smart City im Geschäftskreis des OBM bei der "
    "Wirtschaftsförderung verortet.",
]
BISHER = "Neue Aufgabe"
AUSWIRKUNGEN = (
    "Bei Ablehnung der Stellenschaffung wird das Thema Smart City Stuttgart innerhalb der "
    "Stadtverwaltung nicht weiterverfolgt. Im kommunalen Wettbewerb der Städte im Bereich "
    "„Smart City“ wird Stuttgart weiter zurückfallen."
)


def title(*lines: str) -> str:
    return "".join(para(line, style="Titel") for line in lines)


def request(
    *,
    title_lines: tuple[str, ...] = TITLE,
    antrag: str = ANTRAG,
    kriterien: str = KRITERIEN,
    anlass: list[str] | None = None,
    bisher: str = BISHER,
    auswirkungen: str = AUSWIRKUNGEN,
    vermerke: list[str] | None = None,
    skip: tuple[str, ...] = (),
) -> str:
    """The request's body with German Word headings (numbers from numbering.xml)."""
    parts = {
        "antrag": heading("Antrag, Stellenausstattung") + para(antrag),
        "kriterien": heading("Schaffungskriterien") + para(kriterien),
        "bedarf": heading("Bedarf"),
        "anlass": heading("Anlass", 2) + "".join(para(p) for p in (anlass or ANLASS)),
        "bisher": heading("Bisherige Aufgabenwahrnehmung", 2) + para(bisher),
        "auswirkungen": heading("Auswirkungen bei Ablehnung der Stellenschaffungen", 2)
        + para(auswirkungen),
        "vermerke": heading("Stellenvermerke") + "".join(para(v) for v in (vermerke or [])),
    }
    return title(*title_lines) + "".join(xml for key, xml in parts.items() if key not in skip)


def form_request() -> str:
    """The same kind of request as a form: label cells, content beside or below them,
    numbers typed into the labels, a kw note and a ku note without target grade."""
    return title("Stellenschaffung zum Stellenplan 2022") + table(
        [
            [
                "1 Antrag, Stellenausstattung",
                "Geschaffen werden 0,5 Stellen (Entgeltgruppe 9b TVöD) beim Amt für Umweltschutz "
                "für die Förderberatung Solaranlagen.",
            ],
            [
                "2 Schaffungskriterien",
                "Die Stelle wird zu 80 % aus Landesmitteln gefördert (Drittfinanzierung). Der "
                "Gemeinderat hat die Solaroffensive mit GRDrs. 812/2021 am 14.10.2021 beschlossen.",
            ],
            ["3 Bedarf", ""],
            [
                "3.1 Anlass",
                "Mit der Solaroffensive bietet die Stadt Eigentümerinnen und Eigentümern eine "
                "kostenlose Erstberatung an. Im ersten Halbjahr 2021 gingen bereits 640 "
                "Beratungsanfragen ein, die mit dem vorhandenen Personal nicht in angemessener "
                "Zeit beantwortet werden können; die Förderrichtlinie verlangt eine Bearbeitung "
                "innerhalb von vier Wochen.",
            ],
            [
                "3.2 Bisherige Aufgabenwahrnehmung",
                "Die Beratung wurde bisher befristet von einer Projektkraft wahrgenommen.",
            ],
            [
                "3.3 Auswirkungen bei Ablehnung der Stellenschaffungen",
                "Ohne die Stelle können die Fördermittel des Landes nicht abgerufen werden und die "
                "Beratungsanfragen bleiben über Monate liegen.",
            ],
            ["4 Stellenvermerke", "kw 31.12.2025; ku bei Wiederbesetzung"],
        ]
    )


def tracked_request() -> str:
    """Out of order, a section twice, tracked changes, a reference after the plan year,
    a share of 0,0, and a kw note without date."""
    return (
        title("Stellenschaffung zum Stellenplan 2022")
        + heading("Schaffungskriterien")
        + para(
            "Der Gemeinderat hat mit GRDrs. 1022/",
            deleted("2021"),
            inserted(run("2023")),
            " die Erweiterung der Schulsozialarbeit beschlossen (neue Aufgabe).",
        )
        + heading("Antrag, Stellenausstattung")
        + para(
            "Geschaffen werden ",
            deleted("2,0"),
            inserted(run("0,0")),
            " Stellen im Jugendamt (S 11b).",
        )
        + heading("Bedarf")
        + heading("Anlass", 2)
        + para(" ".join(ANLASS[:2]))
        + heading("Anlass", 2)
        + para("Siehe oben.")
        + heading("Bisherige Aufgabenwahrnehmung", 2)
        + para(BISHER)
        + heading("Auswirkungen bei Ablehnung der Stellenschaffungen", 2)
        + para(AUSWIRKUNGEN)
        + heading("Stellenvermerke")
        + para("kw")
    )


SAMPLES = {
    "stellenschaffung_smart_city_2022.docx": lambda: request(),
    "fehlende_abschnitte.docx": lambda: request(skip=("bisher", "vermerke")),
    "platzhalter.docx": lambda: (
        title(*TITLE)
        + heading("Antrag, Stellenausstattung")
        + para(ANTRAG)
        + heading("Schaffungskriterien")
        + para(KRITERIEN)
        + heading("Bedarf")
        + heading("Anlass", 2)
        + para("Die Fallzahlen sind von XXX auf [bitte ergänzen] gestiegen.")
        + heading("Bisherige Aufgabenwahrnehmung", 2)
        + para(BISHER)
        + heading("Auswirkungen bei Ablehnung der Stellenschaffungen", 2)
        + sdt_block()
        + heading("Stellenvermerke")
    ),
    "ohne_drucksache.docx": lambda: request(
        kriterien="Die Schaffung der Stelle ist in der „Grünen Liste“ für den Haushalt 2022 "
        "enthalten.",
        anlass=[
            p.replace("Mit der GRDrs. 234/2021", "Mit dem Förderprogramm").replace(
                "beschloss der Gemeinderat am 25. März 2021", "ergab sich"
            )
            for p in ANLASS
        ],
    ),
    "ohne_stellenanteil.docx": lambda: request(
        title_lines=("Stellenschaffung Smart City",),
        antrag="Geschaffen wird eine Koordinierungsstelle für Smart City Stuttgart.",
    ),
    "mehrbelastung_ohne_zahlen.docx": lambda: request(
        kriterien="Die Aufgaben haben erheblich zugenommen; es besteht eine Mehrbelastung, "
        "die mit dem vorhandenen Personal nicht aufgefangen werden kann. Auf die GRDrs. "
        "234/2021 wird verwiesen.",
        anlass=["Die Arbeit hat in den letzten Jahren stark zugenommen."],
        auswirkungen="entfällt",
    ),
    "formular_tabelle.docx": form_request,
    "ueberarbeitet_nachverfolgung.docx": tracked_request,
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--force", action="store_true", help="overwrite existing samples")
    parser.add_argument("--out", type=Path, default=HERE, help="target folder")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    for name, build in SAMPLES.items():
        target = args.out / name
        if target.exists() and not args.force:
            print(f"exists, kept: {target}")
            continue
        write_docx(target, build(), overwrite=args.force, title="Stellenschaffung")
        print(f"written: {target}")
    damaged = args.out / "beschaedigt.docx"
    if not damaged.exists() or args.force:
        # What a broken download looks like: the first bytes of a package, cut off.
        damaged.write_bytes(b"PK\x03\x04\x14\x00\x06\x00\x08\x00" + b"\x00" * 20)
        print(f"written: {damaged}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
