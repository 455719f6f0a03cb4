"""Re-anchoring spans after a source's text changes: reanchor and ``aigovernance reanchor``."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import aigovernance as ag
from aigovernance.authoring import SpanOutcome

from .command import run

Edit = tuple[int, int, str]  # replace text[start:end] with the string


def evidence_of(obj: Any) -> Iterator[ag.Evidence]:
    """Every piece of evidence ``obj`` holds, at any depth, in order."""
    for field in attrs.fields(type(obj)):
        value = getattr(obj, field.name)
        for item in value if isinstance(value, tuple) else (value,):
            if isinstance(item, ag.Evidence):
                yield item
            elif attrs.has(type(item)):
                yield from evidence_of(item)


def spans(ds: ag.Dataset, source: str) -> list[ag.Evidence]:
    return [e for r in ds.records for e in evidence_of(r) if e.source == source and e.quote]


def apply(text: str, edits: list[Edit]) -> str:
    for start, end, replacement in edits:
        text = text[:start] + replacement + text[end:]
    return text


def truth(start: int, end: int, edits: list[Edit]) -> tuple[str, int, int]:
    """Where a span is after the edits: ``intact``, ``inside`` (edited within) or ``gone``."""
    state = "intact"
    for i, j, replacement in edits:
        shift = len(replacement) - (j - i)
        if end <= i:
            continue
        if start >= j:
            start, end = start + shift, end + shift
        elif start < i and j < end:
            state, end = ("inside" if state == "intact" else "gone"), end + shift
        else:
            return "gone", -1, -1
    return state, start, end


def minimal(text: str, edit: Edit) -> Edit:
    """The same edit without the characters it leaves as they were at either end."""
    i, j, replacement = edit
    old = text[i:j]
    while old and replacement and old[0] == replacement[0]:
        i, old, replacement = i + 1, old[1:], replacement[1:]
    while old and replacement and old[-1] == replacement[-1]:
        j, old, replacement = j - 1, old[:-1], replacement[:-1]
    return i, j, replacement


# --------------------------------------------------------------------------- the seed


SEED = ag.datasets.load()
OLD = SEED.of_type(ag.Source)[0].text or ""
DELETED = (
    " Countries should jointly advance international cooperation on AI capacity-building to "
    "provide the wings of wisdom for common development."
)


def seed_edits() -> list[Edit]:
    assert OLD is not None
    typo = OLD.index("monitored, and traced") + len("monitored")
    gone = OLD.index(DELETED)
    note = "This readout was corrected on 2 October 2024.\n"
    # Applied in order, each on the text the one before left: back to front, then the top.
    return [(gone, gone + len(DELETED), ""), (typo, typo + 1, ""), (0, 0, note)]


def test_reanchoring_the_seed_after_three_corrections() -> None:
    assert OLD is not None
    edits = seed_edits()
    new_text = apply(OLD, edits)
    assert "monitored and traced" in new_text
    moved, report = ag.reanchor(SEED, "source:seed", new_text)

    assert ag.validate(moved) == ()
    new_source = moved["source:seed"]
    assert isinstance(new_source, ag.Source)
    assert new_source.text == new_text
    assert report.new_sha256 == new_source.sha256 != report.old_sha256

    old_spans = spans(SEED, "source:seed")
    assert len(report.spans) == len(old_spans)
    outcomes = set()
    for span, evidence in zip(report.spans, old_spans, strict=True):
        assert (span.old_start, span.old_end, span.old_quote) == (
            evidence.start,
            evidence.end,
            evidence.quote,
        )
        assert evidence.start is not None
        assert evidence.end is not None
        state, start, end = truth(evidence.start, evidence.end, edits)
        outcomes.add(span.outcome)
        if state == "intact":
            assert span.outcome is SpanOutcome.MOVED, span
            assert (span.new_start, span.new_end) == (start, end)
            assert span.new_quote == evidence.quote == new_text[start:end]
        elif state == "inside":
            assert span.outcome is SpanOutcome.AMENDED, span
            assert (span.new_start, span.new_end) == (start, end)
            assert span.new_quote == new_text[start:end]
            assert span.new_quote == span.old_quote.replace("monitored, and", "monitored and")
        else:
            assert span.outcome is SpanOutcome.ORPHANED, span
            assert span.new_quote is None
    assert outcomes == {SpanOutcome.MOVED, SpanOutcome.AMENDED, SpanOutcome.ORPHANED}

    # Exactly the spans of the deleted sentence are lost, each listed.
    gone = OLD.index(DELETED)
    overlapping = [
        e
        for e in old_spans
        if e.start is not None
        and e.end is not None
        and e.start < gone + len(DELETED)
        and e.end > gone
    ]
    assert [(s.old_start, s.old_quote) for s in report.lost] == [
        (e.start, e.quote) for e in overlapping
    ]
    assert len(overlapping) == 2
    assert not report.kept
    assert len(spans(moved, "source:seed")) == len(old_spans) - len(overlapping)
    lost = report.lost[0]
    assert lost.path.startswith("$.records[")
    assert moved.get(lost.record) is not None


def test_every_span_of_the_seed_carries_its_context() -> None:
    for evidence in spans(SEED, "source:seed"):
        assert evidence.start is not None
        assert evidence.end is not None
        assert evidence.prefix == (OLD[max(0, evidence.start - 32) : evidence.start] or None)
        assert evidence.suffix == (OLD[evidence.end : evidence.end + 32] or None)


def test_the_report_reads_as_text() -> None:
    _, report = ag.reanchor(SEED, "source:seed", apply(OLD, seed_edits()))
    text = str(report)
    first, *rest = text.splitlines()
    assert first.startswith("source:seed: ")
    assert "moved" in first
    assert "amended" in first
    assert "2 orphaned" in first
    assert any(line.startswith("orphaned") and "is gone" in line for line in rest)
    amended = [line for line in rest if line.startswith("amended")]
    assert amended
    assert all("monitored, and traced" in line for line in amended)
    assert all(line.endswith("-> '...can be monitored and traced, and...'") for line in amended)


def test_an_unchanged_text_keeps_every_span() -> None:
    same, report = ag.reanchor(SEED, "source:seed", OLD)
    assert same == SEED
    assert report.kept
    assert {s.outcome for s in report.spans} == {SpanOutcome.UNCHANGED}


def test_evidence_of_other_sources_is_untouched() -> None:
    moved, _ = ag.reanchor(SEED, "source:seed", "A different text altogether.")
    others = [e for r in SEED.records for e in evidence_of(r) if e.source != "source:seed"]
    assert others
    assert [e for r in moved.records for e in evidence_of(r) if e.source != "source:seed"] == (
        others
    )
    assert spans(moved, "source:seed") == []
    assert ag.validate(moved) == ()


def test_an_unknown_or_textless_source_is_refused() -> None:
    with pytest.raises(KeyError, match="no source 'source:nope'"):
        ag.reanchor(SEED, "source:nope", "")
    with pytest.raises(ValueError, match="holds no text"):
        ag.reanchor(SEED, "source:a-res-78-311", "")


# --------------------------------------------------------------------------- the rule


def one_span(text: str, quote: str, occurrence: int | None = None) -> ag.Dataset:
    source = ag.Source(id="source:s", title="S", text=text)
    return ag.Dataset(
        id="d",
        title="D",
        version="1",
        sources=(source,),
        records=(
            ag.State(
                id="state:KEN",
                name="Kenya",
                code="KEN",
                evidence=(source.cite(quote, occurrence=occurrence),),
            ),
        ),
    )


def test_a_name_occurring_twice_after_an_edit_is_reported_not_guessed() -> None:
    old = "The minister of Kenya met the press."
    new = old + " The minister of Kenya met the press."
    moved, report = ag.reanchor(one_span(old, "Kenya"), "source:s", new)
    (span,) = report.spans
    assert span.outcome is SpanOutcome.AMBIGUOUS
    assert [c.start for c in span.candidates] == [16, 53]
    assert moved["state:KEN"].evidence == ()
    assert "could be at 16:21" in str(report)


def test_a_name_that_also_occurs_elsewhere_moves_with_its_context() -> None:
    old = "Talks began in the capital that week. The delegation of Kenya arrived on Monday."
    new = "Kenya sent a note. " + old.replace("Monday", "Tuesday")
    _, report = ag.reanchor(one_span(old, "Kenya"), "source:s", new)
    (span,) = report.spans
    assert span.outcome is SpanOutcome.MOVED
    assert span.new_start == new.index("Kenya arrived")


def test_a_name_whose_context_changed_on_both_sides_is_ambiguous() -> None:
    old = "Ministers from Zambia, Kenya and Ghana met in Lusaka on the third of March."
    new = "On the third of March, ministers of Zambia, Kenya, Ghana met in Lusaka."
    _, report = ag.reanchor(one_span(old, "Kenya"), "source:s", new)
    assert report.spans[0].outcome is SpanOutcome.AMBIGUOUS


def test_a_context_that_did_not_tell_the_span_apart_before_does_not_move_it() -> None:
    lead = "After a long debate the chair called the "
    first = lead + "vote: yes, and the motion carried by a wide margin. "
    old = first + lead + "vote: yes, but the amendment failed after a recount."
    ds = one_span(old, "vote: yes", occurrence=2)
    # The second vote is gone; the first has the same text before it, as it always had.
    _, report = ag.reanchor(ds, "source:s", first)
    (span,) = report.spans
    assert span.outcome is SpanOutcome.AMBIGUOUS
    assert [c.start for c in span.candidates] == [len(lead)]


def test_a_span_that_does_not_quote_the_old_text_is_invalid() -> None:
    source = ag.Source(id="source:s", title="S", text="Kenya and Zambia")
    bad = ag.Evidence(source="source:s", start=0, end=5, quote="Ghana")
    ds = ag.Dataset(
        id="d",
        title="D",
        version="1",
        sources=(source,),
        records=(ag.State(id="state:KEN", name="Kenya", code="KEN", evidence=(bad,)),),
    )
    moved, report = ag.reanchor(ds, "source:s", "Ghana and Kenya and Zambia")
    assert report.spans[0].outcome is SpanOutcome.INVALID
    assert moved["state:KEN"].evidence == ()


def test_a_corrected_quote_is_amended_and_a_deleted_one_orphaned() -> None:
    old = "The council met in Lusaka. It adopted the plan of actoin unanimously. It closed."
    ds = one_span(old, "adopted the plan of actoin")
    _, report = ag.reanchor(ds, "source:s", old.replace("actoin", "action"))
    (span,) = report.spans
    assert span.outcome is SpanOutcome.AMENDED
    assert span.new_quote == "adopted the plan of action"
    _, report = ag.reanchor(ds, "source:s", old.replace(" It adopted the plan of actoin", ""))
    (span,) = report.spans
    assert span.outcome is SpanOutcome.ORPHANED
    assert span.new_start is None


# --------------------------------------------------------------------------- properties

WORDS = ["Kenya", "Zambia", " ", ". ", "met", "the", "a", "b", "\n", "Vučić", "人工智能"]
texts = st.lists(st.sampled_from(WORDS), max_size=40).map("".join) | st.text(max_size=80)


@st.composite
def cases(draw: st.DrawFn) -> tuple[ag.Dataset, str, list[Edit]]:
    text = draw(texts)
    source = ag.Source(id="source:s", title="S", text=text)
    evidence = []
    for _ in range(draw(st.integers(1, 6))):
        start = draw(st.integers(0, len(text)))
        end = draw(st.integers(start, len(text)))
        prefix, suffix = text[max(0, start - 32) : start], text[end : end + 32]
        evidence.append(
            ag.Evidence(
                source="source:s",
                start=start,
                end=end,
                quote=text[start:end],
                prefix=prefix or None,
                suffix=suffix or None,
            )
        )
    i = draw(st.integers(0, len(text)))
    j = draw(st.integers(i, min(len(text), i + 20)))
    a = draw(st.integers(0, len(text)))
    copied = text[a : draw(st.integers(a, len(text)))]
    replacement = draw(st.one_of(texts, st.just(copied), st.just(copied[::-1])))
    edit = minimal(text, (i, j, replacement))
    ds = ag.Dataset(
        id="d",
        title="D",
        version="1",
        sources=(source,),
        records=(ag.State(id="state:KEN", name="Kenya", code="KEN", evidence=tuple(evidence)),),
    )
    return ds, apply(text, [edit]), [edit]


@given(cases())
def test_spans_move_only_to_where_the_edit_put_them(
    case: tuple[ag.Dataset, str, list[Edit]],
) -> None:
    ds, new_text, edits = case
    moved, report = ag.reanchor(ds, "source:s", new_text)
    old_spans = list(ds.records[0].evidence)
    assert len(report.spans) == len(old_spans)  # nothing lost without a word
    kept = [s for s in report.spans if s.kept]
    assert len(moved.records[0].evidence) == len(kept)
    assert ag.validate(moved) == ()  # all evidence quotes the new text
    for span, evidence in zip(report.spans, old_spans, strict=True):
        assert evidence.start is not None
        assert evidence.end is not None
        state, start, end = truth(evidence.start, evidence.end, edits)
        if span.kept:
            assert span.new_start is not None
            assert span.new_end is not None
            assert new_text[span.new_start : span.new_end] == span.new_quote
        if span.outcome in (SpanOutcome.MOVED, SpanOutcome.UNCHANGED) and state == "intact":
            assert (span.new_start, span.new_end) == (start, end), (span, edits)
        if span.outcome is SpanOutcome.AMENDED:
            assert state != "intact"


# --------------------------------------------------------------------------- command line


def test_the_reanchor_command_exits_0_when_every_span_moved(tmp_path: Path) -> None:
    (tmp_path / "new.txt").write_bytes(("A new first line.\n" + OLD).encode())
    done = run("reanchor", "seed", "source:seed", "new.txt", "-o", "out.json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("source:seed: ")
    assert " moved" in done.stdout.splitlines()[0]
    out = ag.read(tmp_path / "out.json", ag.Dataset)
    assert out.of_type(ag.Source)[0].text == "A new first line.\n" + OLD
    assert ag.validate(out) == ()


def test_the_reanchor_command_exits_1_when_a_span_is_lost(tmp_path: Path) -> None:
    (tmp_path / "new.txt").write_bytes(apply(OLD, seed_edits()).encode())
    done = run("reanchor", "seed", "source:seed", "new.txt", "-o", "out.json", cwd=tmp_path)
    assert done.returncode == 1
    assert "2 orphaned" in done.stdout.splitlines()[0]
    assert sum(line.startswith("orphaned") for line in done.stdout.splitlines()) == 2
    assert ag.validate(ag.read(tmp_path / "out.json", ag.Dataset)) == ()


@pytest.mark.parametrize(
    "args",
    [
        ("reanchor", "seed", "source:nope", "new.txt", "-o", "out.json"),
        ("reanchor", "seed", "source:a-res-78-311", "new.txt", "-o", "out.json"),
        ("reanchor", "seed", "source:seed", "missing.txt", "-o", "out.json"),
        ("reanchor", "seed", "source:seed", "new.txt", "-o", "out.txt"),
    ],
)
def test_the_reanchor_command_exits_2_on_usage_errors(
    tmp_path: Path, args: tuple[str, ...]
) -> None:
    (tmp_path / "new.txt").write_text("text", encoding="utf-8")
    done = run(*args, cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.startswith("aigovernance: error: ")
    assert not (tmp_path / "out.json").exists()
