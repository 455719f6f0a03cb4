r"""Reading and writing ``.json`` and ``.jsonl`` files, atomically.

Two formats, chosen by the file's suffix:

``.json``
    One JSON document: the :func:`~aigovernance.to_json` text of the value, indented,
    ending in a newline.

``.jsonl``
    A :class:`~aigovernance.Dataset` as `JSON Lines <https://jsonlines.org/>`_, one
    compact JSON object per line, each line ending in ``\n``, UTF-8:

    * line 1, the *header*: the dataset document without its ``sources`` and
      ``records`` (``schema_version``, ``id``, ``title``, ``version``, ``description``);
    * then one line per source, in order, each with ``"type": "source"``;
    * then one line per record, in order, each with its ``"type"``.

    A reader can stream the lines one at a time (:func:`iter_jsonl`) and never hold the
    whole dataset. Blank lines are not allowed, except that the last line may lack its
    ``\n``.

    Errors in a JSON Lines file name the line (from 1, the header being line 1) before
    the JSON path within that line's object: ``line 7: $.date``.

Writes are atomic: the text goes to a temporary file in the target's folder, which is
flushed and synced to disk and then renamed over the target. An interrupted write leaves
the old file (if any) as it was; a failed one removes its temporary file. A process
killed outright (``kill -9``, a power cut) cannot remove it, so it stays, hidden
(``.NAME.PID.TOKEN.tmp``), until the next write to the same target removes it. Only
temporaries of this naming for that target are removed, and only stale ones: their
writer's process is gone (or, where that cannot be told, they are older than
:data:`STALE_AFTER` seconds) and, where the system has file locks, no process holds
the lock every writer keeps on its temporary, so a concurrent write is never disturbed.
Folders of tables (:func:`atomic_folder`) are written and cleaned the same way.

A target that is a symbolic link is not replaced: the file (or folder) it points to
is, and the link stays. Replacing a file gives the target a new inode: other hard links
to the old file keep the old content, and the new file belongs to the user who wrote it
(its permission bits are copied from the file it replaces; its owner, group, access
lists and extended attributes are not).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import shutil
import stat
import sys
import time
import warnings
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any, Final, TypeVar, cast

import attrs

from aigovernance._problems import json_path
from aigovernance.model import Dataset, Record, Source
from aigovernance.serialization._errors import Problem, ValidationError
from aigovernance.serialization._json import (
    _collector_paused,
    from_dict,
    from_json,
    loads,
    no_utf8,
    read_typed,
    to_dict,
    to_json_bytes,
)
from aigovernance.serialization._migrate import NewerSchemaWarning, migrate

__all__ = ["STALE_AFTER", "SUFFIXES", "atomic_folder", "atomic_path", "iter_jsonl", "read", "write"]

T = TypeVar("T")
StrPath = str | os.PathLike[str]

SUFFIXES: Final = (".json", ".jsonl")
"""The file suffixes :func:`read` and :func:`write` know."""

_BODY: Final = ("sources", "records")

STALE_AFTER: Final = 3600.0
"""Seconds after which a temporary file or folder left by a write counts as stale when
its writer cannot be asked: it names no process (written by version 0.2), or the
process it names may be another one that reused the number."""


def _suffix(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        known = " or ".join(repr(s) for s in SUFFIXES)
        raise ValueError(f"cannot tell the format of {str(path)!r}: its suffix must be {known}")
    return suffix


def write(value: Any, path: StrPath, *, indent: int | None = 2, format: str | None = None) -> None:
    r"""Write a model value to a file or folder, atomically, in the format asked for.

    The format is ``format`` if given, else the suffix's: ``.json`` holds any model
    value as one document, indented by ``indent`` spaces (``None`` for one compact
    line); ``.jsonl`` holds a :class:`~aigovernance.Dataset` as JSON Lines (see
    :mod:`aigovernance.serialization._files` for the layout; ``indent`` does not apply).
    A dataset is also written as tables, ``format="csv"`` or ``format="parquet"``
    (extra ``arrow``): a folder with one file per table, as the reference page on tables
    describes; an existing folder is replaced only by a complete new one, and only if it
    holds tables already. ``format="xlsx"`` (extra ``xlsx``; also told by an ``.xlsx``
    suffix) writes a workbook, one sheet per table. The same value always gives the
    same bytes.

    Every write goes to a hidden temporary file (or folder) beside the target, renamed
    over it once complete. A write killed outright (``kill -9``) leaves its temporary
    behind; the next write to the same target removes it, and any other stale one of
    that target, but never the temporary of a write still at work. A target that is a
    symbolic link is not replaced: the file or folder it points to is. A replaced file
    is a new file: other hard links to the old one keep the old content, and it
    belongs to the user who wrote it, with the old file's permission bits.

    >>> import tempfile, pathlib, aigovernance as ag
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> ds = ag.Dataset(id="example", title="Example", version="1")
    >>> ag.write(ds, folder / "example.jsonl")
    >>> (folder / "example.jsonl").read_text()
    '{"schema_version":"1.2","id":"example","title":"Example","version":"1"}\n'
    >>> ag.write(ds, folder / "tables", format="csv")
    >>> (folder / "tables" / "dataset.csv").read_text().splitlines()[1]
    '"1.2","example","Example","1",'

    Raises:
        ValueError: no format is given and the suffix is neither ``.json`` nor
            ``.jsonl``, or the format is unknown (or not supported yet).
        TypeError: a ``.jsonl`` file or tables are asked for a value that is not a
            dataset.
        ValidationError: a text holds a lone surrogate, which UTF-8 cannot carry; each
            such text is named by its JSON path. Nothing is written.
        FileExistsError: tables are asked for at a file, or at a folder of other files.
        ImportError: the format needs an optional extra that is not installed.
        OSError: the file cannot be written; an existing file is then left unchanged.
    """
    target = Path(path)
    kind = _format(target, format)
    if kind not in SUFFIXES:
        if not isinstance(value, Dataset):
            raise TypeError(f"tables hold a Dataset, not a {type(value).__name__}")
        from aigovernance.serialization.tables import table_format

        table_format(kind).load().write(value, target)
    elif kind == ".jsonl":
        if not isinstance(value, Dataset):
            raise TypeError(
                f"a .jsonl file holds a Dataset, not a {type(value).__name__}; use .json"
            )
        write_text_atomic(target, _jsonl_lines(value))
    else:
        write_text_atomic(target, (to_json_bytes(value, indent=indent), b"\n"))


def _format(path: Path, format: str | None) -> str:
    """The suffix of a JSON format, or the name of a table format, for ``path``."""
    if format is not None:
        return f".{format}" if f".{format}" in SUFFIXES else format
    if path.suffix.lower() in SUFFIXES:
        return path.suffix.lower()
    from aigovernance.serialization.tables import detect

    found = detect(path)
    if found is not None:
        return found.name
    return _suffix(path)


def _jsonl_lines(dataset: Dataset) -> Iterator[bytes]:
    header = {k: v for k, v in to_dict(dataset).items() if k not in _BODY}
    text = json.dumps(header, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    try:
        line = text.encode()
    except UnicodeEncodeError:
        raise no_utf8(header) from None
    yield line
    yield b"\n"
    for field in _BODY:
        for index, item in enumerate(getattr(dataset, field)):
            try:
                line = to_json_bytes(item)
            except ValidationError as error:
                # Name the text by its path in the dataset, not in its line.
                root = json_path((field, index))
                raise ValidationError(
                    [Problem(root + p.path[1:], p.message) for p in error.problems],
                    more=error.more,
                ) from None
            yield line
            yield b"\n"


@contextlib.contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """A temporary path beside ``target`` that replaces it once the block succeeds.

    The temporary file exists, empty, when the block starts; whatever the block writes
    to it is synced to disk, given the permissions of the file it replaces, and renamed
    over ``target``; if the block fails, the temporary file is removed and ``target`` is
    untouched. A ``target`` that is a symbolic link is followed: the file it points to
    is replaced, and the link kept. Stale temporaries of earlier writes to ``target``
    that were killed are removed first (see the module's documentation). Writers that
    want a path rather than a stream (Parquet, say) use this; :func:`write` does too.
    """
    target = _followed(target)
    folder = target.parent
    _remove_stale(target)
    temporary = _temporary_name(target, "tmp")
    lock = _create_locked(temporary, folder=False)
    try:
        try:
            yield temporary
            descriptor = os.open(temporary, os.O_RDONLY)
            try:
                os.fsync(descriptor)
            finally:
                os.close(descriptor)
            with contextlib.suppress(FileNotFoundError):
                # Keep the permissions of the file being replaced.
                temporary.chmod(stat.S_IMODE(target.stat().st_mode))
            temporary.replace(target)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                temporary.unlink()
            raise
    finally:
        os.close(lock)
    _sync_folder(folder)


@contextlib.contextmanager
def atomic_folder(target: Path, marker: str) -> Iterator[Path]:
    """A temporary folder beside ``target`` that takes its place once the block succeeds.

    Whatever the block writes into the temporary folder is synced to disk; then the
    folder is renamed to ``target``. An existing ``target`` is replaced only if it is
    empty or holds ``marker`` (a file that says this library wrote it), and only once
    the new folder is complete: it is moved aside, the new one moved in, and the old one
    deleted. If the block fails, the temporary folder is removed and ``target`` is
    untouched. A ``target`` that is a symbolic link is followed: the folder it points
    to is replaced, and the link kept. Stale temporary and moved-aside folders of
    earlier writes to ``target`` that were killed are removed first, as for files (see
    the module's documentation); a write killed between its two renames leaves no
    ``target`` until the next one.

    Raises:
        FileExistsError: ``target`` is a file, or a folder this library did not write.
    """
    target = _followed(target)
    if target.exists() and not target.is_dir():
        raise FileExistsError(f"{target} is a file; a folder of tables was asked for")
    if target.is_dir() and any(target.iterdir()) and not (target / marker).is_file():
        raise FileExistsError(
            f"{target} holds files but no {marker}; it is replaced only if written as tables"
        )
    _remove_stale(target)
    temporary = _temporary_name(target, "tmp")
    lock = _create_locked(temporary, folder=True)
    try:
        try:
            yield temporary
            for file in temporary.iterdir():
                descriptor = os.open(file, os.O_RDONLY)
                try:
                    os.fsync(descriptor)
                finally:
                    os.close(descriptor)
            _sync_folder(temporary)
            if target.exists():
                _swap_in(temporary, target)
            else:
                temporary.rename(target)
        except BaseException:
            shutil.rmtree(temporary, ignore_errors=True)
            raise
    finally:
        os.close(lock)
    _sync_folder(target.parent)


def _swap_in(temporary: Path, target: Path) -> None:
    """Move ``target`` aside, ``temporary`` in its place, then delete the old folder.

    The old folder is locked while it is aside, so that no other writer takes it for
    the leftover of a killed write.
    """
    old = temporary.with_name(temporary.name[: -len(".tmp")] + ".old")
    lock = _open_locked(target)
    try:
        target.rename(old)
        try:
            temporary.rename(target)
        except BaseException:
            old.rename(target)
            raise
        shutil.rmtree(old, ignore_errors=True)
    finally:
        if lock is not None:
            os.close(lock)


def _followed(target: Path) -> Path:
    """``target``, or the path a symbolic link there points to (through every link)."""
    if target.is_symlink():
        return Path(os.path.realpath(target))
    return target


def _temporary_name(target: Path, kind: str) -> Path:
    return target.parent / f".{target.name}.{os.getpid()}.{secrets.token_hex(8)}.{kind}"


def _leftover_pattern(target: Path) -> re.Pattern[str]:
    """The names this module gives the temporaries of writes to ``target``.

    ``.NAME.PID.TOKEN.tmp`` (and ``.old`` for a folder moved aside); ``.NAME.TOKEN.tmp``
    without the process, as version 0.2 named them.
    """
    return re.compile(rf"\.{re.escape(target.name)}\.(?:([0-9]+)\.)?[0-9a-f]{{16}}\.(?:tmp|old)")


if sys.platform == "win32":  # pragma: no cover - no advisory locks there

    def _lock(descriptor: int) -> bool:
        """Where the system has no advisory locks, a lock is always taken."""
        return True

else:
    import fcntl

    def _lock(descriptor: int) -> bool:
        """Take the lock on an open file or folder without waiting; whether it was taken."""
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return False
        return True


def _create_locked(path: Path, *, folder: bool) -> int:
    """Create the file (or folder) ``path``, which must not exist, and lock it.

    Returns the descriptor that holds the lock; closing it, or the process ending
    however it ends, lets the lock go.
    """
    if folder:
        path.mkdir()
        descriptor = os.open(path, os.O_RDONLY)
    else:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    _lock(descriptor)  # nobody else knows the fresh name yet
    return descriptor


def _open_locked(path: Path) -> int | None:
    """A descriptor holding the lock on the folder ``path``, if the system allows."""
    try:
        descriptor = os.open(path, os.O_RDONLY)
    except OSError:
        return None
    _lock(descriptor)
    return descriptor


def _writer_gone(pid: int) -> bool | None:
    """Whether no process has this number; None where that cannot be told."""
    if sys.platform == "win32" or pid <= 0:  # pragma: no cover - os.kill(pid, 0) kills there
        return None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:  # it exists, but is another user's
        return False
    return False


def _remove_stale(target: Path) -> None:
    """Remove what writes to ``target`` killed outright left: stale temporaries only.

    A leftover is stale when no process holds its lock and either the process its name
    gives is gone or it is older than :data:`STALE_AFTER`. A live writer holds its lock
    from the moment it creates its temporary to the rename, and its process exists all
    that time, so it is never taken for a leftover.
    """
    pattern = _leftover_pattern(target)
    try:
        entries = list(os.scandir(target.parent))
    except OSError:
        return
    now = time.time()
    for entry in entries:
        found = pattern.fullmatch(entry.name)
        if found is None:
            continue
        try:
            info = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        is_folder = stat.S_ISDIR(info.st_mode)
        if not (is_folder or stat.S_ISREG(info.st_mode)):
            continue  # a link or a device by that name is not ours
        old = now - info.st_mtime > STALE_AFTER
        gone = None if found.group(1) is None else _writer_gone(int(found.group(1)))
        if not (gone or old):
            continue
        try:
            descriptor = os.open(entry.path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        except OSError:
            continue
        try:
            if not _lock(descriptor):
                continue  # a writer is at work on it
            if is_folder:
                shutil.rmtree(entry.path, ignore_errors=True)
            else:
                with contextlib.suppress(OSError):
                    Path(entry.path).unlink()
        finally:
            os.close(descriptor)


def write_text_atomic(target: Path, chunks: Iterable[str | bytes]) -> None:
    """Write UTF-8 text to ``target`` atomically (see :func:`atomic_path`).

    Each chunk is text, or text already encoded in UTF-8.
    """
    with atomic_path(target) as temporary, temporary.open("wb") as file:
        _write_chunks(file, chunks)


def _write_chunks(file: IO[bytes], chunks: Iterable[str | bytes]) -> None:
    buffer: list[bytes] = []
    size = 0
    for chunk in chunks:
        data = chunk.encode("utf-8") if isinstance(chunk, str) else chunk
        buffer.append(data)
        size += len(data)
        if size >= 1 << 20:
            file.write(b"".join(buffer))
            buffer.clear()
            size = 0
    file.write(b"".join(buffer))


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable, where the system allows syncing a folder."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def read(path: StrPath, cls: type[T], *, format: str | None = None) -> T:
    """Read a ``cls`` from a file or folder written by :func:`write`.

    The format is ``format`` if given, else the suffix's (``.json``, ``.jsonl``), else
    ``.xlsx`` for a workbook, else what a folder holds: ``datapackage.json`` says CSV
    tables, ``.parquet`` files say Parquet. A ``.jsonl`` file or tables are read as a
    :class:`~aigovernance.Dataset` (``cls`` must be ``Dataset``); every problem is
    reported at once, each path naming its line (``line 7: $.date``), its file, row and
    column (``events.csv line 3, column kind: $.records[0].kind``) or its sheet and cell
    (``sheet events, cell C4: $.records[0].kind``).

    Raises:
        ValueError: the format cannot be told, or is unknown (or not supported yet).
        TypeError: a ``.jsonl`` file or tables are read as something other than a
            dataset.
        ValidationError: the file does not hold a valid ``cls``.
        ImportError: the format needs an optional extra that is not installed.
        OSError: the file cannot be read.
    """
    kind = _format(Path(path), format)
    if kind not in SUFFIXES:
        if cls is not Dataset:
            raise TypeError(f"tables hold a Dataset, not a {getattr(cls, '__name__', cls)}")
        from aigovernance.serialization.tables import table_format

        return cast("T", table_format(kind).load().read(Path(path)))
    source = Path(path)
    if kind == ".json":
        return from_json(source.read_bytes(), cls)
    if cls is not Dataset:
        raise TypeError(f"a .jsonl file holds a Dataset, not a {getattr(cls, '__name__', cls)}")
    with _collector_paused(True, made_to_last=True):
        return cast("T", _read_jsonl(source))


def read_stream(file: IO[bytes], cls: type[T], *, format: str) -> T:
    """Read a ``cls`` from an open binary stream (standard input, say) of a JSON format.

    ``format`` is ``"json"`` or ``"jsonl"``; the stream is read as :func:`read` reads
    a file of that suffix, with the same problems.
    """
    if format == "json":
        return from_json(file.read(), cls)
    if cls is not Dataset:
        raise TypeError(f"a .jsonl file holds a Dataset, not a {getattr(cls, '__name__', cls)}")
    with _collector_paused(True, made_to_last=True):
        return cast("T", _read_jsonl(file))


def write_stream(value: Any, file: IO[bytes], *, format: str, indent: int | None = 2) -> None:
    """Write a model value to an open binary stream as :func:`write` writes a file.

    ``format`` is ``"json"`` or ``"jsonl"`` (a dataset); nothing is atomic about a
    stream, so a value that cannot be written may leave part of its text written.
    """
    if format == "jsonl":
        if not isinstance(value, Dataset):
            raise TypeError(f"JSON Lines hold a Dataset, not a {type(value).__name__}")
        _write_chunks(file, _jsonl_lines(value))
    else:
        _write_chunks(file, (to_json_bytes(value, indent=indent), b"\n"))


def _read_jsonl(source: Path | IO[bytes]) -> Dataset:
    problems: list[Problem] = []
    header: Dataset | None = None
    sources: list[Source] = []
    records: list[Record] = []
    with source.open("rb") if isinstance(source, Path) else contextlib.nullcontext(source) as file:
        lines = enumerate(file, start=1)
        try:
            header, migrating = _read_header(lines)
        except ValidationError as error:
            problems.extend(error.problems)
            migrating = None
        for number, line in lines:
            try:
                item = _read_line(number, line, migrating)
            except ValidationError as error:
                problems.extend(error.problems)
                continue
            if isinstance(item, Source):
                if records:
                    problems.append(Problem(f"line {number}: $", "sources come before all records"))
                sources.append(item)
            else:
                records.append(item)
    if problems or header is None:
        raise ValidationError(problems)
    return attrs.evolve(header, sources=tuple(sources), records=tuple(records))


def iter_jsonl(path: StrPath) -> Iterator[Record]:
    """Stream the sources and records of a JSON Lines dataset, one line at a time.

    Memory stays constant however long the file: one line is read, checked and yielded
    before the next is read. The header (line 1) is checked first (its schema version
    too: a newer major version is refused, a newer minor one warned about, an older one
    migrated line by line). Sources come as :class:`~aigovernance.Source` objects, which
    are records too. The dataset as a whole (ids resolve, quotes match) is not checked:
    that needs all of it; see :func:`aigovernance.validate`.

    >>> import tempfile, pathlib, aigovernance as ag
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "states.jsonl"
    >>> ag.write(ag.Dataset(id="states", title="States", version="1",
    ...     records=(ag.State(id="state:CHN", name="China", code="CHN"),)), path)
    >>> [record.id for record in ag.iter_jsonl(path)]
    ['state:CHN']

    Raises:
        ValueError: the path does not end in ``.jsonl``.
        ValidationError: when a line is reached that is not valid, its problems each
            naming the line (``line 7: $.date``); the lines before it have been yielded.
        OSError: the file cannot be read.
    """
    source = Path(path)
    if _suffix(source) != ".jsonl":
        raise ValueError(f"{str(source)!r} is not a JSON Lines file (.jsonl)")
    return _iter_jsonl(source)


def jsonl_header(path: StrPath) -> Dataset:
    """The header of a JSON Lines dataset (line 1), without its sources and records.

    With :func:`iter_jsonl` it lets a dataset be converted as a stream.

    Raises:
        ValidationError: the header is not valid.
        OSError: the file cannot be read.
    """
    with Path(path).open("rb") as file:
        header, _ = _read_header(enumerate(file, start=1))
    return header


def _iter_jsonl(source: Path) -> Iterator[Record]:
    with source.open("rb") as file:
        lines = enumerate(file, start=1)
        _, migrating = _read_header(lines)
        for number, line in lines:
            yield _read_line(number, line, migrating)


def _at_line(number: int, error: ValidationError) -> ValidationError:
    return ValidationError(
        [Problem(f"line {number}: {p.path}", p.message) for p in error.problems], more=error.more
    )


def _parse_line(number: int, line: bytes) -> Any:
    if not line.strip():
        raise ValidationError([Problem(f"line {number}: $", "a blank line; expected an object")])
    try:
        return loads(line)
    except ValidationError as error:
        raise _at_line(number, error) from None


def _read_header(lines: Iterator[tuple[int, bytes]]) -> tuple[Dataset, dict[str, Any] | None]:
    """The header's metadata, and the header to migrate each line with (None if current)."""
    first = next(lines, None)
    if first is None:
        raise ValidationError([Problem("line 1: $", "the file is empty; expected a header")])
    number, line = first
    document = _parse_line(number, line)
    if type(document) is dict:
        misplaced = [key for key in _BODY if key in document]
        if misplaced:
            raise ValidationError(
                [
                    Problem(f"line 1: $.{key}", "belongs on lines of its own after the header")
                    for key in misplaced
                ]
            )
    try:
        header = from_dict(document, Dataset)
    except ValidationError as error:
        raise _at_line(number, error) from None
    migrating = None if header.schema_version == document["schema_version"] else document
    return header, migrating


def _read_line(number: int, line: bytes, migrating: dict[str, Any] | None) -> Record:
    if migrating is None:
        record = read_typed(line, Record)  # None: not in the form to_json writes
        if record is not None:
            return record
    document = _parse_line(number, line)
    if migrating is not None and type(document) is dict:
        document = _migrate_line(migrating, document)
    cls = Source if type(document) is dict and document.get("type") == "source" else Record
    try:
        return from_dict(document, cls)
    except ValidationError as error:
        raise _at_line(number, error) from None


def _migrate_line(header: dict[str, Any], item: dict[str, Any]) -> Any:
    """One line of an older file, brought to the current version with the dataset's steps.

    The line is migrated as a dataset holding just that source or record, so the steps
    written for whole documents serve streaming too.
    """
    body = "sources" if item.get("type") == "source" else "records"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", NewerSchemaWarning)
        migrated = migrate({**header, body: [item]})
    items = migrated.get(body)
    if type(items) is not list or len(items) != 1:
        return item
    return items[0]
