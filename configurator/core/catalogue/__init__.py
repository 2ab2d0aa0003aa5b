"""Skredder core: catalogue."""
