"""Sphinx configuration for the aigovernance documentation.

The build must pass offline with ``-W``: intersphinx inventories are fetched only when
``AIGOVERNANCE_DOCS_INTERSPHINX=1`` is set or the build runs on Read the Docs.
"""

from __future__ import annotations

import os
import re
import sys
from importlib.metadata import version as _version
from pathlib import Path

from docutils.nodes import Element  # type: ignore[import-untyped]
from sphinx.addnodes import pending_xref
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.pycode import ModuleAnalyzer

import aigovernance as ag

# Local extensions live beside this file.
sys.path.insert(0, str(Path(__file__).parent / "_ext"))

project = "aigovernance"
author = "The aigovernance developers"
copyright = "The aigovernance developers"
release = _version("aigovernance")
version = ".".join(release.split(".")[:2])

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.intersphinx",
    "sphinx.ext.viewcode",
    "sphinx_copybutton",
    "sphinxarg.ext",
    "vocabulary_tables",
    "schema_files",
]

source_suffix = {".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build", "_ext"]
templates_path: list[str] = []

# MyST: ::: fences for admonitions, definition lists for glossaries.
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

# autodoc: signatures stay short; the types go into the parameter descriptions.
autodoc_typehints = "description"
autodoc_typehints_description_target = "all"
autodoc_member_order = "bysource"
autodoc_typehints_format = "short"
autodoc_default_options = {"exclude-members": "__init__, __new__"}

# Google-style docstrings; "Attributes:" sections become field lists of the class, so a
# field documented there is not also an object of its own (which autodoc would duplicate).
napoleon_google_docstring = True
napoleon_numpy_docstring = False
napoleon_use_ivar = True
napoleon_use_rtype = False

_INTERSPHINX = (
    os.environ.get("AIGOVERNANCE_DOCS_INTERSPHINX") == "1"
    or os.environ.get("READTHEDOCS") == "True"
)
intersphinx_mapping: dict[str, tuple[str, str | None]] = (
    {
        "python": ("https://docs.python.org/3", None),
        "attrs": ("https://www.attrs.org/en/stable/", None),
        "cattrs": ("https://catt.rs/en/stable/", None),
        "hypothesis": ("https://hypothesis.readthedocs.io/en/latest/", None),
    }
    if _INTERSPHINX
    else {}
)


def _data_docstring(
    app: Sphinx, what: str, name: str, obj: object, options: object, lines: list[str]
) -> None:
    """Give re-exported data the docstring written where it is defined.

    autodoc looks for ``#:`` comments and attribute docstrings only in the module it is
    asked about (``aigovernance``), and otherwise falls back to the docstring of the
    value's type (``str``, ``dict``). The constants are defined in private modules.
    """
    if what != "data" or not name.startswith("aigovernance."):
        return
    attribute = name.rpartition(".")[2]
    for module_name, module in sorted(sys.modules.items()):
        if (
            not module_name.startswith("aigovernance.")
            or getattr(module, attribute, None) is not obj
        ):
            continue
        docs = ModuleAnalyzer.for_module(module_name).find_attr_docs()
        if ("", attribute) in docs:
            lines[:] = list(docs[("", attribute)])
            return


# A public name is documented where users import it (``aigovernance.Dataset``), not in
# the private module that defines it (``aigovernance.model._dataset``).
_PRIVATE_PATH = re.compile(r"\baigovernance(?:\.\w+)*\._\w+(?:\.\w+)*?\.(\w+)\b")
_PUBLIC = frozenset(ag.__all__)


def _public(match: re.Match[str]) -> str:
    name = match[1]
    return f"aigovernance.{name}" if name in _PUBLIC else match[0]


def _public_names_in_docstring(
    app: Sphinx, what: str, name: str, obj: object, options: object, lines: list[str]
) -> None:
    """Show types by their public names in the fields napoleon writes."""
    lines[:] = [_PRIVATE_PATH.sub(_public, line) for line in lines]


def _public_reference(
    app: Sphinx, env: BuildEnvironment, node: pending_xref, contnode: Element
) -> Element | None:
    """Resolve a reference to a private path through the public name."""
    if node.get("refdomain") != "py":
        return None
    target = str(node.get("reftarget", ""))
    public = _PRIVATE_PATH.sub(_public, target)
    if public == target:
        return None
    domain = env.get_domain("py")
    node["reftarget"] = public
    return domain.resolve_xref(
        env, node.get("refdoc", ""), app.builder, node["reftype"], public, node, contnode
    )


def setup(app: Sphinx) -> None:
    """Connect the local hooks."""
    app.connect("autodoc-process-docstring", _data_docstring)
    # After napoleon (priority 500) has turned "Attributes:" into typed fields.
    app.connect("autodoc-process-docstring", _public_names_in_docstring, priority=900)
    app.connect("missing-reference", _public_reference)


html_theme = "furo"
html_title = f"aigovernance {release}"
html_static_path = ["_static"]
html_css_files = ["wrap.css"]

# The copy button copies the commands and code of an example, not its prompts ("$ ",
# ">>> ", "... ") nor the output shown after them.
copybutton_prompt_text = r"\$ |>>> |\.\.\. "
copybutton_prompt_is_regexp = True
copybutton_only_copy_prompt_lines = True
