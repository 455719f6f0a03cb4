from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = ["_align", "_comparators", "_diff", "_match", "_similarity", "_text"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_run(name: str) -> None:
    module = importlib.import_module(f"aigovernance.compare.{name}")
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0
    assert result.failed == 0
