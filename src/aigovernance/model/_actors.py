"""Actors (people, states, organizations, groups) and the posts people hold."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from attrs import frozen

from aigovernance._checking import (
    ISO_ALPHA3,
    Located,
    nonblank,
    nonblanks,
    record_id,
    ref,
    refs,
    sound_when,
)
from aigovernance._values import Evidence, Identifier, PartialDate, Quantity, Translation
from aigovernance._vocabulary import OrganizationKind, PostKind
from aigovernance.model._record import ACTOR_TYPES, Record

__all__ = ["Group", "Organization", "Person", "Post", "State"]


@frozen(kw_only=True)
class Person(Record):
    """A person, named or known only by description.

    A source may name a person ("Aleksandar Vučić") or only describe one ("the foreign
    minister of Greece"); a person needs at least one of the two. The offices a person
    holds are :class:`Post` records naming them as holder.

    Attributes:
        id: ``person:<name>``.
        name: the person's name as usually written in English.
        description: how the source refers to an unnamed person.
        translations: the name in other languages.
        aliases: other names or titles sources give it.
        identifiers: ids elsewhere (Wikidata).
        evidence: spans that support the record.
    """

    type: ClassVar[str] = "person"

    id: str = record_id("person")
    name: str | None = nonblank(default=None)
    description: str | None = nonblank(default=None)
    translations: tuple[Translation, ...] = ()
    aliases: tuple[str, ...] = nonblanks()
    identifiers: tuple[Identifier, ...] = ()
    evidence: tuple[Evidence, ...] = ()

    @sound_when("v_name is not None or v_description is not None")
    def _relations(self) -> Iterable[Located]:
        if self.name is None and self.description is None:
            yield ("name",), "a person needs a name or a description"


@frozen(kw_only=True)
class State(Record):
    """A sovereign state.

    Attributes:
        id: ``state:<name>``, by convention the ISO code (``state:CHN``).
        name: the short English name ("China").
        code: the ISO 3166-1 alpha-3 code.
        translations: the name in other languages.
        aliases: other names or titles sources give it.
        identifiers: ids elsewhere (Wikidata).
        evidence: spans that support the record.
    """

    type: ClassVar[str] = "state"

    id: str = record_id("state")
    name: str = nonblank()
    code: str = nonblank(ISO_ALPHA3)
    translations: tuple[Translation, ...] = ()
    aliases: tuple[str, ...] = nonblanks()
    identifiers: tuple[Identifier, ...] = ()
    evidence: tuple[Evidence, ...] = ()


@frozen(kw_only=True)
class Organization(Record):
    """An organization: an intergovernmental body, a UN organ, a ministry, a party organ.

    Attributes:
        id: ``organization:<name>``.
        name: the full English name.
        kind: what sort of body it is.
        abbreviation: a short form ("UN", "G20").
        parent: the state or organization it belongs to.
        translations: the name in other languages.
        aliases: other names or titles sources give it.
        identifiers: ids elsewhere (Wikidata).
        evidence: spans that support the record.
    """

    type: ClassVar[str] = "organization"

    id: str = record_id("organization")
    name: str = nonblank()
    kind: OrganizationKind
    abbreviation: str | None = nonblank(default=None)
    parent: str | None = ref("state", "organization", default=None)
    translations: tuple[Translation, ...] = ()
    aliases: tuple[str, ...] = nonblanks()
    identifiers: tuple[Identifier, ...] = ()
    evidence: tuple[Evidence, ...] = ()


@frozen(kw_only=True)
class Group(Record):
    """A collective that acts as one actor, its size perhaps known only approximately.

    "High-level representatives from more than 80 countries and international
    organizations" is one group with the size ``more than 80``; it is not expanded into
    members the source does not name.

    Attributes:
        id: ``group:<name>``.
        name: how the source describes the group.
        size: how many members it has.
        members: the ids of members that are known.
        aliases: other names or titles sources give it.
        identifiers: ids elsewhere.
        evidence: spans that support the record.
    """

    type: ClassVar[str] = "group"

    id: str = record_id("group")
    name: str = nonblank()
    size: Quantity | None = None
    members: tuple[str, ...] = refs(*ACTOR_TYPES)
    aliases: tuple[str, ...] = nonblanks()
    identifiers: tuple[Identifier, ...] = ()
    evidence: tuple[Evidence, ...] = ()


@frozen(kw_only=True)
class Post(Record):
    """An office within a state or organization, which exists apart from its holder.

    A participation names the post an actor held at the time ("Foreign Minister" of
    China), so a person's capacity is recorded even when it changes later.

    Attributes:
        id: ``post:<name>``.
        title: the title of the office ("Foreign Minister").
        kind: what sort of office it is (head of state, minister of foreign affairs, ...),
            so that posts of different titles compare.
        organization: the state or organization the post belongs to.
        holder: the person who holds it, where known.
        start: when the holder took it up.
        end: when the holder left it.
        aliases: other names or titles sources give it.
        identifiers: ids elsewhere.
        evidence: spans that support the record.
    """

    type: ClassVar[str] = "post"

    id: str = record_id("post")
    title: str = nonblank()
    kind: PostKind | None = None
    organization: str = ref("state", "organization")
    holder: str | None = ref("person", default=None)
    start: PartialDate | None = None
    end: PartialDate | None = None
    aliases: tuple[str, ...] = nonblanks()
    identifiers: tuple[Identifier, ...] = ()
    evidence: tuple[Evidence, ...] = ()

    @sound_when("v_start is None or v_end is None")
    def _relations(self) -> Iterable[Located]:
        start, end = self.start, self.end
        if start is not None and end is not None and end.latest < start.earliest:
            yield ("end",), f"{self.end} is before start {self.start}"
