"""The budget office's bulk audit: every request below some folders, checked in
parallel, summed up per organisational unit, exported for Excel and the browser.

walk.py finds the files, cache.py remembers results, pool.py runs the checks in worker
processes (spawn start method, a hard time limit per file), crosscheck.py flags what only
shows across files.  The command lives in commands/audit.py; the exports in report/.
"""
