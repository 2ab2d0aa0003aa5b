"""Fixtures of the quoting tests: a catalogue of the seed models in each test's own SQLite file or PostgreSQL
database (the ``backend`` parameter: both by default)."""

from tests.helpers.quoting_kit import catalogue_template, database, database_file, database_url, service

__all__ = ["catalogue_template", "database", "database_file", "database_url", "service"]
