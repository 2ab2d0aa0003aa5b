"""The command line's one error: a problem already put in the user's words, printed as it is, exit status 1."""

from __future__ import annotations


class CliError(Exception):
    """A problem to print for the user (already translated); exit code 1."""
