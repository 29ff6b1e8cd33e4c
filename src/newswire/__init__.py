"""newswire: publish a folder of articles as RSS 2.0, Atom 1.0 and JSON Feed 1.1
feeds plus article pages with share metadata."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("newswire")
except PackageNotFoundError:  # running from a source tree
    __version__ = "0.0.0"

__all__ = ["__version__"]
