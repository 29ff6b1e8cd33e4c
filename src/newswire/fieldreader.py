"""Typed access to the keys of a file: settings tables and front matter.

A site's settings (``feeds/*.toml``, see :mod:`newswire.config`) and an
article's front matter or sidecar file (see :mod:`newswire.readers.meta`)
are both a mapping of keys parsed from a file, whose values must be checked
and converted to typed fields. :class:`FieldReader` is what the two share:
every problem becomes an error naming the file, the key and the key's line
(``site.toml:4: error: hub: …``), and the checks of URLs and image
references are written once. Each kind of file subclasses it with its own
reading of text (settings are strict TOML strings, front matter takes what
the writer typed) and its own error class.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar

from .errors import NewswireError
from .urls import check_http_url, check_url_reference

__all__ = ["FieldReader"]

T = TypeVar("T")
V = TypeVar("V")


class FieldReader:
    """Typed access to one mapping of keys read from ``path``.

    Args:
        data: the keys as parsed (str keys; values as the parser gave them).
        path: the file, for messages.
        line_of: maps a key to its 1-based line in the file, or None when it
            cannot be found.
        error: the error class raised, called as ``error(message, path,
            line)``: :class:`~newswire.errors.ConfigError` for settings,
            :class:`~newswire.errors.ArticleError` for front matter.

    Subclasses define :meth:`text`, the key's value as text or None, by their
    file's rules; :meth:`url`, :meth:`reference` and :meth:`checked_text`
    build on it.
    """

    def __init__(self, data: Mapping[str, Any], path: Path,
                 line_of: Callable[[str], int | None], error: type[NewswireError]) -> None:
        self.data, self.path, self.line_of, self.error = data, path, line_of, error

    def fail(self, key: str, message: str) -> NewswireError:
        """The error to raise about ``key``: ``"<key>: <message>"`` at its line."""
        return self.error(f"{key}: {message}", self.path, self.line_of(key))

    def check(self, key: str, value: V, convert: Callable[[V], T]) -> T:
        """``convert(value)``; a ``ValueError`` it raises becomes :meth:`fail`
        against ``key``, with the ``ValueError``'s message.

        Raises:
            NewswireError: of the class given as ``error``.
        """
        try:
            return convert(value)
        except ValueError as exc:
            raise self.fail(key, str(exc)) from None

    def text(self, key: str) -> str | None:
        """The value of ``key`` as text, or None when it is not given.

        Raises:
            NotImplementedError: always; subclasses say what text is.
        """
        raise NotImplementedError

    def checked_text(self, key: str, convert: Callable[[str], T]) -> T | None:
        """The text of ``key`` (:meth:`text`) passed through ``convert`` (see
        :meth:`check`), or None when the key is not given."""
        value = self.text(key)
        if value is None:
            return None
        return self.check(key, value, convert)

    def url(self, key: str, *, site_root: bool = False) -> str | None:
        """An absolute http(s) URL (:func:`~newswire.urls.check_http_url`,
        ``site_root`` as there), or None when the key is not given."""
        return self.checked_text(key, lambda value: check_http_url(value, site_root=site_root))

    def reference(self, key: str) -> str | None:
        """An image: an absolute http(s) URL or a relative path
        (:func:`~newswire.urls.check_url_reference`), or None when the key is
        not given or blank."""
        value = self.text(key)
        if value is None or not value.strip():
            return None
        return self.check(key, value, check_url_reference)
