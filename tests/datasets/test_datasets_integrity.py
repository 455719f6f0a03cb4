"""The bundled datasets: loading, validation, exact round trips, and located problems."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from collections.abc import Callable
from importlib.resources import files
from pathlib import Path

import attrs
import pytest

import aigovernance as ag

NAMES = ("reference-principles", "seed")


def test_available_lists_the_bundled_datasets_sorted() -> None:
    assert ag.datasets.available() == NAMES


def test_load_defaults_to_the_seed_dataset() -> None:
    ds = ag.datasets.load()
    assert isinstance(ds, ag.Dataset)
    assert ds.id == "seed"
    assert ds.schema_version == ag.SCHEMA_VERSION


def test_load_is_cached() -> None:
    assert ag.datasets.load() is ag.datasets.load()
    assert ag.datasets.load() is ag.datasets.load("seed")
    assert ag.datasets.load("reference-principles") is ag.datasets.load("reference-principles")


def test_an_unknown_name_is_refused_with_the_names_that_exist() -> None:
    with pytest.raises(LookupError) as caught:
        ag.datasets.load("seeds")
    message = str(caught.value)
    assert "'seeds'" in message
    assert all(repr(name) in message for name in NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_the_dataset_validates_clean(name: str) -> None:
    assert ag.validate(ag.datasets.load(name)) == ()


@pytest.mark.parametrize("name", NAMES)
def test_the_dataset_round_trips_exactly(name: str) -> None:
    ds = ag.datasets.load(name)
    text = ag.to_json(ds, indent=2)
    again = ag.from_json(text, ag.Dataset)
    assert again == ds
    assert ag.to_json(again, indent=2) == text
    shipped = files("aigovernance.datasets").joinpath(f"{name}.json").read_bytes()
    assert shipped.decode("utf-8") == text + "\n"
    assert ag.from_dict(ag.to_dict(ds), ag.Dataset) == ds


def _with_first_evidence(
    ds: ag.Dataset, change: Callable[[ag.Evidence], ag.Evidence]
) -> tuple[ag.Dataset, int]:
    """``ds`` with the first evidence of the first record that has evidence changed."""
    index, record = next((i, r) for i, r in enumerate(ds.records) if r.evidence)
    assert record.evidence[0].source == "source:seed"
    evidence = (change(record.evidence[0]), *record.evidence[1:])
    changed = attrs.evolve(record, evidence=evidence)  # type: ignore[misc]
    records = (*ds.records[:index], changed, *ds.records[index + 1 :])
    return attrs.evolve(ds, records=records), index


def test_a_changed_quote_is_reported_where_it_stands() -> None:
    ds = ag.datasets.load()
    original = next(r for r in ds.records if r.evidence).evidence[0]
    assert original.quote is not None
    edited = original.quote[:-1] + ("X" if original.quote[-1] != "X" else "Y")
    broken, index = _with_first_evidence(ds, lambda e: attrs.evolve(e, quote=edited))
    problems = ag.validate(broken)
    assert [p.path for p in problems] == [f"$.records[{index}].evidence[0].quote"]
    assert repr(original.quote) in problems[0].message


def test_a_shifted_span_is_reported_where_it_stands() -> None:
    ds = ag.datasets.load()
    original = next(r for r in ds.records if r.evidence).evidence[0]
    assert original.start is not None
    assert original.end is not None
    start, end = original.start + 1, original.end + 1
    broken, index = _with_first_evidence(ds, lambda e: attrs.evolve(e, start=start, end=end))
    problems = ag.validate(broken)
    assert [p.path for p in problems] == [f"$.records[{index}].evidence[0].quote"]


def test_a_span_past_the_end_of_the_text_is_reported() -> None:
    ds = ag.datasets.load()
    source = ds["source:seed"]
    assert isinstance(source, ag.Source)
    assert source.text is not None
    size = len(source.text)
    original = next(r for r in ds.records if r.evidence).evidence[0]
    assert original.quote is not None
    length = len(original.quote)
    broken, index = _with_first_evidence(
        ds, lambda e: attrs.evolve(e, start=size, end=size + length)
    )
    problems = ag.validate(broken)
    assert [p.path for p in problems] == [f"$.records[{index}].evidence[0].end"]


def test_a_changed_source_text_is_noticed() -> None:
    ds = ag.datasets.load()
    source = ds.sources[0]
    assert source.id == "source:seed"
    assert source.text is not None
    edited = attrs.evolve(source, text=source.text.replace("Zambia", "Zimbabwe", 1))
    problems = ag.validate(attrs.evolve(ds, sources=(edited, *ds.sources[1:])))
    assert "$.sources[0].sha256" in {p.path for p in problems}


def test_the_datasets_load_from_a_zipped_package(tmp_path: Path) -> None:
    package = Path(ag.__file__).parent
    archive = tmp_path / "aigovernance.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        for path in sorted(package.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                zipped.write(path, Path("aigovernance") / path.relative_to(package))
    script = (
        "import sys; sys.path.insert(0, sys.argv[1]); import aigovernance as ag; "
        "assert ag.__file__.startswith(sys.argv[1]), ag.__file__; "
        "print(len(ag.datasets.load()), len(ag.datasets.load('reference-principles')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, str(archive)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        str(len(ag.datasets.load())),
        str(len(ag.datasets.load("reference-principles"))),
    ]
