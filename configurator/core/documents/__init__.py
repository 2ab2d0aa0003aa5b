"""Skredder core: documents."""
