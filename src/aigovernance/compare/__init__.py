"""Comparison: diffs, similarity and equivalence, record linkage, principle-set alignment."""

from __future__ import annotations

from typing import Any

__all__ = ["align", "diff", "equivalent", "match", "similarity"]


def diff(a: Any, b: Any) -> Any:
    """Field-level differences between two values of one model type."""
    raise NotImplementedError


def similarity(a: Any, b: Any) -> Any:
    """How alike two records of one type are, field by field."""
    raise NotImplementedError


def equivalent(a: Any, b: Any, *, threshold: float = 0.8) -> bool:
    """Whether two records describe the same thing."""
    raise NotImplementedError


def match(a: Any, b: Any) -> Any:
    """Link the records of two datasets."""
    raise NotImplementedError


def align(a: Any, b: Any) -> Any:
    """Align two principle sets."""
    raise NotImplementedError
