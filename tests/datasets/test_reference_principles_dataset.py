"""Questions to the reference principle sets: the OECD AI Principles and UNESCO's."""

from __future__ import annotations

from typing import TypeVar

import pytest

import aigovernance as ag

R = TypeVar("R", bound=ag.Record)

OECD = (
    "Inclusive growth, sustainable development and well-being",
    "Human rights and democratic values, including fairness and privacy",
    "Transparency and explainability",
    "Robustness, security and safety",
    "Accountability",
)
UNESCO = (
    "Proportionality and do no harm",
    "Safety and security",
    "Right to privacy and data protection",
    "Multi-stakeholder and adaptive governance and collaboration",
    "Responsibility and accountability",
    "Transparency and explainability",
    "Human oversight and determination",
    "Sustainability",
    "Awareness and literacy",
    "Fairness and non-discrimination",
)


@pytest.fixture(scope="module")
def ds() -> ag.Dataset:
    return ag.datasets.load("reference-principles")


def get(ds: ag.Dataset, id: str, cls: type[R]) -> R:
    record = ds[id]
    assert isinstance(record, cls)
    return record


@pytest.mark.parametrize(
    ("set_id", "titles"),
    [("principle-set:oecd-ai-principles", OECD), ("principle-set:unesco-ai-ethics", UNESCO)],
)
def test_which_principles_in_which_order(ds: ag.Dataset, set_id: str, titles: tuple[str]) -> None:
    pset = get(ds, set_id, ag.PrincipleSet)
    assert [p.title for p in pset.principles] == list(titles)
    assert [p.ordinal for p in pset.principles] == list(range(1, len(titles) + 1))
    instrument = get(ds, pset.instrument or "", ag.Instrument)
    assert instrument.kind is ag.InstrumentKind.RECOMMENDATION
    assert pset.proposers == instrument.issuers
    for principle in pset.principles:
        assert principle.themes, principle.title
        assert set(principle.themes) <= set(instrument.themes)
        # Each principle cites the instrument's own source, which the dataset holds no text of.
        assert [e.source for e in principle.evidence] == [e.source for e in pset.evidence]
        assert all(e.quote is None for e in principle.evidence)


def test_when_the_instruments_were_adopted_and_by_whom(ds: ag.Dataset) -> None:
    oecd = get(ds, "instrument:oecd-legal-0449", ag.Instrument)
    assert oecd.date == ag.PartialDate(year=2019, month=5, day=22)
    assert oecd.identifiers == (ag.Identifier(scheme="oecd-legal", value="OECD/LEGAL/0449"),)
    assert get(ds, oecd.issuers[0], ag.Organization).abbreviation == "OECD"
    unesco = get(ds, "instrument:unesco-ai-ethics-recommendation", ag.Instrument)
    assert unesco.date == ag.PartialDate(year=2021, month=11, day=23)
    assert get(ds, unesco.issuers[0], ag.Organization).abbreviation == "UNESCO"


def test_themes_tell_the_traditions_apart(ds: ag.Dataset) -> None:
    unesco = get(ds, "principle-set:unesco-ai-ethics", ag.PrincipleSet)
    by_title = {p.title: set(p.themes) for p in unesco.principles}
    assert ag.Theme.HUMAN_OVERSIGHT in by_title["Human oversight and determination"]
    assert ag.Theme.PRIVACY in by_title["Right to privacy and data protection"]
    oecd = get(ds, "principle-set:oecd-ai-principles", ag.PrincipleSet)
    assert {t for p in oecd.principles for t in p.themes}.isdisjoint(
        {ag.Theme.MULTILATERALISM, ag.Theme.UN_CENTRALITY, ag.Theme.GLOBAL_SOUTH}
    )


def test_every_record_cites_a_source_of_the_dataset(ds: ag.Dataset) -> None:
    sources = {s.id for s in ds.sources}
    for record in ds.records:
        assert record.evidence, record.id
        assert {e.source for e in record.evidence} <= sources
    assert all(s.text is None and s.publisher for s in ds.sources)
