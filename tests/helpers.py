"""Request bodies shared by the tests, written as German Word writes them."""

from __future__ import annotations

from antragscheck.docxwrite import heading, para

ANTRAG = "Geschaffen wird 1,0 Stelle in der Abteilung Wirtschaftsförderung (EG 12 TVöD)."
KRITERIEN = "Die Stelle ist in der Grünen Liste enthalten. Auf die GRDrs. 234/2021 wird verwiesen."
ANLASS = " ".join(["Der Gemeinderat hat die Smart City Strategie beschlossen."] * 8)
AUSWIRKUNGEN = (
    "Bei Ablehnung der Stellenschaffung wird das Thema Smart City innerhalb der Verwaltung "
    "nicht weiterverfolgt und Stuttgart fällt zurück."
)


def title(text: str = "Stellenschaffung zum Stellenplan 2022") -> str:
    return para(text, style="Titel")


def slow_request(number: int, paragraphs: int = 400) -> str:
    """A complete request whose section 3.1 has `paragraphs` paragraphs unlike each other
    and unlike those of any other `number`: no per-text answer store of the stages spares
    its check, so it takes some hundredths of a second (for tests that need a worker to
    be inside a request; the same paragraph repeated checks in about a millisecond)."""
    sentence = "die Fallzahlen steigen deutlich. " * 20
    anlass = "".join(para(f"Antrag {number}, Absatz {i}: {sentence}") for i in range(paragraphs))
    return complete_body(anlass=anlass)


def complete_body(**replace: str) -> str:
    """A complete request; keyword arguments replace a section's body XML."""
    sections = {
        "antrag": (heading("Antrag, Stellenausstattung"), para(ANTRAG)),
        "kriterien": (heading("Schaffungskriterien"), para(KRITERIEN)),
        "bedarf": (heading("Bedarf"), ""),
        "anlass": (heading("Anlass", 2), para(ANLASS)),
        "bisher": (heading("Bisherige Aufgabenwahrnehmung", 2), para("Neue Aufgabe")),
        "auswirkungen": (
            heading("Auswirkungen bei Ablehnung der Stellenschaffungen", 2),
            para(AUSWIRKUNGEN),
        ),
        "vermerke": (heading("Stellenvermerke"), ""),
    }
    return title() + "".join(h + replace.get(k, body) for k, (h, body) in sections.items())
