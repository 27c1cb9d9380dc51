"""resonanz: ISO 9001 clause 7.4 made live."""

__version__ = "0.1.0"
