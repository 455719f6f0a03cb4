"""What the review page shows, worked out from a dataset before any HTML is written.

Everything here is plain data (text, numbers, anchors); the templates turn it into
markup and escape every value on the way. Nothing in this module writes HTML.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, Final, NamedTuple
from urllib.parse import quote

from attrs import frozen

from aigovernance._checking import REFS, Model, model_fields
from aigovernance._problems import Problem
from aigovernance._values import Evidence, Identifier, PartialDate, Quantity, Translation
from aigovernance._vocabulary import Confidence
from aigovernance.model import Dataset, Event, Record, Source

__all__ = ["Card", "Page", "cards", "page"]

_RECORD_PATH: Final = re.compile(r"\$\.(records|sources)\[(\d+)\]")

# The types in the order their sections appear, and the heading of each.
_SECTIONS: Final = {
    "event": "Events",
    "statement": "Statements",
    "commitment": "Commitments",
    "principle-set": "Principle sets",
    "instrument": "Instruments",
    "person": "People",
    "state": "States",
    "organization": "Organizations",
    "group": "Groups",
    "post": "Posts",
}

_RANK: Final = {Confidence.HIGH: 3, Confidence.MEDIUM: 2, Confidence.LOW: 1}

TIMELINE_ROWS: Final = 200
"""The most events the timeline draws; the rest are counted beside it."""

GRAPH_NODES: Final = 60
"""The most actors the picture of who met whom draws, those with most partners first."""

PAIR_ROWS: Final = 500
"""The most pairs the list of who met whom shows."""


# --------------------------------------------------------------------------- values


class Text(NamedTuple):
    """Plain text from the data."""

    text: str


class Link(NamedTuple):
    """A reference to another record: its label and the anchor of its card (or None)."""

    label: str
    target: str
    href: str | None


class Row(NamedTuple):
    """One field of a card: its name and what it holds (several items for a tuple)."""

    name: str
    items: tuple[Text | Link | Group, ...]


class Group(NamedTuple):
    """A nested object (a participation, a place, a section): its rows and citations."""

    rows: tuple[Row, ...]
    cites: tuple[int, ...]


# --------------------------------------------------------------------------- evidence


class Citation(NamedTuple):
    """One piece of evidence in one record, numbered across the page from 1.

    ``start`` and ``end`` are set when the span reads its quote in the source's text,
    and so is highlighted there.
    """

    number: int
    record: str
    record_anchor: str | None
    record_label: str
    path: str
    fields: tuple[str, ...]
    confidence: str
    source: str
    quote: str | None
    start: int | None
    end: int | None


class Segment(NamedTuple):
    """A stretch of a source's text and the citations whose spans cover all of it.

    ``opens`` are the citations whose spans start here; ``link`` is the one the
    stretch links to without JavaScript (the shortest covering it).
    """

    text: str
    cites: tuple[int, ...]
    opens: tuple[int, ...]
    link: int | None
    shade: str
    depth: int
    uncovered: bool


@frozen(kw_only=True)
class SourceView:
    """A source: its facts, its text cut into segments, and the citations of it."""

    source: Source
    anchor: str
    facts: tuple[tuple[str, str], ...]
    url: str | None
    segments: tuple[Segment, ...]
    citations: tuple[Citation, ...]
    highlighted: int
    uncovered: int
    uncovered_passages: int
    problems: tuple[Problem, ...]


# --------------------------------------------------------------------------- cards


class Backlink(NamedTuple):
    """A record that refers to this one, and the field where it does."""

    link: Link
    path: str


@frozen(kw_only=True)
class Card:
    """A record as the page shows it."""

    record: Record
    anchor: str
    label: str
    rows: tuple[Row, ...]
    citations: tuple[Citation, ...]
    posts: tuple[Link, ...]
    referrers: tuple[Backlink, ...]
    problems: tuple[Problem, ...]


@frozen(kw_only=True)
class TypeSection:
    """The cards of one record type."""

    type: str
    heading: str
    anchor: str
    cards: tuple[Card, ...]


# --------------------------------------------------------------------------- pictures


@frozen(kw_only=True)
class Bar:
    """One event on the timeline: where its bar lies and where its label goes."""

    link: Link
    when: str
    exact: bool
    x: float
    width: float
    y: float
    label_x: float
    anchor: str


@frozen(kw_only=True)
class Tick:
    """A labelled mark on the timeline's axis."""

    x: float
    label: str


@frozen(kw_only=True)
class Timeline:
    """The events with dates, each drawn over the days its dates may denote."""

    width: int
    height: int
    axis_y: float
    bars: tuple[Bar, ...]
    ticks: tuple[Tick, ...]
    undated: tuple[Link, ...]
    left_out: int


@frozen(kw_only=True)
class Node:
    """An actor in the picture of who met whom."""

    link: Link
    x: float
    y: float
    label_x: float
    label_y: float
    anchor: str
    partners: int


@frozen(kw_only=True)
class Edge:
    """Two actors who took part in the same events."""

    a: Link
    b: Link
    x1: float
    y1: float
    x2: float
    y2: float
    events: tuple[Link, ...]


@frozen(kw_only=True)
class Graph:
    """Who met whom: actors as points round a circle, a line for each pair."""

    size: int
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    pairs: tuple[Edge, ...]
    left_out_nodes: int
    left_out_pairs: int


# --------------------------------------------------------------------------- page


@frozen(kw_only=True)
class Page:
    """Everything the review page shows, in the order it shows it."""

    dataset: Dataset
    counts: tuple[tuple[str, str, int], ...]
    sources: tuple[SourceView, ...]
    sections: tuple[TypeSection, ...]
    timeline: Timeline
    graph: Graph
    problems: tuple[tuple[Problem, str | None], ...]
    citations: int
    highlighted: int


def page(dataset: Dataset, problems: Sequence[Problem]) -> Page:
    """Work out the page for ``dataset``, with the problems ``validate`` found in it."""
    return _Builder(dataset, problems).build()


def cards(dataset: Dataset, limit: int, prefix: str) -> tuple[Card, ...]:
    """The cards of the first ``limit`` records, their anchors starting with ``prefix``."""
    builder = _Builder(dataset, (), prefix)
    shown = list(zip(builder.record_anchors, dataset.records, strict=True))[:limit]
    for anchor, record in shown:
        builder._cite(record, anchor)
    return tuple(builder._card(record, anchor) for anchor, record in shown)


class _Builder:
    def __init__(self, dataset: Dataset, problems: Sequence[Problem], prefix: str = "") -> None:
        self.ds = dataset
        self.anchors: dict[str, str] = {}
        self.record_anchors: list[str] = []
        self.source_anchors: list[str] = []
        taken: Counter[str] = Counter()
        for pool, out in (
            (dataset.sources, self.source_anchors),
            (dataset.records, self.record_anchors),
        ):
            for record in pool:
                taken[record.id] += 1
                # A duplicate id (validate reports it) still gets a card of its own.
                anchor = prefix + (
                    record.id if taken[record.id] == 1 else f"{record.id}~{taken[record.id]}"
                )
                self.anchors.setdefault(record.id, anchor)
                out.append(anchor)
        self.labels: dict[str, str] = {}
        self.problems_at: dict[str, list[Problem]] = {}
        self.problem_list: list[tuple[Problem, str | None]] = []
        for problem in problems:
            where = _RECORD_PATH.match(problem.path)
            at: str | None = None
            if where is not None:
                among = self.source_anchors if where[1] == "sources" else self.record_anchors
                index = int(where[2])
                if index < len(among):
                    at = among[index]
            if at is not None:
                self.problems_at.setdefault(at, []).append(problem)
            self.problem_list.append((problem, at))
        self.citations: dict[str, list[Citation]] = {}  # by record anchor
        self.by_source: dict[str, list[Citation]] = {}
        self.count = 0
        self.texts = {s.id: s.text for s in dataset.sources}

    def label(self, id: str) -> str:
        found = self.labels.get(id)
        if found is None:
            found = self.ds.label(id) if id in self.ds else id
            self.labels[id] = found
        return found

    def link(self, id: str) -> Link:
        return Link(label=self.label(id), target=id, href=self.anchors.get(id))

    def build(self) -> Page:
        ds = self.ds
        for source in ds.sources:
            self.by_source.setdefault(source.id, [])
        # Citations are numbered in the order of the records, so that the numbers of a
        # record's evidence run together; each source's share is then in text order.
        for anchor, record in zip(self.record_anchors, ds.records, strict=True):
            self._cite(record, anchor)
        for anchor, source in zip(self.source_anchors, ds.sources, strict=True):
            self._cite(source, anchor)
        sources = tuple(
            self._source(source, anchor)
            for source, anchor in zip(ds.sources, self.source_anchors, strict=True)
        )
        sections = self._sections()
        counts = tuple(
            (tag, heading, n)
            for tag, heading in _SECTIONS.items()
            if (n := sum(1 for r in ds.records if r.type == tag))
        )
        highlighted = sum(s.highlighted for s in sources)
        return Page(
            dataset=ds,
            counts=counts,
            sources=sources,
            sections=sections,
            timeline=self._timeline(),
            graph=self._graph(),
            problems=tuple(self.problem_list),
            citations=self.count,
            highlighted=highlighted,
        )

    # -- citations ------------------------------------------------------------------

    def _cite(self, record: Record, anchor: str) -> None:
        """Number every piece of evidence the record holds, at any depth."""
        texts = self.texts
        mine = self.citations.setdefault(anchor, [])
        for holder, path, evidence in _evidence(record, "$"):
            del holder
            self.count += 1
            text = texts.get(evidence.source)
            start, end = evidence.start, evidence.end
            sound = (
                text is not None
                and start is not None
                and end is not None
                and 0 <= start <= end <= len(text)
                and text[start:end] == evidence.quote
            )
            citation = Citation(
                number=self.count,
                record=record.id,
                record_anchor=anchor,
                record_label=self.label(record.id),
                path=path,
                fields=evidence.fields,
                confidence=str(evidence.confidence),
                source=evidence.source,
                quote=evidence.quote,
                start=start if sound else None,
                end=end if sound else None,
            )
            mine.append(citation)
            self.by_source.setdefault(evidence.source, []).append(citation)

    def _source(self, source: Source, anchor: str) -> SourceView:
        citations = sorted(
            self.by_source.get(source.id, ()),
            key=lambda c: (c.start is None, c.start or 0, -(c.end or 0), c.number),
        )
        segments: tuple[Segment, ...] = ()
        uncovered = passages = 0
        if source.text is not None:
            segments = tuple(_segments(source.text, citations))
            gaps = [s for s in segments if s.uncovered]
            uncovered = sum(len(s.text) for s in gaps)
            passages = len(gaps)
        facts = tuple(
            (name, value)
            for name, value in (
                ("publisher", source.publisher),
                ("published", source.published and str(source.published)),
                ("language", source.language),
                ("sha256", source.sha256),
            )
            if value
        )
        # Percent-encoded, so that the link holds no quote, angle bracket or control.
        url = source.url if source.url and _WEB.match(source.url) else None
        if url is not None:
            url = quote(url, safe="!#$%&'()*+,/:;=?@[]~")
        return SourceView(
            source=source,
            anchor=anchor,
            facts=facts,
            url=url,
            segments=segments,
            citations=tuple(citations),
            highlighted=sum(1 for c in citations if c.start is not None),
            uncovered=uncovered,
            uncovered_passages=passages,
            problems=tuple(self.problems_at.get(anchor, ())),
        )

    # -- cards ----------------------------------------------------------------------

    def _sections(self) -> tuple[TypeSection, ...]:
        by_type: dict[str, list[Card]] = {}
        for anchor, record in zip(self.record_anchors, self.ds.records, strict=True):
            by_type.setdefault(record.type, []).append(self._card(record, anchor))
        order = [*_SECTIONS, *sorted(set(by_type) - set(_SECTIONS))]
        return tuple(
            TypeSection(
                type=tag,
                heading=_SECTIONS.get(tag, tag),
                anchor=f"type-{tag}",
                cards=tuple(by_type[tag]),
            )
            for tag in order
            if tag in by_type
        )

    def _card(self, record: Record, anchor: str) -> Card:
        citations = self.citations.get(anchor, [])
        numbers = _Numbers(citations)
        rows = tuple(self._rows(record, "$", numbers, top=True))
        seen: set[tuple[str, str]] = set()
        referrers = []
        for reference in self.ds.referrers(record.id):
            key = (reference.record, reference.path)
            if key not in seen:
                seen.add(key)
                referrers.append(Backlink(link=self.link(reference.record), path=reference.path))
        label = self.label(record.id) if self.ds.get(record.id) is record else _own_label(record)
        # The heading shows the label: a name or title that is the label is not repeated.
        rows = tuple(
            row
            for row in rows
            if not (row.name in ("name", "title") and row.items == (Text(label),))
        )
        return Card(
            record=record,
            anchor=anchor,
            label=label,
            rows=rows,
            citations=tuple(citations),
            posts=tuple(self.link(post.id) for post in self.ds.posts_of(record.id)),
            referrers=tuple(referrers),
            problems=tuple(self.problems_at.get(anchor, ())),
        )

    def _rows(
        self, obj: Model, path: str, numbers: _Numbers, *, top: bool = False
    ) -> Iterator[Row]:
        for field in model_fields(type(obj)):
            name = field.name
            if name == "evidence" or (top and name == "id"):
                continue
            value = getattr(obj, name)
            if value is None or value == ():
                continue
            many = isinstance(value, tuple)
            values = value if many else (value,)
            items: list[Text | Link | Group] = []
            for index, item in enumerate(values):
                here = f"{path}.{name}[{index}]" if many else f"{path}.{name}"
                if field.metadata.get(REFS) is not None:
                    items.append(self.link(item))
                else:
                    items.append(self._value(item, here, numbers))
            yield Row(name=name.replace("_", " "), items=tuple(items))

    def _value(self, value: Any, path: str, numbers: _Numbers) -> Text | Group:
        if isinstance(value, PartialDate):
            return Text(value.isoformat())
        if isinstance(value, Quantity):
            bounds = value.bounds
            shown = value.text or f"{value.qualifier} {value.value}"
            span = f"{bounds[0] if bounds[0] is not None else '…'} to "
            span += f"{bounds[1] if bounds[1] is not None else '…'}"
            unit = f" {value.unit}" if value.unit else ""
            return Text(f"{shown}{unit} ({span})")
        if isinstance(value, Identifier):
            return Text(f"{value.scheme} {value.value}")
        if isinstance(value, Translation):
            return Text(f"{value.lang}: {value.text}")
        if isinstance(value, Model):
            return Group(rows=tuple(self._rows(value, path, numbers)), cites=numbers.at(path))
        return Text(str(value))

    # -- timeline -------------------------------------------------------------------

    def _timeline(self) -> Timeline:
        events = list(self.ds.of_type(Event))
        dated = sorted(
            (e for e in events if e.date is not None),
            key=lambda e: (_first(e), _last(e), e.id),
        )
        undated = tuple(self.link(e.id) for e in events if e.date is None)
        shown = dated[:TIMELINE_ROWS]
        left, plot, row = 8.0, 640.0, 30.0
        width = int(left * 2 + plot + 48)  # room for the last month's name
        if not shown:
            return Timeline(
                width=width, height=0, axis_y=0, bars=(), ticks=(), undated=undated, left_out=0
            )
        first = min(_first(e) for e in shown)
        last = max(_last(e) for e in shown)
        days = (last - first).days + 1
        scale = plot / days
        bars = []
        for index, event in enumerate(shown):
            start = (_first(event) - first).days
            span = (_last(event) - _first(event)).days + 1
            x = left + start * scale
            bar_width = max(span * scale, 4.0)
            y = 34.0 + index * row
            exact = (
                event.date is not None
                and event.date.day is not None
                and (event.end_date is None or event.end_date.day is not None)
            )
            when = str(event.date) + (f" to {event.end_date}" if event.end_date else "")
            on_right = x < left + plot / 2
            bars.append(
                Bar(
                    link=self.link(event.id),
                    when=when,
                    exact=exact,
                    x=round(x, 1),
                    width=round(bar_width, 1),
                    y=y,
                    label_x=round(x if on_right else x + bar_width, 1),
                    anchor="start" if on_right else "end",
                )
            )
        height = int(34 + len(shown) * row + 6)
        return Timeline(
            width=width,
            height=height,
            axis_y=20.0,
            bars=tuple(bars),
            ticks=tuple(_ticks(first, last, left, scale)),
            undated=undated,
            left_out=len(dated) - len(shown),
        )

    # -- who met whom -----------------------------------------------------------------

    def _graph(self) -> Graph:
        met: dict[tuple[str, str], list[str]] = {}
        for event in self.ds.of_type(Event):
            actors = sorted({p.actor for p in event.participations})
            for i, a in enumerate(actors):
                for b in actors[i + 1 :]:
                    met.setdefault((a, b), []).append(event.id)
        partners: Counter[str] = Counter()
        for a, b in met:
            partners[a] += 1
            partners[b] += 1
        ranked = sorted(partners, key=lambda a: (-partners[a], self.label(a), a))
        chosen = ranked[:GRAPH_NODES]
        # Round the circle in order of who meets whom most, so hubs sit apart.
        radius = 190.0
        centre = radius + 30
        size = int(2 * centre)
        import math

        places: dict[str, tuple[float, float, float]] = {}
        nodes = []
        for index, actor in enumerate(chosen):
            angle = 2 * math.pi * index / max(len(chosen), 1) - math.pi / 2
            x, y = centre + radius * math.cos(angle), centre + radius * math.sin(angle)
            places[actor] = (x, y, angle)
            lx, ly = (
                centre + (radius + 12) * math.cos(angle),
                centre + (radius + 12) * math.sin(angle),
            )
            nodes.append(
                Node(
                    link=self.link(actor),
                    x=round(x, 1),
                    y=round(y, 1),
                    label_x=round(lx, 1),
                    label_y=round(ly + 4, 1),
                    anchor="start" if math.cos(angle) >= -1e-9 else "end",
                    partners=partners[actor],
                )
            )
        ordered = sorted(met.items(), key=lambda kv: (-len(kv[1]), kv[0]))
        edges = []
        for (a, b), ids in ordered:
            if a in places and b in places:
                edges.append(
                    Edge(
                        a=self.link(a),
                        b=self.link(b),
                        x1=round(places[a][0], 1),
                        y1=round(places[a][1], 1),
                        x2=round(places[b][0], 1),
                        y2=round(places[b][1], 1),
                        events=tuple(self.link(i) for i in ids),
                    )
                )
        pairs = tuple(
            Edge(
                a=self.link(a),
                b=self.link(b),
                x1=0,
                y1=0,
                x2=0,
                y2=0,
                events=tuple(self.link(i) for i in ids),
            )
            for (a, b), ids in ordered[:PAIR_ROWS]
        )
        return Graph(
            size=size,
            nodes=tuple(nodes),
            edges=tuple(edges),
            pairs=pairs,
            left_out_nodes=len(ranked) - len(chosen),
            left_out_pairs=len(ordered) - len(pairs),
        )


_WEB: Final = re.compile(r"https?://")


class _Numbers:
    """The citation numbers of a record's evidence, by the path of the object holding it."""

    def __init__(self, citations: Iterable[Citation]) -> None:
        self.by_path: dict[str, list[int]] = {}
        for citation in citations:
            self.by_path.setdefault(citation.path, []).append(citation.number)

    def at(self, path: str) -> tuple[int, ...]:
        return tuple(self.by_path.get(path, ()))


def _own_label(record: Record) -> str:
    """A label for a record whose id another record took first (a duplicate)."""
    for name in ("name", "title", "text", "description"):
        value = getattr(record, name, None)
        if isinstance(value, str):
            return value
    return record.id


_FIELDS: dict[type, tuple[tuple[str, str, bool], ...]] = {}


def _fields(cls: type) -> tuple[tuple[str, str, bool], ...]:
    """The fields of a model class: name, name as shown, whether it holds ids."""
    found = _FIELDS.get(cls)
    if found is None:
        found = tuple(
            (f.name, f.name.replace("_", " "), f.metadata.get(REFS) is not None)
            for f in model_fields(cls)
        )
        _FIELDS[cls] = found
    return found


def _evidence(obj: Model, path: str) -> Iterator[tuple[Model, str, Evidence]]:
    """Every piece of evidence ``obj`` holds, with its holder's JSON path, depth first."""
    for name, _, is_ref in _fields(type(obj)):
        if is_ref:
            continue
        value = getattr(obj, name)
        if name == "evidence":
            for evidence in value:
                yield obj, path, evidence
            continue
        if isinstance(value, Model) and not isinstance(value, (PartialDate, Quantity)):
            yield from _evidence(value, f"{path}.{name}")
        elif isinstance(value, tuple) and value and isinstance(value[0], Model):
            for index, item in enumerate(value):
                yield from _evidence(item, f"{path}.{name}[{index}]")


def _segments(text: str, citations: Sequence[Citation]) -> Iterator[Segment]:
    """Cut ``text`` where any span starts or ends; say which citations cover each piece."""
    spans = [c for c in citations if c.start is not None and c.end is not None]
    # An empty span marks a place, not a stretch: it gets an anchor there and no colour.
    points: dict[int, list[int]] = {}
    for c in spans:
        if c.start == c.end:
            assert c.start is not None
            points.setdefault(c.start, []).append(c.number)
    spans = [c for c in spans if c.start != c.end]
    cuts = {0, len(text), *points}
    starts: dict[int, list[Citation]] = {}
    ends: dict[int, list[Citation]] = {}
    for c in spans:
        assert c.start is not None
        assert c.end is not None
        cuts.update((c.start, c.end))
        starts.setdefault(c.start, []).append(c)
        ends.setdefault(c.end, []).append(c)
    open_: dict[int, Citation] = {}
    bounds = sorted(cuts)
    for here, after in itertools.pairwise(bounds):
        for c in ends.get(here, ()):
            open_.pop(c.number, None)
        opening = starts.get(here, ())
        for c in opening:
            open_[c.number] = c
        piece = text[here:after]
        marks = tuple(points.get(here, ()))
        if not open_:
            yield Segment(
                text=piece,
                cites=(),
                opens=marks,
                link=None,
                shade="",
                depth=0,
                uncovered=not piece.isspace(),
            )
            continue
        covering = sorted(open_)
        best = max(open_.values(), key=lambda c: _RANK.get(Confidence(c.confidence), 0))
        shortest = min(open_.values(), key=lambda c: ((c.end or 0) - (c.start or 0), c.number))
        yield Segment(
            text=piece,
            cites=tuple(covering),
            opens=tuple(sorted([*marks, *(c.number for c in opening)])),
            link=shortest.number,
            shade=best.confidence,
            depth=min(len({(c.start, c.end) for c in open_.values()}), 4),
            uncovered=False,
        )
    if len(text) in points:
        end = tuple(points[len(text)])
        yield Segment(text="", cites=(), opens=end, link=None, shade="", depth=0, uncovered=False)


def _first(event: Event) -> dt.date:
    assert event.date is not None
    return event.date.earliest


def _last(event: Event) -> dt.date:
    assert event.date is not None
    return (event.end_date or event.date).latest


_MONTHS: Final = [
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
]


def _ticks(first: dt.date, last: dt.date, left: float, scale: float) -> Iterator[Tick]:
    """Marks at the start of each month (or year, over a long stretch) within the axis."""
    years = last.year - first.year
    step = 1 if years < 3 else max(1, years // 8) * 12
    month: dt.date | None = dt.date(first.year, first.month, 1)
    if month is not None and month < first:
        month = _add_months(month, 1)
    while month is not None and month <= last:
        if step > 1 and month.month != 1:
            month = _add_months(month, 13 - month.month)
            continue
        label = f"{_MONTHS[month.month - 1]} {month.year}" if step == 1 else str(month.year)
        yield Tick(x=round(left + (month - first).days * scale, 1), label=label)
        month = _add_months(month, step)


def _add_months(day: dt.date, months: int) -> dt.date | None:
    """The first of the month ``months`` after ``day``'s; None beyond the year 9999."""
    index = day.month - 1 + months
    if day.year + index // 12 > dt.MAXYEAR:
        return None
    return dt.date(day.year + index // 12, index % 12 + 1, 1)
