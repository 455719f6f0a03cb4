"""Serialisation: the converter, dicts and JSON, files, schemas, other formats, versions."""

from aigovernance.serialization._arrow import to_arrow
from aigovernance.serialization._errors import Problem, ValidationError
from aigovernance.serialization._files import iter_jsonl, read, write
from aigovernance.serialization._json import from_dict, from_json, loads, to_dict, to_json
from aigovernance.serialization._jsonld import to_jsonld
from aigovernance.serialization._migrate import MIGRATIONS, NewerSchemaWarning, migrate
from aigovernance.serialization._schema import json_schema

__all__ = [
    "MIGRATIONS",
    "NewerSchemaWarning",
    "Problem",
    "ValidationError",
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
    "to_jsonld",
    "write",
]
