"""Skredder: a product configurator (configure-price-quote) for made-to-order manufacturers."""

__version__ = "0.1.0"
