"""checked_image, missing_image, front_matter_line, settings_line: lead-image
checks of the entries, and the lines their warnings point at."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from PIL import Image

from newswire.errors import Diagnostic
from newswire.images import (ImageInfo, checked_image, front_matter_line, missing_image,
                             settings_line)
from newswire.options import SitePaths

from .conftest import SITE, entry

BASE = SITE.base_url


def site(tmp_path: Path) -> SitePaths:
    (tmp_path / "content" / "img").mkdir(parents=True)
    (tmp_path / "feeds").mkdir()
    return SitePaths(tmp_path)


def png(path: Path, size: tuple[int, int]) -> Path:
    Image.new("RGB", size, "white").save(path, "PNG")
    return path


def test_a_local_image_gets_its_size_and_no_warning(tmp_path: Path) -> None:
    paths = site(tmp_path)
    file = png(paths.content / "img" / "lead.png", (1200, 630))
    said: list[Diagnostic] = []
    e = checked_image(entry(image="/img/lead.png"), SITE, {"img/lead.png": file}, paths,
                      said.append)
    assert (e.image_url, e.image_width, e.image_height) == (BASE + "img/lead.png", 1200, 630)
    assert e.image_length == file.stat().st_size
    assert said == []


def test_a_missing_local_image_is_dropped_with_a_warning_at_its_line(tmp_path: Path) -> None:
    paths = site(tmp_path)
    source = paths.content / "story.md"
    source.write_text("---\ntitle: Story\nimage: /img/gone.png\n---\nBody\n", "utf-8")
    said: list[Diagnostic] = []
    e = checked_image(entry("story.md", image="/img/gone.png"), SITE, {}, paths, said.append)
    assert e.image_url is None
    assert [(d.level, d.path, d.line) for d in said] == [("warning", source, 3)]
    assert "no file content/img/gone.png" in said[0].message


def test_a_small_image_is_kept_with_a_warning_naming_its_problems(tmp_path: Path) -> None:
    paths = site(tmp_path)
    file = png(paths.content / "img" / "tiny.png", (100, 100))
    said: list[Diagnostic] = []
    e = checked_image(entry("story.md", image="/img/tiny.png"), SITE, {"img/tiny.png": file},
                      paths, said.append)
    assert e.image_url == BASE + "img/tiny.png" and e.image_width == 100
    assert [(d.level, d.path) for d in said] == [("warning", paths.content / "story.md")]
    assert said[0].message.startswith("image content/img/tiny.png is 100x100 pixels")
    assert "1200x630" in said[0].message


def test_an_image_elsewhere_is_not_checked(tmp_path: Path) -> None:
    said: list[Diagnostic] = []
    e = checked_image(entry(image="https://cdn.example/a.png"), SITE, {}, site(tmp_path),
                      said.append)
    assert e.image_url == "https://cdn.example/a.png" and e.image_width is None
    assert said == []


def test_a_missing_default_image_is_said_at_its_settings_line(tmp_path: Path) -> None:
    paths = site(tmp_path)
    (paths.feeds / "site.toml").write_text(
        'title = "News"\n\ndefault_image = "img/card.png"\n', "utf-8")
    with_default = replace(SITE, default_image="img/card.png")
    e = replace(entry(), image_url=BASE + "img/card.png")  # from the site, not the article
    warning = missing_image(e, with_default, paths)
    assert (warning.path, warning.line) == (paths.feeds / "site.toml", 3)
    assert warning.message.startswith("default_image 'img/card.png': no file content/img/card.png")


def test_front_matter_line_finds_yaml_and_toml_keys_inside_the_front_matter(
        tmp_path: Path) -> None:
    yaml = tmp_path / "a.md"
    yaml.write_text("---\ntitle: A\n  \"image\" : x.png\n---\nimage: not this\n", "utf-8")
    toml = tmp_path / "b.md"
    toml.write_text("+++\ntitle = 'B'\nimage = 'y.png'\n+++\n", "utf-8")
    assert front_matter_line(yaml, "image") == 3
    assert front_matter_line(toml, "image") == 3
    assert front_matter_line(yaml, "audio") is None


def test_front_matter_line_reads_every_markdown_suffix(tmp_path: Path) -> None:
    long = tmp_path / "a.markdown"
    long.write_text("---\ntitle: A\nimage: x.png\n---\n", "utf-8")
    upper = tmp_path / "B.MD"
    upper.write_text("---\ntitle: B\n\nimage: y.png\n---\n", "utf-8")
    assert front_matter_line(long, "image") == 3
    assert front_matter_line(upper, "image") == 4


def test_front_matter_line_is_none_outside_front_matter_and_markdown(tmp_path: Path) -> None:
    after = tmp_path / "after.md"
    after.write_text("---\ntitle: A\n---\nimage: x.png\n", "utf-8")
    bare = tmp_path / "bare.md"
    bare.write_text("image: x.png\n", "utf-8")
    text = tmp_path / "plain.txt"
    text.write_text("image: x.png\n", "utf-8")
    assert front_matter_line(after, "image") is None
    assert front_matter_line(bare, "image") is None
    assert front_matter_line(text, "image") is None
    assert front_matter_line(tmp_path / "absent.md", "image") is None


def test_settings_line_finds_a_key_and_is_none_for_a_missing_file(tmp_path: Path) -> None:
    settings = tmp_path / "site.toml"
    settings.write_text('title = "x"\n"default_image" = "a.png"\n', "utf-8")
    assert settings_line(settings, "default_image") == 2
    assert settings_line(settings, "hub") is None
    assert settings_line(tmp_path / "absent.toml", "title") is None


def test_an_image_shared_by_entries_is_read_once(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    import newswire.images

    paths = site(tmp_path)
    file = png(paths.content / "img" / "card.png", (1200, 630))
    opened: list[Path] = []
    real = newswire.images.read_image

    def counting(path: Path) -> ImageInfo:
        opened.append(path)
        return real(path)
    monkeypatch.setattr(newswire.images, "read_image", counting)
    known: dict[Path, ImageInfo] = {}
    said: list[Diagnostic] = []
    sized = [checked_image(entry(f"s{n}.md", image="/img/card.png"), SITE,
                           {"img/card.png": file}, paths, said.append, known) for n in range(3)]
    assert opened == [file] and said == []
    assert {(e.image_width, e.image_height) for e in sized} == {(1200, 630)}


def test_kept_image_lines_are_used_only_for_the_same_bytes(tmp_path) -> None:
    from newswire.images import ImageLines
    path = tmp_path / "a.md"
    path.write_text("---\ntitle: A\nimage: x.jpg\n---\nBody\n", encoding="utf-8")
    digest = "d" * 64
    lines = ImageLines({"a.md": [digest, 9], "b.md": ["short", 2], "c.md": [digest, "3"],
                        "e.md": [digest]})
    assert lines.line(path, "a.md", digest) == 9  # kept: the file is not read
    assert lines.line(path, "a.md", "e" * 64) == 3  # other bytes: found in the file
    assert lines.line(path, "b.md", "e" * 64) == 3  # a damaged row is not kept
    assert lines.to_plain() == {"a.md": ["e" * 64, 3], "b.md": ["e" * 64, 3]}
    assert ImageLines(["not", "a", "record"]).to_plain() == {}
    same = ImageLines({"a.md": [digest, 9]})
    same.line(path, "a.md", digest)
    assert not same.changed() and ImageLines({"a.md": [digest, 9]}).changed()


def test_an_image_line_used_is_the_value_kept_or_found_not_a_copy(tmp_path) -> None:
    from newswire.images import ImageLines
    path = tmp_path / "a.md"
    path.write_text("---\ntitle: A\nimage: x.jpg\n---\nBody\n", encoding="utf-8")
    digest, other = "d" * 64, "e" * 64
    lines = ImageLines({"a.md": [digest, 9]})
    lines.found("b.md", other, 3)
    assert lines.line(path, "a.md", digest) == 9
    assert lines.line(path, "b.md", other) == 3
    assert lines._used["a.md"] is lines._kept["a.md"]
    assert lines._used["b.md"] is lines._found["b.md"]
    assert lines.line(path, "c.md", other) == 3  # read from the file: a value of its own
    assert lines._used["c.md"] == (other, 3)
