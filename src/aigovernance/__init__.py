"""A typed, evidence-backed data model for AI-governance events.

>>> import aigovernance as ag
>>> ds = ag.datasets.load()
>>> ag.validate(ds)
()
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from aigovernance import datasets
from aigovernance._validate import validate
from aigovernance._values import Evidence, Identifier, PartialDate, Quantity, Translation
from aigovernance._vocabulary import (
    THEME_DESCRIPTIONS,
    Confidence,
    EventKind,
    InstrumentKind,
    Modality,
    OrganizationKind,
    Precision,
    Qualifier,
    Role,
    SpeechAct,
    Theme,
)
from aigovernance.model import (
    SCHEMA_VERSION,
    Commitment,
    Dataset,
    Event,
    Group,
    Instrument,
    Organization,
    Participation,
    Person,
    Place,
    Post,
    Principle,
    PrincipleSet,
    Purpose,
    Record,
    Section,
    SectionItem,
    Source,
    State,
    Statement,
)
from aigovernance.serialization import (
    NewerSchemaWarning,
    Problem,
    ValidationError,
    from_dict,
    from_json,
    to_dict,
    to_json,
)

if TYPE_CHECKING:
    from aigovernance.compare import (
        align,
        diff,
        equivalent,
        match,
        similarity,
    )
    from aigovernance.serialization import iter_jsonl, json_schema, read, to_arrow, to_jsonld, write

    __version__: str
    """The installed version of the library."""

# Loaded on first use, to keep ``import aigovernance`` quick.
_LAZY = {
    **dict.fromkeys(
        [
            "align",
            "diff",
            "equivalent",
            "match",
            "similarity",
        ],
        "aigovernance.compare",
    ),
    **dict.fromkeys(
        ["iter_jsonl", "json_schema", "read", "to_arrow", "to_jsonld", "write"],
        "aigovernance.serialization",
    ),
}


def __getattr__(name: str) -> Any:
    if name == "__version__":
        from importlib.metadata import version

        value: Any = version("aigovernance")
    elif name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
    else:
        raise AttributeError(f"module 'aigovernance' has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


__all__ = [
    "SCHEMA_VERSION",
    "THEME_DESCRIPTIONS",
    "Commitment",
    "Confidence",
    "Dataset",
    "Event",
    "EventKind",
    "Evidence",
    "Group",
    "Identifier",
    "Instrument",
    "InstrumentKind",
    "Modality",
    "NewerSchemaWarning",
    "Organization",
    "OrganizationKind",
    "PartialDate",
    "Participation",
    "Person",
    "Place",
    "Post",
    "Precision",
    "Principle",
    "PrincipleSet",
    "Problem",
    "Purpose",
    "Qualifier",
    "Quantity",
    "Record",
    "Role",
    "Section",
    "SectionItem",
    "Source",
    "SpeechAct",
    "State",
    "Statement",
    "Theme",
    "Translation",
    "ValidationError",
    "__version__",
    "align",
    "datasets",
    "diff",
    "equivalent",
    "from_dict",
    "from_json",
    "iter_jsonl",
    "json_schema",
    "match",
    "read",
    "similarity",
    "to_arrow",
    "to_dict",
    "to_json",
    "to_jsonld",
    "validate",
    "write",
]
