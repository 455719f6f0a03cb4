"""Serialisation: the converter, dicts and JSON, files, schemas, other formats, versions."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from aigovernance._problems import MAX_PROBLEMS
from aigovernance.serialization._errors import Problem, ValidationError
from aigovernance.serialization._json import (
    from_dict,
    from_json,
    loads,
    to_dict,
    to_json,
    to_json_bytes,
)
from aigovernance.serialization._migrate import MIGRATIONS, NewerSchemaWarning, migrate

if TYPE_CHECKING:
    from aigovernance.serialization._files import iter_jsonl, read, write
    from aigovernance.serialization._jsonld import to_jsonld
    from aigovernance.serialization._schema import json_schema
    from aigovernance.serialization.tables._arrow import from_arrow, to_arrow
    from aigovernance.serialization.tables._frames import to_pandas, to_polars

# The file and format modules are loaded on first use, to keep imports quick.
_LAZY = {
    "from_arrow": "tables._arrow",
    "iter_jsonl": "_files",
    "json_schema": "_schema",
    "read": "_files",
    "to_arrow": "tables._arrow",
    "to_jsonld": "_jsonld",
    "to_pandas": "tables._frames",
    "to_polars": "tables._frames",
    "write": "_files",
}


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{_LAZY[name]}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


__all__ = [
    "MAX_PROBLEMS",
    "MIGRATIONS",
    "NewerSchemaWarning",
    "Problem",
    "ValidationError",
    "from_arrow",
    "from_dict",
    "from_json",
    "iter_jsonl",
    "json_schema",
    "loads",
    "migrate",
    "read",
    "to_arrow",
    "to_dict",
    "to_json",
    "to_json_bytes",
    "to_jsonld",
    "to_pandas",
    "to_polars",
    "write",
]
