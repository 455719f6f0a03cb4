"""What ``match`` leaves out without comparing in full, and what it leaves as it was."""

from __future__ import annotations

import gc

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import aigovernance as ag
from aigovernance.compare import DEFAULT_TABLE, _match

from .local_strategies import events


@settings(max_examples=300, deadline=None)
@given(events(id="event:a"), events(id="event:b"), st.floats(0.0, 1.0))
def test_a_pair_left_out_by_the_bound_could_not_reach_the_threshold(
    a: ag.Event, b: ag.Event, threshold: float
) -> None:
    rules = DEFAULT_TABLE[ag.Event]
    if not _match._may_reach(a, b, rules, threshold):
        assert ag.similarity(a, b).score < threshold


@pytest.mark.parametrize("enabled", [True, False])
def test_match_leaves_garbage_collection_as_it_found_it(enabled: bool) -> None:
    a = ag.Dataset(
        id="a", title="A", version="1", records=(ag.State(id="state:x", name="X", code="XXX"),)
    )
    was = gc.isenabled()
    try:
        if enabled:
            gc.enable()
        else:
            gc.disable()
        ag.match(a, a)
        assert gc.isenabled() is enabled
    finally:
        if was:
            gc.enable()
        else:
            gc.disable()
