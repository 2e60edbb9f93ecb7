"""The `antragscheck` command: `python -m antragscheck`, and the launcher that
installing the package creates (pyproject.toml names `run`).

Start-up creates tens of thousands of objects that live as long as the process:
modules, classes, functions, the rule set.  The cyclic garbage collector would walk
them again and again while they are created, and once more when the process ends:
about a sixth of a one-file check.  So it is off until the command starts to work
(`cli._run` freezes what exists then, so that later collections skip it, and turns the
collector on: a long audit collects its garbage as usual), and at the end what is left
is frozen: the process is ending, and the operating system frees its memory.
"""

from __future__ import annotations

import gc


def run() -> None:
    gc.disable()
    import sys

    early = len(sys.argv) > 1 and sys.argv[1] == "audit"
    if early:  # its workers start before the command line is imported (see early.py)
        from antragscheck.audit.early import prestart_audit

        prestart_audit(sys.argv[2:])
    from antragscheck.cli import main  # here: the launcher imports this module first

    try:
        main()
    finally:
        if early:
            from antragscheck.audit import pool

            pool.discard()
        gc.freeze()


if __name__ == "__main__":
    run()
