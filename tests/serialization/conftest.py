"""Fixtures for the serialisation tests."""

from __future__ import annotations

import pytest

import aigovernance as ag

from .samples import sample_dataset


@pytest.fixture
def dataset() -> ag.Dataset:
    return sample_dataset()
