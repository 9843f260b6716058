"""waimao (外贸): customs trade statistics — warehouse, official indicators, bulletins, claim checks."""

__version__ = "0.1.0"
