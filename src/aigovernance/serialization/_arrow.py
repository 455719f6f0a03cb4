"""Arrow tables of a dataset (optional extra ``arrow``)."""

from __future__ import annotations

from typing import Any

__all__ = ["to_arrow"]


def to_arrow(dataset: Any) -> dict[str, Any]:
    """The dataset as Arrow tables."""
    raise NotImplementedError
