"""A typed, evidence-backed data model for AI-governance events.

>>> import aigovernance as ag
>>> ds = ag.datasets.load()
>>> ag.validate(ds)
()
"""

from importlib.metadata import version as _version

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
from aigovernance.compare import align, diff, equivalent, match, similarity
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
    iter_jsonl,
    json_schema,
    read,
    to_arrow,
    to_dict,
    to_json,
    to_jsonld,
    write,
)

__version__: str = _version("aigovernance")
"""The installed version of the library."""

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
