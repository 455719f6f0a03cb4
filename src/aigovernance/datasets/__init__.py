"""The bundled datasets."""

from __future__ import annotations

from typing import Any

__all__ = ["available", "load"]


def available() -> tuple[str, ...]:
    """The names of the bundled datasets."""
    raise NotImplementedError


def load(name: str = "seed") -> Any:
    """Load a bundled dataset."""
    raise NotImplementedError
