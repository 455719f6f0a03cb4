"""The distributions and the files that describe the project to other tools.

The sdist and the wheel are built here (without build isolation, with the test tools'
setuptools) and their contents checked; the GitHub workflows, the Read the Docs file
and ``CITATION.cff`` are checked against the schemas that check-jsonschema ships, and
the cibuildwheel settings against cibuildwheel's own schema and build selection.
"""

from __future__ import annotations

import email.parser
import os
import re
import subprocess
import sys
import tarfile
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    tomllib = pytest.importorskip("tomli")

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "aigovernance"
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
PYPROJECT: dict[str, Any] = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
PROJECT: dict[str, Any] = PYPROJECT["project"]
COMPILED = (".so", ".pyd", ".dylib", ".dll")
PYTHONS = {"cp310", "cp311", "cp312", "cp313", "cp314"}


def _check_jsonschema(schema: str, *paths: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, *map(str, paths)],
        capture_output=True,
        text=True,
        check=False,
    )


def _yaml(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


# ------------------------------------------------------------ schemas of other tools


def test_there_are_a_ci_and_a_release_workflow() -> None:
    assert {"ci.yml", "release.yml"} <= {path.name for path in WORKFLOWS}


@pytest.mark.parametrize(
    ("schema", "paths"),
    [
        ("vendor.github-workflows", WORKFLOWS),
        ("vendor.readthedocs", [ROOT / ".readthedocs.yaml"]),
        ("vendor.citation-file-format", [ROOT / "CITATION.cff"]),
    ],
    ids=["workflows", "readthedocs", "citation"],
)
def test_the_file_matches_its_schema(schema: str, paths: list[Path]) -> None:
    done = _check_jsonschema(schema, *paths)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize(
    ("schema", "text"),
    [
        # A job without runs-on, and a step that both runs and uses.
        ("vendor.github-workflows", "on: push\njobs:\n  a:\n    steps:\n      - run: x\n"),
        ("vendor.github-workflows", "on: push\njobs:\n  a:\n    runs-on: x\n    stepz: []\n"),
        ("vendor.citation-file-format", "cff-version: 1.2.0\ntitle: x\nauthors: []\n"),
    ],
)
def test_the_schema_check_refuses_a_broken_file(schema: str, text: str, tmp_path: Path) -> None:
    path = tmp_path / "broken.yml"
    path.write_text(text, encoding="utf-8")
    assert _check_jsonschema(schema, path).returncode == 1


def test_the_citation_agrees_with_the_project_metadata() -> None:
    citation = _yaml(ROOT / "CITATION.cff")
    assert citation["cff-version"] == "1.2.0"
    assert (citation["title"], citation["version"], citation["license"]) == (
        PROJECT["name"],
        PROJECT["version"],
        PROJECT["license"],
    )
    assert citation["abstract"] == PROJECT["description"]
    assert citation["keywords"] == PROJECT["keywords"]
    assert citation["repository-code"] == PROJECT["urls"]["Source"]
    assert citation["url"] == PROJECT["urls"]["Documentation"]


# --------------------------------------------------------------- wheels and releases


def test_the_cibuildwheel_settings_match_its_schema() -> None:
    pytest.importorskip("cibuildwheel", reason="cibuildwheel runs on Python 3.11 and later")
    import json
    from importlib.resources import files

    import jsonschema

    schema = json.loads(
        (files("cibuildwheel") / "resources" / "cibuildwheel.schema.json").read_text()
    )
    jsonschema.validate(PYPROJECT["tool"]["cibuildwheel"], schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**PYPROJECT["tool"]["cibuildwheel"], "test-comand": "x"}, schema)


@pytest.mark.parametrize(
    ("platform", "kinds"),
    [
        ("linux", {"manylinux", "musllinux"}),
        ("macos", {"macosx"}),
        ("windows", {"win"}),
    ],
)
def test_cibuildwheel_builds_cpython_310_to_314(platform: str, kinds: set[str]) -> None:
    pytest.importorskip("cibuildwheel", reason="cibuildwheel runs on Python 3.11 and later")
    done = subprocess.run(
        [sys.executable, "-m", "cibuildwheel", "--print-build-identifiers", "--platform", platform],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    identifiers = done.stdout.split()
    pythons = {identifier.partition("-")[0] for identifier in identifiers}
    assert pythons == PYTHONS
    built = {identifier.partition("-")[2].partition("_")[0] for identifier in identifiers}
    assert built == kinds
    for python in PYTHONS:  # every Python on every kind of platform
        assert {i.partition("-")[2] for i in identifiers if i.startswith(f"{python}-")} == {
            i.partition("-")[2] for i in identifiers if i.startswith("cp314-")
        }


def test_the_wheel_tests_name_files_that_exist() -> None:
    command = PYPROJECT["tool"]["cibuildwheel"]["test-command"]
    paths = re.findall(r"\{project\}/(\S+)", command)
    assert paths
    assert [path for path in paths if not (ROOT / path).is_file()] == []


def _steps(job: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield from job.get("steps", [])


def test_the_release_workflow_builds_everywhere_and_publishes_a_tag_by_trusted_publishing() -> None:
    workflow = _yaml(ROOT / ".github" / "workflows" / "release.yml")
    jobs = workflow["jobs"]
    wheels = jobs["wheels"]
    assert any(step.get("uses", "").startswith("pypa/cibuildwheel@") for step in _steps(wheels))
    runners = wheels["strategy"]["matrix"]["os"]
    assert {runner.partition("-")[0] for runner in runners} == {"ubuntu", "macos", "windows"}
    assert "ubuntu-24.04-arm" in runners  # aarch64 wheels, natively
    assert any("--sdist" in step.get("run", "") for step in _steps(jobs["sdist"]))

    publisher = "pypa/gh-action-pypi-publish@"
    publishing = [
        name
        for name, job in jobs.items()
        if any(step.get("uses", "").startswith(publisher) for step in _steps(job))
    ]
    assert publishing == ["publish"]
    publish = jobs["publish"]
    # Trusted publishing: an OIDC token, asked for by this job alone, in an environment.
    assert publish["permissions"] == {"id-token": "write"}
    assert publish["environment"]["name"] == "pypi"
    assert workflow["permissions"] == {"contents": "read"}
    assert "refs/tags/" in publish["if"]
    # It publishes only what was built and checked.
    needed: set[str] = set()
    todo = [publish]
    while todo:
        job = todo.pop()
        wanted = job.get("needs", [])
        for name in [wanted] if isinstance(wanted, str) else wanted:
            needed.add(name)
            todo.append(jobs[name])
    assert {"sdist", "wheels"} <= needed
    # The tags that trigger it are the ones it publishes.
    assert workflow[True]["push"]["tags"] == ["v*"]  # YAML 1.1 reads "on" as true


def test_the_ci_workflow_runs_the_checks_on_three_systems() -> None:
    workflow = _yaml(ROOT / ".github" / "workflows" / "ci.yml")
    jobs = workflow["jobs"]
    assert any(step.get("run") == "bash .ci/run" for step in _steps(jobs["ci-run"]))
    assert set(jobs["checks"]["strategy"]["matrix"]["os"]) == {
        "ubuntu-latest",
        "macos-latest",
        "windows-latest",
    }
    runs = "\n".join(step.get("run", "") for step in _steps(jobs["checks"]))
    for check in ("pytest", "ruff check", "ruff format --check", "mypy", "sphinx", "twine check"):
        assert check in runs
    assert jobs["pure-python"]["env"] == {"AIGOVERNANCE_NO_EXTENSIONS": "1"}


def test_development_tools_are_dependency_groups_not_extras() -> None:
    extras = set(PROJECT["optional-dependencies"])
    groups = set(PYPROJECT["dependency-groups"])
    assert {"test", "docs", "bench", "dev"} <= groups
    assert not extras & groups
    users = {"hypothesis", "compare", "arrow", "pandas", "polars", "fast", "yaml", "xlsx", "all"}
    assert users <= extras
    assert PROJECT["dependencies"] == ["attrs>=24.1", "cattrs>=24.1"]


# ----------------------------------------------------------------- the distributions


def _package_files() -> set[str]:
    """Every file of the package's source tree, relative to ``src``, but compiled ones."""
    return {
        path.relative_to(PACKAGE.parent).as_posix()
        for path in PACKAGE.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and path.suffix not in COMPILED
    }


def _build(outdir: Path, *args: str, env: dict[str, str] | None = None) -> Path:
    subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(outdir), *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        check=True,
    )
    (built,) = outdir.iterdir()
    return built


@pytest.fixture(scope="module")
def sdist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build(tmp_path_factory.mktemp("sdist"), "--sdist", str(ROOT))


@pytest.fixture(scope="module")
def wheel(sdist: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel built from the sdist, as ``python -m build`` and pip build it."""
    return _build(tmp_path_factory.mktemp("wheel"), "--wheel", str(sdist))


def _sdist_names(sdist: Path) -> set[str]:
    with tarfile.open(sdist) as archive:
        return {member.name.partition("/")[2] for member in archive.getmembers() if member.isfile()}


def _wheel_names(wheel: Path) -> set[str]:
    with zipfile.ZipFile(wheel) as archive:
        return set(archive.namelist())


def test_the_sdist_holds_the_whole_package_and_no_compiled_file(sdist: Path) -> None:
    names = _sdist_names(sdist)
    package = {f"src/{name}" for name in _package_files()}
    assert package - names == set()
    for needed in (
        "src/aigovernance/serialization/_speedups.c",
        "src/aigovernance/serialization/_speedups.pyi",
        "src/aigovernance/py.typed",
        "src/aigovernance/datasets/seed.json",
        "src/aigovernance/datasets/seed.txt",
        "src/aigovernance/datasets/reference-principles.json",
    ):
        assert needed in names
    assert any(re.fullmatch(r"src/aigovernance/serialization/schemas/.+\.json", n) for n in names)
    assert [name for name in names if name.endswith(COMPILED)] == []


def test_the_sdist_holds_what_builds_tests_documents_and_cites_the_package(sdist: Path) -> None:
    names = _sdist_names(sdist)
    for needed in (
        "pyproject.toml",
        "setup.py",
        "MANIFEST.in",
        "README.md",
        "LICENSE",
        "CHANGELOG.md",
        "CITATION.cff",
        "CONTRIBUTING.md",
        "SECURITY.md",
        ".readthedocs.yaml",
        "docs/conf.py",
        "tests/test_packaging.py",
        "scripts/build_datasets.py",
        "scripts/build_schema.py",
        "benchmarks/README.md",
        ".github/workflows/release.yml",
    ):
        assert needed in names
    assert not any(name.startswith(("docs/_build/", ".venv/")) for name in names)


def test_the_wheel_holds_the_package_with_its_data_and_stubs_but_no_c_source(
    wheel: Path,
) -> None:
    names = _wheel_names(wheel)
    package = {name for name in _package_files() if not name.endswith(".c")}
    assert package - names == set()
    assert not any(name.endswith(".c") for name in names)
    assert not any(name.startswith(("tests/", "docs/", "src/")) for name in names)
    extension = [n for n in names if n.startswith("aigovernance/serialization/_speedups.")]
    if os.environ.get("AIGOVERNANCE_NO_EXTENSIONS"):
        assert extension == ["aigovernance/serialization/_speedups.pyi"]
    else:
        assert len(extension) == 2, extension  # the stub and the compiled module
        assert not wheel.name.endswith("-none-any.whl")


def test_the_wheel_metadata_publishes_the_extras_and_no_development_groups(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        (name,) = [n for n in archive.namelist() if n.endswith(".dist-info/METADATA")]
        metadata = email.parser.Parser().parsestr(archive.read(name).decode())
    assert (metadata["Name"], metadata["Version"]) == (PROJECT["name"], PROJECT["version"])
    assert metadata["License-Expression"] == PROJECT["license"]
    assert set(metadata.get_all("Provides-Extra", [])) == set(PROJECT["optional-dependencies"])
    unconditional = [r for r in metadata.get_all("Requires-Dist", []) if "extra ==" not in r]
    assert sorted(unconditional) == sorted(PROJECT["dependencies"])


def test_without_the_extension_the_sdist_builds_a_pure_wheel(sdist: Path, tmp_path: Path) -> None:
    env = {**os.environ, "AIGOVERNANCE_NO_EXTENSIONS": "1"}
    pure = _build(tmp_path, "--wheel", str(sdist), env=env)
    assert pure.name.endswith("-py3-none-any.whl")
    names = _wheel_names(pure)
    assert not any(name.endswith((*COMPILED, ".c")) for name in names)
    assert "aigovernance/serialization/_speedups.pyi" in names
