"""JSON Schema (draft 2020-12) generated from the model."""

from __future__ import annotations

from typing import Any

__all__ = ["json_schema"]


def json_schema(cls: Any) -> dict[str, Any]:
    """The JSON Schema of a model type."""
    raise NotImplementedError
