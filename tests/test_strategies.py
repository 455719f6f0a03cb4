"""The public strategies generate only valid values, reach the edges, and are registered."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import textwrap
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, find, given, settings
from hypothesis import strategies as st

import aigovernance as ag
from aigovernance import strategies as ags

RecordStrategy = Callable[..., st.SearchStrategy[Any]]

# Record strategies that take ``within`` and the record class each one yields.
RECORD_STRATEGIES: list[tuple[RecordStrategy, type[ag.Record]]] = [
    (ags.persons, ag.Person),
    (ags.states, ag.State),
    (ags.organizations, ag.Organization),
    (ags.groups, ag.Group),
    (ags.posts, ag.Post),
    (ags.events, ag.Event),
    (ags.statements, ag.Statement),
    (ags.principle_sets, ag.PrincipleSet),
    (ags.commitments, ag.Commitment),
    (ags.instruments, ag.Instrument),
]


def test_every_public_strategy_has_a_docstring_with_an_example() -> None:
    for name in ags.__all__:
        doc = getattr(ags, name).__doc__
        assert doc, name
    with_examples = [name for name in ags.__all__ if ">>>" in (getattr(ags, name).__doc__ or "")]
    assert len(with_examples) >= 20


@given(ags.datasets())
def test_generated_datasets_validate_clean(dataset: ag.Dataset) -> None:
    assert ag.validate(dataset) == ()


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_a_record_generated_within_a_dataset_keeps_it_valid(data: st.DataObject) -> None:
    dataset = data.draw(ags.datasets(max_records=6), label="dataset")
    record = data.draw(ags.records(within=dataset), label="record")
    grown = ag.Dataset(
        id=dataset.id,
        title=dataset.title,
        version=dataset.version,
        sources=dataset.sources,
        records=(*dataset.records, record),
    )
    assert ag.validate(grown) == ()


@pytest.mark.parametrize(("strategy", "cls"), RECORD_STRATEGIES, ids=lambda x: x.__name__)
@given(data=st.data())
def test_each_record_strategy_yields_its_class(
    strategy: RecordStrategy, cls: type[ag.Record], data: st.DataObject
) -> None:
    record = data.draw(strategy())
    assert type(record) is cls
    assert record.id.startswith(f"{cls.type}:")


@pytest.mark.parametrize(
    "strategy", [ags.posts, ags.statements, ags.commitments, ags.participations]
)
def test_a_record_that_needs_an_actor_or_owner_refuses_an_empty_dataset(
    strategy: RecordStrategy,
) -> None:
    with pytest.raises(ValueError, match="needs a"):
        strategy(within=ag.Dataset(id="empty", title="Empty", version="1"))


def test_bad_arguments_are_refused_at_once() -> None:
    with pytest.raises(ValueError, match="not record types"):
        ags.record_ids("planet")
    with pytest.raises(ValueError, match="after"):
        ags.partial_dates(min_value=dt.date(2025, 1, 1), max_value=dt.date(2024, 1, 1))
    with pytest.raises(ValueError, match="at least one source"):
        ags.evidence(sources=[])
    with pytest.raises(ValueError, match="0 or more"):
        ags.datasets(max_records=-1)


@given(ags.partial_dates(min_value=dt.date(2024, 9, 1), max_value=dt.date(2024, 9, 30)))
def test_partial_dates_stay_within_their_bounds(date: ag.PartialDate) -> None:
    assert dt.date(2024, 9, 1) <= date.earliest
    assert date.latest <= dt.date(2024, 9, 30)


@given(ags.evidence(sources=[ag.Source(id="source:s", title="S", text="王毅 said so.")]))
def test_evidence_within_sources_quotes_a_real_span(evidence: ag.Evidence) -> None:
    assert evidence.start is not None
    assert evidence.end is not None
    assert evidence.quote == "王毅 said so."[evidence.start : evidence.end]


@given(ags.evidence(sources=[ag.Source(id="source:s", title="S")]))
def test_evidence_of_a_source_without_text_has_no_span(evidence: ag.Evidence) -> None:
    assert (evidence.start, evidence.end, evidence.quote) == (None, None, None)


@given(ags.events())
def test_bilateral_meetings_have_two_sides(event: ag.Event) -> None:
    if event.kind is ag.EventKind.BILATERAL_MEETING:
        assert len({p.side for p in event.participations}) == 2


# The edges are reachable: each is found by a search of the default strategy.
EDGES: list[tuple[str, st.SearchStrategy[Any], Callable[[Any], bool]]] = [
    ("year 1", ags.partial_dates(), lambda d: d.year == 1),
    ("year 9999", ags.partial_dates(), lambda d: d.year == 9999),
    ("leap day", ags.partial_dates(), lambda d: (d.month, d.day) == (2, 29)),
    ("year only", ags.partial_dates(), lambda d: d.month is None),
    ("Chinese text", ags.nonblank_text(), lambda s: any("\u4e00" <= c <= "\u9fff" for c in s)),
    ("non-BMP text", ags.nonblank_text(), lambda s: any(ord(c) > 0xFFFF for c in s)),
    ("Chinese translation", ags.translations(), lambda t: t.lang.startswith("zh")),
    ("about", ags.quantities(), lambda q: q.qualifier is ag.Qualifier.ABOUT),
    ("explicit bounds", ags.quantities(), lambda q: None not in (q.lower, q.upper)),
    ("source without text", ags.sources(), lambda s: s.text is None),
    ("empty source text", ags.sources(), lambda s: s.text == ""),
    ("no records", ags.datasets(), lambda ds: not ds.records),
    ("quoted evidence", ags.datasets(), lambda ds: any(e.quote for r in ds for e in r.evidence)),
    (
        "bilateral meeting",
        ags.datasets(),
        lambda ds: any(
            isinstance(r, ag.Event) and r.kind is ag.EventKind.BILATERAL_MEETING for r in ds
        ),
    ),
    (
        "dated event within a dated parent",
        ags.datasets(),
        lambda ds: any(
            isinstance(r, ag.Event) and r.parent and r.date and ds[r.parent].date for r in ds
        ),
    ),
    (
        "section with fewer items than declared",
        ags.instruments(),
        lambda i: any(
            s.declared_size is not None and 0 < s.known < s.declared_size for s in i.sections
        ),
    ),
]


@pytest.mark.parametrize(
    ("strategy", "condition"), [e[1:] for e in EDGES], ids=[e[0] for e in EDGES]
)
def test_edges_are_generated(
    strategy: st.SearchStrategy[Any], condition: Callable[[Any], bool]
) -> None:
    find(
        strategy,
        condition,
        settings=settings(
            max_examples=2000,
            database=None,
            phases=[Phase.generate],
            suppress_health_check=list(HealthCheck),
        ),
    )


def test_from_type_works_without_importing_the_strategies() -> None:
    """The ``hypothesis`` entry point registers the strategies when Hypothesis loads."""
    script = textwrap.dedent(
        """
        import sys
        from hypothesis import given, settings, strategies as st
        import aigovernance as ag

        assert "aigovernance.strategies" not in sys.modules

        @settings(max_examples=5, database=None)
        @given(st.from_type(ag.Dataset), st.from_type(ag.Record), st.from_type(ag.PartialDate))
        def check(ds, record, date):
            assert ag.validate(ds) == ()
            assert ag.from_json(ag.to_json(ds), ag.Dataset) == ds
            assert isinstance(record, ag.Record)
            assert isinstance(date, ag.PartialDate)

        check()
        print("registered")
        """
    )
    env = {k: v for k, v in os.environ.items() if k != "HYPOTHESIS_NO_PLUGINS"}
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "registered"


@pytest.mark.parametrize(
    "date",
    [ag.PartialDate(year=9999, month=12, day=31), ag.PartialDate(year=1)],
    ids=["9999-12-31", "0001"],
)
def test_match_handles_events_at_the_ends_of_the_calendar(date: ag.PartialDate) -> None:
    event = ag.Event(id="event:e", kind=ag.EventKind.SUMMIT, title="Summit", date=date)
    dataset = ag.Dataset(id="d", title="D", version="1", records=(event,))
    assert [m.record for m in ag.match(dataset, dataset)] == ["event:e"]
