"""Comparison: diffs, similarity and equivalence, record linkage, principle-set alignment.

- :func:`diff` gives the field-level changes between two versions of a value and the
  JSON Patch between them.
- :func:`similarity` scores how alike two records are, field by field, by the rules of a
  :class:`SimilarityTable`; :func:`equivalent` is a threshold on it.
- :func:`match` links the records of two datasets that describe the same things.
- :func:`merge` combines two datasets, linked records united and conflicts resolved by
  a rule the caller chooses.
- :func:`align` maps the principles of one set onto those of another.

The comparators (:func:`exact`, :func:`text`, :data:`dates`, ...) are the building
blocks of similarity rules; text comparison needs the ``compare`` extra (rapidfuzz).
"""

from aigovernance.compare._align import AlignedPair, Alignment, align, assignment
from aigovernance.compare._comparators import (
    Comparator,
    DateComparator,
    IdentifierComparator,
    ParticipationComparator,
    TextComparator,
    dates,
    exact,
    identifiers,
    overlap,
    participations,
    places,
    principles,
    quantities,
    symbols,
    text,
    translations,
)
from aigovernance.compare._diff import (
    NATURAL_KEYS,
    Change,
    ChangeKind,
    Diff,
    EvidenceVerdict,
    diff,
)
from aigovernance.compare._match import BLOCKING_FIELDS, Match, match
from aigovernance.compare._merge import (
    MERGED_FROM,
    Conflict,
    Link,
    LinkBasis,
    MergeConflictError,
    MergeReport,
    Rule,
    merge,
)
from aigovernance.compare._similarity import (
    DEFAULT_TABLE,
    FieldRule,
    FieldScore,
    Similarity,
    SimilarityTable,
    equivalent,
    similarity,
)

__all__ = [
    "BLOCKING_FIELDS",
    "DEFAULT_TABLE",
    "MERGED_FROM",
    "NATURAL_KEYS",
    "AlignedPair",
    "Alignment",
    "Change",
    "ChangeKind",
    "Comparator",
    "Conflict",
    "DateComparator",
    "Diff",
    "EvidenceVerdict",
    "FieldRule",
    "FieldScore",
    "IdentifierComparator",
    "Link",
    "LinkBasis",
    "Match",
    "MergeConflictError",
    "MergeReport",
    "ParticipationComparator",
    "Rule",
    "Similarity",
    "SimilarityTable",
    "TextComparator",
    "align",
    "assignment",
    "dates",
    "diff",
    "equivalent",
    "exact",
    "identifiers",
    "match",
    "merge",
    "overlap",
    "participations",
    "places",
    "principles",
    "quantities",
    "similarity",
    "symbols",
    "text",
    "translations",
]
