"""Atom 1.0 rules: RFC 4287's RELAX NG schema (Appendix B) and the rules
the schema leaves to prose or to its Schematron annotations.
"""

from __future__ import annotations

import copy
import functools
from collections import Counter
from importlib import resources
from types import MappingProxyType
from typing import Any, Iterable, Iterator, Mapping

from lxml import etree

from .finding import Finding, finding
from .links import relative_urls, relative_urls_in_elements
from .values import is_absolute_iri, rfc3339_problem
from .xml import children

__all__ = ["check", "schema"]

ATOM = "{http://www.w3.org/2005/Atom}"
XHTML = "{http://www.w3.org/1999/xhtml}"
XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"

_TEXT_CONSTRUCTS = frozenset(ATOM + name for name in ("title", "subtitle", "summary", "rights"))
_DATES = frozenset(ATOM + name for name in ("updated", "published"))
_ALTERNATE = ("alternate", "http://www.iana.org/assignments/relation/alternate")
# (required once, allowed at most once) children of the containers, RFC 4287 §4.1.
_ONCE: Mapping[str, tuple[tuple[str, ...], tuple[str, ...]]] = MappingProxyType({
    "feed": (("id", "title", "updated"), ("generator", "icon", "logo", "rights", "subtitle")),
    "entry": (("id", "title", "updated"), ("content", "published", "rights", "source", "summary")),
    "source": ((), ("generator", "icon", "id", "logo", "rights", "subtitle", "title", "updated")),
})
# Rules whose breach the schema also rejects, less clearly.
_SCHEMA_TOO = frozenset({"ATOM-CONTENT-MARKUP", "ATOM-DATE", "ATOM-XHTML-DIV"})
# Atom elements each container may hold, RFC 4287 §4.1.1, §4.1.2, §4.2.11.
_SOURCE_CHILDREN = frozenset({"author", "category", "contributor", "generator", "icon", "id",
                              "link", "logo", "rights", "subtitle", "title", "updated"})
_KNOWN: Mapping[str, frozenset[str]] = MappingProxyType({
    "feed": _SOURCE_CHILDREN | {"entry"},
    "entry": frozenset({"author", "category", "content", "contributor", "id", "link",
                        "published", "rights", "source", "summary", "title", "updated"}),
    "source": _SOURCE_CHILDREN,
})
# libxml2 messages that only repeat, on the parent, what a child's message says.
_CASCADE = frozenset({"RELAXNG_ERR_CONTENTVALID", "RELAXNG_ERR_EXTRACONTENT",
                      "RELAXNG_ERR_INTEREXTRA", "RELAXNG_ERR_INTERSEQ"})


@functools.lru_cache(maxsize=1)
def schema() -> etree.RelaxNG:
    """The RFC 4287 Appendix B schema, compiled once per process.

    Raises:
        lxml.etree.RelaxNGParseError: the packaged schema is damaged.
    """
    source = resources.files(__package__).joinpath("schemas", "atom.rng").read_bytes()
    return etree.RelaxNG(etree.fromstring(source))


def check(root: etree._Element, path: str) -> Iterator[Finding]:
    """Findings for an Atom Feed or Entry Document whose root is ``root``.

    RFC 4287: the Appendix B schema (``ATOM-SCHEMA``), §3.3 dates, §4.1.1
    and §4.1.2 authors, alternate links and content, §4.2.6 ids, §4.1.3.3
    and §3.1.1 content types, §4.2.7.2 ``self`` links.
    """
    rules = list(_rules(root, path)) if root.tag in (ATOM + "feed", ATOM + "entry") else []
    yield from rules
    log = _schema_errors(schema(), root)
    if not log:
        return
    explained = list(_explain(root, path))
    if explained:
        yield from explained
        return
    if any(found.code in _SCHEMA_TOO for found in rules):
        return   # the schema failure is one of those; its messages would only blur them
    yield from _schema_findings(log, path)


#: Above this many entries a feed is checked against the schema in parts.
_WHOLE_AT_MOST = 100


def _schema_errors(validator: etree.RelaxNG, root: etree._Element) -> list[Any]:
    """The schema's error log entries for ``root``; empty when it is valid.

    libxml2 takes time quadratic in the number of entries to match a
    feed's children against the schema's ``interleave`` (100,000 entries:
    minutes), so a feed with many entries is checked as the feed without
    its entries, then each entry as an Atom Entry Document (the schema's
    other start; same rules). Copies keep their source lines.
    """
    entries = root.findall(ATOM + "entry") if root.tag == ATOM + "feed" else []
    if len(entries) <= _WHOLE_AT_MOST and not _crowded(root):
        return [] if validator.validate(root) else list(validator.error_log)
    shell = copy.deepcopy(root)
    for entry in shell.findall(ATOM + "entry"):
        shell.remove(entry)
    errors: list[Any] = []
    for element in (shell, *entries):
        for part in _parts(element):
            if not validator.validate(part):
                errors += list(validator.error_log)
    return errors


def _crowded(element: etree._Element) -> bool:
    """True when ``element`` or one of its entries has over
    :data:`_WHOLE_AT_MOST` children of one name (10,000 categories)."""
    for parent in (element, *element.iterchildren(ATOM + "entry")):
        if len(parent) > _WHOLE_AT_MOST and max(Counter(
                child.tag for child in parent).values()) > _WHOLE_AT_MOST:
            return True
    return False


def _parts(element: etree._Element) -> list[etree._Element]:
    """Copies of ``element`` (a feed without its entries, or an entry) that
    together hold each of its children, none holding over
    :data:`_WHOLE_AT_MOST` children of one name: the schema's
    ``interleave`` costs time quadratic in their number. Children of names
    that occur less often are in every copy."""
    groups: dict[object, list[etree._Element]] = {}
    for child in element:
        groups.setdefault(child.tag, []).append(child)
    crowded = [group for group in groups.values() if len(group) > _WHOLE_AT_MOST]
    if not crowded:
        return [copy.deepcopy(element)]
    few = [child for group in groups.values() if len(group) <= _WHOLE_AT_MOST
           for child in group]
    parts = []
    for start in range(0, max(len(group) for group in crowded), _WHOLE_AT_MOST):
        part = etree.Element(element.tag, element.attrib, nsmap=element.nsmap)
        part.sourceline = element.sourceline
        for child in few + [child for group in crowded
                            for child in group[start:start + _WHOLE_AT_MOST]]:
            part.append(copy.deepcopy(child))
        parts.append(part)
    return parts


def _schema_findings(log: Iterable[Any], path: str) -> Iterator[Finding]:
    """The schema validator's first message, and later ones that are not
    merely the first failure echoed by the enclosing elements."""
    by_line: dict[int, list[str]] = {}
    for number, entry in enumerate(log):
        if number == 0 or (entry.type_name not in _CASCADE and entry.line > 0):
            by_line.setdefault(entry.line, []).append(entry.message.strip())
    for line, messages in sorted(by_line.items()):
        yield finding(path, line or None, "ATOM-SCHEMA",
                      "; ".join(dict.fromkeys(messages)) + " (RFC 4287 Appendix B)")


def _local(element: etree._Element) -> str:
    return element.tag[len(ATOM):] if element.tag.startswith(ATOM) else element.tag


def _explain(root: etree._Element, path: str) -> Iterator[Finding]:
    """Plain-words versions of the most common schema failures."""
    if root.tag not in (ATOM + "feed", ATOM + "entry"):
        yield finding(path, root.sourceline, "ATOM-SCHEMA",
                      f"the root element is {root.tag!r}; an Atom document starts with <feed> "
                      "(or <entry>) in the namespace http://www.w3.org/2005/Atom")
        return
    for container in root.iter(ATOM + "feed", ATOM + "entry", ATOM + "source"):
        name = _local(container)
        required, optional = _ONCE[name]
        counts: dict[str, list[etree._Element]] = {}
        for child in children(container):
            if child.tag.startswith(ATOM):
                counts.setdefault(_local(child), []).append(child)
                if _local(child) not in _KNOWN[name]:
                    yield finding(path, child.sourceline, "ATOM-SCHEMA",
                                  f"<{name}> contains <{_local(child)}>, which is no Atom element "
                                  "there; remove it or put extensions in their own namespace")
        for child_name in required:
            if child_name not in counts:
                yield finding(path, container.sourceline, "ATOM-SCHEMA",
                              f"<{name}> has no <{child_name}>; RFC 4287 §4.1 requires exactly one")
        for child_name in required + optional:
            for extra in counts.get(child_name, [])[1:]:
                yield finding(path, extra.sourceline, "ATOM-SCHEMA",
                              f"<{name}> has more than one <{child_name}>; keep one")
    for element, attribute in ((ATOM + "link", "href"), (ATOM + "category", "term")):
        for node in root.iter(element):
            if node.get(attribute) is None:
                yield finding(path, node.sourceline, "ATOM-SCHEMA",
                              f"<{_local(node)}> has no {attribute} attribute; RFC 4287 requires one")
    for node in root.iter(ATOM + "content", *_TEXT_CONSTRUCTS):
        kind = node.get("type")
        if node.tag != ATOM + "content" and kind not in (None, "text", "html", "xhtml"):
            yield finding(path, node.sourceline, "ATOM-SCHEMA",
                          f"<{_local(node)}> has type={kind!r}; it is \"text\", \"html\" or \"xhtml\"")
        if node.get("src") is not None and (len(node) or (node.text or "").strip()):
            yield finding(path, node.sourceline, "ATOM-SCHEMA",
                          "<content src=\"...\"> points elsewhere and must be empty (RFC 4287 §4.1.3.2)")
    for person in root.iter(ATOM + "author", ATOM + "contributor"):
        if next(children(person, ATOM + "name"), None) is None:
            yield finding(path, person.sourceline, "ATOM-SCHEMA",
                          f"<{_local(person)}> has no <name>; RFC 4287 §3.2 requires one")
        for email in children(person, ATOM + "email"):
            if "@" not in (email.text or "")[1:-1]:
                yield finding(path, email.sourceline, "ATOM-SCHEMA",
                              f"<email> {email.text!r} is not an e-mail address (RFC 4287 §3.2.3)")


def _index(element: etree._Element) -> dict[str, list[etree._Element]]:
    """Child elements of ``element`` by tag, in document order."""
    index: dict[str, list[etree._Element]] = {}
    for child in children(element):
        index.setdefault(child.tag, []).append(child)
    return index


def _rules(root: etree._Element, path: str) -> Iterator[Finding]:
    for element in root.iter(*_DATES):
        problem = rfc3339_problem(element.text or "", upper_case=True)
        if problem is not None:
            yield finding(path, element.sourceline, "ATOM-DATE",
                          f"<{_local(element)}> {element.text!r} {problem} (RFC 4287 §3.3)")
    for element in root.iter(ATOM + "id"):
        value = (element.text or "").strip()
        if not is_absolute_iri(value):
            yield finding(path, element.sourceline, "ATOM-ID-IRI",
                          f"<id> {value!r} is not an absolute IRI; use a permanent one such as "
                          "'tag:example.com,2024:post-1' or 'urn:uuid:...' (RFC 4287 §4.2.6)")
    is_feed = root.tag == ATOM + "feed"
    feed = _index(root)
    if is_feed:
        yield from _alternates(feed.get(ATOM + "link", []), path)
        if not any(link.get("rel") == "self" for link in feed.get(ATOM + "link", [])):
            yield finding(path, root.sourceline, "ATOM-SELF-LINK",
                          "<feed> has no <link rel=\"self\" href=\"...\"/> giving its own URL; "
                          "add one (RFC 4287 §4.2.7.2)")
    feed_has_author = is_feed and ATOM + "author" in feed
    ids: dict[str, int | None] = {}
    for entry in feed.get(ATOM + "entry", []) if is_feed else [root]:
        yield from _entry(entry, _index(entry), path, feed_has_author, is_feed, ids)
    for source in root.iter(ATOM + "source"):
        yield from _alternates(list(children(source, ATOM + "link")), path)
    for element in root.iter(ATOM + "content", *_TEXT_CONSTRUCTS):
        yield from _text_construct(element, path)


def _entry(entry: etree._Element, index: dict[str, list[etree._Element]], path: str,
           feed_has_author: bool, is_feed: bool, ids: dict[str, int | None]) -> Iterator[Finding]:
    for element in index.get(ATOM + "id", [])[:1]:
        value = (element.text or "").strip()
        if value in ids:
            yield finding(path, element.sourceline, "ATOM-ID-DUPLICATE",
                          f"<id> {value!r} is already the id of the entry on line "
                          f"{ids[value]}; every entry needs its own, permanent id")
        else:
            ids[value] = element.sourceline
    sources = index.get(ATOM + "source", [])
    has_author = ATOM + "author" in index or any(
        next(children(source, ATOM + "author"), None) is not None for source in sources)
    if not (has_author or feed_has_author):
        where = "and its feed has none" if is_feed else "(an Entry Document must name one)"
        yield finding(path, entry.sourceline, "ATOM-AUTHOR",
                      f"<entry> has no <author> {where}; add <author><name>...</name></author> "
                      "to the entry or the feed (RFC 4287 §4.1.2)")
    links = index.get(ATOM + "link", [])
    if ATOM + "content" not in index and not any(
            link.get("rel", "alternate") in _ALTERNATE for link in links):
        yield finding(path, entry.sourceline, "ATOM-ENTRY-ALTERNATE",
                      "<entry> has no <content>, so it needs <link rel=\"alternate\" href=\"...\"/> "
                      "to where the content is (RFC 4287 §4.1.2)")
    yield from _alternates(links, path)


def _alternates(links: list[etree._Element], path: str) -> Iterator[Finding]:
    seen: dict[tuple[str, str], int | None] = {}
    for link in links:
        if link.get("rel", "alternate") not in _ALTERNATE:
            continue
        key = (link.get("type", "").lower(), link.get("hreflang", "").lower())
        if key in seen:
            media_type, language = (repr(value) if value else "none" for value in key)
            yield finding(path, link.sourceline, "ATOM-ALTERNATE-DUPLICATE",
                          f"a second alternate link with type {media_type} and hreflang "
                          f"{language} (the first is on line {seen[key]}); keep one or tell "
                          "them apart by type or hreflang (RFC 4287 §4.1.1)")
        else:
            seen[key] = link.sourceline


def _has_absolute_base(element: etree._Element) -> bool:
    """True when an ``xml:base`` in scope makes relative references resolvable."""
    node: etree._Element | None = element
    while node is not None:
        base = node.get(XML_BASE)
        if base is not None and is_absolute_iri(base.strip()):
            return True
        node = node.getparent()
    return False


def _text_construct(element: etree._Element, path: str) -> Iterator[Finding]:
    kind = element.get("type", "text")
    name = _local(element)
    if element.get("src") is not None:
        return
    if kind in ("text", "html"):
        if len(element) and any(isinstance(child.tag, str) for child in element):
            child = next(children(element))
            yield finding(path, element.sourceline, "ATOM-CONTENT-MARKUP",
                          f"<{name} type=\"{kind}\"> contains the element <{etree.QName(child).localname}>; "
                          "escape the HTML (&lt;p&gt;) or use type=\"xhtml\" with one xhtml:div "
                          "(RFC 4287 §3.1.1)")
        elif kind == "html" and element.text and not _has_absolute_base(element):
            for line, attribute, url in relative_urls(element.text):
                yield _relative(path, (element.sourceline or 1) + line - 1, attribute, url, name)
    elif kind == "xhtml":
        divs = list(children(element))
        stray_text = (element.text or "").strip() or any((div.tail or "").strip() for div in divs)
        if len(divs) != 1 or divs[0].tag != XHTML + "div" or stray_text:
            yield finding(path, element.sourceline, "ATOM-XHTML-DIV",
                          f"<{name} type=\"xhtml\"> must hold exactly one "
                          "<div xmlns=\"http://www.w3.org/1999/xhtml\"> and nothing outside it "
                          "(RFC 4287 §3.1.1.3)")
        inner = [node for node in element.iter() if node is not element and not _has_absolute_base(node)]
        for line, attribute, url in relative_urls_in_elements(inner):
            yield _relative(path, line, attribute, url, name)


def _relative(path: str, line: int | None, attribute: str, url: str, name: str) -> Finding:
    return finding(path, line, "HTML-RELATIVE-URL",
                   f"{attribute}={url!r} in <{name}> is relative and no absolute xml:base is "
                   "in scope; make it an absolute URL")
