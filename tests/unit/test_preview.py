"""PreviewPaths and Preview.start: the preview keeps its output and state apart."""

from __future__ import annotations

from pathlib import Path

from newswire.claim import overlap_problem
from newswire.preview import Preview, PreviewPaths


def test_preview_paths_live_below_newswire_preview() -> None:
    paths = PreviewPaths(Path("/site"))
    assert paths.public == Path("/site/.newswire/preview/public")
    assert paths.state_dir == Path("/site/.newswire/preview/state")
    assert paths.state_file == Path("/site/.newswire/preview/state/state.json")
    assert paths.content == Path("/site/content") and paths.feeds == Path("/site/feeds")


def test_the_preview_output_is_allowed_where_it_is(tmp_path: Path) -> None:
    assert overlap_problem(tmp_path, PreviewPaths(tmp_path).public) is None


def test_start_copies_the_recorded_state_and_leaves_the_site_alone(tmp_path: Path) -> None:
    state = tmp_path / ".newswire"
    state.mkdir()
    (state / "state.json").write_text('{"version": 1, "articles": []}\n')
    (state / "updated.json").write_text('{"format": 1, "articles": {}}\n')
    (state / "derived.sqlite").write_bytes(b"not copied")
    preview = Preview(tmp_path, "http://127.0.0.1:8000/")
    preview.start()
    copied = preview.paths.state_dir
    assert sorted(p.name for p in copied.iterdir()) == ["state.json", "updated.json"]
    assert (copied / "state.json").read_text() == '{"version": 1, "articles": []}\n'
    assert preview.paths.public.is_dir()
    (copied / "state.json").write_text("changed by a preview build")
    assert (state / "state.json").read_text() == '{"version": 1, "articles": []}\n'


def test_start_on_a_new_site_creates_empty_folders(tmp_path: Path) -> None:
    preview = Preview(tmp_path, "http://127.0.0.1:8000/")
    preview.start()
    assert list(preview.paths.state_dir.iterdir()) == []
