"""The one atomic writer: whole or nothing, into the real file, keeping its mode, never a device."""

from __future__ import annotations

import errno
import os
import stat
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from core.base.errors import ModelError, TrazoError
from core.base.files import (
    TEMPORARY_SUFFIX,
    move_aside,
    open_regular_file,
    own_file_problem,
    writable_target,
    write_atomically,
)
from core.base.i18n import set_language

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="POSIX files: links, modes, pipes, devices")


def temporaries(folder: Path) -> list[str]:
    return [path.name for path in folder.iterdir() if path.name.endswith(TEMPORARY_SUFFIX)]


def test_writes_bytes_or_a_stream_and_leaves_nothing_else(tmp_path):
    assert write_atomically(tmp_path / "a.bin", b"abc") == tmp_path / "a.bin"
    write_atomically(tmp_path / "b.bin", lambda stream: stream.write(b"xyz"))
    assert (tmp_path / "a.bin").read_bytes() == b"abc" and (tmp_path / "b.bin").read_bytes() == b"xyz"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["a.bin", "b.bin"]


@posix_only
def test_a_symlink_is_followed_and_stays_a_symlink(tmp_path):
    target, link = tmp_path / "real.npz", tmp_path / "link.npz"
    target.write_bytes(b"old")
    link.symlink_to(target)
    assert write_atomically(link, b"new") == target
    assert link.is_symlink() and target.read_bytes() == b"new"


@posix_only
def test_the_replaced_files_permission_bits_are_kept(tmp_path):
    path = tmp_path / "private.npz"
    path.write_bytes(b"old")
    path.chmod(0o600)
    write_atomically(path, b"new")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


@posix_only
def test_a_new_file_gets_the_usual_mode_of_the_umask(tmp_path):
    mask = os.umask(0o022)
    try:
        write_atomically(tmp_path / "new.npz", b"x")
    finally:
        os.umask(mask)
    assert stat.S_IMODE((tmp_path / "new.npz").stat().st_mode) == 0o644


@posix_only
@pytest.mark.parametrize("device", ["/dev/null", "/dev/full"])
def test_a_device_is_refused_and_left_a_device(device):
    if not os.path.exists(device):
        pytest.skip(f"{device} does not exist here")
    with pytest.raises(ModelError, match="is a device, a pipe or a socket, not a file"):
        write_atomically(device, b"x", ModelError)
    assert stat.S_ISCHR(os.stat(device).st_mode)


@posix_only
def test_a_named_pipe_and_a_folder_are_refused(tmp_path):
    os.mkfifo(tmp_path / "pipe")
    with pytest.raises(TrazoError, match="is a device, a pipe or a socket"):
        write_atomically(tmp_path / "pipe", b"x")
    with pytest.raises(TrazoError, match="is a folder; give a file name"):
        write_atomically(tmp_path, b"x")
    with pytest.raises(TrazoError, match="the folder .*missing does not exist"):
        writable_target(tmp_path / "missing" / "model.npz")
    assert stat.S_ISFIFO((tmp_path / "pipe").stat().st_mode) and temporaries(tmp_path) == []


@pytest.mark.parametrize("failure", [KeyboardInterrupt(), OSError(errno.ENOSPC, "No space left on device")])
def test_any_failure_keeps_the_old_file_and_removes_the_temporary(tmp_path, failure):
    path = tmp_path / "model.npz"
    path.write_bytes(b"the good model")

    def write_half(stream):
        stream.write(b"half a mo")
        raise failure

    with pytest.raises((KeyboardInterrupt, ModelError)) as raised:
        write_atomically(path, write_half, ModelError)
    if isinstance(failure, OSError):
        assert "cannot write the file (the disk is full)" in str(raised.value)
    assert path.read_bytes() == b"the good model" and temporaries(tmp_path) == []


def test_temporaries_of_a_killed_writer_are_swept_on_the_next_write(tmp_path):
    finished = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead_pid, live_pid = int(finished.stdout), os.getppid()
    stale = tmp_path / f".model.npz.{dead_pid}.0a1b2c3d{TEMPORARY_SUFFIX}"
    in_use = tmp_path / f".model.npz.{live_pid}.0a1b2c3d{TEMPORARY_SUFFIX}"
    stale.write_bytes(b"x" * 1000)
    in_use.write_bytes(b"y")
    write_atomically(tmp_path / "other.npz", b"z")
    assert not stale.exists(), "a killed process's temporary is removed"
    if sys.platform != "win32":
        assert in_use.exists(), "a running process's temporary is left alone"


@posix_only
def test_opening_for_reading_refuses_pipes_without_blocking(tmp_path):
    os.mkfifo(tmp_path / "pipe")
    with pytest.raises(ModelError, match="is a named pipe \\(FIFO\\), not a model file"):
        open_regular_file(tmp_path / "pipe", ModelError, "a model file")
    with pytest.raises(ModelError, match="no such file"):
        open_regular_file(tmp_path / "missing", ModelError, "a model file")


DAY = date(2026, 12, 3)


@posix_only
@pytest.mark.parametrize("kind, make, problem", [
    ("a file", lambda path: path.write_bytes(b"\x00garbage"), ""),
    ("a folder", lambda path: (path.mkdir(), (path / "inside.txt").write_text("kept")), "is a folder, not a file"),
    ("a pipe", lambda path: os.mkfifo(path), "is a named pipe (FIFO), not a file"),
    ("a link", lambda path: path.symlink_to(path.parent / "target.txt"), "is a link to "),
    ("a link to a device", lambda path: path.symlink_to("/dev/null"), "is a link to /dev/null, not a file of its own"),
])
def test_anything_in_a_files_place_is_moved_aside_whole_and_never_followed(tmp_path, kind, make, problem):
    target = tmp_path / "target.txt"
    target.write_bytes(b"someone else's file")
    path = tmp_path / "my-digits.txt"
    make(path)
    assert (problem in own_file_problem(path)) and bool(own_file_problem(path)) == bool(problem)
    listing = sorted(os.listdir(path)) if path.is_dir() and not path.is_symlink() else None
    aside = move_aside(path, day=DAY)
    assert aside == tmp_path / "my-digits.txt.damaged-2026-12-03" and not os.path.lexists(path)
    assert target.read_bytes() == b"someone else's file", "what a link points to is never touched"
    if listing is not None:
        assert sorted(os.listdir(aside)) == listing and (aside / "inside.txt").read_text() == "kept"


def test_a_name_already_taken_gets_the_next_number(tmp_path):
    for number, content in enumerate((b"first", b"second", b"third"), start=1):
        (tmp_path / "taught-reader.npz").write_bytes(content)
        aside = move_aside(tmp_path / "taught-reader.npz", day=DAY)
        assert aside.name == "taught-reader.npz.damaged-2026-12-03" + ("" if number == 1 else f"-{number}")
    assert (tmp_path / "taught-reader.npz.damaged-2026-12-03").read_bytes() == b"first"
    assert (tmp_path / "taught-reader.npz.damaged-2026-12-03-3").read_bytes() == b"third"


@pytest.mark.parametrize("language, message", [("en", "cannot be moved aside to"), ("es", "no se puede apartar como")])
def test_a_file_that_cannot_be_moved_aside_says_why(tmp_path, monkeypatch, language, message):
    (tmp_path / "my-digits.txt").write_bytes(b"x")

    def refused(source, target):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "rename", refused)
    set_language(language)
    try:
        with pytest.raises(TrazoError, match=f"my-digits.txt: {message} my-digits.txt.damaged-2026-12-03 "
                                             f"\\(Permission denied\\)"):
            move_aside(tmp_path / "my-digits.txt", day=DAY)
    finally:
        set_language("en")
    assert (tmp_path / "my-digits.txt").read_bytes() == b"x"
