"""A build whose "now" is earlier than an earlier build's (README "Articles", dates).

It warns, naming both times; articles published after its now are left out
as future, dated or not (an undated article's date is the one recorded when
it was first published); a later now brings them back with the same ids,
URLs and dates.
"""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from newswire.cli import main

from .badinput.helpers import make_site

FILES = {
    "old.md": "---\ntitle: Old\ndate: 2019-04-20\n---\nOld news.\n",
    "late.md": "---\ntitle: Late\ndate: 2029-06-01\n---\nLate news.\n",
    "undated.md": "---\ntitle: Undated\n---\nNo date given.\n",
}


def build(site: Path, now: str):
    return CliRunner().invoke(main, ["--site", str(site), "build", "--now", now],
                              catch_exceptions=False)


def items(site: Path) -> dict[str, tuple[str, str]]:
    """Title → (id, date_published) of the main JSON feed."""
    data = json.loads((site / "public/feeds/main/feed.json").read_bytes())
    return {i["title"]: (i["id"], i["date_published"]) for i in data["items"]}


def test_moving_the_clock_back_warns_and_treats_undated_articles_alike(tmp_path):
    site = make_site(tmp_path / "site", FILES)
    first = build(site, "2030-01-01T00:00:00Z")
    assert first.exit_code == 0
    published = items(site)
    assert set(published) == {"Old", "Late", "Undated"}
    assert published["Undated"][1] == "2030-01-01T01:00:00+01:00"

    back = build(site, "2029-01-01T00:00:00Z")
    assert back.exit_code == 0
    assert back.stderr.splitlines()[0] == (
        f"{site}/.newswire/derived.sqlite: warning: this build's now (2029-01-01T00:00:00+00:00) "
        "is earlier than that of an earlier build (2030-01-01T00:00:00+00:00): articles "
        "dated in between are left out as future, dated or not. If the clock or --now is "
        "wrong, correct it; if this is on purpose, nothing is lost (they come back with a "
        "later now); delete derived.sqlite (derived records only) to forget the earlier "
        "time")
    assert set(items(site)) == {"Old"}  # Late (dated) and Undated (first published 2030)
    assert not (site / "public/undated/index.html").exists()

    again = build(site, "2030-01-02T00:00:00Z")
    assert again.exit_code == 0
    assert "warning" not in again.stderr
    assert items(site) == published  # same ids and dates as before


def test_an_unchanged_site_still_warns_when_the_clock_moved_back(tmp_path):
    """The shortcut for unchanged sites must not hide the warning."""
    site = make_site(tmp_path / "site", {"old.md": FILES["old.md"]})
    assert build(site, "2030-01-01T00:00:00Z").exit_code == 0
    assert build(site, "2030-01-01T00:00:00Z").stderr == ""  # unchanged, nothing to say
    back = build(site, "2029-12-31T00:00:00Z")
    assert back.exit_code == 0
    assert "is earlier than that of an earlier build (2030-01-01T00:00:00+00:00)" in back.stderr
    assert set(items(site)) == {"Old"}
    later = build(site, "2030-01-01T00:00:00Z")
    assert "warning" not in later.stderr


def test_future_keeps_undated_articles(tmp_path):
    site = make_site(tmp_path / "site", FILES)
    assert build(site, "2030-01-01T00:00:00Z").exit_code == 0
    back = CliRunner().invoke(main, ["--site", str(site), "build", "--now",
                                     "2029-01-01T00:00:00Z", "--future"],
                              catch_exceptions=False)
    assert back.exit_code == 0
    assert set(items(site)) == {"Old", "Late", "Undated"}
