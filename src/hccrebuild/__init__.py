"""Rebuild of a published HCC case report (TACE then sorafenib) from its raw data."""

__version__ = "0.1.0"
