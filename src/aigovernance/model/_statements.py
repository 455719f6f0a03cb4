"""What was said: statements, the principles they state and the commitments they make."""

from __future__ import annotations

from typing import ClassVar

from attrs import frozen

from aigovernance._checking import RECORD_TYPES as _ALL
from aigovernance._checking import (
    Model,
    at_least,
    checked,
    distinct,
    nonblank,
    nonblanks,
    record_id,
    ref,
    refs,
)
from aigovernance._values import Evidence, Identifier, PartialDate
from aigovernance._vocabulary import Modality, SpeechAct, Theme
from aigovernance.model._record import ACTOR_TYPES, Record

__all__ = ["Commitment", "Principle", "PrincipleSet", "Statement"]


@frozen(kw_only=True)
class Statement(Record):
    """Something an actor said, as a source reports it.

    Attributes:
        id: ``statement:<name>``.
        speakers: the ids of the actors who spoke, one or more (a joint statement has
            several), in the source's order.
        speech_act: how the source reports it ("said", "stressed", "announced").
        summary: what was said, in the source's words or a close paraphrase.
        event: the id of the event where it was said.
        date: when it was said.
        principles: ids of the principle sets it states.
        commitments: ids of the commitments it makes.
        refers_to: ids of other records it names (an initiative, a resolution).
        themes: the themes it concerns.
        aliases: other names or titles sources give it.
        identifiers: ids elsewhere.
        evidence: spans that support the record.
    """

    type: ClassVar[str] = "statement"

    id: str = record_id("statement")
    speakers: tuple[str, ...] = refs(*ACTOR_TYPES, required=True)
    speech_act: SpeechAct
    summary: str = nonblank()
    event: str | None = ref("event", default=None)
    date: PartialDate | None = None
    principles: tuple[str, ...] = refs("principle-set")
    commitments: tuple[str, ...] = refs("commitment")
    refers_to: tuple[str, ...] = refs(*_ALL)
    themes: tuple[Theme, ...] = distinct()
    aliases: tuple[str, ...] = nonblanks()
    identifiers: tuple[Identifier, ...] = ()
    evidence: tuple[Evidence, ...] = ()


@frozen(kw_only=True)
class Principle(Model):
    """One principle of a :class:`PrincipleSet`, in its place.

    Attributes:
        ordinal: its position in the set, from 1.
        title: its short title ("Adopt a comprehensive and balanced approach").
        description: what it says at more length.
        aspects: the aspects it names, in order.
        themes: the themes it concerns.
        refers_to: ids of records it names (the organization within whose framework
            it would have a mechanism established, say).
        evidence: spans that support it.
    """

    ordinal: int = checked(at_least(1))
    title: str = nonblank()
    description: str | None = nonblank(default=None)
    aspects: tuple[str, ...] = nonblanks()
    themes: tuple[Theme, ...] = distinct()
    refers_to: tuple[str, ...] = refs(*_ALL)
    evidence: tuple[Evidence, ...] = ()


@frozen(kw_only=True)
class PrincipleSet(Record):
    """An ordered set of principles put forward together.

    Attributes:
        id: ``principle-set:<name>``.
        title: the set's name.
        proposers: ids of the actors who put it forward.
        instrument: the id of the instrument that contains it, if any.
        principles: the principles, ordinals 1 to n in order.
        aliases: other names or titles sources give it.
        identifiers: ids elsewhere.
        evidence: spans that support the record.
    """

    type: ClassVar[str] = "principle-set"

    id: str = record_id("principle-set")
    title: str = nonblank()
    proposers: tuple[str, ...] = refs(*ACTOR_TYPES)
    instrument: str | None = ref("instrument", default=None)
    principles: tuple[Principle, ...] = ()
    aliases: tuple[str, ...] = nonblanks()
    identifiers: tuple[Identifier, ...] = ()
    evidence: tuple[Evidence, ...] = ()


@frozen(kw_only=True)
class Commitment(Record):
    """Something an actor commits to, will do, adheres to or calls on others to do.

    Attributes:
        id: ``commitment:<name>``.
        actors: the ids of the actors who commit, one or more (a joint commitment has
            several), in the source's order.
        modality: the force of the commitment.
        text: what is committed to.
        themes: the themes it concerns.
        aliases: other names or titles sources give it.
        identifiers: ids elsewhere.
        evidence: spans that support the record.
    """

    type: ClassVar[str] = "commitment"

    id: str = record_id("commitment")
    actors: tuple[str, ...] = refs(*ACTOR_TYPES, required=True)
    modality: Modality
    text: str = nonblank()
    themes: tuple[Theme, ...] = distinct()
    aliases: tuple[str, ...] = nonblanks()
    identifiers: tuple[Identifier, ...] = ()
    evidence: tuple[Evidence, ...] = ()
