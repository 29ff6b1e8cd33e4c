"""read_regular_file, read_own_file, regular_file_problem and load_json."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from newswire.safeio import (RefusedFile, load_json, read_own_file, read_regular_file,
                             regular_file_problem)


def test_a_regular_file_is_read_whole(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_bytes(b"x" * 70000)
    assert read_regular_file(tmp_path / "a.md", 70000) == b"x" * 70000


def test_an_empty_file_is_read(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_bytes(b"")
    assert read_regular_file(tmp_path / "a.md", 10) == b""


def test_a_file_over_the_limit_is_refused_unread(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_bytes(b"x" * (3 * 2**20 + 1))
    with pytest.raises(RefusedFile) as caught:
        read_regular_file(tmp_path / "a.md", 2**20, "article")
    assert caught.value.message == ("the file is 3 MiB; articles over 1 MiB are refused "
                                    "unread (is it really one?): make it smaller or split it")


def test_a_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises((RefusedFile, IsADirectoryError)) as caught:
        read_regular_file(tmp_path, 10, "feed")
    if isinstance(caught.value, RefusedFile):
        assert caught.value.message.startswith("is a folder, not a regular file")


def test_a_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.md")
    with pytest.raises(RefusedFile) as caught:
        read_regular_file(tmp_path / "pipe.md", 10, "article")
    assert caught.value.message == ("is a named pipe (FIFO), not a regular file; only regular "
                                    "files are read: replace it with the article itself")


def test_a_link_to_a_device_is_refused(tmp_path: Path) -> None:
    (tmp_path / "zero.md").symlink_to("/dev/zero")
    with pytest.raises(RefusedFile, match="^is a device"):
        read_regular_file(tmp_path / "zero.md", 10)


def test_a_missing_file_raises_os_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        read_regular_file(tmp_path / "gone.md", 10)


def test_regular_file_problem(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("x")
    os.mkfifo(tmp_path / "pipe")
    assert regular_file_problem(tmp_path / "a.md") is None
    assert regular_file_problem(tmp_path / "pipe") == (
        "is a named pipe (FIFO), not a regular file; only regular files are read")
    assert regular_file_problem(tmp_path) == (
        "is a folder, not a regular file; only regular files are read")
    assert regular_file_problem(tmp_path / "gone") == "cannot read: No such file or directory"


def test_read_own_file_turns_refusals_into_os_errors(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "state.json")
    with pytest.raises(OSError) as caught:
        read_own_file(tmp_path / "state.json")
    assert caught.value.errno == errno.EINVAL
    assert caught.value.strerror.startswith("is a named pipe")
    assert caught.value.filename == str(tmp_path / "state.json")


def test_read_own_file_limits_size(tmp_path: Path) -> None:
    (tmp_path / "state.json").write_bytes(b"{}" * 10)
    assert read_own_file(tmp_path / "state.json") == b"{}" * 10
    with pytest.raises(OSError, match="refused unread"):
        read_own_file(tmp_path / "state.json", limit=5)


def test_load_json_reads_with_and_without_options() -> None:
    assert load_json(b'{"a": [1, 2.5]}') == {"a": [1, 2.5]}
    assert load_json('{"b": 1, "a": 2}', object_pairs_hook=list) == [("b", 1), ("a", 2)]


@pytest.mark.parametrize("data", [b"[" * 100_000, b"{" + b'"a":[' * 100_000, b"nope", b"\xff"])
def test_load_json_raises_value_error_for_bad_or_deep_json(data: bytes) -> None:
    with pytest.raises(ValueError):
        load_json(data)


def test_deep_json_says_why() -> None:
    with pytest.raises(ValueError, match="nested too deeply"):
        load_json("[" * 100_000 + "]" * 100_000)
