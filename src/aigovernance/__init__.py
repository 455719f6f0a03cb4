"""A typed, evidence-backed data model for AI-governance events.

>>> import aigovernance as ag
>>> ds = ag.datasets.load()
>>> ag.validate(ds)
()
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from aigovernance._problems import MAX_PROBLEMS, Problem, ValidationError
from aigovernance._values import Evidence, Identifier, PartialDate, Quantity, Translation
from aigovernance._vocabulary import (
    POST_KIND_WIKIDATA,
    THEME_DESCRIPTIONS,
    Confidence,
    EventKind,
    InstrumentKind,
    Modality,
    OrganizationKind,
    PostKind,
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
    Reference,
    Section,
    SectionItem,
    Source,
    State,
    Statement,
    Support,
)

if TYPE_CHECKING:
    from aigovernance import datasets
    from aigovernance._validate import validate
    from aigovernance.authoring import (
        AmbiguousQuote,
        Passage,
        QuoteError,
        QuoteNotFound,
        ReanchorReport,
        SpanReport,
        anchor,
        reanchor,
    )
    from aigovernance.compare import (
        align,
        diff,
        equivalent,
        match,
        merge,
        similarity,
    )
    from aigovernance.report import to_html
    from aigovernance.serialization import (
        NewerSchemaWarning,
        from_arrow,
        from_dict,
        from_json,
        iter_jsonl,
        json_schema,
        read,
        to_arrow,
        to_dict,
        to_json,
        to_json_bytes,
        to_jsonld,
        to_pandas,
        to_polars,
        write,
    )

    __version__: str
    """The installed version of the library."""

# Loaded on first use, to keep ``import aigovernance`` quick: each name, and the module
# it comes from (``datasets`` is itself a module of this package).
_LAZY = {
    "datasets": "aigovernance.datasets",
    "validate": "aigovernance._validate",
    **dict.fromkeys(
        [
            "AmbiguousQuote",
            "Passage",
            "QuoteError",
            "QuoteNotFound",
            "ReanchorReport",
            "SpanReport",
            "anchor",
            "reanchor",
        ],
        "aigovernance.authoring",
    ),
    **dict.fromkeys(
        [
            "align",
            "diff",
            "equivalent",
            "match",
            "merge",
            "similarity",
        ],
        "aigovernance.compare",
    ),
    **dict.fromkeys(
        [
            "NewerSchemaWarning",
            "from_arrow",
            "from_dict",
            "from_json",
            "iter_jsonl",
            "json_schema",
            "read",
            "to_arrow",
            "to_dict",
            "to_json",
            "to_json_bytes",
            "to_jsonld",
            "to_pandas",
            "to_polars",
            "write",
        ],
        "aigovernance.serialization",
    ),
}
_LAZY["to_html"] = "aigovernance.report"
_SUBMODULES = frozenset({"datasets"})


def __getattr__(name: str) -> Any:
    if name == "__version__":
        from importlib.metadata import version

        value: Any = version("aigovernance")
    elif name in _LAZY:
        import importlib

        module = importlib.import_module(_LAZY[name])
        value = module if name in _SUBMODULES else getattr(module, name)
    else:
        raise AttributeError(f"module 'aigovernance' has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


__all__ = [
    "MAX_PROBLEMS",
    "POST_KIND_WIKIDATA",
    "SCHEMA_VERSION",
    "THEME_DESCRIPTIONS",
    "AmbiguousQuote",
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
    "Passage",
    "Person",
    "Place",
    "Post",
    "PostKind",
    "Precision",
    "Principle",
    "PrincipleSet",
    "Problem",
    "Purpose",
    "Qualifier",
    "Quantity",
    "QuoteError",
    "QuoteNotFound",
    "ReanchorReport",
    "Record",
    "Reference",
    "Role",
    "Section",
    "SectionItem",
    "Source",
    "SpanReport",
    "SpeechAct",
    "State",
    "Statement",
    "Support",
    "Theme",
    "Translation",
    "ValidationError",
    "__version__",
    "align",
    "anchor",
    "datasets",
    "diff",
    "equivalent",
    "from_arrow",
    "from_dict",
    "from_json",
    "iter_jsonl",
    "json_schema",
    "match",
    "merge",
    "read",
    "reanchor",
    "similarity",
    "to_arrow",
    "to_dict",
    "to_html",
    "to_json",
    "to_json_bytes",
    "to_jsonld",
    "to_pandas",
    "to_polars",
    "validate",
    "write",
]
