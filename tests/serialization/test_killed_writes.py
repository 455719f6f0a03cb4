"""Writes killed outright, symbolic links and hard links: what atomic writes leave behind.

A writer killed with ``SIGKILL`` cannot remove its temporary file; the next write to
the same target removes it, but never the temporary of a writer still at work, nor a
file of another name. The killed writers here are real processes, killed by the signal.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

import aigovernance as ag
from aigovernance.serialization import _files

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="kill -9 and links are POSIX")

OLD = ag.Dataset(id="old", title="Old", version="1")
NEW = ag.Dataset(id="new", title="New", version="2")

PRELUDE = textwrap.dedent(
    """
    import os, signal, sys
    from pathlib import Path
    import aigovernance as ag
    from aigovernance.serialization import _files

    def die():
        os.kill(os.getpid(), signal.SIGKILL)
    """
)

# Killed halfway through writing the text of a file.
KILL_WHILE_WRITING = PRELUDE + textwrap.dedent(
    """
    def half_then_die(file, chunks):
        text = b"".join(c.encode() if isinstance(c, str) else c for c in chunks)
        file.write(text[: len(text) // 2])
        file.flush()
        die()

    _files._write_chunks = half_then_die
    ag.write(ag.datasets.load(), sys.argv[1], format=sys.argv[2])
    """
)

# Killed once every table is written, before the folder is moved into place.
KILL_BEFORE_THE_RENAME = PRELUDE + textwrap.dedent(
    """
    sync = _files._sync_folder

    def sync_then_die(folder):
        sync(folder)
        if folder.name.endswith(".tmp"):
            die()

    _files._sync_folder = sync_then_die
    ag.write(ag.datasets.load(), sys.argv[1], format=sys.argv[2])
    """
)

# Killed between moving the old folder aside and moving the new one in.
KILL_BETWEEN_THE_RENAMES = PRELUDE + textwrap.dedent(
    """
    rename = Path.rename

    def rename_then_die(self, target):
        moved = rename(self, target)
        if str(target).endswith(".old"):
            die()
        return moved

    Path.rename = rename_then_die
    ag.write(ag.datasets.load(), sys.argv[1], format=sys.argv[2])
    """
)


def killed(program: str, *args: str | Path) -> None:
    """Run ``program`` in a new interpreter and check that SIGKILL ended it."""
    done = subprocess.run(
        [sys.executable, "-c", program, *map(str, args)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == -signal.SIGKILL, done.stderr


def names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def leftovers(folder: Path) -> list[str]:
    return [name for name in names(folder) if name.startswith(".")]


@pytest.mark.parametrize(("name", "format"), [("data.json", "json"), ("data.jsonl", "jsonl")])
def test_the_next_write_removes_what_a_killed_write_left(
    tmp_path: Path, name: str, format: str
) -> None:
    path = tmp_path / name
    ag.write(OLD, path)
    before = path.read_bytes()
    for _ in range(3):
        killed(KILL_WHILE_WRITING, path, format)
    assert path.read_bytes() == before
    # Each killed write removed the one before's leftover; the last one's stays.
    left = leftovers(tmp_path)
    assert len(left) == 1, left
    assert all(re.fullmatch(rf"\.{re.escape(name)}\.\d+\.[0-9a-f]{{16}}\.tmp", n) for n in left)

    ag.write(NEW, path)
    assert names(tmp_path) == [name]
    assert ag.read(path, ag.Dataset) == NEW


def test_a_killed_first_write_leaves_no_file_and_is_cleaned(tmp_path: Path) -> None:
    path = tmp_path / "first.json"
    killed(KILL_WHILE_WRITING, path, "json")
    assert not path.exists()
    assert len(leftovers(tmp_path)) == 1
    ag.write(NEW, path)
    assert names(tmp_path) == ["first.json"]


def test_a_killed_workbook_write_is_cleaned(tmp_path: Path) -> None:
    pytest.importorskip("openpyxl")
    path = tmp_path / "seed.xlsx"
    program = PRELUDE + textwrap.dedent(
        """
        import zipfile
        close = zipfile.ZipFile.close

        def die_instead(self):
            self.fp.flush()
            die()

        zipfile.ZipFile.close = die_instead
        ag.write(ag.datasets.load(), sys.argv[1])
        """
    )
    killed(program, path)
    assert len(leftovers(tmp_path)) == 1
    ag.write(OLD, path)
    assert names(tmp_path) == ["seed.xlsx"]
    assert ag.read(path, ag.Dataset) == OLD


@pytest.mark.parametrize("program", [KILL_BEFORE_THE_RENAME, KILL_BETWEEN_THE_RENAMES])
def test_the_next_folder_write_removes_what_a_killed_one_left(tmp_path: Path, program: str) -> None:
    folder = tmp_path / "tables"
    ag.write(OLD, folder, format="csv")
    killed(program, folder, "csv")
    assert leftovers(tmp_path), "the killed write left nothing to clean"
    if program is KILL_BETWEEN_THE_RENAMES:
        # Killed between its two renames, a folder write leaves no target at all.
        assert not folder.exists()
        assert sorted(n.rsplit(".", 1)[1] for n in leftovers(tmp_path)) == ["old", "tmp"]
    ag.write(NEW, folder, format="csv")
    assert names(tmp_path) == ["tables"]
    assert ag.read(folder, ag.Dataset) == NEW


def test_a_folder_killed_at_random_moments_is_whole_and_cleaned(tmp_path: Path) -> None:
    """The parent kills writers of the seed's tables at moments it does not choose."""
    folder = tmp_path / "tables"
    ag.write(OLD, folder, format="csv")
    program = (
        "import sys, aigovernance as ag\n"
        "while True: ag.write(ag.datasets.load(), sys.argv[1], format='csv')\n"
    )
    for delay in (0.6, 0.8, 1.0, 1.3):
        writer = subprocess.Popen([sys.executable, "-c", program, str(folder)])
        time.sleep(delay)
        writer.send_signal(signal.SIGKILL)
        assert writer.wait(timeout=60) == -signal.SIGKILL
        if folder.exists():
            assert ag.read(folder, ag.Dataset).id in ("old", "seed")
    ag.write(NEW, folder, format="csv")
    assert names(tmp_path) == ["tables"]


# ------------------------------------------------------------------ what is not removed

# Holds a temporary open, as a write at work does, until told to go on.
LIVE_WRITER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from aigovernance.serialization._files import atomic_folder, atomic_path

    target = Path(sys.argv[1])
    if sys.argv[2] == "file":
        with atomic_path(target) as temporary:
            temporary.write_text("from the live writer")
            print(temporary.name, flush=True)
            sys.stdin.readline()
    else:
        with atomic_folder(target, "marker") as temporary:
            (temporary / "marker").write_text("from the live writer")
            print(temporary.name, flush=True)
            sys.stdin.readline()
    """
)


@pytest.mark.parametrize("kind", ["file", "folder"])
def test_a_concurrent_writers_temporary_is_kept(tmp_path: Path, kind: str) -> None:
    target = tmp_path / ("data.json" if kind == "file" else "tables")
    with subprocess.Popen(
        [sys.executable, "-c", LIVE_WRITER, str(target), kind],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    ) as writer:
        assert writer.stdin is not None
        assert writer.stdout is not None
        try:
            temporary = tmp_path / writer.stdout.readline().strip()
            assert temporary.exists()
            # Made old: the lock the live writer holds is what keeps its temporary.
            os.utime(temporary, (0, 0))
            if kind == "file":
                ag.write(NEW, target)
            else:
                ag.write(NEW, target, format="csv")
            assert temporary.exists()
        finally:
            writer.stdin.write("go on\n")
            writer.stdin.close()
            assert writer.wait(timeout=60) == 0
    assert names(tmp_path) == [target.name]
    inside = target.read_text() if kind == "file" else (target / "marker").read_text()
    assert inside == "from the live writer"


def test_a_leftover_of_a_live_process_is_kept_until_it_is_old(tmp_path: Path) -> None:
    # The process named is alive (this one) but holds no lock: as in the moment between
    # a writer creating its temporary and locking it. Only age makes it stale then.
    path = tmp_path / "data.json"
    leftover = tmp_path / f".data.json.{os.getpid()}.{'0' * 16}.tmp"
    leftover.write_text("partial")
    ag.write(NEW, path)
    assert leftover.exists()
    old = time.time() - _files.STALE_AFTER - 60
    os.utime(leftover, (old, old))
    ag.write(NEW, path)
    assert names(tmp_path) == ["data.json"]


def test_a_leftover_named_without_a_process_is_removed_once_old(tmp_path: Path) -> None:
    path = tmp_path / "data.jsonl"
    leftover = tmp_path / ".data.jsonl.0123456789abcdef.tmp"
    leftover.write_text("partial")
    ag.write(NEW, path)
    assert leftover.exists()
    old = time.time() - _files.STALE_AFTER - 60
    os.utime(leftover, (old, old))
    ag.write(NEW, path)
    assert names(tmp_path) == ["data.jsonl"]


def test_only_our_own_leftovers_of_that_target_are_removed(tmp_path: Path) -> None:
    gone = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    token = "0123456789abcdef"
    kept = [
        f".other.json.{gone}.{token}.tmp",  # another target
        f".data.json.{gone}.{token}.bak",  # another suffix
        f".data.json.{gone}.{token[:8]}.tmp",  # another token
        f"data.json.{gone}.{token}.tmp",  # not hidden
        f".data.json.{gone}.{token}.tmp.keep",
        ".data.json.swp",
    ]
    for name in kept:
        (tmp_path / name).write_text("someone else's")
    outside = tmp_path / "outside.txt"
    outside.write_text("not ours")
    link = tmp_path / f".data.json.{gone}.{'f' * 16}.tmp"
    link.symlink_to(outside)
    (tmp_path / f".data.json.{gone}.{'a' * 16}.tmp").write_text("a killed write's")
    ag.write(NEW, tmp_path / "data.json")
    assert names(tmp_path) == sorted([*kept, link.name, "data.json", "outside.txt"])
    assert outside.read_text() == "not ours"


# ------------------------------------------------------------------ links


def test_writing_through_a_symlink_replaces_the_file_it_points_to(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    (tmp_path / "links").mkdir()
    real = tmp_path / "real" / "data.json"
    ag.write(OLD, real)
    link = tmp_path / "links" / "data.json"
    link.symlink_to(Path("..") / "real" / "data.json")  # relative, as links often are
    ag.write(NEW, link)
    assert link.is_symlink()
    assert link.readlink() == Path("..") / "real" / "data.json"
    assert ag.read(real, ag.Dataset) == NEW
    assert names(tmp_path / "links") == ["data.json"]
    assert names(tmp_path / "real") == ["data.json"]


def test_a_chain_of_links_and_a_dangling_link(tmp_path: Path) -> None:
    real = tmp_path / "real.jsonl"
    (tmp_path / "middle.jsonl").symlink_to(real)
    (tmp_path / "first.jsonl").symlink_to(tmp_path / "middle.jsonl")
    ag.write(NEW, tmp_path / "first.jsonl")  # dangling: the file it names is made
    assert (tmp_path / "first.jsonl").is_symlink()
    assert (tmp_path / "middle.jsonl").is_symlink()
    assert ag.read(real, ag.Dataset) == NEW
    ag.write(OLD, tmp_path / "first.jsonl")
    assert ag.read(real, ag.Dataset) == OLD
    assert names(tmp_path) == ["first.jsonl", "middle.jsonl", "real.jsonl"]


def test_writing_tables_through_a_symlinked_folder(tmp_path: Path) -> None:
    real = tmp_path / "real-tables"
    ag.write(OLD, real, format="csv")
    link = tmp_path / "tables"
    link.symlink_to(real, target_is_directory=True)
    ag.write(NEW, link, format="csv")
    assert link.is_symlink()
    assert ag.read(real, ag.Dataset) == NEW
    assert names(tmp_path) == ["real-tables", "tables"]


def test_a_replaced_file_leaves_its_other_hard_links_as_they_were(tmp_path: Path) -> None:
    # What the documentation says: a replace makes a new file; a hard link is not a
    # name of it.
    path = tmp_path / "data.json"
    ag.write(OLD, path)
    other = tmp_path / "other-name.json"
    os.link(path, other)
    ag.write(NEW, path)
    assert ag.read(path, ag.Dataset) == NEW
    assert ag.read(other, ag.Dataset) == OLD
    assert path.stat().st_ino != other.stat().st_ino
