"""Dicts and JSON text in and out, with every failure a located :class:`ValidationError`.

Several paths give the same results. The fast paths handle the common case, sound
documents and well-formed objects: the package's C extension writing JSON
(:mod:`._native`), when it was built; generated code (:mod:`._fast`); and, when the
optional ``msgspec`` package is installed (the ``fast`` extra), its C parser and
encoder, and typed reading and writing of JSON bytes (:mod:`._typed`). Whenever a fast
path cannot vouch for a value it steps aside, and the converter (:mod:`._converter`)
and the standard library's :mod:`json` decide, exactly as they would alone: the
verdict, the problems and their paths always come from there.
"""

from __future__ import annotations

import gc
import itertools
import json
import os
import re
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from contextvars import ContextVar
from types import ModuleType
from typing import TYPE_CHECKING, Any, Final, TypeVar

import attrs
from attrs import frozen

from aigovernance._checking import Located, Model, _type_plan
from aigovernance._problems import MAX_PROBLEMS, PathPart, checking, json_path
from aigovernance.model import SCHEMA_VERSION, Dataset
from aigovernance.serialization._converter import converter
from aigovernance.serialization._errors import Problem, ValidationError, refusal

if TYPE_CHECKING:
    from aigovernance.serialization._fast import Codec
    from aigovernance.serialization._native import NativeJSON
    from aigovernance.serialization._typed import TypedJSON

__all__ = ["from_dict", "from_json", "loads", "to_dict", "to_json", "to_json_bytes"]

T = TypeVar("T")

_NOT_PARSED: Final = object()
_LARGE: Final = 1 << 16
"""Documents of this many bytes or more are read with the cyclic garbage collector paused."""
NO_EXTENSIONS: Final = "AIGOVERNANCE_NO_EXTENSIONS"
"""The environment variable that, set to anything but empty, leaves the C extension unused."""


@frozen
class Paths:
    """Which fast paths reading and writing may take; the converter is always there.

    A value, not a switch: the paths in use are those of the current context
    (:func:`using` sets them for a block, in that thread or task alone), so choosing
    paths in one place cannot change them anywhere else. For tests and benchmarks that
    compare the paths.

    Attributes:
        native: the package's C extension (the C writer, and the C builders of typed
            reading), where it was built and not turned off by :data:`NO_EXTENSIONS`.
        msgspec: msgspec, where it is installed: typed reading and writing, its parser
            and encoder.
        generated: the generated structuring and unstructuring code of :mod:`._fast`.
    """

    native: bool = True
    msgspec: bool = True
    generated: bool = True


ALL_PATHS: Final = Paths()
"""Every fast path that is available: what reading and writing use unless told otherwise."""
CONVERTER_ONLY: Final = Paths(native=False, msgspec=False, generated=False)
"""No fast path: the converter and the json module alone."""


class _Engines:
    """What one :class:`Paths` reads and writes with, each made on first use."""

    def __init__(self, paths: Paths) -> None:
        self.paths = paths
        self.codec: Codec | None = None  # the generated code, when ``paths.generated``
        self.native: NativeJSON | None = None
        self.typed: TypedJSON | None = None
        self.untyped: tuple[Any, Any] | None = None  # msgspec's encoder and decoder
        self.msgspec: ModuleType | None = None
        self.text: Callable[[bytes], str] | None = None  # made by get_text
        self._native_tried = self._typed_tried = self._msgspec_tried = False

    def get_msgspec(self) -> ModuleType | None:
        if not self._msgspec_tried:
            with _BUILDING:
                if self.paths.msgspec:
                    self.msgspec = _import_msgspec()
                    if self.msgspec is not None:
                        self.untyped = (self.msgspec.json.Encoder(), self.msgspec.json.Decoder())
                self._msgspec_tried = True
        return self.msgspec

    def get_native(self) -> NativeJSON | None:
        if not self._native_tried:
            with _BUILDING:
                if not self._native_tried:
                    speedups = _speedups() if self.paths.native else None
                    if speedups is not None:
                        from aigovernance.serialization._native import NativeJSON

                        self.native = NativeJSON(speedups)
                    self._native_tried = True
        return self.native

    def get_text(self) -> Callable[[bytes], str]:
        """What makes text of UTF-8 bytes: the C extension's ``text``, else ``bytes.decode``."""
        if self.text is None:
            speedups = _speedups() if self.paths.native else None
            self.text = bytes.decode if speedups is None else speedups.text
        return self.text

    def get_typed(self) -> TypedJSON | None:
        if not self._typed_tried:
            msgspec = self.get_msgspec()
            with _BUILDING:
                if not self._typed_tried:
                    if msgspec is not None:
                        from aigovernance.serialization._typed import TypedJSON

                        speedups = _speedups() if self.paths.native else None
                        self.typed = TypedJSON(msgspec, _shared_codec(), speedups)
                    self._typed_tried = True
        return self.typed

    def get_codec(self) -> Codec | None:
        if self.codec is None and self.paths.generated:
            self.codec = _shared_codec()
        return self.codec


_BUILDING: Final = threading.RLock()
"""Held while an engine is made, so that threads starting at once make it only once."""
_ENGINES: dict[Paths, _Engines] = {}
_codec_instance: Codec | None = None
_msgspec_module: ModuleType | bool | None = False  # False: not looked for yet


def _engines_for(paths: Paths) -> _Engines:
    engines = _ENGINES.get(paths)
    if engines is None:
        with _BUILDING:
            engines = _ENGINES.setdefault(paths, _Engines(paths))
    return engines


_DEFAULT: Final = _engines_for(ALL_PATHS)
_CURRENT: Final[ContextVar[_Engines | None]] = ContextVar("aigovernance_paths", default=None)


def _current() -> _Engines:
    engines = _CURRENT.get()
    return _DEFAULT if engines is None else engines


def current_paths() -> Paths:
    """The paths reading and writing take here and now."""
    return _current().paths


@contextmanager
def using(paths: Paths) -> Iterator[None]:
    """Read and write with ``paths`` within the block, in this thread or task alone."""
    token = _CURRENT.set(_engines_for(paths))
    try:
        yield
    finally:
        _CURRENT.reset(token)


def without_msgspec() -> AbstractContextManager[None]:
    """The current paths without msgspec: generated code and the json module, and the C writer.

    For tests and benchmarks that compare the paths.
    """
    return using(attrs.evolve(current_paths(), msgspec=False))


def without_speedups() -> AbstractContextManager[None]:
    """The current paths without the C extension: no C writer, no C builders.

    For tests and benchmarks that compare the paths.
    """
    return using(attrs.evolve(current_paths(), native=False))


def _import_msgspec() -> ModuleType | None:
    """The ``msgspec`` module if it is installed (optional extra ``fast``), else None."""
    global _msgspec_module
    if _msgspec_module is False:
        try:
            import msgspec
            import msgspec.json
        except ImportError:
            _msgspec_module = None
        else:
            _msgspec_module = msgspec
    assert _msgspec_module is not True
    return _msgspec_module


def _msgspec() -> ModuleType | None:
    """msgspec, if it is installed and the current paths use it."""
    return _current().get_msgspec()


def _speedups() -> ModuleType | None:
    """The package's C extension, or None where it was not built or is turned off."""
    if os.environ.get(NO_EXTENSIONS):
        return None
    try:
        from aigovernance.serialization import _speedups
    except ImportError:
        return None
    return _speedups


def _native() -> NativeJSON | None:
    """The C writer of the current paths, made on first use; None without it."""
    return _current().get_native()


def _typed() -> TypedJSON | None:
    """Typed reading and writing of the current paths, made on first use; None without it."""
    return _current().get_typed()


def _shared_codec() -> Codec:
    """The generated functions, built once for every set of paths (they are the same)."""
    global _codec_instance
    if _codec_instance is None:
        with _BUILDING:
            if _codec_instance is None:
                from aigovernance.serialization._fast import Codec

                _codec_instance = Codec()
    return _codec_instance


def _codec() -> Codec:
    """The fast path's generated functions, built on first use."""
    return _shared_codec()


@contextmanager
def _collector_paused(pause: bool, *, made_to_last: bool = False) -> Iterator[None]:
    """Pause the cyclic garbage collector while a large document is read or written.

    Reading a dataset allocates hundreds of thousands of objects, none of them in a
    cycle, and each few hundred allocations would otherwise start a collection that
    walks them all again and frees nothing. Reference counting still frees everything
    as usual; collection resumes at the end (only if it was running at the start).

    ``made_to_last`` says that what the block makes is kept (a dataset just read). It is
    then moved straight to the collector's oldest generation, as
    :func:`gc.freeze` followed by :func:`gc.unfreeze` does, instead of being walked by
    the next young collection and the one after to find out that it lives on: about a
    fifth of the time of reading a large dataset. Whatever else was young moves with it,
    and is collected by the next full collection instead. A program that has frozen
    objects of its own keeps them frozen: unfreezing would release them, so what the
    block made is frozen beside them instead, and released with them by the program's
    own :func:`gc.unfreeze` (reference counting frees it as usual meanwhile). Left young,
    it would all be walked by the first collection after the block, which doubled the
    time of a read in such a program.
    """
    if not pause or not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
        if made_to_last:
            frozen_by_the_program = gc.get_freeze_count() > 0
            gc.freeze()
            if not frozen_by_the_program:
                gc.unfreeze()
    finally:
        gc.enable()


def _fast_structure(cls: Any, data: Any) -> Any:
    codec = _current().get_codec()
    if codec is None:
        return None
    fn = codec.structure.get(cls)
    if fn is not None and cls is Dataset:
        from aigovernance.serialization._migrate import MIGRATIONS

        # Only a document of the current version, which migration leaves as it is (no
        # step, no warning), skips the migration that the converter runs.
        if not (
            type(data) is dict
            and data.get("schema_version") == SCHEMA_VERSION
            and SCHEMA_VERSION not in MIGRATIONS
        ):
            return None
    return fn


def _fast_unstructure(value: Any) -> Any:
    """The JSON-ready form by the fast path, or ``_NOT_PARSED`` when it steps aside."""
    codec = _current().get_codec()
    fn = None if codec is None else codec.unstructure.get(type(value))
    if fn is not None:
        try:
            return fn(value)
        except Exception:
            pass
    return _NOT_PARSED


def to_dict(value: Any) -> Any:
    """The JSON-ready form of a model value: dicts, lists, strings, integers, booleans.

    Fields equal to their defaults are left out; records carry their ``"type"`` tag.

    >>> import aigovernance as ag
    >>> ag.to_dict(ag.State(id="state:ZMB", name="Zambia", code="ZMB"))
    {'type': 'state', 'id': 'state:ZMB', 'name': 'Zambia', 'code': 'ZMB'}
    """
    data = _fast_unstructure(value)
    if data is _NOT_PARSED:
        return _converter_form(value)
    return data


def _converter_form(value: Any) -> Any:
    """The converter's JSON-ready form of ``value``, once it holds values of its types.

    The fast writers refuse a value that is not of its field's type (one set behind the
    model's back with ``object.__setattr__``), and so does this, with each at its path,
    so that every way of writing gives the same verdict.
    """
    located = list(itertools.islice(_mistyped(value, ()), MAX_PROBLEMS + 1))
    if located:
        more = len(located) - MAX_PROBLEMS if len(located) > MAX_PROBLEMS else 0
        problems = [Problem(json_path(path), message) for path, message in located]
        raise ValidationError(problems[:MAX_PROBLEMS], more=more)
    return converter().unstructure(value)


def _mistyped(value: Any, path: tuple[PathPart, ...]) -> Iterator[Located]:
    """Where a model object, or one it holds, has a value not of its field's type."""
    if not isinstance(value, Model) or not attrs.has(type(value)):
        return
    for field in _type_plan(type(value)):
        try:
            item = getattr(value, field.name)
        except AttributeError:
            yield (*path, field.name), "was never set"
            continue
        found = False
        for where, message in field.problems(item):
            found = True
            yield (*path, *where), message
        if found:
            continue
        if field.many and type(item) is tuple:
            for index, each in enumerate(item):
                yield from _mistyped(each, (*path, field.name, index))
        else:
            yield from _mistyped(item, (*path, field.name))


def _too_long(data: Any, path: tuple[PathPart, ...]) -> Iterator[Located]:
    """Where JSON-ready ``data`` holds an integer too long for Python to write as text."""
    if type(data) is int:
        limit = sys.get_int_max_str_digits()
        if limit and data.bit_length() > limit * 3:  # fewer bits have fewer digits
            try:
                str(data)
            except ValueError:
                yield (
                    path,
                    (
                        f"an integer of more than {limit} digits, which Python does not write "
                        "as text (sys.set_int_max_str_digits sets the limit)"
                    ),
                )
    elif type(data) is dict:
        for key, item in data.items():
            yield from _too_long(item, (*path, key))
    elif type(data) is list:
        for index, item in enumerate(data):
            yield from _too_long(item, (*path, index))


def from_dict(data: Any, cls: type[T], *, max_problems: int | None = MAX_PROBLEMS) -> T:
    """Build a ``cls`` from its JSON-ready form, strictly.

    Args:
        data: the JSON-ready form: dicts, lists, strings, integers, booleans, None.
        cls: the model class to build.
        max_problems: the most problems to list when ``data`` is refused (``None``: all).
            Past that many, reading stops, and the error says how many more it found.

    Raises:
        ValidationError: with the problems in ``data``, each at its JSON path, in the
            order of the document.
    """
    fn = _fast_structure(cls, data)
    if fn is not None:
        try:
            result: T = fn(data)
        except Exception:
            pass
        else:
            return result
    with checking(max_problems):
        try:
            return converter().structure(data, cls)
        except (ValueError, TypeError, KeyError) as error:
            raise refusal(error, max_problems) from None
        except Exception as error:
            from cattrs.errors import BaseValidationError

            if isinstance(error, BaseValidationError):
                raise refusal(error, max_problems) from None
            raise


def to_json(value: Any, *, indent: int | None = None) -> str:
    """Deterministic JSON text for a model value: the same value gives the same text.

    Keys come in the model's field order; non-ASCII text is written as is (UTF-8).
    ``indent`` pretty-prints with that many spaces.

    Raises:
        ValidationError: an integer has more digits than Python writes as text, or a
            value was set behind the model's back (``object.__setattr__``) that is not
            of its field's type; each is named by its JSON path.
    """
    engines = _current()
    native = _native_for(value, engines) if indent is None else None
    if native is not None:
        try:
            return native.text(value)
        except Exception:
            pass  # the ways below write it, or say what is wrong
    raw = _typed_bytes(value, indent, engines)
    if raw is not None:
        return (engines.text or engines.get_text())(raw)
    return _general_text(value, indent)


def to_json_bytes(value: Any, *, indent: int | None = None) -> bytes:
    r"""The UTF-8 bytes of :func:`to_json`'s text, as files and network responses want.

    Where the package's C extension was built, or with the ``fast`` extra, the bytes are
    written directly, never made into text first: with the extension, that halves the
    time of writing a large dataset.

    >>> import aigovernance as ag
    >>> ag.to_json_bytes(ag.State(id="state:TUR", name="Türkiye", code="TUR"))
    b'{"type":"state","id":"state:TUR","name":"T\xc3\xbcrkiye","code":"TUR"}'

    Raises:
        ValidationError: a text holds a lone surrogate, which UTF-8 cannot carry, an
            integer has more digits than Python writes as text, or a value was set
            behind the model's back that is not of its field's type; each is named by
            its JSON path.
    """
    raw = _typed_bytes(value, indent, _current())
    if raw is not None:
        return raw
    text = _general_text(value, indent)
    try:
        return text.encode()
    except UnicodeEncodeError:
        raise no_utf8(to_dict(value)) from None


def no_utf8(data: Any, root: str = "$") -> ValidationError:
    """The error for JSON-ready ``data`` with texts UTF-8 cannot carry, each at its path."""
    return ValidationError(
        [Problem(json_path(path, root), message) for path, message in _without_utf8(data, ())]
    )


def _without_utf8(data: Any, path: tuple[PathPart, ...]) -> Iterator[Located]:
    if type(data) is str:
        try:
            data.encode()
        except UnicodeEncodeError as error:
            code = ord(data[error.start])
            yield path, f"holds a lone surrogate, U+{code:04X}, which UTF-8 cannot carry"
    elif type(data) is dict:
        for key, item in data.items():
            yield from _without_utf8(item, (*path, key))
    elif type(data) is list:
        for index, item in enumerate(data):
            yield from _without_utf8(item, (*path, index))


def _native_for(value: Any, engines: _Engines) -> NativeJSON | None:
    """The C writer, where it was built and writes objects of exactly ``value``'s class."""
    native = engines.native if engines._native_tried else engines.get_native()
    return native if native is not None and type(value) in native.classes else None


def _typed_bytes(value: Any, indent: int | None, engines: _Engines) -> bytes | None:
    """The JSON by the C writer or typed writing, or None when they step aside."""
    if indent is not None and indent != 2:
        return None
    native = _native_for(value, engines)
    if native is not None:
        try:
            raw = native.write(value)
        except Exception:
            return None  # the general way writes it, or says what is wrong
        if indent is None:
            return raw
        msgspec = engines.get_msgspec()
        return None if msgspec is None else bytes(msgspec.json.format(raw, indent=indent))
    typed = engines.typed if engines._typed_tried else engines.get_typed()
    if typed is None:
        return None
    try:
        if type(value) is Dataset:
            with _collector_paused(True):
                raw = typed.write(value)
        else:
            raw = typed.write(value)
    except Exception:
        return None  # the general way writes it, or says what is wrong
    return raw if indent is None else typed.indent(raw)


def _general_text(value: Any, indent: int | None) -> str:
    """The JSON text by the generated functions, or the converter, and an encoder."""
    with _collector_paused(type(value) is Dataset):
        data = _fast_unstructure(value)
    if data is _NOT_PARSED:
        data = _converter_form(value)
    else:
        # Only JSON-native values of exact types are in ``data`` (the fast path checked
        # them), for which msgspec writes byte for byte what the json module writes.
        engines = _current()
        msgspec = engines.get_msgspec()
        if msgspec is not None and engines.untyped is not None and indent in (None, 2):
            try:
                raw = engines.untyped[0].encode(data)
                if indent is not None:
                    raw = msgspec.json.format(raw, indent=indent)
                text: str = raw.decode()
            except (TypeError, ValueError):  # lone surrogates
                pass
            else:
                return text
    separators = (",", ":") if indent is None else (",", ": ")
    try:
        return json.dumps(
            data, ensure_ascii=False, allow_nan=False, indent=indent, separators=separators
        )
    except ValueError:
        located = list(itertools.islice(_too_long(data, ()), MAX_PROBLEMS))
        if not located:
            raise
        raise ValidationError(
            [Problem(json_path(path), message) for path, message in located]
        ) from None


class _DuplicateKey(ValueError):
    pass


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _DuplicateKey(f"the key {key!r} appears twice in one object")
            seen.add(key)
    return result


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def _loads_fast(raw: bytes) -> Any:
    """Parse with msgspec when the result is certainly the standard parser's.

    msgspec keeps the last of duplicate keys without a word, so its result is used only
    when re-encoding it gives back the very bytes read (compact, or indented by two
    spaces, as :func:`to_json` writes them; a final newline allowed): encoding never
    writes a key twice, so those bytes had no duplicate key. Other texts, and any text
    msgspec refuses, are parsed by the standard library, which reports the problem.
    """
    engines = _current()
    msgspec = engines.get_msgspec()
    if msgspec is None or engines.untyped is None:
        return _NOT_PARSED
    encoder, decoder = engines.untyped
    try:
        data = decoder.decode(raw)
        if raw.endswith(b"\n"):
            raw = raw[:-1]
        again = encoder.encode(data)
        if raw == again:
            return data
        if raw.startswith((b"{\n", b"[\n")) and raw == msgspec.json.format(again, indent=2):
            return data
    except (msgspec.DecodeError, ValueError, TypeError, RecursionError):
        pass
    return _NOT_PARSED


def _as_bytes(text: str | bytes | bytearray) -> bytes | None:
    """The UTF-8 bytes of ``text``, or None when it is a string no UTF-8 can hold."""
    if isinstance(text, str):
        try:
            return text.encode()
        except UnicodeEncodeError:
            return None
    return bytes(text)


_SURROGATE: Final = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


def _refuse_lone_surrogates(data: Any, text: str) -> None:
    r"""Refuse ``\ud800``-style escapes that are not half of a pair: no UTF-8 holds them."""
    try:
        json.dumps(data, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        found = _SURROGATE.search(text)
        where = ""
        if found is not None:
            line = text.count("\n", 0, found.start()) + 1
            column = found.start() - text.rfind("\n", 0, found.start())
            where = f" near line {line} column {column}"
        raise ValueError(f"a lone surrogate escape{where} is not valid Unicode") from None


def loads(text: str | bytes | bytearray) -> Any:
    """Parse JSON text strictly: UTF-8 only, no duplicate keys, no NaN or Infinity.

    Raises:
        ValidationError: at path ``$``, saying where in the text the problem is.
    """
    raw = _as_bytes(text)
    if raw is not None:
        data = _loads_fast(raw)
        if data is not _NOT_PARSED:
            return data
    if isinstance(text, (bytes, bytearray)):
        try:
            text = bytes(text).decode("utf-8")
        except UnicodeDecodeError as error:
            raise ValidationError(
                [Problem("$", f"not UTF-8: byte {error.start} ({error.object[error.start]:#04x})")]
            ) from None
    else:
        try:
            text.encode("utf-8")
        except UnicodeEncodeError as error:
            raise ValidationError(
                [Problem("$", f"not valid Unicode: a lone surrogate at index {error.start}")]
            ) from None
    try:
        data = json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_no_constant)
        if "\\u" in text:
            _refuse_lone_surrogates(data, text)
        return data
    except json.JSONDecodeError as error:
        message = f"not JSON: {error.msg} at line {error.lineno} column {error.colno}"
    except RecursionError:
        message = "not readable: the JSON is nested too deeply"
    except ValueError as error:
        message = f"not readable: {error}"
    raise ValidationError([Problem("$", message)])


def from_json(
    text: str | bytes | bytearray, cls: type[T], *, max_problems: int | None = MAX_PROBLEMS
) -> T:
    """Build a ``cls`` from JSON text (``str`` or UTF-8 ``bytes``), strictly.

    ``max_problems`` is the most problems listed when the document is refused
    (``None``: all of them); past that many, reading stops, and the error says how
    many more it found (``ValidationError.more``).

    Raises:
        ValidationError: for text that is not JSON, and for JSON that does not fit
            ``cls``, with the problems at their JSON paths, in the order of the document.
    """
    if len(text) < _LARGE:
        return _read(text, cls, max_problems)
    with _collector_paused(True, made_to_last=True):
        return _read(text, cls, max_problems)


def _read(text: str | bytes | bytearray, cls: type[T], max_problems: int | None) -> T:
    result = read_typed(text, cls)
    if result is None:
        return from_dict(loads(text), cls, max_problems=max_problems)
    return result


def read_typed(text: str | bytes | bytearray, cls: type[T]) -> T | None:
    """The ``cls`` in ``text`` by typed reading, or None when it steps aside.

    Typed reading needs msgspec and a document in the form :func:`to_json` writes; it
    never refuses a document, it only leaves it to the general way.
    """
    engines = _current()
    typed = engines.typed if engines._typed_tried else engines.get_typed()
    if typed is not None and cls in typed.classes:
        raw = _as_bytes(text)
        if raw is not None:
            try:
                result: T = typed.read(raw, cls)
            except Exception:
                pass  # the general way decides
            else:
                return result
    return None
