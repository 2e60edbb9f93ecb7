"""Where the per-request time goes: cProfile over `check_path` on generated requests.

python benchmarks/profile_request.py [--n 300] [--sort tottime] [--limit 40]
python benchmarks/profile_request.py --stages [--runs 5] [--whole]: CPU time per stage, no
    profiler; --whole: also check_path and what it costs beyond the stages
python benchmarks/profile_request.py --batches 1,16,64 [--runs 5]: check_path file by file
    against the stages run over batches of k files, one stage at a time (what running the
    stages interleaved costs; the product checks file by file)

"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import audit_speed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=300)
    parser.add_argument("--sort", default="tottime")
    parser.add_argument("--limit", type=int, default=40)
    parser.add_argument("--folder", type=Path, help="use these requests instead")
    parser.add_argument("--stages", action="store_true", help="CPU time per stage instead")
    parser.add_argument("--runs", type=int, default=5, help="with --stages: median of runs")
    parser.add_argument(
        "--whole", action="store_true", help="with --stages: also check_path, and the rest"
    )
    parser.add_argument("--batches", help="with sizes k,…: stages over batches of k files")
    args = parser.parse_args()

    from antragscheck.pipeline import check_path
    from antragscheck.rules import load_rules

    with tempfile.TemporaryDirectory() as temp:
        folder = args.folder or Path(temp)
        if args.folder is None:
            audit_speed.generate(folder, args.n, seed=1)
        files = sorted(folder.rglob("*.docx"))
        ruleset = load_rules()
        if args.stages:
            return stages(files, ruleset, args.runs, args.whole)
        if args.batches:
            sizes = [int(k) for k in args.batches.split(",")]
            return batches(files, ruleset, args.runs, sizes)
        for path in files[:20]:
            check_path(path, ruleset)  # warm: patterns compiled
        start = time.process_time()
        profile = cProfile.Profile()
        profile.enable()
        for path in files:
            check_path(path, ruleset)
        profile.disable()
        spent = time.process_time() - start
        print(f"{len(files)} Anträge, {spent / len(files) * 1e3:.3f} ms je Antrag (mit Profil)")
        pstats.Stats(profile).sort_stats(args.sort).print_stats(args.limit)
    return 0


def stages(files: list[Path], ruleset: object, runs: int, whole: bool = False) -> int:
    """Median CPU ms per request of each stage over all files, each stage timed as a
    loop over the files with the stages before it done once (the per-text caches of
    extract see each request's texts once per run, as in a check).  `whole`: also
    check_path in the same runs, and what it costs beyond the stages."""
    import statistics

    from antragscheck.extract import extract
    from antragscheck.pipeline import check_path
    from antragscheck.read import read_document
    from antragscheck.rules import RuleSet, evaluate
    from antragscheck.structure import choose_type, structure

    assert isinstance(ruleset, RuleSet)
    known = ruleset.known()
    read = [read_document(path) for path in files]
    typed = [(d, choose_type(d.blocks, ruleset.document_types)) for d in read]
    built = [(d, t, structure(d.blocks, t)) for d, t in typed]
    noted = [(d, t, s, ruleset.notation(t)) for d, t, s in built]
    found = [(extract(s, t, n, d.comments, d.properties), t) for d, t, s, n in noted]
    spent: dict[str, list[float]] = {}

    def timed(name: str, work: object) -> None:
        assert callable(work)
        start = time.process_time()
        work()
        spent.setdefault(name, []).append((time.process_time() - start) / len(files) * 1e3)

    for _ in range(runs):
        timed("read", lambda: [read_document(path) for path in files])
        timed("structure", lambda: [structure(d.blocks, t) for d, t in typed])
        timed(
            "extract", lambda: [extract(s, t, n, d.comments, d.properties) for d, t, s, n in noted]
        )
        timed("rules", lambda: [evaluate(a, t, ruleset.rules, None, known) for a, t in found])
        if whole:
            timed("check_path", lambda: [check_path(path, ruleset) for path in files])
    print(f"{len(files)} Anträge, CPU-Zeit je Antrag (Median aus {runs} Läufen):")
    median = {name: statistics.median(values) for name, values in spent.items()}
    for name, value in median.items():
        print(f"  {name:10s} {value:.3f} ms")
    if whole:
        rest = median["check_path"] - sum(v for k, v in median.items() if k != "check_path")
        print(f"  Rest       {rest:.3f} ms (check_path ohne die Stufen: Wahl des Dokumenttyps,")
        print("             Zeitgrenze, Unterdrückungen, und dass die Stufen abwechselnd laufen)")
    return 0


def batches(files: list[Path], ruleset: object, runs: int, sizes: list[int]) -> int:
    """Median CPU ms per request of check_path file by file, and of the same work done
    stage by stage over batches of k files (read k, structure k, extract k, rules k)."""
    import statistics

    from antragscheck.extract import extract
    from antragscheck.pipeline import check_path
    from antragscheck.read import Deadline, read_document
    from antragscheck.rules import RuleSet, evaluate
    from antragscheck.structure import choose_type, structure
    from antragscheck.suppress import by_document

    assert isinstance(ruleset, RuleSet)
    known = ruleset.known()

    def batched(k: int) -> None:
        for first in range(0, len(files), k):
            chunk = files[first : first + k]
            deadlines = [Deadline(60.0) for _ in chunk]
            docs = [read_document(p, d) for p, d in zip(chunk, deadlines, strict=True)]
            types = [choose_type(d.blocks, ruleset.document_types) for d in docs]
            built = [structure(d.blocks, t) for d, t in zip(docs, types, strict=True)]
            found = [
                extract(s, t, ruleset.notation(t), d.comments, d.properties)
                for s, t, d in zip(built, types, docs, strict=True)
            ]
            for a, t, deadline in zip(found, types, deadlines, strict=True):
                by_document(evaluate(a, t, ruleset.rules, deadline.check, known), a.suppressions)

    work = {"check_path": lambda: [check_path(path, ruleset) for path in files]}
    for k in sizes:
        work[f"Stapel zu {k}"] = lambda k=k: batched(k)
    for job in work.values():
        job()  # warm
    spent: dict[str, list[float]] = {name: [] for name in work}
    for _ in range(runs):
        for name, job in work.items():
            start = time.process_time()
            job()
            spent[name].append((time.process_time() - start) / len(files) * 1e3)
    print(f"{len(files)} Anträge, CPU-Zeit je Antrag (Median aus {runs} Läufen):")
    base = statistics.median(spent["check_path"])
    for name, values in spent.items():
        value = statistics.median(values)
        print(f"  {name:12s} {value:.3f} ms  {value / base - 1:+.0%}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
