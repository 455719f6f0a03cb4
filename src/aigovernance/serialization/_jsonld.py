"""schema.org JSON-LD of a dataset."""

from __future__ import annotations

from typing import Any

__all__ = ["to_jsonld"]


def to_jsonld(dataset: Any) -> dict[str, Any]:
    """The dataset as schema.org JSON-LD."""
    raise NotImplementedError
