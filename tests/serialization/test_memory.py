"""Reading a large dataset needs little more memory than its objects themselves.

Typed reading decodes a document into mirrors, proves them the very bytes read and
makes the model objects from them. The mirrors are compared with the bytes a few
records at a time, never as a second copy of the whole document, and each record's
mirror is freed once its object is made, so that at no point are all the mirrors and
all the objects alive at once.
"""

from __future__ import annotations

import gc
import tracemalloc
from collections.abc import Iterator

import pytest

import aigovernance as ag
from aigovernance.serialization import _json

msgspec = pytest.importorskip("msgspec")


def _large(copies: int) -> bytes:
    """The seed dataset with its records written ``copies`` times over."""
    raw = ag.to_json_bytes(ag.datasets.load())
    at = raw.index(b'"records":[') + len(b'"records":[')
    return raw[:at] + b",".join([raw[at:-2]] * copies) + b"]}"


@pytest.fixture
def traced() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.disable()
    tracemalloc.start()
    try:
        yield
    finally:
        tracemalloc.stop()
        if enabled:
            gc.enable()


def _mirrors_size(raw: bytes) -> int:
    """The memory the dataset's mirrors alone take, as msgspec decodes them."""
    typed = _json._typed()
    assert typed is not None
    decoder = typed._decoders[ag.Dataset]
    before = tracemalloc.get_traced_memory()[0]
    mirrors = decoder.decode(raw)
    size = tracemalloc.get_traced_memory()[0] - before
    del mirrors
    return size


@pytest.mark.usefixtures("traced")
@pytest.mark.parametrize("paths", ["all", "no C extension"])
def test_reading_needs_about_the_mirrors_memory_at_most(paths: str) -> None:
    raw = _large(40)
    reading = _json.using(_json.ALL_PATHS) if paths == "all" else _json.without_speedups()
    with reading:
        typed = _json._typed()
        assert typed is not None
        expected = typed.read(raw, ag.Dataset)  # every decoder and builder made
        assert len(expected.records) == 40 * len(ag.datasets.load().records)
        del expected
        mirrors = _mirrors_size(raw)
        tracemalloc.reset_peak()
        before = tracemalloc.get_traced_memory()[0]
        made = typed.read(raw, ag.Dataset)
        kept, peak = (size - before for size in tracemalloc.get_traced_memory())
    assert made == ag.from_json(raw, ag.Dataset)
    # The objects share the mirrors' texts. With the C builders, each mirror is freed
    # once its object is made; without them, all the mirrors are alive until the end.
    assert kept < 1.2 * mirrors
    assert peak < (1.25 if paths == "all" else 1.75) * mirrors
