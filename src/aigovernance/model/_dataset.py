"""The dataset: a versioned bundle of sources and the records that cite them."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cached_property
from typing import TYPE_CHECKING, Final, TypeVar

from attrs import frozen

from aigovernance._checking import Model, nonblank, pattern
from aigovernance._problems import json_path
from aigovernance._values import Evidence, PartialDate
from aigovernance._vocabulary import EventKind, Role
from aigovernance.model._actors import Group, Organization, Person, Post, State
from aigovernance.model._events import Event
from aigovernance.model._instruments import Instrument
from aigovernance.model._record import Record
from aigovernance.model._references import walk
from aigovernance.model._sources import Source
from aigovernance.model._statements import Commitment, PrincipleSet, Statement

if TYPE_CHECKING:
    from aigovernance.model._events import Participation

__all__ = ["SCHEMA_VERSION", "Dataset", "Reference", "Support"]

SCHEMA_VERSION: Final = "1.2"
"""The version of the data format this library writes: ``MAJOR.MINOR``."""

R = TypeVar("R", bound=Record)


@frozen(kw_only=True)
class Reference:
    """A place where one record names another by its id.

    Attributes:
        record: the id of the record that holds the reference.
        path: the JSON path of the reference within that record
            (``$.participations[0].actor``).
        target: the id named.
    """

    record: str
    path: str
    target: str


@frozen(kw_only=True)
class Support:
    """One piece of evidence, and what it supports.

    Attributes:
        record: the id of the record that holds the evidence.
        path: the JSON path within that record of the object the evidence supports:
            ``$`` for the record itself, ``$.sections[1].items[0]`` for a part of it.
        holder: that object (the record, a participation, a section item, ...).
        evidence: the evidence itself.
    """

    record: str
    path: str
    holder: Model
    evidence: Evidence

    @property
    def fields(self) -> tuple[str, ...]:
        """The fields of the holder the evidence supports; empty for all of it."""
        return self.evidence.fields


class _Index:
    """Who refers to whom, built in one walk over the dataset and then kept."""

    def __init__(self, dataset: Dataset) -> None:
        referrers: dict[str, list[Reference]] = {}
        supports: dict[str, list[Support]] = {}
        posts: dict[str, list[Post]] = {}
        statements: dict[str, list[Statement]] = {}
        commitments: dict[str, list[Commitment]] = {}
        events: dict[str, list[tuple[Event, Participation]]] = {}
        for record in (*dataset.sources, *dataset.records):
            held: dict[tuple[object, ...], Model] = {}
            for holder, path, targets, value in walk(record, ()):
                if targets is None:
                    held[path] = holder
                    continue
                referrers.setdefault(value, []).append(
                    Reference(record=record.id, path=json_path(path), target=value)
                )
                if isinstance(holder, Evidence):
                    # The path ends in ("evidence", index, "source"): the holder is above it.
                    owner = path[:-3]
                    supports.setdefault(value, []).append(
                        Support(
                            record=record.id,
                            path=json_path(owner),
                            holder=held[owner],
                            evidence=holder,
                        )
                    )
            if isinstance(record, Post) and record.holder is not None:
                posts.setdefault(record.holder, []).append(record)
            elif isinstance(record, Statement):
                for speaker in record.speakers:
                    statements.setdefault(speaker, []).append(record)
            elif isinstance(record, Commitment):
                for actor in record.actors:
                    commitments.setdefault(actor, []).append(record)
            elif isinstance(record, Event):
                for participation in record.participations:
                    sides = {participation.actor, participation.on_behalf_of}
                    for side in sides - {None}:
                        assert side is not None
                        events.setdefault(side, []).append((record, participation))
        self.referrers = {k: tuple(v) for k, v in referrers.items()}
        self.supports = {k: tuple(v) for k, v in supports.items()}
        self.posts = {k: tuple(v) for k, v in posts.items()}
        self.statements = {k: tuple(v) for k, v in statements.items()}
        self.commitments = {k: tuple(v) for k, v in commitments.items()}
        self.events = {k: tuple(v) for k, v in events.items()}


def _speech(term: object) -> str:
    return str(term).replace("-", " ")


def _and(names: list[str]) -> str:
    """``"A"``, ``"A and B"``, ``"A, B and C"``."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


@frozen(kw_only=True)
class Dataset(Model):
    """A versioned bundle of records and the sources their evidence cites.

    Records refer to each other by id; :func:`aigovernance.validate` checks that every id
    named exists with the right type. Lookups are by id and by record type:

    >>> import aigovernance as ag
    >>> ds = ag.Dataset(
    ...     id="example", title="Example", version="1",
    ...     records=(ag.State(id="state:CHN", name="China", code="CHN"),),
    ... )
    >>> ds["state:CHN"].name
    'China'
    >>> [s.id for s in ds.of_type(ag.State)]
    ['state:CHN']

    Attributes:
        schema_version: the version of the data format, always :data:`SCHEMA_VERSION`:
            documents of other versions are migrated as they are read.
        id: a short name for the dataset.
        title: a human-readable title.
        version: the version of the data (any text: "2024.1", "3").
        description: what the dataset holds.
        sources: the documents evidence points into.
        records: the records, in any order.
    """

    # Documents of other versions are migrated to this one as they are read.
    schema_version: str = nonblank(
        pattern(re.escape(SCHEMA_VERSION), f"the version this library writes ({SCHEMA_VERSION})"),
        default=SCHEMA_VERSION,
    )
    id: str = nonblank(pattern(r"[a-z0-9][a-z0-9._-]*", "a lower-case dataset name"))
    title: str = nonblank()
    version: str = nonblank()
    description: str | None = nonblank(default=None)
    sources: tuple[Source, ...] = ()
    records: tuple[Record, ...] = ()

    @cached_property
    def _by_id(self) -> dict[str, Record]:
        index: dict[str, Record] = {}
        for record in (*self.sources, *self.records):
            index.setdefault(record.id, record)
        return index

    def __getitem__(self, id: str) -> Record:
        """The source or record with this id.

        Raises:
            KeyError: no source or record has the id.
        """
        return self._by_id[id]

    def __contains__(self, id: object) -> bool:
        return id in self._by_id

    def __iter__(self) -> Iterator[Record]:
        """The records (not the sources), in order."""
        return iter(self.records)

    def __len__(self) -> int:
        """How many records (not sources) the dataset holds."""
        return len(self.records)

    def get(self, id: str) -> Record | None:
        """The source or record with this id, or ``None``."""
        return self._by_id.get(id)

    def of_type(self, cls: type[R]) -> tuple[R, ...]:
        """The records that are instances of ``cls``, in order (sources for ``Source``)."""
        pool = self.sources if cls is Source else self.records
        return tuple(r for r in pool if isinstance(r, cls))

    def _repr_html_(self) -> str | None:
        """A compact display for notebooks; ``None`` (plain ``repr``) without jinja2."""
        from aigovernance.report import dataset_html

        return dataset_html(self)

    # -- navigation, over one index made on first use ---------------------------------

    @cached_property
    def _index(self) -> _Index:
        return _Index(self)

    def label(self, id: str) -> str:
        """A short, readable name for the source or record with this id, whatever its type.

        A person's name (or description), the name of a state, organization or group, the
        title of a post, event, instrument, principle set or source, a commitment's text;
        for a statement, who spoke and how ("what Wang Yi announced").

        >>> import aigovernance as ag
        >>> ds = ag.datasets.load()
        >>> ds.label("person:wang-yi"), ds.label("state:ZMB")
        ('Wang Yi', 'Zambia')

        Raises:
            KeyError: no source or record has the id.
        """
        record = self[id]
        if isinstance(record, Person):
            return record.name or record.description or id
        if isinstance(record, (State, Organization, Group)):
            return record.name
        if isinstance(record, (Post, Event, Instrument, PrincipleSet, Source)):
            return record.title
        if isinstance(record, Commitment):
            return record.text
        if isinstance(record, Statement):
            speakers = [self.label(s) if s in self else s for s in record.speakers]
            return f"what {_and(speakers)} {_speech(record.speech_act)}"
        return id

    def referrers(self, id: str) -> tuple[Reference, ...]:
        """Every place where a record (or source) names ``id``, in dataset order.

        Each :class:`Reference` gives the referring record's id and the field's JSON path
        within it. Evidence citing a source counts too (``$.evidence[0].source``); see
        :meth:`supported_by` for what that evidence supports.

        >>> import aigovernance as ag
        >>> ds = ag.datasets.load()
        >>> [(r.record, r.path) for r in ds.referrers("post:china-foreign-minister")][:1]
        [('event:hlm-ai-capacity-building-2024', '$.participations[2].capacities[0]')]
        """
        return self._index.referrers.get(id, ())

    def posts_of(self, actor: str) -> tuple[Post, ...]:
        """The posts whose holder is ``actor``, in dataset order.

        >>> import aigovernance as ag
        >>> [p.title for p in ag.datasets.load().posts_of("person:wang-yi")]
        ['Member of the Political Bureau of the CPC Central Committee', 'Foreign Minister']
        """
        return self._index.posts.get(actor, ())

    def statements_by(self, actor: str) -> tuple[Statement, ...]:
        """The statements of which ``actor`` is a speaker, alone or jointly, in dataset order.

        >>> import aigovernance as ag
        >>> len(ag.datasets.load().statements_by("person:wang-yi"))
        4
        """
        return self._index.statements.get(actor, ())

    def commitments_by(self, actor: str) -> tuple[Commitment, ...]:
        """The commitments that ``actor`` makes, alone or jointly, in dataset order.

        >>> import aigovernance as ag
        >>> [c.id for c in ag.datasets.load().commitments_by("state:CHN")][:1]
        ['commitment:china-ai-for-the-people']
        """
        return self._index.commitments.get(actor, ())

    def events_of(
        self,
        actor: str,
        *,
        role: Role | None = None,
        kind: EventKind | None = None,
        on: PartialDate | str | None = None,
    ) -> tuple[Event, ...]:
        """The events in which ``actor`` took part, or was represented, in dataset order.

        An event counts when one of its participations names ``actor`` as its actor or as
        the one it acted on behalf of (a state is in the meetings its minister attended
        for it). ``role`` keeps the events where such a participation has that role,
        ``kind`` those of that kind.

        ``on`` keeps the events that *may* have taken place on that date: those whose
        dates overlap it. An event dated ``2024-09`` is kept for ``on="2024-09-25"``, and
        an event of 24 to 26 September for ``on="2024-09-25"`` too; an event without a
        date is not kept. To keep only events known to lie within a date, test
        :meth:`PartialDate.contains` on what this returns.

        >>> import aigovernance as ag
        >>> ds = ag.datasets.load()
        >>> [e.id for e in ds.events_of("state:ZMB", role=ag.Role.CO_HOST)]
        ['event:hlm-ai-capacity-building-2024',
         'event:friends-ai-capacity-building-first-meeting-2024']

        Raises:
            ValueError: ``on`` is text that is not a date of the form YYYY, YYYY-MM or
                YYYY-MM-DD.
        """
        when = PartialDate.parse(on) if isinstance(on, str) else on
        found: dict[str, Event] = {}
        for event, participation in self._index.events.get(actor, ()):
            if event.id in found:
                continue
            if role is not None and participation.role is not role:
                continue
            if kind is not None and event.kind is not kind:
                continue
            if when is not None and not _overlaps(event, when):
                continue
            found[event.id] = event
        return tuple(found.values())

    def supported_by(self, source: str) -> tuple[Support, ...]:
        """What the evidence citing ``source`` supports: one :class:`Support` per citation.

        Each names the record, the path of the object within it that the evidence
        supports, that object, and the evidence (with its span and fields). The items of
        an instrument's sections that a source itself lists are those whose holder is a
        :class:`~aigovernance.SectionItem`: the readout declares the plan's ten actions
        but lists none of them.

        >>> import aigovernance as ag
        >>> ds = ag.datasets.load()
        >>> plan = "instrument:ai-capacity-building-action-plan"
        >>> [(s.path, s.evidence.quote) for s in ds.supported_by("source:seed")
        ...  if s.record == plan and isinstance(s.holder, ag.Section)]
        [('$.sections[0]', 'presents five major visions'),
         ('$.sections[1]', 'outlines ten actions')]
        >>> [s for s in ds.supported_by("source:seed") if isinstance(s.holder, ag.SectionItem)]
        []
        """
        return self._index.supports.get(source, ())


def _overlaps(event: Event, when: PartialDate) -> bool:
    """Whether the days the event may have taken place on include any of ``when``'s."""
    if event.date is None:
        return False
    last = event.end_date or event.date
    return event.date.earliest <= when.latest and when.earliest <= last.latest
