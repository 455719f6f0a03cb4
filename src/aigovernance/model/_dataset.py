"""The dataset: a versioned bundle of sources and the records that cite them."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cached_property
from typing import Final, TypeVar

from attrs import frozen

from aigovernance._checking import Model, nonblank, pattern
from aigovernance.model._record import Record
from aigovernance.model._sources import Source

__all__ = ["SCHEMA_VERSION", "Dataset"]

SCHEMA_VERSION: Final = "1.1"
"""The version of the data format this library writes: ``MAJOR.MINOR``."""

R = TypeVar("R", bound=Record)


@frozen(kw_only=True)
class Dataset(Model):
    """A versioned bundle of records and the sources their evidence cites.

    Records refer to each other by id; :func:`aigovernance.validate` checks that every id
    named exists with the right type. Lookups are by id and by record type:

    >>> import aigovernance as ag
    >>> ds = ag.Dataset(
    ...     id="example", title="Example", version="1",
    ...     records=(ag.State(id="state:CHN", name="China", code="CHN"),),
    ... )
    >>> ds["state:CHN"].name
    'China'
    >>> [s.id for s in ds.of_type(ag.State)]
    ['state:CHN']

    Attributes:
        schema_version: the version of the data format, always :data:`SCHEMA_VERSION`:
            documents of other versions are migrated as they are read.
        id: a short name for the dataset.
        title: a human-readable title.
        version: the version of the data (any text: "2024.1", "3").
        description: what the dataset holds.
        sources: the documents evidence points into.
        records: the records, in any order.
    """

    # Documents of other versions are migrated to this one as they are read.
    schema_version: str = nonblank(
        pattern(re.escape(SCHEMA_VERSION), f"the version this library writes ({SCHEMA_VERSION})"),
        default=SCHEMA_VERSION,
    )
    id: str = nonblank(pattern(r"[a-z0-9][a-z0-9._-]*", "a lower-case dataset name"))
    title: str = nonblank()
    version: str = nonblank()
    description: str | None = nonblank(default=None)
    sources: tuple[Source, ...] = ()
    records: tuple[Record, ...] = ()

    @cached_property
    def _by_id(self) -> dict[str, Record]:
        index: dict[str, Record] = {}
        for record in (*self.sources, *self.records):
            index.setdefault(record.id, record)
        return index

    def __getitem__(self, id: str) -> Record:
        """The source or record with this id.

        Raises:
            KeyError: no source or record has the id.
        """
        return self._by_id[id]

    def __contains__(self, id: object) -> bool:
        return id in self._by_id

    def __iter__(self) -> Iterator[Record]:
        """The records (not the sources), in order."""
        return iter(self.records)

    def __len__(self) -> int:
        """How many records (not sources) the dataset holds."""
        return len(self.records)

    def get(self, id: str) -> Record | None:
        """The source or record with this id, or ``None``."""
        return self._by_id.get(id)

    def of_type(self, cls: type[R]) -> tuple[R, ...]:
        """The records that are instances of ``cls``, in order (sources for ``Source``)."""
        pool = self.sources if cls is Source else self.records
        return tuple(r for r in pool if isinstance(r, cls))
