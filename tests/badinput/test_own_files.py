"""Files newswire keeps for itself, replaced by something hostile (README "Building by cron"; README "Bad input"):
a named pipe or a link to ``/dev/zero`` in ``.newswire/`` or over a
published file never blocks a build or fills memory. The ledger is then an
error (nothing built or removed); any other file is taken as missing.
"""

from __future__ import annotations

import json
import os

import pytest

from newswire.safeio import read_own_file

from .helpers import alarm, diagnostics, make_site, run_build

GOOD = {"first.md": "---\ntitle: First\ndate: 2019-04-20\n---\nOne.\n",
        "second.md": "---\ntitle: Second\ndate: 2019-04-21\n---\nTwo.\n"}


def published(site):
    public = site / "public"
    return {p.relative_to(public).as_posix(): p.read_bytes()
            for p in sorted(public.rglob("*")) if p.is_file()}


def replace(path, kind):
    path.unlink()
    if kind == "fifo":
        os.mkfifo(path)
    else:
        path.symlink_to("/dev/zero")


@pytest.mark.parametrize("kind", ["fifo", "device"])
def test_a_ledger_that_is_not_a_regular_file_is_a_ledger_error(tmp_path, kind):
    site = make_site(tmp_path / "site", GOOD)
    assert run_build(site).exit_code == 0
    before = published(site)
    replace(site / ".newswire" / "state.json", kind)
    with alarm(60):
        result = run_build(site)
    assert result.exit_code == 1
    what = "a named pipe (FIFO)" if kind == "fifo" else "a device"
    assert diagnostics(result) == [
        f"{site / '.newswire' / 'state.json'}: error: cannot read the identity ledger: "
        f"is {what}, not a regular file; only regular files are read: replace it with "
        "the file itself"]
    assert published(site) == before


@pytest.mark.parametrize("kind", ["fifo", "device"])
@pytest.mark.parametrize("name", ["manifest.json", "pages.json", "clock.json",
                                  "cache/last-build.json", "empty-feeds.json"])
def test_another_own_file_that_is_not_a_regular_file_is_taken_as_missing(tmp_path, name,
                                                                          kind):
    site = make_site(tmp_path / "site", GOOD)
    assert run_build(site).exit_code == 0
    before = published(site)
    target = site / ".newswire" / name
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(b"{}")
    replace(target, kind)
    with alarm(60):
        result = run_build(site)
    assert result.exit_code == 0
    assert published(site) == before
    assert [d for d in diagnostics(result) if ": error: " in d] == []


@pytest.mark.parametrize("name", ["first/index.html", ".newswire-site.json"])
def test_a_published_file_replaced_by_a_named_pipe_is_rewritten(tmp_path, name):
    site = make_site(tmp_path / "site", GOOD)
    assert run_build(site).exit_code == 0
    before = published(site)
    replace(site / "public" / name, "fifo")
    with alarm(60):
        result = run_build(site)
    assert result.exit_code == 0
    assert published(site) == before


def test_read_own_file_refuses_what_is_not_a_small_regular_file(tmp_path):
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    big = tmp_path / "big"
    big.write_bytes(b"x" * 101)
    (tmp_path / "ok").write_bytes(b"x" * 100)
    with pytest.raises(OSError, match="named pipe"):
        read_own_file(pipe)
    with pytest.raises(OSError, match="refused unread"):
        read_own_file(big, limit=100)
    with pytest.raises(FileNotFoundError):
        read_own_file(tmp_path / "missing")
    assert read_own_file(tmp_path / "ok", limit=100) == b"x" * 100


@pytest.mark.parametrize("name", ["state.json"])  # derived records: tests/test_state_journal.py
def test_a_disk_full_while_writing_newswire_files_loses_nothing(tmp_path, monkeypatch, name):
    import errno

    from newswire import build
    from newswire.errors import OutputError

    site = make_site(tmp_path / "site", GOOD)
    assert run_build(site).exit_code == 0
    before = published(site)
    (site / "content" / "first.md").unlink()
    (site / "content" / "third.md").write_text("---\ntitle: Third\ndate: 2019-04-22\n---\n3\n")
    real = build.write_ledger

    def full(path, *args, **kwargs):
        if path.name == name:
            raise OutputError(f"cannot write: {os.strerror(errno.ENOSPC)}", path)
        return real(path, *args, **kwargs)

    monkeypatch.setattr(build, "write_ledger", full)
    result = run_build(site)
    assert result.exit_code == 1
    assert diagnostics(result) == [
        f"{site / '.newswire' / name}: error: cannot write: No space left on device"]
    if name == "state.json":  # stopped before publishing: public/ as it was
        assert published(site) == before
    assert list((site / "public").rglob("*newswire-tmp*")) == []
    monkeypatch.setattr(build, "write_ledger", real)
    assert run_build(site).exit_code == 0
    after = published(site)
    assert "first/index.html" not in after and "third/index.html" in after
    assert after["second/index.html"] == before["second/index.html"]


def test_a_folder_where_a_published_page_goes_is_named_with_the_fix(tmp_path):
    site = make_site(tmp_path / "site", GOOD)
    assert run_build(site).exit_code == 0
    page = site / "public" / "first" / "index.html"
    page.unlink()
    page.mkdir()
    (page / "keep").write_bytes(b"kept")
    (site / "content" / "first.md").write_text("---\ntitle: First, edited\ndate: 2019-04-20"
                                               "\n---\nOne.\n")
    result = run_build(site)
    assert result.exit_code == 1
    assert f"{page}: error: cannot write: a folder is in the way where this file goes; move " \
           "the folder away and build again" in diagnostics(result)
    assert (page / "keep").read_bytes() == b"kept"
    assert list((site / "public").rglob("*newswire-tmp*")) == []
    (page / "keep").unlink()
    page.rmdir()
    assert run_build(site).exit_code == 0
    assert b"First, edited" in page.read_bytes()


def test_a_deleted_output_claim_is_written_again_by_the_next_build(tmp_path):
    """The claim is not in the manifest: the "nothing changed" shortcut
    must still see it gone and run the build that writes it."""
    site = make_site(tmp_path / "site", GOOD)
    assert run_build(site).exit_code == 0
    marker = site / "public" / ".newswire-site.json"
    claim = json.loads(marker.read_bytes())
    marker.unlink()
    assert run_build(site).exit_code == 0
    assert json.loads(marker.read_bytes()) == claim
    assert claim["site"] == str(site.resolve())
