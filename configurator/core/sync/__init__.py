"""Skredder core: sync."""
