"""Skredder core: engine."""
