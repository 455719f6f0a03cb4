"""Semantic checks of a whole dataset: what a single record cannot know about itself."""

from __future__ import annotations

from typing import Any

from aigovernance._checking import Model, model_fields
from aigovernance._problems import Problem, did_you_mean, json_path, nearest
from aigovernance._values import Evidence
from aigovernance._vocabulary import EventKind
from aigovernance._world import check_published, check_world
from aigovernance.model import Dataset, Event, Instrument, PrincipleSet, Record, Source
from aigovernance.model._references import Path, walk
from aigovernance.model._sources import _sha256_of

__all__ = ["validate"]


def validate(dataset: Dataset, *, strict: bool = False) -> tuple[Problem, ...]:
    """Check a dataset as a whole; return every problem found, empty when sound.

    Checked: ids are unique; every id named exists and is a record of a type the field
    allows; evidence cites a source and quotes its text exactly at ``[start:end]``, with
    its ``prefix`` and ``suffix`` (where given) the text just before and after;
    sources' digests match their texts; principles are numbered 1 to n; sections hold
    no more items than declared; bilateral meetings have exactly two sides; events fall
    within the dates of the events they are part of; time zones are zones of the IANA
    database, country codes are ISO 3166-1 alpha-3 codes, and a group's size states in
    its text the count it carries.

    ``strict`` adds the profile for published data: every record and every
    participation cites evidence, and every source has its publication date.

    >>> import aigovernance as ag
    >>> ag.validate(ag.Dataset(id="empty", title="Empty", version="1"))
    ()
    """
    problems: list[Problem] = []
    add = problems.append
    first_seen: dict[str, Path] = {}
    nearest = _Nearest(dataset)
    for field, pool in (("sources", dataset.sources), ("records", dataset.records)):
        for index, record in enumerate(pool):
            path: Path = (field, index)
            if field == "records" and type(record) is Source:  # the model allows it there
                add(Problem(json_path(path), "a source belongs in $.sources"))
            if record.id in first_seen:
                add(
                    Problem(
                        json_path((*path, "id")),
                        f"duplicate id {record.id!r}, first at {json_path(first_seen[record.id])}",
                    )
                )
            else:
                first_seen[record.id] = path

    for index, source in enumerate(dataset.sources):
        if source.text is not None and source.sha256 is not None:
            digest = _sha256_of(source)
            if digest != source.sha256:
                add(
                    Problem(
                        json_path(("sources", index, "sha256")),
                        f"does not match the text, whose digest is {digest}",
                    )
                )

    for index, record in enumerate(dataset.records):
        base: Path = ("records", index)
        for holder, path, targets, value in walk(record, base):
            if targets is None:
                _check_evidence_fields(holder, path, add)
                continue
            if isinstance(holder, Evidence):
                _check_evidence(dataset, holder, path, add, nearest)
                continue
            target = dataset.get(value)
            if target is None:
                add(
                    Problem(
                        json_path(path),
                        f"refers to {value!r}, which is not in the dataset"
                        f"{nearest.suggest(value, targets)}",
                    )
                )
            elif target.type not in targets:
                expected = " or ".join(targets)
                add(
                    Problem(
                        json_path(path),
                        f"refers to {value!r}, {_a(target.type)}; expected {_a(expected)}",
                    )
                )
        if isinstance(record, PrincipleSet):
            _check_principles(record, base, add)
        elif isinstance(record, Instrument):
            _check_sections(record, base, add)
        elif isinstance(record, Event):
            _check_event(dataset, record, base, add)
    check_world(dataset, add)
    if strict:
        check_published(dataset, add)
    return tuple(problems)


class _Nearest:
    """Suggests, for an id that names no record, the nearest id of a type allowed there.

    The work is bounded: once :attr:`BUDGET` ids have been compared in one check of a
    dataset, later dangling ids get no suggestion, however many there are.
    """

    BUDGET = 20_000

    def __init__(self, dataset: Dataset) -> None:
        self._dataset = dataset
        self._by_type: dict[str, list[str]] | None = None
        self._left = self.BUDGET

    def suggest(self, value: str, targets: tuple[str, ...]) -> str:
        """``"; did you mean 'state:ZMB'?"``, or ``""`` when nothing is near or left."""
        if self._left <= 0:
            return ""
        if self._by_type is None:
            self._by_type = {}
            for record in (*self._dataset.sources, *self._dataset.records):
                self._by_type.setdefault(record.type, []).append(record.id)
        pools = [self._by_type.get(kind, []) for kind in targets]
        size = sum(map(len, pools))
        if size > self._left:
            self._left = 0
            return ""
        self._left -= size
        choices = [id for pool in pools for id in pool]
        # Ids of one type share their prefix ("state:"), which would make any two of them
        # look alike: compare what follows it, among the ids of the same type.
        prefix, colon, _ = value.partition(":")
        start = len(prefix) + len(colon)
        same = [id for id in choices if colon and id.startswith(value[:start])]
        if not same:
            return did_you_mean(value, choices)
        # What follows is often a short code ("ZMB"), where one letter weighs more.
        found = nearest(value[start:], [id[start:] for id in same], cutoff=0.6)
        return "" if found is None else f"; did you mean {value[:start] + found!r}?"


def _a(noun: str) -> str:
    """The noun with its indefinite article: "an event", "a person"."""
    return f"{'an' if noun[0] in 'aeiou' else 'a'} {noun}"


def _check_evidence(
    dataset: Dataset, evidence: Evidence, path: Path, add: Any, nearest: _Nearest
) -> None:
    source = dataset.get(evidence.source)
    if not isinstance(source, Source):
        what = "not in the dataset" if source is None else f"{_a(source.type)}, not a source"
        hint = nearest.suggest(evidence.source, ("source",)) if source is None else ""
        add(Problem(json_path(path), f"cites {evidence.source!r}, which is {what}{hint}"))
        return
    span = path[:-1]
    if source.text is None:
        if evidence.quote is not None:
            add(
                Problem(
                    json_path((*span, "quote")),
                    f"quotes {evidence.source!r}, whose text the dataset does not hold",
                )
            )
        return
    if evidence.start is None or evidence.end is None or evidence.quote is None:
        add(
            Problem(
                json_path((*span, "quote")),
                f"{evidence.source!r} holds its text: give the span start, end and quote",
            )
        )
        return
    actual = source.text[evidence.start : evidence.end]
    if evidence.end > len(source.text):
        add(
            Problem(
                json_path((*span, "end")),
                f"is past the end of the text ({len(source.text)} characters)",
            )
        )
    elif actual != evidence.quote:
        add(
            Problem(
                json_path((*span, "quote")),
                f"is not the text at {evidence.start}:{evidence.end}, which reads {actual!r}",
            )
        )
    else:
        _check_context(source.text, evidence, evidence.start, evidence.end, span, add)


def _check_context(
    text: str, evidence: Evidence, start: int, end: int, span: Path, add: Any
) -> None:
    """The prefix must end where the span starts, and the suffix start where it ends."""
    prefix, suffix = evidence.prefix, evidence.suffix
    if prefix is not None:
        before = text[max(0, start - len(prefix)) : start]
        if before != prefix:
            add(
                Problem(
                    json_path((*span, "prefix")),
                    f"is not the text before {start}, which reads {before!r}",
                )
            )
    if suffix is not None:
        after = text[end : end + len(suffix)]
        if after != suffix:
            add(
                Problem(
                    json_path((*span, "suffix")),
                    f"is not the text after {end}, which reads {after!r}",
                )
            )


def _check_evidence_fields(obj: Model, path: Path, add: Any) -> None:
    """Evidence naming fields must name fields of the object that holds it."""
    evidence_list: tuple[Evidence, ...] = getattr(obj, "evidence", ())
    if not evidence_list or not any(e.fields for e in evidence_list):
        return
    names = {a.name for a in model_fields(type(obj))}
    for index, evidence in enumerate(evidence_list):
        for position, name in enumerate(evidence.fields):
            if name not in names or name == "evidence":
                add(
                    Problem(
                        json_path((*path, "evidence", index, "fields", position)),
                        f"{type(obj).__name__} has no field {name!r}",
                    )
                )


def _check_principles(record: PrincipleSet, path: Path, add: Any) -> None:
    for index, principle in enumerate(record.principles):
        if principle.ordinal != index + 1:
            add(
                Problem(
                    json_path((*path, "principles", index, "ordinal")),
                    f"is {principle.ordinal}; principles are numbered 1 to n in order, "
                    f"so this one is {index + 1}",
                )
            )


def _check_sections(record: Instrument, path: Path, add: Any) -> None:
    for index, section in enumerate(record.sections):
        here = (*path, "sections", index)
        size = section.declared_size
        if size is not None and len(section.items) > size:
            add(
                Problem(
                    json_path((*here, "items")),
                    f"holds {len(section.items)} items but the section declares {size}",
                )
            )
        seen: set[int] = set()
        for position, item in enumerate(section.items):
            if item.ordinal is None:
                continue
            at = json_path((*here, "items", position, "ordinal"))
            if item.ordinal in seen:
                add(Problem(at, f"{item.ordinal} is used twice in the section"))
            elif size is not None and item.ordinal > size:
                add(Problem(at, f"{item.ordinal} is beyond the declared size {size}"))
            seen.add(item.ordinal)


def _check_event(dataset: Dataset, event: Event, path: Path, add: Any) -> None:
    if event.kind is EventKind.BILATERAL_MEETING:
        sides = {p.side for p in event.participations}
        if len(sides) != 2:
            add(
                Problem(
                    json_path((*path, "participations")),
                    f"a bilateral meeting has two sides, not {len(sides)}",
                )
            )
    parent = dataset.get(event.parent) if event.parent else None
    if isinstance(parent, Event):
        if event.date is not None and parent.date is not None:
            outer_end = parent.end_date or parent.date
            inner_end = event.end_date or event.date
            if event.date.earliest < parent.date.earliest or inner_end.latest > outer_end.latest:
                add(
                    Problem(
                        json_path((*path, "date")),
                        f"falls outside the dates of its parent {parent.id!r}",
                    )
                )
        seen = {event.id}
        ancestor: Record | None = parent
        while isinstance(ancestor, Event) and ancestor.parent:
            if ancestor.id in seen:
                add(Problem(json_path((*path, "parent")), "the chain of parents is a cycle"))
                break
            seen.add(ancestor.id)
            ancestor = dataset.get(ancestor.parent)
