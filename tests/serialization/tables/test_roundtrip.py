"""Dataset -> tables -> dataset is the identity, for Arrow, Parquet and CSV."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

import aigovernance as ag
from aigovernance import strategies as ags

FOLDERS = ("csv", "parquet")


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(ags.datasets())
def test_arrow_round_trip(dataset: ag.Dataset) -> None:
    assert ag.from_arrow(ag.to_arrow(dataset)) == dataset


@pytest.mark.parametrize("format", FOLDERS)
@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None, max_examples=15)
@given(dataset=ags.datasets())
def test_folder_round_trip(format: str, dataset: ag.Dataset) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch) / "tables"
        ag.write(dataset, folder, format=format)
        assert ag.read(folder, ag.Dataset) == dataset


@pytest.mark.parametrize("format", FOLDERS)
def test_the_seed_round_trips(format: str, tmp_path: Path) -> None:
    seed = ag.datasets.load()
    ag.write(seed, tmp_path / "seed", format=format)
    assert ag.read(tmp_path / "seed", ag.Dataset) == seed
    assert ag.read(tmp_path / "seed", ag.Dataset, format=format) == seed
    assert ag.from_arrow(ag.to_arrow(seed)) == seed


@pytest.mark.parametrize("format", FOLDERS)
def test_the_sample_round_trips(format: str, dataset: ag.Dataset, tmp_path: Path) -> None:
    ag.write(dataset, tmp_path / "t", format=format)
    assert ag.read(tmp_path / "t", ag.Dataset) == dataset


def test_empty_text_and_missing_text_stay_apart(tmp_path: Path) -> None:
    dataset = ag.Dataset(
        id="e",
        title="E",
        version="1",
        sources=(
            ag.Source(id="source:empty", title="Empty", text=""),
            ag.Source(id="source:none", title="None"),
            ag.Source(id="source:odd", title='A "quoted", odd\r\ntitle', text='"\n,'),
        ),
        records=(
            ag.State(
                id="state:CHN",
                name="China",
                code="CHN",
                evidence=(ag.Evidence(source="source:empty", start=0, end=0, quote=""),),
            ),
            ag.Statement(
                id="statement:s",
                speakers=("state:CHN",),
                speech_act=ag.SpeechAct.SAID,
                summary="s",
                refers_to=("state:CHN",),
                themes=(ag.Theme.ETHICS,),
            ),
        ),
    )
    for format in FOLDERS:
        ag.write(dataset, tmp_path / format, format=format)
        assert ag.read(tmp_path / format, ag.Dataset) == dataset
