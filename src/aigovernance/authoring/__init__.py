"""Authoring evidence by its quotes: citing, quote-first drafts and re-anchoring.

The one place where a quote becomes a span. :meth:`aigovernance.Source.cite` makes
evidence from a quote; :func:`anchor` makes a dataset from a draft whose evidence gives
quotes instead of offsets; :func:`reanchor` moves the spans on a source to their places
in a corrected text of it.
"""

from aigovernance.authoring._anchor import anchor
from aigovernance.authoring._quotes import (
    CONTEXT,
    AmbiguousQuote,
    Passage,
    QuoteError,
    QuoteNotFound,
)
from aigovernance.authoring._reanchor import (
    AMENDED,
    ReanchorReport,
    SpanOutcome,
    SpanReport,
    reanchor,
)

__all__ = [
    "AMENDED",
    "CONTEXT",
    "AmbiguousQuote",
    "Passage",
    "QuoteError",
    "QuoteNotFound",
    "ReanchorReport",
    "SpanOutcome",
    "SpanReport",
    "anchor",
    "reanchor",
]
