"""The shipped dataset files are exactly what the build script builds."""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from importlib.resources import files
from pathlib import Path
from types import ModuleType

import pytest

import aigovernance as ag

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "build_datasets.py"


@pytest.fixture(scope="module")
def script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_datasets", SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_shipped_files_equal_what_the_script_builds(script: ModuleType) -> None:
    build: Callable[[], dict[str, str]] = script.build
    built = build()
    assert sorted(built) == sorted(f"{name}.json" for name in ag.datasets.available())
    for name, text in built.items():
        shipped = files("aigovernance.datasets").joinpath(name).read_bytes().decode("utf-8")
        assert shipped == text, f"{name} is stale: run python scripts/build_datasets.py"


def test_the_build_is_deterministic(script: ModuleType) -> None:
    build: Callable[[], dict[str, str]] = script.build
    assert build() == build()


def test_check_mode_passes_on_the_shipped_files(script: ModuleType) -> None:
    main: Callable[[list[str]], int] = script.main
    assert main(["--check"]) == 0


def test_a_passage_runs_from_its_first_words_to_its_last(script: ModuleType) -> None:
    seed = ag.Source(id="source:seed", title="Seed", text=script.read_seed_text())
    evidence = script.passage(seed, "Wang Yi announced", "ten actions.")
    assert evidence.quote.startswith("Wang Yi announced China's AI Capacity-Building")
    assert evidence.quote.endswith("and outlines ten actions.")
    text = script.read_seed_text()
    assert text[evidence.start : evidence.end] == evidence.quote
    assert evidence.prefix == text[evidence.start - 32 : evidence.start]


def test_a_passage_must_open_with_words_that_occur_once(script: ModuleType) -> None:
    seed = ag.Source(id="source:seed", title="Seed", text=script.read_seed_text())
    with pytest.raises(ag.AmbiguousQuote):
        script.passage(seed, "Wang Yi", "ten actions.")


def test_the_files_are_written_atomically(script: ModuleType, tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    target.write_text("old", encoding="utf-8")
    script.write_text_atomic(target, ("new\n",))
    assert target.read_text(encoding="utf-8") == "new\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]
