"""One module per command; each is a plain function that returns the exit code.

cli.py only declares the options and calls these.
"""

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """A mistake in the call (a missing file, a folder for `check`): exit code 2."""
