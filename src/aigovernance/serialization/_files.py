"""Reading and writing .json and .jsonl files, atomically."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

__all__ = ["iter_jsonl", "read", "write"]


def write(value: Any, path: Any) -> None:
    """Write a value to a file, choosing the format by suffix."""
    raise NotImplementedError


def read(path: Any, cls: Any) -> Any:
    """Read a value from a file, choosing the format by suffix."""
    raise NotImplementedError


def iter_jsonl(path: Any) -> Iterator[Any]:
    """Stream the records of a JSON Lines dataset."""
    raise NotImplementedError
