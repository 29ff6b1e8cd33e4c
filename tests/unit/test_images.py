"""local_image, read_image, with_image_info, card_type and preview_problems."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from PIL import Image

from newswire.images import (ImageInfo, card_type, local_image, preview_problems, read_image,
                             with_image_info)

from .conftest import entry

BASE = "https://news.example.org/"


def png(path: Path, size: tuple[int, int]) -> Path:
    Image.new("RGB", size, "red").save(path, "PNG")
    return path


def test_a_url_below_the_site_names_its_file(tmp_path: Path) -> None:
    files = {"world/lead photo.png": tmp_path / "a.png"}
    assert local_image(BASE + "world/lead%20photo.png", BASE, files) == tmp_path / "a.png"
    assert local_image(BASE + "world/lead%20photo.png?v=2#x", BASE, files) == tmp_path / "a.png"


def test_a_url_elsewhere_or_unknown_is_no_local_image(tmp_path: Path) -> None:
    files = {"a.png": tmp_path / "a.png"}
    assert local_image("https://cdn.example/a.png", BASE, files) is None
    assert local_image(BASE + "b.png", BASE, files) is None


def test_read_image_gives_length_and_pixels(tmp_path: Path) -> None:
    path = png(tmp_path / "a.png", (640, 320))
    assert read_image(path) == ImageInfo(path.stat().st_size, 640, 320)


def test_a_file_that_is_no_image_has_only_a_length(tmp_path: Path) -> None:
    path = tmp_path / "a.png"
    path.write_bytes(b"%PDF-1.4 not an image")
    assert read_image(path) == ImageInfo(21)


def test_a_missing_file_raises(tmp_path: Path) -> None:
    with pytest.raises(OSError):
        read_image(tmp_path / "gone.png")


def test_with_image_info_fills_in_a_local_image(tmp_path: Path) -> None:
    path = png(tmp_path / "lead.png", (1200, 630))
    e = replace(entry(), image_url=BASE + "world/lead.png")
    out = with_image_info(e, BASE, {"world/lead.png": path})
    assert (out.image_width, out.image_height, out.image_length) == (
        1200, 630, path.stat().st_size)


def test_with_image_info_leaves_other_entries_alone(tmp_path: Path) -> None:
    e = replace(entry(), image_url="https://cdn.example/lead.png")
    assert with_image_info(e, BASE, {}) is e
    bare = entry()
    assert with_image_info(bare, BASE, {}) is bare


def test_with_image_info_ignores_a_file_that_vanished(tmp_path: Path) -> None:
    e = replace(entry(), image_url=BASE + "lead.png")
    assert with_image_info(e, BASE, {"lead.png": tmp_path / "gone.png"}) is e


@pytest.mark.parametrize(("width", "height", "length", "expected"), [
    (None, None, None, "summary_large_image"),
    (None, None, 1000, "summary"),
    (300, 157, 1000, "summary_large_image"),
    (1200, 630, 1000, "summary_large_image"),
    (299, 600, 1000, "summary"),
    (600, 156, 1000, "summary"),
])
def test_card_type(width: int | None, height: int | None, length: int | None,
                   expected: str) -> None:
    assert card_type(width, height, length) == expected


def test_a_recommended_image_has_no_problem() -> None:
    assert preview_problems(1200, 630, 200_000) == []


def test_an_image_elsewhere_has_no_problem() -> None:
    assert preview_problems(None, None, None) == []


def test_an_unreadable_local_file_is_a_problem() -> None:
    [problem] = preview_problems(None, None, 10)
    assert problem.startswith("cannot be read as an image")


def test_a_tiny_image_misses_every_card() -> None:
    problems = preview_problems(100, 100, 1000)
    assert [p.split(",")[0].split(" the ")[0] for p in problems] == [
        "is 100x100 pixels", "is below even", "is below"]
    assert "Open Graph" in problems[2]


def test_a_small_card_image_above_open_graph_is_one_problem() -> None:
    [problem] = preview_problems(250, 250, 1000)
    assert "smaller than the 300x157" in problem


def test_a_huge_image_is_too_wide_and_too_heavy() -> None:
    problems = preview_problems(8000, 4000, 6 * 1048576)
    assert problems == [
        "is 8000x4000 pixels, more than the 4096 pixels a side X/Twitter accepts",
        "is 6.0 MB, over the 5 MB X/Twitter and Facebook accept"]


def test_a_tall_large_image_will_be_cropped() -> None:
    [problem] = preview_problems(600, 900, 1000)
    assert problem.startswith("has a 0.67:1 shape, far from the 1.91:1")
