"""The C extension: writing model objects as JSON, making them from mirrors, JSON bytes."""

from collections.abc import Callable
from typing import Any

__all__ = ["Builder", "Writer", "distinct_keys", "text"]

class Writer:
    """Writes an object of exactly ``cls`` as compact JSON bytes (see ``_speedups.c``)."""

    def __init__(
        self,
        cls: type,
        prefix: bytes,
        fields: tuple[tuple[Any, bytes, int, bool, bool, bool, Any, Any], ...],
    ) -> None: ...
    def __call__(self, obj: object, /) -> bytes: ...
    def text(self, obj: object, /) -> str:
        """``self(obj).decode()``, made without a second pass over the bytes."""

class Builder:
    """Makes a model object from its mirror (see ``_speedups.c``)."""

    def __init__(
        self,
        mirror: type,
        cls: type,
        fields: tuple[tuple[Any, ...], ...],
        check: Callable[[Any], object] | None,
        *,
        miss: type[BaseException] | None = None,
        span: tuple[Any, Any, Any, Any, Any] | None = None,
        unsound: Callable[[Any], object] | None = None,
    ) -> None: ...
    def __call__(self, mirror: object, /) -> Any: ...

def text(raw: bytes, /) -> str:
    """``raw.decode()``, with its errors; faster on large text (see ``_speedups.c``)."""

def distinct_keys(raw: bytes, /) -> bool:
    """True when certainly no object of the JSON ``raw`` has a key twice (see ``_speedups.c``)."""
