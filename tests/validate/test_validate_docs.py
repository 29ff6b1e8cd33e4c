"""docs/validation.md lists every code once, with its level and a finding
that carries that code and level."""

from __future__ import annotations

import re
from pathlib import Path

from newswire.validate import CODES

DOC = Path(__file__).resolve().parents[2] / "docs" / "validation.md"
ROW = re.compile(r"^\| `(?P<code>[A-Z0-9-]+)` \| (?P<level>\w+) \| (?P<meaning>[^|]+) \| `(?P<example>.+)` \|$")


def _rows() -> list[re.Match[str]]:
    return [match for line in DOC.read_text(encoding="utf-8").splitlines()
            if (match := ROW.match(line))]


def test_every_code_is_documented_once() -> None:
    codes = [row["code"] for row in _rows()]
    assert sorted(codes) == sorted(CODES)
    assert len(codes) == len(set(codes))


def test_documented_levels_and_examples_match_the_code() -> None:
    for row in _rows():
        level = CODES[row["code"]][0]
        assert row["level"] == level, row["code"]
        assert f": {level}: {row['code']}: " in row["example"], row["code"]
