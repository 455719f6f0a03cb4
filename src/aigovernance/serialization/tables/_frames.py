"""Data frames of a dataset: pandas (extra ``pandas``) and Polars (extra ``polars``).

Both are made from the Arrow tables (:func:`~aigovernance.to_arrow`), so they have its
columns and real types, with no conversion code to write.
"""

from __future__ import annotations

from typing import Any, Final

from aigovernance.model import Dataset
from aigovernance.serialization.tables._arrow import pyarrow, to_arrow

__all__ = ["to_pandas", "to_polars"]

_NEEDS: Final = (
    "{function} needs {package}, an optional dependency: pip install 'aigovernance[{extra}]'"
)


def _module(name: str, function: str, extra: str) -> Any:
    try:
        return __import__(name)
    except ImportError as error:
        raise ImportError(_NEEDS.format(function=function, package=name, extra=extra)) from error


def to_pandas(dataset: Dataset) -> dict[str, Any]:
    """The dataset as pandas data frames, by table name (needs the extra ``pandas``).

    Column types: text is pandas' string type (missing where empty); whole
    numbers are nullable ``Int64``; days are ``date32[day][pyarrow]`` (real dates, over
    the whole calendar); vocabulary terms are ``category`` whose categories are the
    whole vocabulary; lists are ``list<string>[pyarrow]``, whose items are Python lists.

    >>> import aigovernance as ag
    >>> frames = ag.to_pandas(ag.datasets.load())
    >>> str(frames["events"]["kind"].dtype), str(frames["participations"]["index"].dtype)
    ('category', 'Int64')

    Raises:
        ImportError: pandas (or pyarrow) is not installed.
    """
    pd = _module("pandas", "to_pandas", "pandas")
    pa = pyarrow()

    def mapper(kind: Any) -> Any:
        if pa.types.is_int64(kind):
            return pd.Int64Dtype()
        if pa.types.is_date32(kind):
            return pd.ArrowDtype(kind)
        if pa.types.is_list(kind):
            return pd.ArrowDtype(pa.list_(pa.string()))
        return None

    frames: dict[str, Any] = {}
    for name, table in to_arrow(dataset).items():
        # Lists of terms become lists of text: pandas has no list of categories.
        columns = [
            column.cast(pa.list_(pa.string())) if pa.types.is_list(column.type) else column
            for column in table.columns
        ]
        plain = pa.table(columns, names=table.column_names)
        frames[name] = plain.to_pandas(types_mapper=mapper)
    return frames


def to_polars(dataset: Dataset) -> dict[str, Any]:
    """The dataset as Polars data frames, by table name (needs the extra ``polars``).

    Column types: ``String``, ``Int64``, ``Date``, ``Categorical`` for vocabulary terms,
    ``List(String)`` for lists (``List(Categorical)`` for themes).

    >>> import aigovernance as ag
    >>> frames = ag.to_polars(ag.datasets.load())
    >>> str(frames["events"].schema["date_earliest"])
    'Date'

    Raises:
        ImportError: Polars (or pyarrow) is not installed.
    """
    pl = _module("polars", "to_polars", "polars")
    return {name: pl.from_arrow(table) for name, table in to_arrow(dataset).items()}
