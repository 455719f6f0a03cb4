"""Checks against the world: real time zones and country codes, counts as written, and
the strict profile for published data."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import attrs
import pytest
from hypothesis import given

import aigovernance as ag
import aigovernance.strategies as ags
from aigovernance import _world
from aigovernance._world import count_problem, country_problem, zone_problem

SEED = ag.datasets.load()
ROOT = Path(__file__).resolve().parent.parent


def _replace(record: ag.Record, **changes: object) -> tuple[ag.Dataset, int]:
    index = SEED.records.index(record)
    changed = attrs.evolve(record, **changes)  # type: ignore[misc]
    records = (*SEED.records[:index], changed, *SEED.records[index + 1 :])
    return attrs.evolve(SEED, records=records), index


def _first(cls: type) -> ag.Record:
    return next(r for r in SEED.records if isinstance(r, cls))


def test_the_seed_is_sound_in_the_world() -> None:
    assert ag.validate(SEED) == ()


def test_an_unknown_time_zone_is_reported_with_the_nearest() -> None:
    event = next(r for r in SEED.records if isinstance(r, ag.Event) and r.timezone)
    dataset, index = _replace(event, timezone="America/New_Yrok")
    [problem] = ag.validate(dataset)
    assert problem.path == f"$.records[{index}].timezone"
    assert problem.message == (
        "'America/New_Yrok' is not a time zone of the IANA database "
        "(did you mean 'America/New_York'?)"
    )


def test_without_a_time_zone_database_the_zone_is_not_passed_silently(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(_world, "_zones", lambda: frozenset())
    assert zone_problem("Europe/Paris") == (
        "cannot be checked: this system has no IANA time zone database (pip install tzdata)"
    )


def test_a_state_code_must_be_an_iso_code() -> None:
    slovenia = next(r for r in SEED.records if isinstance(r, ag.State) and r.code == "SVN")
    dataset, index = _replace(slovenia, code="SLO")
    [problem] = ag.validate(dataset)
    assert problem.path == f"$.records[{index}].code"
    assert problem.message == "'SLO' is not an ISO 3166-1 alpha-3 code (Slovenia is 'SVN')"
    assert country_problem("CHM") == "'CHM' is not an ISO 3166-1 alpha-3 code"


@pytest.mark.parametrize("code", ["XKX", "AAA", "QMZ", "ZZZ"])
def test_user_assigned_codes_are_iso_codes(code: str) -> None:
    assert country_problem(code) is None


def test_a_place_country_must_be_an_iso_code() -> None:
    event = _first(ag.Event)
    assert isinstance(event, ag.Event)
    dataset, index = _replace(event, place=ag.Place(name="Somewhere", country="QAB"))
    [problem] = ag.validate(dataset)
    assert problem.path == f"$.records[{index}].place.country"


@pytest.mark.parametrize(
    ("value", "qualifier", "text"),
    [
        (80, ag.Qualifier.MORE_THAN, "more than 80"),
        (80, ag.Qualifier.ABOUT, "about 80"),
        (80, ag.Qualifier.ABOUT, "some eighty"),
        (143, ag.Qualifier.EXACT, "one hundred and forty-three"),
        (1000, ag.Qualifier.AT_LEAST, "at least 1,000"),
        (12, ag.Qualifier.EXACT, "twelve"),
        (80, ag.Qualifier.FEWER_THAN, "nearly 80"),
        (10, ag.Qualifier.MORE_THAN, "十多个"),  # another script: not read
        (10, ag.Qualifier.EXACT, "between 5 and 20"),  # two numbers: not checked
        (10, ag.Qualifier.EXACT, "a dozen"),  # no number it can read
    ],
)
def test_counts_whose_text_agrees(value: int, qualifier: ag.Qualifier, text: str) -> None:
    assert count_problem(ag.Quantity(value=value, qualifier=qualifier, text=text)) is None


@pytest.mark.parametrize(
    ("value", "qualifier", "text", "message"),
    [
        (80, ag.Qualifier.MORE_THAN, "more than 81", "which states 81, but the value is 80"),
        (80, ag.Qualifier.EXACT, "about 80", "which is an approximate count, but the qualifier"),
        (80, ag.Qualifier.ABOUT, "80", "which is an exact count, but the qualifier is 'about'"),
        (80, ag.Qualifier.AT_LEAST, "eighty-one", "which states 81"),
    ],
)
def test_counts_whose_text_disagrees(
    value: int, qualifier: ag.Qualifier, text: str, message: str
) -> None:
    found = count_problem(ag.Quantity(value=value, qualifier=qualifier, text=text))
    assert found is not None
    assert found.startswith(f"says {text!r}, ")
    assert message in found


def test_a_group_size_that_disagrees_with_its_text_is_reported() -> None:
    group = next(r for r in SEED.records if isinstance(r, ag.Group) and r.size is not None)
    assert isinstance(group, ag.Group)
    assert group.size is not None
    dataset, index = _replace(group, size=attrs.evolve(group.size, value=79))
    [problem] = ag.validate(dataset)
    assert problem.path == f"$.records[{index}].size.text"
    assert "but the value is 79" in problem.message


def test_the_strict_profile_asks_for_evidence_and_dates() -> None:
    event = next(r for r in SEED.records if isinstance(r, ag.Event) and r.participations)
    assert isinstance(event, ag.Event)
    bare = attrs.evolve(event.participations[0], evidence=())
    dataset, index = _replace(event, evidence=(), participations=(bare, *event.participations[1:]))
    assert ag.validate(dataset) == ()  # evidence is not required by default
    paths = [p.path for p in ag.validate(dataset, strict=True)]
    assert f"$.records[{index}].evidence" in paths
    assert f"$.records[{index}].participations[0].evidence" in paths
    undated = [f"$.sources[{i}].published" for i, s in enumerate(SEED.sources) if not s.published]
    assert [p for p in paths if p.startswith("$.sources")] == undated


@given(ags.quantities())
def test_generated_counts_agree_with_their_text(count: ag.Quantity) -> None:
    assert count_problem(count) is None


@given(ags.time_zones(), ags.iso_alpha3_codes())
def test_generated_zones_and_codes_are_real(zone: str, code: str) -> None:
    assert zone_problem(zone) is None
    assert country_problem(code) is None


def test_the_shipped_code_table_is_pycountrys() -> None:
    pytest.importorskip("pycountry", reason="the table is generated from pycountry")
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "build_iso3166.py"), "--check"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_command_line_validates_strictly_on_request(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from aigovernance.cli import main

    assert main(["validate", "seed"]) == 0
    capsys.readouterr()
    assert main(["validate", "--strict", "seed"]) == 1
    lines = capsys.readouterr().out.splitlines()
    undated = sum(1 for source in SEED.sources if source.published is None)
    assert len(lines) == undated
    assert all(line.endswith("): a published source has a date") for line in lines)
