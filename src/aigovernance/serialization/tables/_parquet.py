"""A folder of Parquet files, one per table of the layout (optional extra ``arrow``).

Each file ``<table>.parquet`` holds one table with the Arrow types of
:mod:`._arrow`: key columns and columns every row fills are non-nullable, and the
file's key-value metadata carries the dataset's header as JSON under
``aigovernance.dataset`` (so each file says which dataset it belongs to); the header is
also the one row of ``dataset.parquet``. Rows are written in record batches as the
records come, so memory stays bounded by a batch; the same dataset always gives the
same bytes (for the same pyarrow version).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any, Final

from aigovernance.model import Dataset, Record
from aigovernance.serialization._files import atomic_folder
from aigovernance.serialization.tables._arrow import batches, pyarrow, read_tables

__all__ = ["MARKER", "read", "write", "write_records"]

MARKER: Final = "dataset.parquet"
"""The file whose presence says a folder holds these tables."""


def _parquet() -> Any:
    pyarrow()  # says which extra to install when it is missing
    import pyarrow.parquet as pq

    return pq


def write_records(header: Dataset, items: Iterable[Record], path: Path) -> None:
    """Write the tables of ``header``'s dataset with the sources and records ``items``.

    ``items`` may be a stream (:func:`~aigovernance.iter_jsonl`): nothing is held but
    a batch of rows. The folder is written atomically.

    Raises:
        ValidationError: a text holds a lone surrogate, which UTF-8 cannot carry; each
            such text is named by its file, row and column. Nothing is written.
        ImportError: pyarrow is not installed.
        FileExistsError: ``path`` is a file or a folder not written as tables.
        OSError: the folder cannot be written; an existing one is then left unchanged.
    """
    pq = _parquet()
    with atomic_folder(path, MARKER) as folder:
        writers: dict[str, Any] = {}
        try:
            for table, batch in batches(header, items, where=_where):
                writer = writers.get(table.name)
                if writer is None:
                    writer = writers[table.name] = pq.ParquetWriter(
                        folder / f"{table.name}.parquet", batch.schema
                    )
                writer.write_batch(batch)
        finally:
            for writer in writers.values():
                writer.close()


def write(dataset: Dataset, path: Path) -> None:
    """Write ``dataset`` as a folder of Parquet files, atomically (see :func:`write_records`)."""
    write_records(dataset, (*dataset.sources, *dataset.records), path)


def _where(table: str, row: int | None, column: str | None) -> str:
    place = f"{table}.parquet" if row is None else f"{table}.parquet row {row + 1}"
    return place if column is None else f"{place}, column {column}"


def read(path: Path, *, check: bool = False) -> Dataset:
    """The dataset a folder of Parquet files holds, read as strictly as JSON.

    Every ``.parquet`` file in the folder is read as the table its name says; problems
    name the file, the row (from 1) and the column:
    ``participations.parquet row 2, column role: $.records[0].participations[1].role: ...``.
    With ``check``, a dataset read without problems is also checked as a whole
    (:func:`aigovernance.validate`), and those problems are located at their cells too.

    Raises:
        ValidationError: the files do not hold a valid dataset; every problem at once.
        ImportError: pyarrow is not installed.
        OSError: the folder cannot be read.
    """
    pq = _parquet()
    if not path.is_dir():
        raise NotADirectoryError(f"{path} is not a folder of Parquet files")
    tables = {file.stem: pq.read_table(file) for file in sorted(path.glob("*.parquet"))}
    return read_tables(tables, _where, check=check)
