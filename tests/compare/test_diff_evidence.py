from __future__ import annotations

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import aigovernance as ag
from aigovernance.compare import ChangeKind, EvidenceVerdict

strategies = pytest.importorskip("aigovernance.strategies")

V = EvidenceVerdict


@pytest.fixture(scope="module")
def seed() -> ag.Dataset:
    ds = ag.datasets.load()
    assert isinstance(ds, ag.Dataset)
    return ds


def _replace(ds: ag.Dataset, record: ag.Record) -> ag.Dataset:
    return attrs.evolve(ds, records=tuple(record if r.id == record.id else r for r in ds.records))


def _source(ds: ag.Dataset) -> ag.Source:
    (source,) = (s for s in ds.sources if s.id == "source:seed")
    return source


def test_a_fact_changed_with_the_same_evidence_is_flagged(seed: ag.Dataset) -> None:
    g20 = seed["event:g20-fmm-2024"]
    assert isinstance(g20, ag.Event)
    d = ag.diff(seed, _replace(seed, attrs.evolve(g20, date=ag.PartialDate.parse("2024-09-24"))))
    assert d.verdicts == (V.SAME,)
    assert d.unsupported == d.changes
    assert "! same evidence as before: no new source supports this" in d.report()
    assert "evidence" not in str(d)  # the plain report is today's


def test_a_fact_changed_with_new_evidence_for_it_is_not_flagged(seed: ag.Dataset) -> None:
    g20 = seed["event:g20-fmm-2024"]
    assert isinstance(g20, ag.Event)
    cited = _source(seed).cite("On September 25, 2024", "date")
    edited = attrs.evolve(g20, date=ag.PartialDate.parse("2024-09-24"), evidence=(cited,))
    d = ag.diff(seed, _replace(seed, edited))
    verdicts = {c.path.rsplit(".", 1)[-1]: d.verdict(c) for c in d.changes}
    assert verdicts["date"] is V.CHANGED
    # The changes of the evidence itself are the evidence: no verdict of their own.
    assert all(d.verdict(c) is None for c in d.changes if ".evidence" in c.path)
    assert "    evidence changed too" in d.report()


def test_evidence_for_another_field_does_not_count(seed: ag.Dataset) -> None:
    g20 = seed["event:g20-fmm-2024"]
    assert isinstance(g20, ag.Event)
    cited = _source(seed).cite("On September 25, 2024", "place")
    edited = attrs.evolve(
        g20, date=ag.PartialDate.parse("2024-09-24"), evidence=(*g20.evidence, cited)
    )
    d = ag.diff(seed, _replace(seed, edited))
    (date,) = (c for c in d.changes if c.path.endswith(".date"))
    assert d.verdict(date) is V.SAME


def test_a_participation_is_judged_by_its_own_evidence_too(seed: ag.Dataset) -> None:
    meeting = seed["event:hlm-ai-capacity-building-2024"]
    assert isinstance(meeting, ag.Event)
    first = meeting.participations[0]
    quiet = attrs.evolve(first, role=ag.Role.ATTENDEE)
    d = ag.diff(
        seed,
        _replace(seed, attrs.evolve(meeting, participations=(quiet, *meeting.participations[1:]))),
    )
    assert [(c.kind, c.path.rsplit(".", 1)[-1]) for c in d.changes] == [
        (ChangeKind.CHANGED, "role")
    ]
    assert d.verdicts == ((V.SAME,) if first.evidence or meeting.evidence else (V.NONE,))


def test_facts_without_any_evidence_say_so() -> None:
    a = ag.State(id="state:ZMB", name="Zambia", code="ZMB")
    d = ag.diff(a, attrs.evolve(a, name="Republic of Zambia"))
    assert d.verdicts == (V.NONE,)
    assert "! no evidence supports this in either version" in d.report()


def test_header_and_whole_records_have_no_verdict(seed: ag.Dataset) -> None:
    b = attrs.evolve(seed, version="2", records=seed.records[1:])
    d = ag.diff(seed, b)
    assert [c.kind for c in d.changes] == [ChangeKind.CHANGED, ChangeKind.REMOVED]
    assert d.verdicts == (None, None)
    assert d.report() == str(d)


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_every_change_has_one_verdict_and_the_patch_is_untouched(data: st.DataObject) -> None:
    a = data.draw(strategies.datasets())
    b = data.draw(st.just(a) | strategies.datasets())
    d = ag.diff(a, b)
    assert len(d.verdicts) == len(d.changes)
    for change, verdict in zip(d.changes, d.verdicts, strict=True):
        if ".evidence" in change.path or change.kind is ChangeKind.REORDERED:
            assert verdict is None
    assert d.report(evidence=False) == str(d)
