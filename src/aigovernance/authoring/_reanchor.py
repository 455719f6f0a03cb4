"""Re-anchoring: moving the spans on a source to their places in its corrected text.

A span is found again by its quote and its *context*, the text just before and after it
in the old text (up to :data:`~aigovernance.authoring._quotes.CONTEXT` characters each
side, fewer at the ends of the text). The rule, for each span on the source:

1. The *candidates* are the occurrences of the quote in the new text. A candidate is
   supported on a side when the new text beside it equals the old context on that side;
   a context cut short by the start of the old text agrees only with a candidate at the
   start of the new text, and likewise at the end.
2. The span *moves* (or is *unchanged*, at the same offsets) when exactly one candidate
   is supported on any side, and in the old text no other occurrence of the quote was
   supported on those same sides; so a span moves only where the new text tells it
   apart as surely as the old text did. Several supported candidates, or candidates
   none of which is supported, or a context that did not tell the span apart before
   either: the span is *ambiguous*, and its candidates are reported.
3. A quote that no longer occurs may have been corrected itself: when the old context
   before it occurs exactly once in the new text (and once in the old), the old context
   after it occurs exactly once after that, and the text between them is at least
   :data:`AMENDED` alike the old quote (its share of characters in common, as difflib
   matches them), the span is *amended* to that text. Otherwise it is *orphaned*,
   with the nearest passage as a hint.

A span whose quote is not the old text at its offsets is *invalid*: reported, never
guessed at. Each span is located with a few :meth:`str.find` loops over the texts.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator
from itertools import islice
from typing import Any, Final

import attrs
from attrs import frozen

from aigovernance._problems import PathPart, json_path
from aigovernance._values import Evidence
from aigovernance.authoring._quotes import (
    CONTEXT,
    Passage,
    _passage,
    context,
    nearest,
    occurrences,
    similarity,
)
from aigovernance.model import Dataset, Record, Source
from aigovernance.model._references import _plan  # the fields that hold ids, at any depth

__all__ = ["AMENDED", "ReanchorReport", "SpanOutcome", "SpanReport", "reanchor"]

AMENDED: Final = 0.8
"""How alike (the share of characters in common, 0 to 1, as difflib matches them) the
text between a span's old contexts must be to its old quote for the span to be amended
to it."""

_LONGEST: Final = 10_000  # the longest quote looked for as amended: its ratio is quadratic
_LISTED: Final = 5  # candidates shown per span in the text of a report


class SpanOutcome(str, enum.Enum):
    """What became of one span when its source's text changed."""

    UNCHANGED = "unchanged"
    """Same offsets, same quote."""
    MOVED = "moved"
    """Same quote, new offsets."""
    AMENDED = "amended"
    """The quote itself was corrected: new offsets and a new quote."""
    AMBIGUOUS = "ambiguous"
    """The quote occurs, but its context does not tell which occurrence is the span."""
    ORPHANED = "orphaned"
    """The quote is gone from the text."""
    INVALID = "invalid"
    """The quote was not the old text at its offsets."""

    def __str__(self) -> str:
        return str(self.value)


_KEPT: Final = frozenset({SpanOutcome.UNCHANGED, SpanOutcome.MOVED, SpanOutcome.AMENDED})


@frozen(kw_only=True)
class SpanReport:
    """The outcome for one span of evidence.

    Attributes:
        record: the id of the record that holds the evidence.
        path: the JSON path of the evidence in the dataset given
            (``$.records[3].evidence[0]``).
        outcome: what became of it.
        old_start: its start in the old text.
        old_end: its end in the old text.
        old_quote: its quote.
        new_start: its start in the new text; ``None`` unless it was kept.
        new_end: its end in the new text; ``None`` unless it was kept.
        new_quote: its quote in the new text (differs from ``old_quote`` only when
            amended); ``None`` unless it was kept.
        candidates: for an ambiguous span, the occurrences it could be; for an orphaned
            one, the nearest passage, if any is close.
    """

    record: str
    path: str
    outcome: SpanOutcome
    old_start: int
    old_end: int
    old_quote: str
    new_start: int | None = None
    new_end: int | None = None
    new_quote: str | None = None
    candidates: tuple[Passage, ...] = ()

    @property
    def kept(self) -> bool:
        """Whether the span is in the new dataset: unchanged, moved or amended."""
        return self.outcome in _KEPT

    def __str__(self) -> str:
        head = f"{self.outcome!s:<9}  {self.path} ({self.record}) {self.old_start}:{self.old_end}"
        quote = _short(self.old_quote)
        if self.outcome is SpanOutcome.AMENDED:
            was, now = _changed(self.old_quote, self.new_quote or "")
            return f"{head} -> {self.new_start}:{self.new_end} {was} -> {now}"
        if self.kept:
            return f"{head} -> {self.new_start}:{self.new_end} {quote}"
        shown = "; ".join(str(c) for c in self.candidates[:_LISTED])
        more = len(self.candidates) - _LISTED
        if more > 0:
            shown += f"; and {more} more"
        if self.outcome is SpanOutcome.AMBIGUOUS:
            return f"{head} {quote} could be at {shown}"
        if self.outcome is SpanOutcome.ORPHANED:
            return f"{head} {quote} is gone" + (f"; nearest: {shown}" if shown else "")
        return f"{head} {quote} is not the old text there"


def _changed(old: str, new: str, shown: int = 16) -> tuple[str, str]:
    """The part of two quotes that differs, with a few characters either side."""
    head = 0
    while head < min(len(old), len(new)) and old[head] == new[head]:
        head += 1
    tail = 0
    while tail < min(len(old), len(new)) - head and old[-1 - tail] == new[-1 - tail]:
        tail += 1
    begin, lead = max(0, head - shown), "..." if head > shown else ""
    trail = "..." if tail > shown else ""

    def part(text: str) -> str:
        return repr(lead + text[begin : len(text) - max(0, tail - shown)] + trail)

    return part(old), part(new)


def _short(quote: str | None, limit: int = 60) -> str:
    text = quote or ""
    return repr(text if len(text) <= limit else text[: limit - 3] + "...")


@frozen(kw_only=True)
class ReanchorReport:
    """What :func:`reanchor` did with every span on a source.

    ``str(report)`` is a readable account: a line of counts, then one line for each
    span that changed or was lost.

    Attributes:
        source: the id of the source whose text changed.
        old_sha256: the digest of the old text.
        new_sha256: the digest of the new text.
        spans: the outcome of every span on the source, in the order of the dataset.
    """

    source: str
    old_sha256: str
    new_sha256: str
    spans: tuple[SpanReport, ...] = ()

    @property
    def kept(self) -> bool:
        """Whether every span was kept (unchanged, moved or amended)."""
        return all(span.kept for span in self.spans)

    @property
    def lost(self) -> tuple[SpanReport, ...]:
        """The spans that are not in the new dataset: ambiguous, orphaned or invalid."""
        return tuple(span for span in self.spans if not span.kept)

    def __str__(self) -> str:
        counts = dict.fromkeys(SpanOutcome, 0)
        for span in self.spans:
            counts[span.outcome] += 1
        shown = ", ".join(f"{n} {outcome}" for outcome, n in counts.items() if n)
        total = len(self.spans)
        lines = [f"{self.source}: {total} span{'' if total == 1 else 's'}: {shown or 'none'}"]
        lines.extend(str(span) for span in self.spans if span.outcome is not SpanOutcome.UNCHANGED)
        return "\n".join(lines)


def reanchor(dataset: Dataset, source_id: str, new_text: str) -> tuple[Dataset, ReanchorReport]:
    """Move the spans on a source to their places in a new text of it.

    For a source that was corrected or republished: the source gets ``new_text`` and
    its digest, and each span on it moves to where its quote and context put it in the
    new text, or is reported. The context is the old text's 32 characters either side
    of the span (fewer at the ends of the text). The rule:

    * a span *moves* (or is *unchanged*) when exactly one occurrence of its quote in the
      new text has the old context on either side, and no other occurrence had that
      context on those sides in the old text;
    * it is *ambiguous* when its quote occurs but the context does not single one out;
    * it is *amended* when its quote is gone but its old contexts before and after each
      occur once in the new text, around text at least :data:`AMENDED` alike it;
    * it is *orphaned* when its quote is gone otherwise, and *invalid* when its quote
      was not the old text at its span.

    So no span is ever moved onto a passage its context does not single out: a quote
    that now occurs twice with nothing to tell them apart is reported, not guessed.

    The new dataset holds only evidence that quotes the new text: a span that could not
    be kept is removed from its record, and listed in the report with its record, path
    and quote. Evidence on other sources is untouched.

    >>> import aigovernance as ag
    >>> source = ag.Source(id="source:note", title="Note", text="Zambia co-hosted it.")
    >>> ds = ag.Dataset(id="note", title="Note", version="1", sources=(source,), records=(
    ...     ag.State(id="state:ZMB", name="Zambia", code="ZMB",
    ...              evidence=(source.cite("Zambia"),)),))
    >>> new, report = ag.reanchor(ds, "source:note", "China and Zambia co-hosted it.")
    >>> new["state:ZMB"].evidence[0].start, report.kept
    (10, True)

    Raises:
        KeyError: the dataset holds no source ``source_id``.
        ValueError: the source holds no text to re-anchor spans in.
    """
    source = dataset.get(source_id)
    if not isinstance(source, Source):
        raise KeyError(f"the dataset holds no source {source_id!r}")
    if source.text is None or source.sha256 is None:
        raise ValueError(f"{source_id} holds no text, so no spans to re-anchor")
    moving = _Reanchoring(source.text, new_text, source_id)
    records = tuple(
        moving.record(record, ("records", index)) for index, record in enumerate(dataset.records)
    )
    new_source = attrs.evolve(source, text=new_text, sha256=None)  # its digest is recomputed
    assert new_source.sha256 is not None
    sources = tuple(new_source if s is source else s for s in dataset.sources)
    report = ReanchorReport(
        source=source_id,
        old_sha256=source.sha256,
        new_sha256=new_source.sha256,
        spans=tuple(moving.spans),
    )
    return attrs.evolve(dataset, sources=sources, records=records), report


class _Reanchoring:
    """One pass over a dataset, moving the spans on one source."""

    def __init__(self, old: str, new: str, source: str) -> None:
        self.old, self.new, self.source = old, new, source
        self.spans: list[SpanReport] = []
        self.record_id = ""

    def record(self, record: Record, path: tuple[PathPart, ...]) -> Record:
        self.record_id = record.id
        rebuilt: Record = self.rebuild(record, path)
        return rebuilt

    def rebuild(self, obj: Any, path: tuple[PathPart, ...]) -> Any:
        """``obj`` with its evidence on the source moved; ``obj`` itself if none changed."""
        changes: dict[str, Any] = {}
        for name, targets, many in _plan(type(obj)):
            value = getattr(obj, name)
            if targets is not None or value is None:
                continue  # ids, not objects
            if not many:
                if (rebuilt := self.rebuild(value, (*path, name))) is not value:
                    changes[name] = rebuilt
                continue
            items, changed = [], False
            for index, item in enumerate(value):
                here = (*path, name, index)
                if isinstance(item, Evidence):
                    rebuilt = self.evidence(item, here)
                else:
                    rebuilt = self.rebuild(item, here)
                changed = changed or rebuilt is not item
                if rebuilt is not None:
                    items.append(rebuilt)
            if changed:
                changes[name] = tuple(items)
        return attrs.evolve(obj, **changes) if changes else obj

    def evidence(self, evidence: Evidence, path: tuple[PathPart, ...]) -> Evidence | None:
        start, end, quote = evidence.start, evidence.end, evidence.quote
        if evidence.source != self.source or start is None or end is None or quote is None:
            return evidence
        report = self.locate(start, end, quote)
        self.spans.append(attrs.evolve(report, record=self.record_id, path=json_path(path)))
        if not report.kept:
            return None
        assert report.new_start is not None
        assert report.new_end is not None
        assert report.new_quote is not None
        prefix, suffix = context(self.new, report.new_start, report.new_end)
        return attrs.evolve(
            evidence,
            start=report.new_start,
            end=report.new_end,
            quote=report.new_quote,
            prefix=prefix,
            suffix=suffix,
        )

    def locate(self, start: int, end: int, quote: str) -> SpanReport:
        old, new = self.old, self.new
        found = _Span(old, start, end)
        kept: dict[str, Any] = {"record": "", "path": "", "old_start": start, "old_end": end}
        kept["old_quote"] = quote
        if end > len(old) or old[start:end] != quote:
            return SpanReport(outcome=SpanOutcome.INVALID, **kept)
        m = len(quote)
        candidates = list(occurrences(new, quote)) if quote else list(range(len(new) + 1))
        sides = {at: found.support(new, at) for at in candidates}
        supported = [at for at in candidates if sides[at]]
        if len(supported) == 1:
            at = supported[0]
            rivals = [o for o in _occurrences(old, quote) if sides[at] <= found.support(old, o)]
            if rivals == [start]:
                outcome = SpanOutcome.UNCHANGED if at == start else SpanOutcome.MOVED
                return SpanReport(
                    outcome=outcome, new_start=at, new_end=at + m, new_quote=quote, **kept
                )
        if candidates:
            shown = supported if len(supported) > 1 else candidates
            return SpanReport(
                outcome=SpanOutcome.AMBIGUOUS,
                candidates=tuple(_passage(new, at, at + m) for at in shown),
                **kept,
            )
        amended = found.amended(new, quote)
        if amended is not None:
            begin, finish = amended
            return SpanReport(
                outcome=SpanOutcome.AMENDED,
                new_start=begin,
                new_end=finish,
                new_quote=new[begin:finish],
                **kept,
            )
        return SpanReport(
            outcome=SpanOutcome.ORPHANED, candidates=nearest(new, quote, limit=1), **kept
        )


def _occurrences(text: str, quote: str) -> Iterator[int]:
    return occurrences(text, quote) if quote else iter(range(len(text) + 1))


class _Span:
    """A span's context in the old text, and where the new text agrees with it."""

    def __init__(self, old: str, start: int, end: int) -> None:
        self.length = end - start
        self.before = old[max(0, start - CONTEXT) : start]
        self.after = old[end : end + CONTEXT]
        # A context cut short by an end of the text is anchored to that end.
        self.at_start = start < CONTEXT
        self.at_end = end + CONTEXT > len(old)
        self.old = old
        self.start = start

    def support(self, text: str, at: int) -> frozenset[str]:
        """The sides on which ``text`` agrees with the old context of a span at ``at``."""
        sides = set()
        begin = at - len(self.before)
        if begin >= 0 and (begin == 0 or not self.at_start) and text[begin:at] == self.before:
            sides.add("before")
        end = at + self.length
        finish = end + len(self.after)
        if (finish == len(text) or not self.at_end) and text[end:finish] == self.after:
            sides.add("after")
        return frozenset(sides)

    def amended(self, new: str, quote: str) -> tuple[int, int] | None:
        """The span of the new text between the old contexts, if it is the quote corrected."""
        before, after = self.before, self.after
        if len(quote) > _LONGEST:
            return None
        if self.at_start:
            begin = len(before) if new.startswith(before) else -1
        else:
            if len(list(islice(occurrences(self.old, before), 2))) != 1:
                return None  # the context did not single the span out in the old text
            starts = list(islice(occurrences(new, before), 2))
            begin = starts[0] + len(before) if len(starts) == 1 else -1
        if begin < 0:
            return None
        if self.at_end:
            finish = len(new) - len(after) if new.endswith(after) else -1
        else:
            first = new.find(after, begin)
            finish = first if first != -1 and new.find(after, first + 1) == -1 else -1
        if finish < begin or finish - begin > 2 * len(quote) + CONTEXT:
            return None
        if similarity(quote, new[begin:finish]) < AMENDED:
            return None
        return begin, finish
