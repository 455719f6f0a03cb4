"""Instruments: resolutions, initiatives, action plans, declarations and their parts."""

from __future__ import annotations

from typing import ClassVar

from attrs import frozen

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
from aigovernance._values import Evidence, Identifier, PartialDate, Quantity, Translation
from aigovernance._vocabulary import InstrumentKind, Theme
from aigovernance.model._record import ACTOR_TYPES, Record

__all__ = ["Instrument", "Section", "SectionItem"]


@frozen(kw_only=True)
class SectionItem(Model):
    """One item of a :class:`Section` (one of an action plan's "ten actions").

    Attributes:
        ordinal: its number in the section, from 1, where the source gives it.
        title: its title.
        description: what it says at more length.
        translations: the title in other languages.
        evidence: spans that support it.
    """

    ordinal: int | None = checked(at_least(1), default=None)
    title: str = nonblank()
    description: str | None = nonblank(default=None)
    translations: tuple[Translation, ...] = ()
    evidence: tuple[Evidence, ...] = ()


@frozen(kw_only=True)
class Section(Model):
    """A numbered part of an instrument whose size may be known before its items are.

    "Five major visions ... and ten actions" are two sections with declared sizes 5 and
    10; the items a source does not list are left out, not invented, so ``items`` may
    hold fewer than ``declared_size``.

    Attributes:
        name: what the items are ("visions", "actions").
        declared_size: how many items the instrument says there are.
        items: the items that are known.
        evidence: spans that support the declared size.
    """

    name: str = nonblank()
    declared_size: int | None = checked(at_least(0), default=None)
    items: tuple[SectionItem, ...] = ()
    evidence: tuple[Evidence, ...] = ()

    @property
    def known(self) -> int:
        """How many items are known."""
        return len(self.items)


@frozen(kw_only=True)
class Instrument(Record):
    """A governance document: a resolution, initiative, action plan, declaration.

    Attributes:
        id: ``instrument:<name>``.
        kind: what sort of document it is.
        title: its title in English.
        symbol: its document symbol (``A/RES/78/311``), if it has one.
        date: when it was adopted, announced or proposed.
        revision_dates: when it was revised since, in order.
        event: the id of the event at which it was adopted or announced.
        issuers: ids of the actors that adopted or issued it.
        proposers: ids of the actors that proposed or sponsored it.
        cosponsor_count: how many co-sponsors it had, as a source counts them, where
            they are not all named.
        sections: its numbered parts.
        cites: ids of other instruments it cites.
        themes: the themes it concerns.
        translations: the title in other languages.
        aliases: other names or titles sources give it.
        identifiers: ids elsewhere.
        evidence: spans that support the record.
    """

    type: ClassVar[str] = "instrument"

    id: str = record_id("instrument")
    kind: InstrumentKind
    title: str = nonblank()
    symbol: str | None = nonblank(default=None)
    date: PartialDate | None = None
    revision_dates: tuple[PartialDate, ...] = distinct()
    event: str | None = ref("event", default=None)
    issuers: tuple[str, ...] = refs(*ACTOR_TYPES)
    proposers: tuple[str, ...] = refs(*ACTOR_TYPES)
    cosponsor_count: Quantity | None = None
    sections: tuple[Section, ...] = ()
    cites: tuple[str, ...] = refs("instrument")
    themes: tuple[Theme, ...] = distinct()
    translations: tuple[Translation, ...] = ()
    aliases: tuple[str, ...] = nonblanks()
    identifiers: tuple[Identifier, ...] = ()
    evidence: tuple[Evidence, ...] = ()
