"""Events: meetings, who took part in them and in what capacity, and what they were for."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from attrs import frozen

from aigovernance._checking import (
    IANA_ZONE,
    ISO_ALPHA3,
    Located,
    Model,
    distinct,
    nonblank,
    nonblanks,
    record_id,
    ref,
    refs,
    sound_when,
)
from aigovernance._checking import RECORD_TYPES as _ALL
from aigovernance._values import Evidence, Identifier, PartialDate, Translation
from aigovernance._vocabulary import EventKind, Role, Theme
from aigovernance.model._record import ACTOR_TYPES, Record

__all__ = ["Event", "Participation", "Place", "Purpose"]


@frozen(kw_only=True)
class Place(Model):
    """Where an event took place.

    Attributes:
        name: the venue ("UN Headquarters").
        locality: the city ("New York").
        country: the ISO 3166-1 alpha-3 code of the country.
        identifiers: ids of the venue elsewhere.
    """

    name: str | None = nonblank(default=None)
    locality: str | None = nonblank(default=None)
    country: str | None = nonblank(ISO_ALPHA3, default=None)
    identifiers: tuple[Identifier, ...] = ()


@frozen(kw_only=True)
class Participation(Model):
    """An actor's part in an event: in which role, holding which post, for whom.

    Attributes:
        actor: the id of the person, state, organization or group taking part.
        role: the part played (host, co-host, speaker, attendee, counterpart, ...).
        capacities: the ids of the :class:`~aigovernance.Post` records the actor held at
            the time, in the order the source gives them (a "Deputy Prime Minister and
            Foreign Minister" holds two).
        on_behalf_of: the state, organization or group the actor represented.
        evidence: spans that support the participation.
    """

    actor: str = ref(*ACTOR_TYPES)
    role: Role
    capacities: tuple[str, ...] = refs("post")
    on_behalf_of: str | None = ref("state", "organization", "group", default=None)
    evidence: tuple[Evidence, ...] = ()

    @property
    def side(self) -> str:
        """Whom the participant stands for: ``on_behalf_of`` if given, else the actor."""
        return self.on_behalf_of or self.actor


@frozen(kw_only=True)
class Purpose(Model):
    """One stated aim of an event.

    Attributes:
        text: the aim, in the source's words or a close paraphrase.
        themes: the themes it concerns.
        refers_to: ids of records it names (the resolution it implements, say).
        evidence: spans that support it.
    """

    text: str = nonblank()
    themes: tuple[Theme, ...] = distinct()
    refers_to: tuple[str, ...] = refs(*_ALL)
    evidence: tuple[Evidence, ...] = ()


@frozen(kw_only=True)
class Event(Record):
    """A meeting or other gathering.

    The date is the local date where the event took place; ``timezone`` names that
    place's zone when the source says "local time". A part of a larger event (a
    meeting during a General Assembly session) names it as ``parent`` and must fall
    within its dates.

    Attributes:
        id: ``event:<name>``.
        kind: what sort of gathering it was.
        title: its title, or a description where it has none.
        date: the (first) day, at whatever precision is known.
        end_date: the last day, for an event of several days.
        timezone: the IANA name of the local time zone.
        place: where it took place.
        parent: the id of the event it was part of.
        participations: who took part, in which role and capacity.
        purposes: what it was for.
        themes: the themes it concerned.
        translations: the title in other languages.
        aliases: other names or titles sources give it.
        identifiers: ids elsewhere (a UN meeting number, say).
        evidence: spans that support the record.
    """

    type: ClassVar[str] = "event"

    id: str = record_id("event")
    kind: EventKind
    title: str = nonblank()
    date: PartialDate | None = None
    end_date: PartialDate | None = None
    timezone: str | None = nonblank(IANA_ZONE, default=None)
    place: Place | None = None
    parent: str | None = ref("event", default=None)
    participations: tuple[Participation, ...] = ()
    purposes: tuple[Purpose, ...] = ()
    themes: tuple[Theme, ...] = distinct()
    translations: tuple[Translation, ...] = ()
    aliases: tuple[str, ...] = nonblanks()
    identifiers: tuple[Identifier, ...] = ()
    evidence: tuple[Evidence, ...] = ()

    @sound_when("v_end_date is None and v_parent != v_id")
    def _relations(self) -> Iterable[Located]:
        if self.end_date is not None:
            if self.date is None:
                yield ("end_date",), "an end date needs a start date"
            elif self.end_date.latest < self.date.earliest:
                yield ("end_date",), f"{self.end_date} is before the date {self.date}"
        if self.parent == self.id:
            yield ("parent",), "an event cannot be its own parent"
