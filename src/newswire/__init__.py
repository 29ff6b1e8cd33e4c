"""newswire: publish a folder of articles as RSS 2.0, Atom 1.0 and JSON Feed 1.1
feeds plus article pages with share metadata."""

from __future__ import annotations

__all__ = ["__version__"]


def __getattr__(name: str) -> str:
    """``__version__``, read from the installed package's metadata when first
    asked for (importing ``importlib.metadata`` costs more than a build with
    nothing to do)."""
    if name != "__version__":
        raise AttributeError(f"module 'newswire' has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("newswire")
    except PackageNotFoundError:  # running from a source tree
        return "0.0.0"
