"""Compiled page templates kept between builds, in ``.newswire/templates/``
(:attr:`newswire.options.SitePaths.template_cache`).

Compiling the page templates (Jinja2 source → Python code) costs about as
much as rendering the page of a one-article edit. :class:`TemplateCache` is
a Jinja2 bytecode cache (:class:`jinja2.BytecodeCache`, Jinja2's own
extension point for this): the first build compiles each template and
stores its code object (``marshal``), later builds load it.

A cache file is trusted only when it is exactly what this environment would
have written: it starts with a header made from the template's source
(Jinja2's checksum of it), the Python and Jinja2 versions and every setting
of the environment that the compiler reads, then the SHA-256 of the code
that follows. A stale file (another source, version or setting), a foreign
one, a truncated or damaged one, or one that cannot be read is a miss: the
template is compiled again, so the cache can never change a page's bytes.
Unlike Jinja2's :class:`~jinja2.FileSystemBytecodeCache`, nothing is
unpickled. Writing is best effort: a folder that cannot be written (a
read-only ``.newswire/``) only means compiling every time.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sys
import types
from pathlib import Path

import jinja2
from jinja2.bccache import Bucket

from ..publish import TEMP_SUFFIX
from ..safeio import read_own_file

__all__ = ["TemplateCache", "compiler_settings"]

_MAGIC = b"newswire compiled template 1\n"
_LIMIT = 16 << 20  # far above any template's code; a larger file is not ours
_SUFFIX = ".code"

# What Jinja2's lexer, parser and code generator read from the environment
# (jinja2.environment.Environment, jinja2.compiler.CodeGenerator)
_SETTINGS = ("block_start_string", "block_end_string", "variable_start_string",
             "variable_end_string", "comment_start_string", "comment_end_string",
             "line_statement_prefix", "line_comment_prefix", "trim_blocks", "lstrip_blocks",
             "newline_sequence", "keep_trailing_newline", "optimized", "is_async",
             "autoescape", "finalize", "undefined", "code_generator_class", "context_class")


def _named(value: object) -> str:
    """A stable text for a setting: functions and classes by their qualified
    name (their ``repr`` holds an address that changes every run)."""
    if callable(value):
        return f"{getattr(value, '__module__', '')}.{getattr(value, '__qualname__', repr(value))}"
    return repr(value)


def compiler_settings(env: jinja2.Environment) -> bytes:
    """What the code Jinja2 compiles for a template depends on besides its
    source, as bytes: the Python and Jinja2 versions, the lexer and code
    generator settings, the extensions and policies, and each filter and
    test by name with the argument the compiled code passes it
    (``@pass_context``...)."""
    parts = [sys.version, jinja2.__version__]
    parts += [f"{name}={_named(getattr(env, name, None))}" for name in _SETTINGS]
    parts += sorted(f"extension {name}" for name in env.extensions)
    parts += sorted(f"policy {name}={_named(value)}" for name, value in env.policies.items())
    for kind, functions in (("filter", env.filters), ("test", env.tests)):
        parts += sorted(f"{kind} {name} {getattr(f, 'jinja_pass_arg', None)!r}"
                        for name, f in functions.items())
    return "\0".join(parts).encode("utf-8", "surrogatepass")


class TemplateCache(jinja2.BytecodeCache):
    """A Jinja2 bytecode cache of one file per template in ``folder``
    (see the module's docstring for when a file is trusted).

    Args:
        folder: ``.newswire/templates/``; made by the first write when its
            parent exists.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._settings: tuple[jinja2.Environment, bytes] | None = None

    def _path(self, bucket: Bucket) -> Path:
        # bucket.key: SHA-1 of the template's name and file name (Jinja2's)
        return self.folder / f"{bucket.key}{_SUFFIX}"

    def _header(self, bucket: Bucket) -> bytes:
        env = bucket.environment
        if self._settings is None or self._settings[0] is not env:
            self._settings = (env, hashlib.sha256(compiler_settings(env)).digest())
        stamp = hashlib.sha256(self._settings[1] + bucket.checksum.encode("ascii"))
        return _MAGIC + stamp.hexdigest().encode("ascii") + b"\n"

    def load_bytecode(self, bucket: Bucket) -> None:
        """Set ``bucket.code`` from its file when the file is one this
        environment wrote for this very source; else leave it unset."""
        try:
            data = read_own_file(self._path(bucket), _LIMIT)
        except OSError:
            return
        header = self._header(bucket)
        digest_end = len(header) + 65
        if not data.startswith(header) or len(data) <= digest_end:
            return
        payload = memoryview(data)[digest_end:]
        if data[len(header):digest_end] != \
                hashlib.sha256(payload).hexdigest().encode("ascii") + b"\n":
            return
        try:
            code = marshal.loads(payload)
        except (EOFError, ValueError, TypeError):
            return
        if isinstance(code, types.CodeType):
            bucket.code = code

    def dump_bytecode(self, bucket: Bucket) -> None:
        """Store ``bucket.code`` (atomically: a temporary file renamed over
        the old one; not synced, since a file torn by a crash fails its
        digest and is compiled again). Any error writing is ignored."""
        if bucket.code is None:
            return
        payload = marshal.dumps(bucket.code)
        data = b"".join((self._header(bucket),
                         hashlib.sha256(payload).hexdigest().encode("ascii"), b"\n", payload))
        target = self._path(bucket)
        temp = self.folder / f".{target.name}.{os.getpid()}{TEMP_SUFFIX}"  # removed after a crash
        try:
            self.folder.mkdir(exist_ok=True)
            with open(temp, "wb") as handle:
                handle.write(data)
            os.replace(temp, target)
        except OSError:
            try:
                temp.unlink(missing_ok=True)
            except OSError:
                pass

    def clear(self) -> None:
        """Delete every cached template (errors ignored)."""
        try:
            names = os.listdir(self.folder)
        except OSError:
            return
        for name in names:
            if name.endswith(_SUFFIX):
                try:
                    os.unlink(self.folder / name)
                except OSError:
                    pass
