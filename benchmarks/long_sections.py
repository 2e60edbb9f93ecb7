"""Extraction over long sections: time grows linearly with the text.

Each shape of hostile text ("1 Stelle " repeated, a sentence without end, dates,
papers, units, grades, a positions table) is put into section 1 (and 2) at growing
sizes, and the whole extraction (structure → extract → rules) is timed.  The baseline,
measured in the same run over the same text, is one pass of `re.finditer(r"\\w+")`,
a linear-time scan.  The figure that matters is the time per KB: when it stays flat as
the section grows tenfold, extraction is linear (a quadratic step would multiply it by
ten).

    python benchmarks/long_sections.py [--sizes 5,50,200] [--runs 3]
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from antragscheck.pipeline import analyse, check_document  # noqa: E402
from antragscheck.read.plain import document_from_text  # noqa: E402
from antragscheck.rules import load_rules  # noqa: E402

_WORD = re.compile(r"\w+")

SHAPES: dict[str, str] = {
    "1 Stelle": "1 Stelle ",
    "Satz ohne Ende": "und eine Stelle im Amt für Jugend, Familie ",
    "Daten": "am 12.05.2023 beschloss der Gemeinderat, ",
    "Drucksachen": "GRDrs. 12/2020, ",
    "Ämter": "Amt für Umwelt, Klima, Energie, ",
    "Entgeltgruppen": "A A E S 9 B ",
    "Stunden": "19,5 Stunden 50 % ",
    "Vermerke": "kw ku kw-Vermerk 01/2031 ",
}


def request(section: str) -> str:
    return (
        "Stellenschaffung zum Stellenplan 2024\n1 Antrag, Stellenausstattung\n"
        f"{section}\n2 Schaffungskriterien\n{section}\n3 Bedarf\n3.1 Anlass\nText.\n"
        "3.2 Bisherige Aufgabenwahrnehmung\nNeue Aufgabe\n"
        "3.3 Auswirkungen bei Ablehnung der Stellenschaffungen\nText.\n"
        f"4 Stellenvermerke\n{section}\n"
    )


def best(runs: int, action: Callable[[], object]) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="5,50,200", help="section sizes in KB")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    ruleset = load_rules()
    analyse(document_from_text(request("1 Stelle")), ruleset)  # compile the notation once
    print(f"{'Form':<16} {'KB':>5} {'Extraktion':>11} {'je KB':>8} {'Basis':>9} {'Verhältnis':>11}")
    worst = 0.0
    for name, unit in SHAPES.items():
        ratios = []
        per_kb = []
        for size in sizes:
            section = (unit * (size * 1024 // len(unit) + 1))[: size * 1024]
            text = request(section)
            document = document_from_text(text)

            seconds = best(args.runs, lambda document=document: check_document(document, ruleset))
            baseline = best(
                max(args.runs, 9), lambda text=text: sum(1 for _ in _WORD.finditer(text))
            )
            ratio = seconds / baseline
            ratios.append(ratio)
            per_kb.append(seconds / size)
            print(
                f"{name:<16} {size:>5} {seconds * 1000:>9.1f} ms {seconds * 1000 / size:>5.1f} ms"
                f" {baseline * 1000:>6.2f} ms {ratio:>10.0f}×"
            )
        growth = per_kb[-1] / per_kb[0]
        worst = max(worst, growth)
        print(f"{'':<16} Zeit je KB bei {sizes[-1]} KB / bei {sizes[0]} KB: {growth:.2f}")
    print(f"Größtes Wachstum der Zeit je KB: {worst:.2f} (linear: um 1, quadratisch: ~10)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
