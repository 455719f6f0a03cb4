"""Publish the JSON Schemas at the address of their ``$id``.

Every schema's ``$id`` starts with :data:`aigovernance.serialization._schema.SCHEMA_BASE`,
``<docs>/en/stable/schema/<version>/``. After an HTML build this writes there the schema
of the dataset, of every record type and of every part, as :func:`aigovernance.json_schema`
gives them, and the shipped dataset schema of every version the package holds, so that
the ``$id`` of an older document keeps resolving.
"""

from __future__ import annotations

import json
from importlib.resources import files
from pathlib import Path

from sphinx.application import Sphinx

from aigovernance.serialization import _schema


def _write(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    out = Path(app.outdir) / "schema"
    for name, schema in _schema.published_schemas().items():
        target = out / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(schema, indent=2, ensure_ascii=False) + "\n", "utf-8")
    shipped = files("aigovernance.serialization").joinpath("schemas")
    for resource in shipped.iterdir():
        version = resource.name.removeprefix("dataset-").removesuffix(".schema.json")
        target = out / version / "dataset.json"
        if resource.name.endswith(".schema.json") and not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(resource.read_text(encoding="utf-8"), encoding="utf-8")


def setup(app: Sphinx) -> dict[str, bool]:
    """Connect the hook that writes the schema files."""
    app.connect("build-finished", _write)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
