"""Hypothesis' entry point: ``from_type`` knows every public type once Hypothesis loads.

Hypothesis calls :func:`_hypothesis_setup_hook` when it is imported (through the
``hypothesis`` entry point in the package metadata), so ``st.from_type(ag.Dataset)``
yields datasets that pass :func:`aigovernance.validate` without anyone importing
:mod:`aigovernance.strategies`. The strategies are registered deferred: that module is
imported on first use, not when Hypothesis starts.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final

# Each public type, by its name in ``aigovernance``, and its strategy's name in
# :mod:`aigovernance.strategies`.
_STRATEGIES: Final = {
    "Commitment": "commitments",
    "Confidence": "confidences",
    "Dataset": "datasets",
    "Event": "events",
    "EventKind": "event_kinds",
    "Evidence": "evidence",
    "Group": "groups",
    "Identifier": "identifiers",
    "Instrument": "instruments",
    "InstrumentKind": "instrument_kinds",
    "Modality": "modalities",
    "NewerSchemaWarning": "newer_schema_warnings",
    "Organization": "organizations",
    "OrganizationKind": "organization_kinds",
    "PostKind": "post_kinds",
    "PartialDate": "partial_dates",
    "Participation": "participations",
    "Person": "persons",
    "Place": "places",
    "Post": "posts",
    "Precision": "precisions",
    "Principle": "principles",
    "PrincipleSet": "principle_sets",
    "Problem": "problems",
    "Purpose": "purposes",
    "Qualifier": "qualifiers",
    "Quantity": "quantities",
    "Record": "records",
    "Role": "roles",
    "Section": "sections",
    "SectionItem": "section_items",
    "Source": "sources",
    "SpeechAct": "speech_acts",
    "State": "states",
    "Statement": "statements",
    "Theme": "themes",
    "Translation": "translations",
    "ValidationError": "validation_errors",
}


def _registrations() -> dict[type, str]:
    """Each public type and the name of its strategy in :mod:`aigovernance.strategies`.

    A name the package does not export is skipped rather than failing: a broken
    registration must not stop Hypothesis from loading (the tests check that every
    public type is registered).
    """
    import aigovernance as ag

    found: dict[type, str] = {}
    for name, strategy in _STRATEGIES.items():
        try:
            cls = getattr(ag, name)
        except (AttributeError, ImportError):
            # Not exported, or loaded lazily from a module whose extra is missing.
            continue
        if isinstance(cls, type):
            found[cls] = strategy
    return found


def _deferred(name: str) -> Any:
    from hypothesis import strategies as st

    def strategy() -> st.SearchStrategy[Any]:
        from aigovernance import strategies

        factory: Callable[[], st.SearchStrategy[Any]] = getattr(strategies, name)
        return factory()

    return st.deferred(strategy)


def _hypothesis_setup_hook() -> None:
    """Register a strategy for every public type with ``st.register_type_strategy``."""
    from hypothesis import strategies as st

    for cls, name in _registrations().items():
        st.register_type_strategy(cls, _deferred(name))
