"""How long validation takes on a 5,000-item feed in each format.

Run from the repository root::

    PYTHONPATH=src python benchmarks/validate_bench.py [ITEMS]

Each feed is generated in memory (valid, with a paragraph of HTML per item),
validated once to warm up (the Atom schema is compiled then), then timed as
the best of five runs. The feeds must come out with no findings.
"""

from __future__ import annotations

import json
import sys
import time
from datetime import datetime, timedelta, timezone
from xml.sax.saxutils import escape

from newswire.validate import validate_bytes

BASE = "https://example.com"
START = datetime(2024, 1, 1, tzinfo=timezone.utc)


def _body(number: int) -> str:
    return (f'<p>Item {number} says <a href="{BASE}/notes/{number}">hello</a> &amp; '
            f'shows <img src="{BASE}/img/{number}.jpg" alt="picture"></p>')


def rss(items: int) -> bytes:
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" '
             'xmlns:content="http://purl.org/rss/1.0/modules/content/">',
             "<channel>", "<title>Bench</title>", f"<link>{BASE}/</link>",
             "<description>Benchmark feed</description>",
             f'<atom:link rel="self" href="{BASE}/feed.xml" type="application/rss+xml"/>']
    for number in range(items):
        moment = START + timedelta(hours=number)
        lines += ["<item>", f"<title>Item {number}</title>",
                  f"<link>{BASE}/items/{number}/</link>",
                  f'<guid isPermaLink="false">tag:example.com,2024:{number}</guid>',
                  f"<pubDate>{moment:%a, %d %b %Y %H:%M:%S} +0000</pubDate>",
                  "<author>desk@example.com (The Desk)</author>",
                  "<category>bench</category>",
                  f"<description>{escape(_body(number))}</description>",
                  f"<content:encoded><![CDATA[{_body(number)}]]></content:encoded>",
                  "</item>"]
    lines += ["</channel>", "</rss>", ""]
    return "\n".join(lines).encode()


def atom(items: int) -> bytes:
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<feed xmlns="http://www.w3.org/2005/Atom">',
             "<title>Bench</title>", "<id>tag:example.com,2024:feed</id>",
             f"<updated>{START:%Y-%m-%dT%H:%M:%SZ}</updated>",
             "<author><name>The Desk</name></author>",
             f'<link rel="self" href="{BASE}/feed.atom"/>', f'<link href="{BASE}/"/>']
    for number in range(items):
        moment = START + timedelta(hours=number)
        lines += ["<entry>", f"<title>Item {number}</title>",
                  f"<id>tag:example.com,2024:{number}</id>",
                  f"<updated>{moment:%Y-%m-%dT%H:%M:%S}+00:00</updated>",
                  f'<link href="{BASE}/items/{number}/"/>',
                  '<category term="bench"/>',
                  f"<summary>Item {number}</summary>",
                  f'<content type="html">{escape(_body(number))}</content>',
                  "</entry>"]
    lines += ["</feed>", ""]
    return "\n".join(lines).encode()


def jsonfeed(items: int) -> bytes:
    return json.dumps({
        "version": "https://jsonfeed.org/version/1.1", "title": "Bench",
        "home_page_url": f"{BASE}/", "feed_url": f"{BASE}/feed.json",
        "items": [{"id": f"tag:example.com,2024:{number}", "url": f"{BASE}/items/{number}/",
                   "title": f"Item {number}", "content_html": _body(number),
                   "date_published": f"{START + timedelta(hours=number):%Y-%m-%dT%H:%M:%S}Z",
                   "authors": [{"name": "The Desk"}], "tags": ["bench"]}
                  for number in range(items)],
    }, indent=2).encode()


def main() -> None:
    items = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    for kind, make in (("rss", rss), ("atom", atom), ("json", jsonfeed)):
        data = make(items)
        findings = validate_bytes(data, f"bench.{kind}", kind)
        if findings:
            raise SystemExit("\n".join(map(str, findings[:10])))
        runs = []
        for _ in range(5):
            started = time.perf_counter()
            validate_bytes(data, f"bench.{kind}", kind)
            runs.append(time.perf_counter() - started)
        print(f"{kind:5} {items} items, {len(data) / 1e6:5.2f} MB: best {min(runs) * 1000:6.1f} ms")


if __name__ == "__main__":
    main()
