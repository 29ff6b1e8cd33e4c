"""Lead images and the link-preview cards they are announced with: the card
type follows the image's real size, and the build warns, naming the file,
when an image is below what the platforms publish as their minimum, too
heavy, or far from the 1.91:1 shape of large previews."""

from __future__ import annotations

import os
from pathlib import Path

import lxml.html
import pytest
from PIL import Image

from newswire.images import card_type, preview_problems

from ..badinput.helpers import diagnostics, make_site, run_build


def meta(site: Path, slug: str) -> dict[str, str]:
    doc = lxml.html.fromstring((site / "public" / slug / "index.html").read_bytes())
    return {m.get("name") or m.get("property"): m.get("content") for m in doc.xpath("//meta")}


def article(image: str) -> str:
    return f"---\ntitle: With {image}\ndate: 2024-05-01\nimage: {image}\n---\nText.\n"


@pytest.fixture(scope="module")
def card_site(tmp_path_factory: pytest.TempPathFactory):
    site = make_site(tmp_path_factory.mktemp("cards") / "site", {
        "tiny.md": article("tiny.png"), "small.md": article("small.png"),
        "wide.md": article("wide.png"), "square.md": article("square.png"),
        "heavy.md": article("heavy.png"), "remote.md": article("https://cdn.example.net/x.jpg"),
        "damaged.md": article("damaged.png"), "notimage.md": article("notimage.jpg")})
    content = site / "content"
    Image.new("RGB", (64, 64), "red").save(content / "tiny.png")
    Image.new("RGB", (250, 250), "red").save(content / "small.png")
    Image.new("RGB", (1200, 630), "red").save(content / "wide.png")
    Image.new("RGB", (1000, 1000), "red").save(content / "square.png")
    # noise does not compress: over 5 MB as PNG
    Image.frombytes("RGB", (1400, 1400), os.urandom(1400 * 1400 * 3)).save(content / "heavy.png")
    # a PNG cut after its signature, and HTML saved under an image's name
    (content / "damaged.png").write_bytes((content / "wide.png").read_bytes()[:20])
    (content / "notimage.jpg").write_text("<!doctype html><title>Not found</title>")
    result = run_build(site)
    assert result.exit_code == 0, result.output
    return site, diagnostics(result)


def warnings_for(said: list[str], name: str) -> list[str]:
    return [line for line in said if line.startswith(f"{name}.md: warning:")
            or f"/{name}.md: warning:" in line]


def test_tiny_image_gets_small_card_and_a_warning(card_site):
    site, said = card_site
    assert meta(site, "tiny")["twitter:card"] == "summary"
    (line,) = warnings_for(said, "tiny")
    assert "content/tiny.png" in line and "64x64" in line
    assert "300x157" in line and "200x200" in line and "144x144" in line
    assert "1200x630" in line  # what to do


def test_image_between_the_minimums(card_site):
    site, said = card_site
    assert meta(site, "small")["twitter:card"] == "summary"
    (line,) = warnings_for(said, "small")
    assert "content/small.png" in line and "'summary' card" in line
    assert "200x200" not in line and "144x144" not in line


def test_right_size_is_large_and_quiet(card_site):
    site, said = card_site
    values = meta(site, "wide")
    assert values["twitter:card"] == "summary_large_image"
    assert (values["og:image:width"], values["og:image:height"]) == ("1200", "630")
    assert warnings_for(said, "wide") == []


def test_square_image_warned_about_cropping(card_site):
    site, said = card_site
    assert meta(site, "square")["twitter:card"] == "summary_large_image"
    (line,) = warnings_for(said, "square")
    assert "content/square.png" in line and "1.00:1" in line and "1.91:1" in line


def test_heavy_image_warned(card_site):
    site, said = card_site
    assert (site / "content/heavy.png").stat().st_size > 5 * 1024 * 1024
    (line,) = warnings_for(said, "heavy")
    assert "content/heavy.png" in line and "5 MB" in line


def test_remote_image_of_unknown_size_keeps_large_card(card_site):
    site, said = card_site
    assert meta(site, "remote")["twitter:card"] == "summary_large_image"
    assert warnings_for(said, "remote") == []


@pytest.mark.parametrize("name, file", [("damaged", "damaged.png"), ("notimage", "notimage.jpg")])
def test_local_file_that_is_no_readable_image_gets_small_card_and_a_warning(card_site, name,
                                                                             file):
    site, said = card_site
    assert meta(site, name)["twitter:card"] == "summary"
    (line,) = warnings_for(said, name)
    assert f"content/{file} cannot be read as an image" in line and "1200x630" in line


def test_small_default_image_warned_once_against_site_settings(tmp_path: Path):
    site = make_site(tmp_path / "site", {f"a{n}.md": f"---\ntitle: A{n}\ndate: 2024-05-0{n}\n---\nx\n"
                                         for n in (1, 2, 3)})
    Image.new("RGB", (100, 100), "red").save(site / "content" / "logo.png")
    toml = site / "feeds" / "site.toml"
    toml.write_text(toml.read_text("utf-8") + 'default_image = "logo.png"\n', "utf-8")
    result = run_build(site)
    assert result.exit_code == 0
    lines = [line for line in diagnostics(result) if "default_image" in line]
    assert len(lines) == 1 and "site.toml: warning:" in lines[0] and "logo.png" in lines[0]
    assert meta(site, "a1")["twitter:card"] == "summary"


@pytest.mark.parametrize(("size", "card"), [
    ((300, 157), "summary_large_image"), ((299, 157), "summary"), ((300, 156), "summary"),
    ((4000, 2000), "summary_large_image"), ((None, None), "summary_large_image"),
    ((None, None, 1234), "summary"), ((1200, 630, 1234), "summary_large_image")])
def test_card_type(size, card):
    assert card_type(*size) == card


def test_preview_problems_limits():
    assert preview_problems(1200, 630, 200_000) == []
    assert preview_problems(None, None, None) == []  # elsewhere: nothing known
    (unreadable,) = preview_problems(None, None, 10)  # local, but not an image Pillow reads
    assert unreadable.startswith("cannot be read as an image")
    assert len(preview_problems(5000, 2600, 100)) == 1  # over 4096 a side
    assert len(preview_problems(1200, 630, 6 * 1024 * 1024)) == 1


def test_a_default_image_is_read_once_per_build(tmp_path: Path, monkeypatch):
    import newswire.images
    site = make_site(tmp_path / "site", {f"a{n}.md": f"---\ntitle: A{n}\ndate: 2024-05-0{n}\n---\nx\n"
                                         for n in (1, 2, 3, 4)})
    Image.new("RGB", (1200, 630), "red").save(site / "content" / "logo.png")
    toml = site / "feeds" / "site.toml"
    toml.write_text(toml.read_text("utf-8") + 'default_image = "logo.png"\n', "utf-8")
    opened: list[Path] = []
    real = newswire.images.read_image
    monkeypatch.setattr(newswire.images, "read_image", lambda p: opened.append(p) or real(p))
    result = run_build(site)
    assert result.exit_code == 0, result.output
    assert opened == [site / "content" / "logo.png"]
    assert all(meta(site, f"a{n}")["og:image:width"] == "1200" for n in (1, 2, 3, 4))
