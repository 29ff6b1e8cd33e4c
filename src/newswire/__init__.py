"""newswire: publish a folder of articles as RSS 2.0, Atom 1.0 and JSON Feed 1.1
feeds plus article pages with share metadata."""

from __future__ import annotations

__all__ = ["__version__"]

__version__ = "0.1.0"
"""The version of newswire (the package metadata reads it from here, so
``newswire --version`` needs no look-up in the installed distributions)."""
