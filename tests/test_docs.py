"""Every code sample in the documentation runs, and the reference covers the public API.

Sybil collects the samples: Python code blocks and ``>>>`` sessions in ``README.md`` and
``docs/**/*.md``; ``$ aigovernance ...`` and ``$ python examples/...`` sessions in
``console`` blocks, whose output is compared as doctest compares it (``...`` matches
anything); and the ``>>>`` examples in the library's docstrings. The samples of one page
share a namespace and run in order, in a fresh working directory, so a page reads as one
session.
"""

from __future__ import annotations

import doctest
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from sybil import Document, Example, Sybil
from sybil.parsers.abstract.lexers import LexingException
from sybil.parsers.myst import CodeBlockParser, PythonCodeBlockParser, SkipParser
from sybil.parsers.rest import DocTestParser

import aigovernance as ag

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
PACKAGE = ROOT / "src" / "aigovernance"
OPTIONS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


def _run_console(example: Example) -> str | None:
    """Run each ``$ aigovernance ...`` line of a console block and compare its output."""
    checker = doctest.OutputChecker()
    commands: list[tuple[str, list[str]]] = []
    for line in str(example.parsed).splitlines():
        if line.startswith("$ "):
            commands.append((line[2:], []))
        elif commands:
            commands[-1][1].append(line)
    for command, expected_lines in commands:
        argv = shlex.split(command)
        cwd = None  # the page's working directory
        if argv[:1] == ["aigovernance"]:
            argv = [sys.executable, "-m", "aigovernance", *argv[1:]]
        elif argv[:3] == ["python", "-m", "aigovernance"]:
            argv = [sys.executable, *argv[1:]]
        elif len(argv) > 1 and argv[0] == "python" and argv[1].startswith("examples/"):
            argv, cwd = [sys.executable, *argv[1:]], ROOT
        else:
            return f"only aigovernance commands and examples run in the docs, not {command!r}"
        done = subprocess.run(argv, capture_output=True, text=True, check=False, cwd=cwd)
        got = done.stdout + done.stderr
        expected = "\n".join(expected_lines).rstrip() + "\n"
        if not checker.check_output(expected, got, OPTIONS):
            return f"$ {command}\nexpected:\n{expected}got (exit {done.returncode}):\n{got}"
    return None


MARKDOWN = Sybil(
    parsers=[
        PythonCodeBlockParser(doctest_optionflags=OPTIONS),
        CodeBlockParser(language="console", evaluator=_run_console),
        SkipParser(),
    ],
    path=str(ROOT),
    patterns=["README.md", "docs/**/*.md"],
    excludes=["docs/_build/**"],
)

DOCSTRINGS = Sybil(
    parsers=[DocTestParser(optionflags=OPTIONS)],
    path=str(PACKAGE),
    patterns=["**/*.py"],
)


def _files(root: Path, pattern: str) -> list[Path]:
    return sorted(p for p in root.rglob(pattern) if "_build" not in p.parts)


def _run(document: Document) -> int:
    count = 0
    for example in document:
        example.evaluate()
        count += 1
    return count


@pytest.fixture
def in_tmp_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.usefixtures("in_tmp_dir")
@pytest.mark.parametrize(
    "path",
    [ROOT / "README.md", *_files(DOCS, "*.md")],
    ids=lambda p: str(p.relative_to(ROOT).as_posix()),
)
def test_docs_samples_run(path: Path) -> None:
    try:
        document = MARKDOWN.parse(path)
    except LexingException as error:  # pragma: no cover - a malformed page
        pytest.fail(f"{path.name}: {error}")
    _run(document)


@pytest.mark.usefixtures("in_tmp_dir")
@pytest.mark.parametrize(
    "path", _files(PACKAGE, "*.py"), ids=lambda p: str(p.relative_to(PACKAGE.parent).as_posix())
)
def test_docstring_examples_run(path: Path) -> None:
    _run(DOCSTRINGS.parse(path))


# Public modules documented as a whole, beside the names of ``aigovernance.__all__``.
SUBMODULES = {
    "aigovernance.authoring",
    "aigovernance.compare",
    "aigovernance.datasets",
    "aigovernance.strategies",
}

_AUTODOC = re.compile(r"^\.\. auto(?:class|function|data|exception|module):: (\S+)", re.M)


def _documented() -> set[str]:
    names: set[str] = set()
    for page in _files(DOCS / "reference", "*.md"):
        names.update(_AUTODOC.findall(page.read_text(encoding="utf-8")))
    return names


def test_reference_documents_every_public_name() -> None:
    documented = _documented()
    missing = [name for name in ag.__all__ if f"aigovernance.{name}" not in documented]
    assert missing == []


def test_reference_documents_no_name_outside_the_public_api() -> None:
    public = {f"aigovernance.{name}" for name in ag.__all__} | SUBMODULES
    extra = sorted(
        name
        for name in _documented()
        if name not in public and name.rpartition(".")[0] not in SUBMODULES
    )
    assert extra == []


def test_theme_mapping_covers_every_theme() -> None:
    page = (DOCS / "reference" / "vocabularies.md").read_text(encoding="utf-8")
    section = page.split("(theme-mapping)=", 1)[1]
    rows = {line.split("|")[1].strip(" `") for line in section.splitlines() if line[:2] == "| "}
    assert {theme.value for theme in ag.Theme} <= rows
