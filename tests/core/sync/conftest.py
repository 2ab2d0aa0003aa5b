"""Fixtures of the package tests: a catalogue of the seed models in each test's own SQLite file."""

from tests.helpers.quoting_kit import catalogue_template, database, database_file, service, sqlite_database_url

__all__ = ["catalogue_template", "database", "database_file", "database_url", "service"]

database_url = sqlite_database_url  # SQLite only here (the quoting, catalogue and CLI suites run on both backends)
