"""The typed model: records, their parts, and the dataset that bundles them."""

from aigovernance.model._actors import Group, Organization, Person, Post, State
from aigovernance.model._dataset import SCHEMA_VERSION, Dataset, Reference, Support
from aigovernance.model._events import Event, Participation, Place, Purpose
from aigovernance.model._instruments import Instrument, Section, SectionItem
from aigovernance.model._record import ACTOR_TYPES, Record
from aigovernance.model._sources import Source
from aigovernance.model._statements import Commitment, Principle, PrincipleSet, Statement

__all__ = [
    "ACTOR_TYPES",
    "RECORD_CLASSES",
    "SCHEMA_VERSION",
    "Commitment",
    "Dataset",
    "Event",
    "Group",
    "Instrument",
    "Organization",
    "Participation",
    "Person",
    "Place",
    "Post",
    "Principle",
    "PrincipleSet",
    "Purpose",
    "Record",
    "Reference",
    "Section",
    "SectionItem",
    "Source",
    "State",
    "Statement",
    "Support",
]

RECORD_CLASSES: dict[str, type[Record]] = {
    cls.type: cls
    for cls in (
        Person,
        State,
        Organization,
        Group,
        Post,
        Event,
        Statement,
        PrincipleSet,
        Commitment,
        Instrument,
    )
}
"""The record classes that may stand in :attr:`Dataset.records`, by type tag."""
