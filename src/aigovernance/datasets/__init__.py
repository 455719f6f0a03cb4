"""The bundled datasets, read lazily from the package and cached.

Two datasets ship with the library:

``seed``
    A readout of Wang Yi at the UN High-level Meeting on International Cooperation on
    Capacity-building of Artificial Intelligence (New York, 25 September 2024), with its
    full text as the source ``source:seed``. Every fact taken from the readout points at
    the span of its text that supports it; facts from other public sources cite their own
    source records, with a confidence.
``reference-principles``
    The OECD AI Principles and the principles of the UNESCO Recommendation on the Ethics
    of AI, with their instruments, issuers, sources and themes, for comparing principle
    sets.

>>> import aigovernance as ag
>>> ag.datasets.available()
('reference-principles', 'seed')
>>> ds = ag.datasets.load()
>>> ds["event:hlm-ai-capacity-building-2024"].date
PartialDate(year=2024, month=9, day=25)
"""

from __future__ import annotations

import threading
from typing import Final

from aigovernance.model import Dataset

__all__ = ["available", "load"]

_FILES: Final = {
    "reference-principles": "reference-principles.json",
    "seed": "seed.json",
}


def available() -> tuple[str, ...]:
    """The names of the bundled datasets, sorted.

    >>> import aigovernance as ag
    >>> ag.datasets.available()
    ('reference-principles', 'seed')
    """
    return tuple(sorted(_FILES))


def load(name: str = "seed") -> Dataset:
    """Load a bundled dataset by name: the seed dataset unless told otherwise.

    The file is read from the installed package (zip-safe) the first time a dataset is
    asked for; later calls return the same object, which is safe to share because
    datasets are immutable. The first load is thread-safe: threads that ask at once
    wait for one reading and all get its object.

    >>> import aigovernance as ag
    >>> ds = ag.datasets.load("reference-principles")
    >>> ds["principle-set:oecd-ai-principles"].principles[-1].title
    'Accountability'
    >>> ag.datasets.load("reference-principles") is ds
    True

    Args:
        name: one of :func:`available`.

    Raises:
        LookupError: no bundled dataset has that name; the message lists those that do.
    """
    if name not in _FILES:
        names = ", ".join(repr(n) for n in available())
        raise LookupError(f"no bundled dataset is named {name!r}; the bundled ones are {names}")
    return _read(name)


_LOADED: dict[str, Dataset] = {}
_LOADING: Final = threading.Lock()


def _read(name: str) -> Dataset:
    # Kept on the resolved name, so ``load()`` and ``load("seed")`` share one object.
    # A cached value is read without the lock (one dict lookup is atomic); only a first
    # load takes it, and looks again once it holds it, so one thread reads the file.
    loaded = _LOADED.get(name)
    if loaded is not None:
        return loaded
    with _LOADING:
        loaded = _LOADED.get(name)
        if loaded is None:
            loaded = _LOADED[name] = _parse(name)
    return loaded


def _parse(name: str) -> Dataset:
    # Imported here: importlib.resources and the reader are slow to import, and only
    # loading needs them.
    from importlib.resources import files

    from aigovernance.serialization import from_json

    data = files(__name__).joinpath(_FILES[name]).read_bytes()
    return from_json(data, Dataset)
