"""An Atom feed with many entries is checked against the RFC 4287 schema in
parts (the feed, then each entry), which libxml2 does in linear time; the
findings are those of the whole document checked at once."""

from __future__ import annotations

import pytest

from newswire.validate import atom, validate_bytes

HEAD = ('<feed xmlns="http://www.w3.org/2005/Atom">\n<id>urn:x:feed</id>\n<title>t</title>\n'
        '<updated>2024-01-01T00:00:00Z</updated>\n<author><name>a</name></author>\n'
        '<link rel="self" href="https://example.org/atom.xml"/>\n')


def entry(n: int, broken: bool = False) -> str:
    extra = "<bogus/>" if broken else ""
    return (f'<entry>\n<id>urn:x:{n}</id>\n<title>t{n}</title>\n'
            f'<updated>2024-01-01T00:00:00Z</updated>\n'
            f'<link href="https://example.org/{n}"/>{extra}\n</entry>\n')


def feed(count: int, broken: tuple[int, ...] = (), tail: str = "") -> bytes:
    return (HEAD + "".join(entry(n, n in broken) for n in range(count)) + tail
            + "</feed>\n").encode()


def schema_findings(data: bytes) -> list[tuple[int | None, str]]:
    return [(f.line, f.message) for f in validate_bytes(data, "f.xml", "atom")
            if f.code == "ATOM-SCHEMA"]


def test_many_valid_entries_are_valid() -> None:
    assert schema_findings(feed(300)) == []


@pytest.mark.parametrize(("broken", "tail"), [
    ((7, 250), ""), ((), "<bogus/>\n"), ((299,), "<title>again</title>\n")])
def test_many_entries_give_the_findings_of_the_whole_document(
        monkeypatch: pytest.MonkeyPatch, broken: tuple[int, ...], tail: str) -> None:
    data = feed(300, broken, tail)
    in_parts = schema_findings(data)
    monkeypatch.setattr(atom, "_WHOLE_AT_MOST", 10**9)
    whole = schema_findings(data)
    assert in_parts != []
    assert in_parts == whole
    if broken:  # each broken entry named by its own line
        lines = data.decode().splitlines()
        bogus = [n for n, text in enumerate(lines, start=1) if "<bogus/>" in text]
        assert {line for line, _ in in_parts} >= set(bogus)


def test_the_feed_is_checked_in_parts_above_the_threshold(monkeypatch) -> None:
    seen: list[str] = []
    real = atom.schema()

    class Counting:
        error_log = property(lambda self: real.error_log)

        def validate(self, doc):
            seen.append(doc.tag.rsplit("}", 1)[-1])
            return real.validate(doc)

    monkeypatch.setattr(atom, "schema", lambda: Counting())
    assert schema_findings(feed(atom._WHOLE_AT_MOST)) == []
    assert seen == ["feed"]
    seen.clear()
    assert schema_findings(feed(atom._WHOLE_AT_MOST + 1)) == []
    assert seen == ["feed"] + ["entry"] * (atom._WHOLE_AT_MOST + 1)


@pytest.mark.parametrize("broken", [(), (3,), (0, 11)])
@pytest.mark.parametrize("where", ["feed", "entry"])
def test_many_children_of_one_name_give_the_findings_of_the_whole_document(
        monkeypatch: pytest.MonkeyPatch, broken: tuple[int, ...], where: str) -> None:
    categories = "".join(f'<category term="c{n}"/>\n' if n not in broken
                         else "<category/>\n" for n in range(12))  # term is required
    entries = "".join(entry(n) for n in range(3))
    if where == "feed":
        data = (HEAD + categories + entries + "</feed>\n").encode()
    else:
        data = (HEAD + entries.replace("<title>t1</title>", "<title>t1</title>" + categories,
                                       1) + "</feed>\n").encode()
    monkeypatch.setattr(atom, "_WHOLE_AT_MOST", 10**9)
    whole = schema_findings(data)
    monkeypatch.setattr(atom, "_WHOLE_AT_MOST", 5)
    assert atom._crowded(atom.etree.fromstring(data))
    assert schema_findings(data) == whole
    assert (whole != []) == bool(broken)
