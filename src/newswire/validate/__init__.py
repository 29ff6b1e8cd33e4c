"""Feed validation: checks bytes of any RSS, Atom or JSON feed (SPEC §5)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

__all__ = ["Finding", "sniff", "validate_bytes", "validate_paths"]


@dataclass(frozen=True, order=True)
class Finding:
    """One problem found in a feed: ``path:line: level: CODE: message``."""

    path: str
    line: int | None
    level: str
    code: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.level}: {self.code}: {self.message}"


def sniff(data: bytes) -> str | None:
    """``"rss"``, ``"atom"``, ``"json"`` or None (not a feed)."""
    head = data[:2048].lstrip()
    if head.startswith(b"{"):
        return "json"
    if b"<rss" in head:
        return "rss"
    if b"<feed" in head:
        return "atom"
    return None


def validate_bytes(data: bytes, path: str = "<bytes>", kind: str | None = None) -> list[Finding]:
    """Check one feed's bytes; never raises on bad input."""
    kind = kind or sniff(data)
    if kind == "json":
        try:
            json.loads(data)
        except ValueError as exc:
            return [Finding(path, None, "error", "JSON-SYNTAX", str(exc))]
        return []
    try:
        etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError as exc:
        return [Finding(path, exc.lineno, "error", "XML-SYNTAX", exc.msg)]
    return []


def validate_paths(paths: Iterable[Path]) -> list[Finding]:
    """Check files, or every feed file in folders."""
    findings: list[Finding] = []
    for path in paths:
        files = sorted(path.rglob("*")) if path.is_dir() else [path]
        for file in files:
            if file.is_file():
                findings += validate_bytes(file.read_bytes(), str(file))
    return findings
