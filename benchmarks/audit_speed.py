"""Throughput, scaling, memory and cache of `antragscheck audit`, all in one run.

    python benchmarks/audit_speed.py [--n 1000] [--big 10000] [--keep DIR]
    python benchmarks/audit_speed.py --default-jobs 43,516,1000,2000 [--runs 3]

Generates N varied requests (units, shares, pay grades, purposes, plan years, defects,
tables, tracked changes) and reports:
- requests per second for --jobs 1 and --jobs 2 (whole processes, no cache);
- the cost of checking one request in-process against reading word/document.xml with
  zipfile and lxml (aim: at most 5×);
- the speed-up of 2 jobs over 1 (aim: at least 1.7× on 2 cores);
- peak memory (resident, main process plus workers) for N and --big requests (aim: flat,
  at most 200 MiB);
- a warm re-run with the cache.
With --default-jobs SIZES only: for each number of requests, the default (no --jobs)
against --jobs 1 and --jobs 2, best of --runs, no cache; the default must never be slower
than one job.
Needs psutil for the memory figures (pip install psutil).
"""

from __future__ import annotations

import argparse
import contextlib
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from antragscheck.docxwrite import deleted, heading, inserted, para, run, table, write_docx  # noqa: E402

UNITS = [
    "im Jugendamt",
    "beim Amt für Umweltschutz",
    "in der Abteilung Wirtschaftsförderung",
    "im Haupt- und Personalamt",
    "beim Stadtplanungsamt",
    "im Referat Strategische Planung",
    "beim Gesundheitsamt",
    "im Amt für Digitalisierung",
]
PURPOSES = [
    "die Koordinierung Smart City",
    "die Schulsozialarbeit",
    "die Förderberatung Solaranlagen",
    "die Bearbeitung von Wohngeldanträgen",
    "die Digitalisierung der Bauakten",
    "das Quartiersmanagement",
    "den Ausbau der Kindertagesbetreuung",
    "die Radverkehrsplanung",
]
GRADES = ["EG 9b", "EG 11", "EG 12", "S 11b", "A 13", "EG 10", ""]
WORDS = (
    "Die Fallzahlen sind seit 2019 um 35 Prozent gestiegen und können mit dem vorhandenen "
    "Personal nicht mehr in angemessener Zeit bearbeitet werden. Der Gemeinderat hat die "
    "Aufgabe mit der GRDrs. 412/2020 beschlossen."
).split()


def request(rnd: random.Random, index: int) -> str:
    unit, purpose, grade = rnd.choice(UNITS), rnd.choice(PURPOSES), rnd.choice(GRADES)
    share = rnd.choice(["1,0", "0,5", "2,0", "0,75", "1,5"])
    year = 2022 if rnd.random() > 0.02 else 2019
    antrag = f"Geschaffen wird {share} Stelle {unit} für {purpose} {f'({grade})' if grade else ''}."
    anlass = " ".join(rnd.choice(WORDS) for _ in range(rnd.randint(20, 400)))
    body = para(f"Stellenschaffung zum Stellenplan {year}", style="Titel")
    if rnd.random() < 0.2:  # a form table
        body += table(
            [
                ["1 Antrag, Stellenausstattung", antrag],
                ["2 Schaffungskriterien", "Grüne Liste; GRDrs. 412/2020."],
                ["3.1 Anlass", anlass],
            ]
        )
    else:
        body += heading("Antrag, Stellenausstattung") + para(antrag)
        body += heading("Schaffungskriterien")
        body += para(
            "Die Stelle ist in der Grünen Liste enthalten. ",
            deleted("Alt. "),
            inserted(run("Auf die GRDrs. 412/2020 wird verwiesen.")),
        )
        body += heading("Bedarf") + heading("Anlass", 2) + para(anlass)
    if rnd.random() > 0.1:
        body += heading("Bisherige Aufgabenwahrnehmung", 2) + para("Neue Aufgabe")
    body += heading("Auswirkungen bei Ablehnung der Stellenschaffungen", 2)
    body += para(" ".join(rnd.choice(WORDS) for _ in range(rnd.randint(3, 40))))
    body += heading("Stellenvermerke") + (para("kw 31.12.2026") if index % 7 == 0 else "")
    return body


def generate(folder: Path, n: int, seed: int = 1) -> None:
    rnd = random.Random(seed)
    for i in range(n):
        sub = folder / f"amt{i % 20:02d}"
        sub.mkdir(parents=True, exist_ok=True)
        write_docx(sub / f"antrag_{i:05d}.docx", request(rnd, i), overwrite=True)


def run_audit(folder: Path, *args: str) -> tuple[float, float]:
    """(seconds, peak resident MiB of the process tree) of one audit process."""
    command = [sys.executable, "-m", "antragscheck", "audit", str(folder), "--exit-zero", *args]
    peak = [0.0]
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    watcher = threading.Thread(target=_watch, args=(process.pid, peak), daemon=True)
    watcher.start()
    process.wait()
    elapsed = time.perf_counter() - start
    watcher.join(timeout=1)
    return elapsed, peak[0]


def _watch(pid: int, peak: list[float]) -> None:
    try:
        import psutil
    except ImportError:
        return
    try:
        parent = psutil.Process(pid)
        while parent.is_running() and parent.status() != psutil.STATUS_ZOMBIE:
            total = 0
            for proc in [parent, *parent.children(recursive=True)]:
                with contextlib.suppress(psutil.Error):
                    total += proc.memory_info().rss
            peak[0] = max(peak[0], total / 2**20)
            time.sleep(0.05)
    except psutil.Error:
        return


def in_process_ratio(folder: Path) -> tuple[float, float]:
    """(ms per request for the check, ms per request to parse document.xml with lxml)."""
    from lxml import etree

    from antragscheck.pipeline import check_path
    from antragscheck.rules import load_rules

    files = sorted(folder.rglob("*.docx"))
    ruleset = load_rules()
    for path in files[:20]:  # warm up
        check_path(path, ruleset)
    start = time.perf_counter()
    for path in files:
        with zipfile.ZipFile(path) as archive:
            etree.fromstring(archive.read("word/document.xml"))
    baseline = (time.perf_counter() - start) / len(files)
    start = time.perf_counter()
    for path in files:
        check_path(path, ruleset)
    ours = (time.perf_counter() - start) / len(files)
    return ours * 1000, baseline * 1000


def default_jobs(sizes: list[int], runs: int, keep: Path | None) -> int:
    """The default number of jobs against one and two, per number of requests."""
    work = keep or Path(tempfile.mkdtemp(prefix="antragscheck-bench-"))
    try:
        print("Anträge  Standard  --jobs 1  --jobs 2  Standard/1")
        for n in sizes:
            folder = work / f"jobs{n}"
            if not folder.exists():
                generate(folder, n, seed=n)
            best = {}
            for label, extra in (("default", ()), ("1", ("--jobs", "1")), ("2", ("--jobs", "2"))):
                best[label] = min(run_audit(folder, "--no-cache", *extra)[0] for _ in range(runs))
            ratio = best["default"] / best["1"]
            print(
                f"{n:>7}  {best['default']:>6.2f} s  {best['1']:>6.2f} s  {best['2']:>6.2f} s"
                f"  {ratio:>9.2f}"
            )
    finally:
        if keep is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--big", type=int, default=10000, help="0 to skip")
    parser.add_argument("--keep", type=Path, help="generate into this folder and keep it")
    parser.add_argument("--default-jobs", help="sizes, e.g. 43,516,1000: default vs 1 and 2 jobs")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    if args.default_jobs:
        return default_jobs([int(n) for n in args.default_jobs.split(",")], args.runs, args.keep)
    work = args.keep or Path(tempfile.mkdtemp(prefix="antragscheck-bench-"))
    small = work / f"n{args.n}"
    try:
        t = time.perf_counter()
        generate(small, args.n)
        print(f"{args.n} Anträge erzeugt in {time.perf_counter() - t:.1f} s")
        ours, base = in_process_ratio(small)
        print(
            f"je Antrag im Prozess: {ours:.2f} ms; document.xml mit zipfile+lxml: "
            f"{base:.2f} ms; Verhältnis {ours / base:.1f}× (Ziel ≤ 5×)"
        )
        one, mem_one = run_audit(small, "--no-cache", "--jobs", "1")
        two, mem_two = run_audit(small, "--no-cache", "--jobs", "2")
        print(f"--jobs 1: {args.n / one:.0f} Anträge/s ({one:.1f} s), Spitze {mem_one:.0f} MiB")
        print(f"--jobs 2: {args.n / two:.0f} Anträge/s ({two:.1f} s), Spitze {mem_two:.0f} MiB")
        print(f"Beschleunigung 2 Jobs gegenüber 1: {one / two:.2f}× (Ziel ≥ 1,7×)")
        cache = work / "cache"
        cold, _ = run_audit(small, "--cache-dir", str(cache), "--jobs", "2")
        warm, mem_warm = run_audit(small, "--cache-dir", str(cache), "--jobs", "2")
        print(
            f"mit Cache: erster Lauf {cold:.1f} s, zweiter Lauf {warm:.2f} s "
            f"({args.n / warm:.0f} Anträge/s), Spitze {mem_warm:.0f} MiB"
        )
        if args.big:
            big = work / f"n{args.big}"
            generate(big, args.big, seed=2)
            big_one, mem_big_one = run_audit(big, "--no-cache", "--jobs", "1")
            big_two, mem_big = run_audit(big, "--no-cache", "--jobs", "2")
            print(
                f"{args.big} Anträge, --jobs 1: {args.big / big_one:.0f} Anträge/s, "
                f"Spitze {mem_big_one:.0f} MiB"
            )
            print(
                f"{args.big} Anträge, --jobs 2: {args.big / big_two:.0f} Anträge/s, "
                f"Spitze {mem_big:.0f} MiB (bei {args.n}: {mem_two:.0f} MiB; Ziel ≤ 200 MiB)"
            )
            print(f"Beschleunigung 2 Jobs gegenüber 1 bei {args.big}: {big_one / big_two:.2f}×")
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
