"""Suggestions learned from the firm's own sales: "most customers who chose this pick …".

``history.py`` holds sold configurations as a compact table; ``recommender.py`` ranks an attribute's values
given the choices made so far (similar sales vote, the engine's valid values filter) and finds the most popular
way to finish a configuration. Nothing leaves the laptop: the history is read from the catalogue's accepted
quotes and production orders, or from an imported CSV file."""
