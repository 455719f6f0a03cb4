"""``import aigovernance`` loads the model only; the rest loads when first used.

Each check runs in a fresh interpreter, so that modules other tests imported do not hide
an eager import.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

# Loaded on first use: the reader and writer (and cattrs behind them), the comparison
# tools, dataset validation, and the standard modules only they need.
DEFERRED = (
    "aigovernance._validate",
    "aigovernance.compare",
    "aigovernance.serialization",
    "calendar",
    "cattrs",
    "json",
)


def run(code: str) -> list[str]:
    """Run ``code`` in a fresh interpreter; return the lines it prints."""
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()


def loaded_after(code: str) -> set[str]:
    """Which of :data:`DEFERRED` (or their submodules) are loaded after running ``code``."""
    lines = run(
        "import sys\n"
        f"{code}\n"
        f"deferred = {DEFERRED!r}\n"
        "for name in sorted(sys.modules):\n"
        "    if any(name == d or name.startswith(d + '.') for d in deferred):\n"
        "        print(name)\n"
    )
    return set(lines)


def test_import_leaves_deferred_modules_unloaded() -> None:
    assert loaded_after("import aigovernance") == set()


def test_the_model_can_be_used_without_loading_them() -> None:
    code = (
        "import aigovernance as ag\n"
        "d = ag.PartialDate(year=2024, month=9)\n"
        "assert d < ag.PartialDate(year=2024, month=10)\n"
        "assert ag.Dataset(id='empty', title='Empty', version='1').records == ()\n"
    )
    assert loaded_after(code) == {"calendar"}


def test_citing_a_quote_does_not_load_the_reader() -> None:
    code = (
        "import aigovernance as ag\n"
        "source = ag.Source(id='source:s', title='S', text='Zambia and China')\n"
        "assert source.cite('China').start == 11\n"
    )
    assert loaded_after(code) == set()


def test_validate_does_not_load_the_reader() -> None:
    code = (
        "import aigovernance as ag\n"
        "assert ag.validate(ag.Dataset(id='empty', title='Empty', version='1')) == ()\n"
    )
    assert loaded_after(code) == {"aigovernance._validate"}


@pytest.mark.parametrize(
    "statement",
    [
        "import aigovernance as ag; ag.datasets.load()",
        "import aigovernance.datasets as d; d.load()",
        "from aigovernance import datasets; datasets.load('reference-principles')",
    ],
)
def test_bundled_datasets_load_however_the_module_is_reached(statement: str) -> None:
    assert "aigovernance.serialization" in loaded_after(statement)


def test_every_public_name_is_available_from_a_fresh_import() -> None:
    code = (
        "import aigovernance as ag\n"
        "names = dir(ag)\n"
        "missing = [n for n in ag.__all__ if n not in names]\n"
        "assert not missing, missing\n"
        "for name in ag.__all__:\n"
        "    exec(f'from aigovernance import {name}')\n"
        "    assert getattr(ag, name) is not None, name\n"
        "print('ok')\n"
    )
    assert run(code) == ["ok"]


def test_lazy_names_are_the_objects_their_modules_define() -> None:
    code = (
        "import aigovernance as ag\n"
        "from aigovernance import _validate, compare, datasets, serialization\n"
        "assert ag.datasets is datasets\n"
        "assert ag.validate is _validate.validate\n"
        "assert ag.diff is compare.diff\n"
        "for name in ('NewerSchemaWarning', 'Problem', 'ValidationError', 'from_dict',\n"
        "             'from_json', 'to_dict', 'to_json', 'read', 'write'):\n"
        "    assert getattr(ag, name) is getattr(serialization, name), name\n"
        "print('ok')\n"
    )
    assert run(code) == ["ok"]


def test_an_unknown_name_is_still_an_attribute_error() -> None:
    code = (
        "import aigovernance as ag\n"
        "try:\n"
        "    ag.no_such_name\n"
        "except AttributeError as error:\n"
        "    print(error)\n"
    )
    assert run(code) == ["module 'aigovernance' has no attribute 'no_such_name'"]
