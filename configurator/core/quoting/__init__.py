"""Skredder core: quotes, revisions, approval and production orders (the business rules over the catalogue)."""
