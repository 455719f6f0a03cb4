"""The layout: every model field has a column, keys are declared, derived columns agree."""

from __future__ import annotations

import attrs
import pytest

import aigovernance as ag
from aigovernance._checking import Model, shape
from aigovernance.serialization.tables import LAYOUT, TABLES
from aigovernance.serialization.tables._layout import HEADER, Flattener, Kind, Table, table


def _carried(layout: Table, cls: type, prefix: tuple[str, ...]) -> list[str]:
    """The fields of ``cls`` (within ``layout``'s rows, at ``prefix``) that nothing carries."""
    attrs.resolve_types(cls)
    missing = []
    columns = {c.field for c in layout.columns if not c.derived}
    for field in attrs.fields(cls):
        path = (*prefix, field.name)
        if path in columns:
            continue
        form = shape(field.type)
        item = form.item
        owned = [t for t in LAYOUT if t.within == field.name]
        if form.many and any(t.attached or t.parent == layout.name for t in owned):
            continue
        if not form.many and isinstance(item, type) and issubclass(item, Model):
            missing.extend(_carried(layout, item, path))
            continue
        missing.append(".".join(path))
    return missing


@pytest.mark.parametrize("layout", LAYOUT[1:], ids=lambda t: t.name)
def test_every_field_of_every_class_has_a_place(layout: Table) -> None:
    # A field added to the model and not to the layout would be dropped by every table
    # format; this fails first.
    for cls in layout.classes:
        assert _carried(layout, cls, ()) == [], (layout.name, cls.__name__)


def test_the_header_carries_every_field_but_the_body() -> None:
    names = {f.name for f in attrs.fields(ag.Dataset)} - {"sources", "records"}
    assert {c.field[0] for c in HEADER.columns} == names


def test_every_model_class_has_a_table() -> None:
    classes = {cls for t in LAYOUT for cls in t.classes}
    nested = {ag.Place, ag.Quantity, ag.PartialDate}  # columns of their owners' tables
    exported = {
        value
        for name in ag.__all__
        if isinstance(value := getattr(ag, name), type)
        and issubclass(value, Model)
        and attrs.has(value)
    }
    assert exported - nested <= classes


def test_keys_are_declared_required_and_first() -> None:
    for layout in LAYOUT:
        key = [c for c in layout.columns if c.key]
        assert key, layout.name
        assert all(c.required for c in key)
        assert layout.columns[: len(key)] == tuple(key) or layout.name in TABLES


def test_part_tables_follow_their_parents() -> None:
    order = {name: i for i, name in enumerate(TABLES)}
    for layout in LAYOUT:
        if layout.parent is not None:
            parent = table(layout.parent)
            assert order[parent.name] < order[layout.name]
            assert len(layout.owner) == len(parent.key)


def test_derived_columns_say_what_they_derive_from() -> None:
    derived = {c.name: c for t in LAYOUT for c in t.columns if c.derived}
    assert {"date_precision", "date_earliest", "date_latest", "size_min", "known"} <= set(derived)
    assert all(c.derive is not None and c.field for c in derived.values())
    assert derived["date_earliest"].kind is Kind.DAY


def test_flattener_rows_are_taken_in_batches() -> None:
    flat = Flattener()
    for n in range(3):
        flat.add(ag.State(id=f"state:S{n}", name=f"State {n}", code="CHN"))
    assert flat.rows("actors") == 3
    columns = flat.take("actors")
    assert list(columns[0]) == ["state:S0", "state:S1", "state:S2"]
    assert list(columns[1]) == [0, 1, 2]  # the position among records
    assert flat.rows("actors") == 0
    with pytest.raises(TypeError, match="not a source or record"):
        flat.add(ag.Place(name="x"))  # type: ignore[arg-type]


def test_the_reference_page_lists_every_table_and_column() -> None:
    from pathlib import Path

    page = (Path(__file__).parents[3] / "docs" / "reference" / "tables.md").read_text(
        encoding="utf-8"
    )
    for layout in LAYOUT:
        section = page.split(f"### `{layout.name}`\n", 1)
        assert len(section) == 2, layout.name
        body = section[1].split("\n### ", 1)[0]
        for column in layout.columns:
            assert f"| `{column.name}` | {column.kind.value} |" in body, (layout.name, column.name)
