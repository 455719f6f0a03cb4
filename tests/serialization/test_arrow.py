"""Arrow tables: types, joins, a lossless Parquet round trip, DuckDB."""

from __future__ import annotations

import builtins
import datetime as dt
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings

import aigovernance as ag
from aigovernance.serialization.tables import TABLES

from .dataset_strategies import datasets

REQUIRED = {
    "events", "participations", "actors", "statements", "principles", "commitments",
    "instruments", "evidence",
}  # fmt: skip


def test_the_tables(dataset: ag.Dataset) -> None:
    tables = ag.to_arrow(dataset)
    assert tuple(tables) == TABLES
    assert set(tables) >= REQUIRED
    events = tables["events"]
    assert events.schema.field("date_earliest").type == pa.date32()
    assert pa.types.is_dictionary(events.schema.field("kind").type)
    assert pa.types.is_dictionary(events.schema.field("date_precision").type)
    first = events.to_pylist()[0]
    assert first["date"] == "2024-09-25"
    assert first["date_precision"] == "day"
    assert first["date_latest"] == dt.date(2024, 9, 25)
    assert first["themes"] == ["capacity-building", "global-south"]
    actors = {row["id"]: row for row in tables["actors"].to_pylist()}
    assert actors["group:80"]["size_min"] == 81
    assert actors["group:80"]["size_max"] is None
    evidence = tables["evidence"].to_pylist()
    paths = {(row["record"], row["path"]) for row in evidence}
    assert ("event:hlm", "$.participations[0]") in paths
    assert ("instrument:plan", "$.sections[0]") in paths


def test_tables_join_by_id(dataset: ag.Dataset) -> None:
    tables = ag.to_arrow(dataset)
    connection = duckdb.connect()
    connection.register("participations_t", tables["participations"])
    connection.register("actors_t", tables["actors"])
    rows = connection.sql(
        "SELECT a.name, p.role FROM participations_t p JOIN actors_t a ON a.id = p.actor "
        "WHERE p.event = 'event:hlm' ORDER BY p.index"
    ).fetchall()
    assert rows == [
        ("Wang Yi", "co-host"),
        ("Zambia", "co-host"),
        ("representatives of more than 80 countries", "attendee"),
    ]


def _round_trip(tables: dict[str, Any], folder: Path) -> None:
    for name, table in tables.items():
        path = folder / f"{name}.parquet"
        pq.write_table(table, path)
        back = pq.read_table(path)
        assert back.schema.equals(table.schema), name
        assert back.equals(table), name
        assert back.to_pylist() == table.to_pylist(), name


def test_parquet_round_trip_is_lossless(dataset: ag.Dataset, tmp_path: Path) -> None:
    _round_trip(ag.to_arrow(dataset), tmp_path)
    _round_trip(ag.to_arrow(ag.Dataset(id="empty", title="E", version="1")), tmp_path)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=15)
@given(datasets)
def test_generated_datasets_round_trip_through_parquet(tmp_path: Path, dataset: ag.Dataset) -> None:
    _round_trip(ag.to_arrow(dataset), tmp_path)


def test_duckdb_counts_events_from_parquet(dataset: ag.Dataset, tmp_path: Path) -> None:
    for name, table in ag.to_arrow(dataset).items():
        pq.write_table(table, tmp_path / f"{name}.parquet")
    path = (tmp_path / "events.parquet").as_posix()
    relation = duckdb.sql(f"SELECT count(*) FROM read_parquet('{path}')")
    assert relation is not None
    count = relation.fetchall()
    assert count == [(2,)]


def test_a_missing_pyarrow_is_named(dataset: ag.Dataset, monkeypatch: pytest.MonkeyPatch) -> None:
    real_import = builtins.__import__

    def no_pyarrow(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "pyarrow" or name.startswith("pyarrow."):
            raise ImportError("No module named 'pyarrow'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_pyarrow)
    with pytest.raises(ImportError, match=r"pip install 'aigovernance\[arrow\]'"):
        ag.to_arrow(dataset)


NESTED = {"identifiers", "evidence", "translations", "participations", "purposes", "place",
          "principles", "sections", "size", "cosponsor_count", "items"}  # fmt: skip


@pytest.mark.parametrize(
    ("cls", "table"),
    [
        (ag.Source, "sources"), (ag.Person, "actors"), (ag.State, "actors"),
        (ag.Organization, "actors"), (ag.Group, "actors"), (ag.Post, "posts"),
        (ag.Event, "events"), (ag.Statement, "statements"), (ag.PrincipleSet, "principle_sets"),
        (ag.Commitment, "commitments"), (ag.Instrument, "instruments"),
        (ag.Participation, "participations"), (ag.Purpose, "purposes"),
        (ag.Principle, "principles"), (ag.Section, "sections"), (ag.SectionItem, "section_items"),
        (ag.Evidence, "evidence"), (ag.Identifier, "identifiers"), (ag.Translation, "translations"),
    ],
)  # fmt: skip
def test_every_field_has_a_column(cls: type, table: str) -> None:
    import attrs

    columns = set(ag.to_arrow(ag.Dataset(id="e", title="E", version="1"))[table].column_names)
    for field in attrs.fields(cls):
        if field.name in NESTED and field.name not in columns:
            continue
        assert field.name in columns, (cls.__name__, field.name)


def _plain(kind: pa.DataType) -> bool:
    """Text, dictionary-encoded text, 64-bit integers, dates, booleans, or lists of those."""
    if pa.types.is_list(kind):
        return _plain(kind.value_type)
    if pa.types.is_dictionary(kind):
        return bool(pa.types.is_string(kind.value_type))
    return bool(
        pa.types.is_string(kind)
        or pa.types.is_int64(kind)
        or pa.types.is_date32(kind)
        or pa.types.is_boolean(kind)
    )


def test_parquet_columns_keep_to_types_every_engine_reads(tmp_path: Path) -> None:
    # The plainest Parquet types, which Spark, pandas, Polars and DuckDB read unchanged.
    for name, table in ag.to_arrow(ag.datasets.load()).items():
        pq.write_table(table, tmp_path / f"{name}.parquet")
        schema = pq.read_schema(tmp_path / f"{name}.parquet")
        odd = [f"{f.name}: {f.type}" for f in schema if not _plain(f.type)]
        assert odd == [], name
