"""Tables: one layout of a dataset as tables, and one module per table format over it.

The layout (:mod:`._layout`) says which tables a dataset becomes, their columns, kinds
and keys, in both directions. Each format reads and writes it:

* :mod:`._arrow`: Arrow tables in memory (:func:`to_arrow`, :func:`from_arrow`);
* :mod:`._parquet`: a folder of Parquet files, one per table;
* :mod:`._csv`: a folder of CSV files, one per table, with a Data Package descriptor;
* :mod:`._xlsx`: a workbook (``.xlsx``), one sheet per table;
* :mod:`._frames`: pandas and Polars data frames (:func:`to_pandas`, :func:`to_polars`).

:data:`FORMATS` lists the formats that :func:`aigovernance.write` and
:func:`aigovernance.read` know by name; a new format is one module with ``read``,
``write`` and ``write_records`` functions and one entry there.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, Protocol

from attrs import frozen

from aigovernance.model import Dataset, Record
from aigovernance.serialization.tables._layout import LAYOUT, TABLES

if TYPE_CHECKING:
    from aigovernance.serialization.tables._arrow import from_arrow, to_arrow
    from aigovernance.serialization.tables._frames import to_pandas, to_polars

__all__ = [
    "FORMATS",
    "LAYOUT",
    "TABLES",
    "TableFormat",
    "detect",
    "from_arrow",
    "table_format",
    "to_arrow",
    "to_pandas",
    "to_polars",
]

_LAZY: Final = {
    "from_arrow": "_arrow",
    "to_arrow": "_arrow",
    "to_pandas": "_frames",
    "to_polars": "_frames",
}


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{_LAZY[name]}"), name)
    globals()[name] = value
    return value


class _FormatModule(Protocol):
    def read(self, path: Path) -> Dataset: ...

    def write(self, dataset: Dataset, path: Path) -> None: ...

    def write_records(self, header: Dataset, items: Iterable[Record], path: Path) -> None: ...


@frozen(kw_only=True)
class TableFormat:
    """A table format :func:`aigovernance.write` and :func:`aigovernance.read` know.

    Attributes:
        name: its name, the value of ``format=`` (``"csv"``).
        module: the module that reads and writes it, within this package.
        suffix: the suffix of its files (``.xlsx``), or ``None`` for a folder.
        marker: for a folder format, a file whose presence says the folder holds it.
        extra: the optional extra it needs, if any.
    """

    name: str
    module: str
    suffix: str | None = None
    marker: str | None = None
    extra: str | None = None

    def load(self) -> _FormatModule:
        """The module that reads and writes this format."""
        module: _FormatModule = importlib.import_module(f"{__name__}.{self.module}")
        return module


FORMATS: Final[dict[str, TableFormat]] = {
    "csv": TableFormat(name="csv", module="_csv", marker="datapackage.json"),
    "parquet": TableFormat(
        name="parquet", module="_parquet", marker="dataset.parquet", extra="arrow"
    ),
    "xlsx": TableFormat(name="xlsx", module="_xlsx", suffix=".xlsx", extra="xlsx"),
}
"""The table formats by name."""


def table_format(name: str) -> TableFormat:
    """The table format called ``name``.

    Raises:
        ValueError: no table format has the name.
    """
    found = FORMATS.get(name)
    if found is not None:
        return found
    known = ", ".join(repr(n) for n in FORMATS)
    raise ValueError(f"{name!r} is not a table format ({known})")


def detect(path: str | os.PathLike[str]) -> TableFormat | None:
    """The table format of ``path``, by its suffix or by what a folder holds; else None.

    A file ending in ``.xlsx`` is a workbook; a folder holding ``datapackage.json`` is
    CSV; one holding ``dataset.parquet`` (or any ``.parquet`` file) is Parquet.
    """
    target = Path(path)
    suffix = target.suffix.lower()
    for found in FORMATS.values():
        if found.suffix is not None and found.suffix == suffix:
            return found
    if target.is_dir():
        for found in FORMATS.values():
            if found.marker is not None and (target / found.marker).is_file():
                return found
        if (target / "dataset.csv").is_file():
            return FORMATS["csv"]
        if any(target.glob("*.parquet")):
            return FORMATS["parquet"]
    return None
