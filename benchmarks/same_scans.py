"""The faster scans of extract.py against the plain ones, on many random texts.

python benchmarks/same_scans.py [--n 200000] [--seed 14]

The checks are tests/scan_equivalence.py's (tests/scans_test.py runs a few thousand
texts); this runs as many as asked for, for the shipped notation and a budget
office's (tests/scans_test.py's OFFICE), and fails on the first difference.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests import scan_equivalence
from tests.scans_test import OFFICE, SHIPPED


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=200_000, help="texts per notation")
    parser.add_argument("--seed", type=int, default=14)
    args = parser.parse_args()
    for name, g in (("Auslieferung", SHIPPED), ("Amt", OFFICE)):
        start = time.perf_counter()
        found = scan_equivalence.run(g, args.n, seed=args.seed)
        spent = time.perf_counter() - start
        print(f"{name}: {args.n} Texte gleich, {found} mit Fund ({spent:.1f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
