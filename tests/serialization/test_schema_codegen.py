"""The JSON Schema read by a code generator: datamodel-code-generator's pydantic models.

The models are generated from the form of the schema written for code generators,
``json_schema(Dataset, dispatch="discriminator")``.
"""

from __future__ import annotations

import ast
import importlib.util
import json
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

import aigovernance as ag
from aigovernance.model import RECORD_CLASSES

from .samples import sample_dataset

pytest.importorskip("datamodel_code_generator")
pytest.importorskip("pydantic", minversion="2")


def _generated(directory: Path) -> tuple[str, ModuleType]:
    schema = directory / "dataset.schema.json"
    schema.write_text(
        json.dumps(ag.json_schema(ag.Dataset, dispatch="discriminator")), encoding="utf-8"
    )
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
        # Each record type is one class of its own name, so that the union can be tagged.
        assert set(classes[cls.__name__]) == expected, (tag, set(classes[cls.__name__]))
        assert classes[cls.__name__]["type"] == f"Literal['{tag}']"


def test_records_are_a_union_tagged_by_type(generated: tuple[str, ModuleType]) -> None:
    (record,) = [
        node
        for node in ast.parse(generated[0]).body
        if isinstance(node, ast.ClassDef) and node.name == "Record"
    ]
    source = ast.unparse(record)
    assert "discriminator='type'" in source
    for cls in RECORD_CLASSES.values():
        assert cls.__name__ in source


def _root_model(module: ModuleType) -> Any:
    (name,) = [n for n in vars(module) if n.startswith("AigovernanceDataset")]
    return getattr(module, name)


@pytest.mark.parametrize("dataset", [ag.datasets.load, sample_dataset], ids=["seed", "sample"])
def test_a_dataset_round_trips_through_the_generated_models(
    generated: tuple[str, ModuleType], dataset: Callable[[], ag.Dataset]
) -> None:
    document = ag.to_dict(dataset())
    model = _root_model(generated[1]).model_validate(document)
    assert model.model_dump(mode="json", exclude_unset=True, by_alias=True) == document
    # Each record is read as the class of its type, not as a lookalike.
    for record, read in zip(document["records"], model.records, strict=True):
        assert type(read.root).__name__ == RECORD_CLASSES[record["type"]].__name__


def test_the_generated_models_refuse_an_unknown_record_type(
    generated: tuple[str, ModuleType],
) -> None:
    document = ag.to_dict(sample_dataset())
    document["records"][0]["type"] = "country"
    with pytest.raises(ValueError, match="does not match any of the expected tags"):
        _root_model(generated[1]).model_validate(document)
