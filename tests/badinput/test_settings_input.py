"""Hostile or careless settings files (README "A site"; README "Bad input"): every value of
``feeds/*.toml`` that no feed can carry is a settings error naming the file,
line and key, never a traceback; settings files are read like articles
(regular files only, bounded); a feed ``path`` is one a URL can carry.
"""

from __future__ import annotations

import os

import pytest

from .helpers import make_site, run_build, write

GOOD = {"first.md": "---\ntitle: First\ndate: 2019-04-20\n---\nOne.\n"}


def published(site):
    public = site / "public"
    return {p.relative_to(public).as_posix(): p.read_bytes()
            for p in sorted(public.rglob("*")) if p.is_file()}


@pytest.mark.parametrize(("file", "line", "key", "char"), [
    ("site.toml", 'twitter_site = "@wire\\u0000"', "twitter_site", "U+0000"),
    ("site.toml", 'author = "Desk\\u001b[31m"', "author", "U+001B"),
    ("site.toml", 'description = "a\\u0085b"', "description", "U+0085"),
    ("main.toml", 'description = "a\\u0001b"', "description", "U+0001"),
    ("main.toml", 'include_tags = ["ok", "a\\uffffb"]', "include_tags", "U+FFFF"),
    ("main.toml", 'path = "feeds/a\\u001b"', "path", "U+001B"),
    ("main.toml", 'itunes_owner = { name = "x\\u0007" }', "itunes_owner", "U+0007"),
])
def test_a_control_character_in_settings_is_an_error_with_the_line(tmp_path, file, line,
                                                                    key, char):
    site = make_site(tmp_path / "site", GOOD)
    assert run_build(site).exit_code == 0
    before = published(site)
    settings = site / "feeds" / file
    text = settings.read_text(encoding="utf-8")
    settings.write_text(text + line + "\n", encoding="utf-8")
    number = text.count("\n") + 1
    result = run_build(site)
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert result.stderr.splitlines()[0] == (
        f"{site / 'feeds' / file}:{number}: error: {key}: holds the control character "
        f"{char}, which feeds cannot carry; delete it (an escape like \\u0000 in TOML "
        "writes one)")
    assert published(site) == before


@pytest.mark.parametrize("path", ["feeds/a b", "feeds/a?b", "feeds/a#b", "feeds/a%2fb",
                                  "feeds/<b>", "feeds/a\u2028b", 'feeds/"q"'])
def test_a_feed_path_a_url_cannot_carry_is_an_error(tmp_path, path):
    site = make_site(tmp_path / "site", GOOD)
    escaped = path.replace("\\", "\\\\").replace('"', '\\"')
    write(site / "feeds" / "w.toml", f'title = "W"\npath = "{escaped}"\n')
    result = run_build(site)
    assert result.exit_code == 1
    first = result.stderr.splitlines()[0]
    assert first.startswith(f"{site / 'feeds' / 'w.toml'}:2: error: path: ")
    assert "which a URL cannot carry as it is" in first
    assert not (site / "public").exists()


def test_a_feed_path_of_letters_in_any_script_is_published(tmp_path):
    site = make_site(tmp_path / "site", GOOD)
    write(site / "feeds" / "w.toml", 'title = "W"\npath = "feeds/mondo-été_2"\n')
    assert run_build(site).exit_code == 0
    assert (site / "public" / "feeds" / "mondo-été_2" / "rss.xml").is_file()


@pytest.mark.parametrize("kind", ["fifo", "device", "folder", "large"])
def test_a_settings_file_that_is_not_a_small_regular_file_is_refused_unread(tmp_path, kind):
    site = make_site(tmp_path / "site", GOOD)
    target = site / "feeds" / "w.toml"
    if kind == "fifo":
        os.mkfifo(target)
    elif kind == "device":
        target.symlink_to("/dev/zero")
    elif kind == "folder":
        target.mkdir()
    else:
        target.write_bytes(b"# " + b"x" * (1024 * 1024) + b"\n")
    result = run_build(site)  # a FIFO read would block forever, /dev/zero never end
    assert result.exit_code == 1
    first = result.stderr.splitlines()[0]
    assert first.startswith(f"{target}: error: ")
    assert ("refused unread" in first) if kind == "large" else ("not a regular file" in first)


@pytest.mark.parametrize("now", ["9999-12-31T23:59:59-23:59", "0001-01-01T00:00:00+14:00",
                                 "0999-12-31T00:00:00Z"])
def test_a_now_feeds_cannot_write_is_a_usage_error(tmp_path, now):
    from click.testing import CliRunner

    from newswire.cli import main

    site = make_site(tmp_path / "site", GOOD)
    result = CliRunner().invoke(main, ["--site", str(site), "build", "--now", now])
    assert result.exit_code == 2
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert f"Invalid value for --now: {now!r} is outside the years 1000 to 9999 that " \
           "feeds can write" in result.output
    assert not (site / "public").exists()


@pytest.mark.parametrize("epoch", ["253402300000", "-40000000000"])
def test_a_source_date_epoch_feeds_cannot_write_is_a_usage_error(tmp_path, monkeypatch, epoch):
    from click.testing import CliRunner

    from newswire.cli import main

    site = make_site(tmp_path / "site", GOOD)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    result = CliRunner().invoke(main, ["--site", str(site), "build"])
    assert result.exit_code == 2
    assert f"SOURCE_DATE_EPOCH={epoch!r} is outside the years 1000 to 9999" in result.output


def test_a_now_at_the_edge_of_four_digit_years_builds(tmp_path):
    site = make_site(tmp_path / "site", GOOD)
    assert run_build(site, "--now", "9999-12-29T00:00:00Z").exit_code == 0
