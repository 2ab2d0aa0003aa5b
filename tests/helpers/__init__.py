"""Shared test helpers (kits): one module per area, imported as ``tests.helpers.<kit>``."""
