"""The JSON Schema read by a code generator: datamodel-code-generator's pydantic models."""

from __future__ import annotations

import ast
import importlib.util
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

import aigovernance as ag
from aigovernance.model import RECORD_CLASSES

pytest.importorskip("datamodel_code_generator")
pytest.importorskip("pydantic", minversion="2")


def _generated(directory: Path) -> tuple[str, ModuleType]:
    schema = directory / "dataset.schema.json"
    schema.write_text(json.dumps(ag.json_schema(ag.Dataset)), encoding="utf-8")
    output = directory / "dataset_models.py"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "datamodel_code_generator",
            "--input",
            str(schema),
            "--input-file-type",
            "jsonschema",
            "--output-model-type",
            "pydantic_v2.BaseModel",
            "--output",
            str(output),
        ],
        check=True,
        capture_output=True,
    )
    spec = importlib.util.spec_from_file_location("dataset_models", output)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    # pydantic resolves the generated root models through sys.modules.
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return output.read_text(encoding="utf-8"), module


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, ModuleType]]:
    yield _generated(tmp_path_factory.mktemp("codegen"))
    sys.modules.pop("dataset_models", None)


def _annotations(code: str) -> dict[str, dict[str, str]]:
    """The annotation of every field of every class in ``code``, as source text."""
    found: dict[str, dict[str, str]] = {}
    for node in ast.parse(code).body:
        if isinstance(node, ast.ClassDef):
            found[node.name] = {
                item.target.id: ast.unparse(item.annotation)
                for item in node.body
                if isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name)
            }
    return found


def test_no_field_is_widened_to_any(generated: tuple[str, ModuleType]) -> None:
    classes = _annotations(generated[0])
    widened = {
        f"{name}.{field}": annotation
        for name, fields in classes.items()
        for field, annotation in fields.items()
        if "Any" in annotation
    }
    assert widened == {}


def test_every_record_class_has_every_field(generated: tuple[str, ModuleType]) -> None:
    classes = _annotations(generated[0])
    for tag, cls in RECORD_CLASSES.items():
        expected = set(ag.json_schema(cls)["properties"])
        # A class with a choice between fields (a person's name or description) comes out
        # as one class per choice, named after the record class with a number, and a root
        # model over them.
        candidates = [
            fields
            for name, fields in classes.items()
            if name.rstrip("0123456789") == cls.__name__ and fields.keys() != {"root"}
        ]
        assert candidates, tag
        for fields in candidates:
            assert set(fields) == expected, (tag, set(fields) ^ expected)


def _root_model(module: ModuleType) -> Any:
    (name,) = [n for n in vars(module) if n.startswith("AigovernanceDataset")]
    return getattr(module, name)


@pytest.mark.xfail(
    reason="records are dispatched on their type by if/then, which the generator does not"
    " read: it makes Record an empty class and every record comes back as {}"
)
def test_the_seed_round_trips_through_the_generated_models(
    generated: tuple[str, ModuleType],
) -> None:
    document = ag.to_dict(ag.datasets.load())
    model = _root_model(generated[1]).model_validate(document)
    assert model.model_dump(mode="json", exclude_unset=True, by_alias=True) == document


def test_the_seed_keeps_everything_but_records(generated: tuple[str, ModuleType]) -> None:
    document = ag.to_dict(ag.datasets.load())
    model = _root_model(generated[1]).model_validate(document)
    dumped = model.model_dump(mode="json", exclude_unset=True, by_alias=True)
    assert {k: v for k, v in dumped.items() if k != "records"} == {
        k: v for k, v in document.items() if k != "records"
    }
