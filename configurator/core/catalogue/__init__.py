"""Skredder core: the catalogue database, the only place that knows SQL.

- ``paths``: where the database lives (``--database`` > ``SKREDDER_DATABASE`` > the user's data folder).
- ``db``: ``open_database()`` creates or upgrades the schema (Alembic, ``migrations/``) and hands out sessions.
- ``orm``: the tables as SQLAlchemy models; they never leave this package.
- ``repositories`` / ``customers``: storage operations taking a Session and returning ``records``.
- ``records``: the plain, frozen dataclasses the rest of the core sees.
- ``errors``: ``CatalogueError`` and ``DatabaseError``.
"""
