"""Catalogue updates: building the catalogue from model folders (`build.py`) and, later, from signed packages.

This layer sits above storage (`core/catalogue`) and the engine: it validates and lints models, then stores them."""
