"""Property-based: whatever the article files hold, the build never raises,
every feed it writes validates and parses with feedparser's bozo 0.

Articles are generated as random Unicode titles and bodies, random front
matter (any YAML value under the known keys) and random bytes; each example
builds a small site holding one of each next to a good article.

Each property runs twice: with :data:`QUICK_EXAMPLES` examples in the
developer loop, and as ``*_long`` (marked slow) with the Hypothesis
profile's count (see ``conftest.py``: 60 where ``CI`` is set, 2000 with
``HYPOTHESIS_PROFILE=long``).
"""

from __future__ import annotations

import shutil
import string
import tempfile
from datetime import datetime, timezone
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from newswire.build import REPORT_BUG
from newswire.run import BuildOptions, build
from newswire.readers.meta import KNOWN_KEYS

from .helpers import check_feed, feed_files, make_site

NOW = datetime(2030, 1, 1, tzinfo=timezone.utc)
GOOD = "---\ntitle: Always here\ndate: 2019-04-25\n---\nA good article.\n"
QUICK_EXAMPLES = 5
"""Examples of each property in the developer loop (each builds a site)."""
quick = settings(max_examples=QUICK_EXAMPLES)

any_text = st.text(st.characters(codec=None, exclude_categories=()), max_size=200)
tricky_text = st.text(st.sampled_from(list("<>&\"';:-#*_`[]()!\\/\t\r\n\x00\x0b\u2028\ufeff"
                                             "\ufffe\ud800é€😀" + string.ascii_letters)),
                      max_size=80)
text = st.one_of(any_text, tricky_text)
scalar = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), text,
                   st.dates().map(str), st.datetimes().map(str))
value = st.recursive(scalar, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=5), inner, max_size=3)),
    max_leaves=6)
keys = st.one_of(st.sampled_from(KNOWN_KEYS), st.text(max_size=8))


def _dump(front: dict) -> str:
    try:
        return yaml.safe_dump(front, allow_unicode=True, default_flow_style=False)
    except yaml.YAMLError:
        return yaml.safe_dump({"title": "unrepresentable"})


def _build(files: dict[str, bytes | str]) -> None:
    root = Path(tempfile.mkdtemp(prefix="newswire-prop-"))
    try:
        site = make_site(root / "site", {"good.md": GOOD, **files})
        report = build(site, BuildOptions(now=NOW, future=True, drafts=True))
        unexpected = [str(d) for d in report.diagnostics if REPORT_BUG in d.message]
        assert unexpected == []
        written = feed_files(site)
        assert written, [str(d) for d in report.diagnostics]
        for name, data in written.items():
            check_feed(name, data)
        assert (site / "public" / "good").exists() or any(
            "same URL" in d.message for d in report.diagnostics)
    finally:
        shutil.rmtree(root)


def _titles_and_bodies(title: str, body: str, summary: str) -> None:
    _build({
        "random.md": "---\n" + _dump({"title": title, "summary": summary, "date": "2019-04-25"})
                     + "---\n" + body,
        "raw.md": f"---\ntitle: {title}\n---\n{body}",
        "random.txt": f"{title}\n\n  • {summary}\n\n25 April 2019{body}\n",
    })


def _front_matter(front: dict, body: str) -> None:
    _build({"front.md": "---\n" + _dump(front) + "---\n" + body,
            "toml.txt": "Sidecar\n\nBody.\n",
            "toml.yaml": _dump(front)})


def _bytes(data: bytes, suffix: str) -> None:
    _build({"bytes" + suffix: data,
            "prefixed.md": b"---\ntitle: x\n---\n" + data,
            "titled.txt": b"Title\n\n" + data})


TITLES_AND_BODIES = given(title=text, body=text, summary=text)
FRONT_MATTER = given(front=st.dictionaries(keys, value, max_size=8), body=text)
BYTES = given(data=st.binary(max_size=600), suffix=st.sampled_from([".md", ".txt"]))


@quick
@TITLES_AND_BODIES
def test_random_unicode_titles_and_bodies(title: str, body: str, summary: str) -> None:
    _titles_and_bodies(title, body, summary)


@pytest.mark.slow
@TITLES_AND_BODIES
def test_random_unicode_titles_and_bodies_long(title: str, body: str, summary: str) -> None:
    _titles_and_bodies(title, body, summary)


@quick
@FRONT_MATTER
def test_random_front_matter(front: dict, body: str) -> None:
    _front_matter(front, body)


@pytest.mark.slow
@FRONT_MATTER
def test_random_front_matter_long(front: dict, body: str) -> None:
    _front_matter(front, body)


@quick
@BYTES
def test_random_bytes(data: bytes, suffix: str) -> None:
    _bytes(data, suffix)


@pytest.mark.slow
@BYTES
def test_random_bytes_long(data: bytes, suffix: str) -> None:
    _bytes(data, suffix)
