"""Skredder core: model."""
