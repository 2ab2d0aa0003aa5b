"""Errors raised by the catalogue: what went wrong with stored data, in words a user can act on."""

from __future__ import annotations


class CatalogueError(Exception):
    """Something about the stored catalogue is not as expected (e.g. a model version must be bumped)."""


class DatabaseError(CatalogueError):
    """The database cannot be opened or upgraded (unreadable file, unknown newer schema, ...)."""
