"""Fixtures of the package tests: a catalogue of the seed models in each test's own SQLite file."""

from tests.helpers.quoting_kit import catalogue_template, database, database_file, service

__all__ = ["catalogue_template", "database", "database_file", "service"]
