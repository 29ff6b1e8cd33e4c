"""overlap_problem and claim_output: a site claims its output folder."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newswire.claim import MARKER, claim_output, overlap_problem
from newswire.errors import OutputError

BASE = "https://news.example.org/"


def make_site(folder: Path) -> Path:
    (folder / "feeds").mkdir(parents=True)
    (folder / "feeds" / "site.toml").write_text('base_url = "x"\n')
    (folder / "content").mkdir()
    return folder


def test_a_public_folder_of_its_own_is_fine(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site")
    assert overlap_problem(site, site / "public") is None


def test_the_site_folder_itself_is_refused(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site")
    problem = overlap_problem(site, site)
    assert problem is not None and problem.startswith("the output folder is the site folder")


def test_a_folder_above_the_site_is_refused(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site")
    problem = overlap_problem(site, tmp_path)
    assert problem is not None and "a folder above the site" in problem


@pytest.mark.parametrize(("public", "relation", "name"), [
    ("content", "is the same folder as", "content"),
    ("content/out", "is inside", "content"),
    ("feeds/x", "is inside", "feeds"),
    (".newswire", "is the same folder as", ".newswire"),
])
def test_a_folder_overlapping_the_sources_is_refused(tmp_path: Path, public: str,
                                                      relation: str, name: str) -> None:
    site = make_site(tmp_path / "site")
    problem = overlap_problem(site, site / public)
    assert problem is not None and f"{relation} {name}/" in problem


def test_a_link_into_the_sources_is_refused(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site")
    (site / "public").symlink_to(site / "content")
    problem = overlap_problem(site, site / "public")
    assert problem is not None and "is the same folder as content/" in problem


def test_a_folder_holding_the_sources_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "out"
    site = make_site(tmp_path / "site")
    (site / "content").rmdir()
    (out / "content").mkdir(parents=True)
    (site / "content").symlink_to(out / "content")
    problem = overlap_problem(site, out)
    assert problem is not None and "holds content/" in problem


def test_the_preview_output_below_its_state_is_allowed(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site")
    assert overlap_problem(site, site / ".newswire" / "preview" / "public") is None
    assert overlap_problem(site, site / ".newswire" / "preview") is not None


def test_an_unclaimed_folder_is_claimed_by_the_write(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site")
    write = claim_output(site, site / "public", BASE)
    assert write is not None and not (site / "public").exists()
    write()
    marker = json.loads((site / "public" / MARKER).read_text())
    assert marker == {"format": 1, "site": str(site.resolve()), "base_url": BASE}
    assert claim_output(site, site / "public", BASE) is None


def test_a_changed_base_url_writes_the_marker_again(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site")
    write = claim_output(site, site / "public", BASE)
    assert write is not None
    write()
    assert claim_output(site, site / "public", "https://other.example/") is not None


def claimed_by(other: Path, public: Path) -> None:
    public.mkdir(parents=True, exist_ok=True)
    (public / MARKER).write_text(json.dumps({"format": 1, "site": str(other.resolve()),
                                             "base_url": "https://other.example/"}))


def test_a_folder_another_live_site_writes_is_refused(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    other = make_site(tmp_path / "other")
    (other / "public").symlink_to(shared)
    claimed_by(other, shared)
    site = make_site(tmp_path / "site")
    (site / "public").symlink_to(shared)
    with pytest.raises(OutputError) as caught:
        claim_output(site, site / "public", BASE)
    assert caught.value.path == shared.resolve() / MARKER
    assert f"another site, {other.resolve()} (https://other.example/)" in caught.value.message
    assert "is a link to" in caught.value.message


def test_a_stale_claim_is_taken_over(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site")
    claimed_by(tmp_path / "moved-away", site / "public")
    write = claim_output(site, site / "public", BASE)
    assert write is not None
    write()
    assert json.loads((site / "public" / MARKER).read_text())["site"] == str(site.resolve())


def test_a_folder_inside_another_sites_output_is_refused(tmp_path: Path) -> None:
    other = make_site(tmp_path / "other")
    claimed_by(other, other / "public")
    site = make_site(tmp_path / "site")
    (site / "public").symlink_to(other / "public" / "sub", target_is_directory=True)
    with pytest.raises(OutputError) as caught:
        claim_output(site, site / "public", BASE)
    assert caught.value.path == (other / "public").resolve() / MARKER
    assert "is inside" in caught.value.message


@pytest.mark.parametrize("content", ["not json", "[]", '{"format": 2, "site": "/x"}',
                                     '{"format": 1, "site": 3}'])
def test_a_file_that_is_no_marker_is_overwritten(tmp_path: Path, content: str) -> None:
    site = make_site(tmp_path / "site")
    (site / "public").mkdir()
    (site / "public" / MARKER).write_text(content)
    assert claim_output(site, site / "public", BASE) is not None


def test_overlap_is_refused_by_the_claim_too(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site")
    with pytest.raises(OutputError) as caught:
        claim_output(site, site / "content", BASE)
    assert caught.value.path == site / "content"
