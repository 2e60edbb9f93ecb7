"""What a spawned worker of the pool (audit, check with many files) costs before its
second file: the imports, the settings and its first file, as a fresh process against
`python -c "import docx"` in the same run (issue #14).

    python benchmarks/worker_start.py [--runs 15] [--reference TREE]

The process imports what a process started by multiprocessing's spawn method imports,
then what audit/pool.py's worker imports (settings, the audit's work and with it the
pipeline), builds the settings and checks one file (the rule set, notation grammar and
rule patterns load once per process).  `--reference` times another source tree (e.g.
`git archive main | tar -x -C /tmp/ref` before a change) in the same run.  Our bytecode
is compiled first, as an installed wheel has it.
"""

from __future__ import annotations

import argparse
import compileall
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from speed_aims import SAMPLE, medians, report  # noqa: E402

WORKER = """
import importlib, sys
from pathlib import Path
sys.path.insert(0, sys.argv[1])  # the source tree timed, before the working folder
import multiprocessing.connection, multiprocessing.spawn  # a spawned process has these
from antragscheck.settings import Options, Resolver
resolver = Resolver(Options())
worker = importlib.import_module("antragscheck.audit.worker")
worker.checked(worker.Task(Path(sys.argv[2]), sys.argv[2], 60.0), resolver)
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--reference", type=Path, help="source tree to compare with")
    args = parser.parse_args()
    trees = {"Worker": ROOT} | ({"Worker (Referenz)": args.reference} if args.reference else {})
    commands = {"import docx": [sys.executable, "-c", "import docx"]}
    for name, tree in trees.items():
        compileall.compile_dir(tree / "antragscheck", quiet=1)
        commands[name] = [sys.executable, "-c", WORKER, str(tree.resolve()), str(SAMPLE)]
    report("Worker bis nach der ersten Datei", medians(commands, args.runs), "import docx")
    return 0


if __name__ == "__main__":
    sys.exit(main())
