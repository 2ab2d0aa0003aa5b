"""Skredder core: pricing."""
