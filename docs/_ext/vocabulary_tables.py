"""A ``vocabulary`` directive: a table of a vocabulary's terms, read from the library.

Writing the terms out by hand would let the pages drift from the code; the table is
built from the enum itself (and, for themes, from ``THEME_DESCRIPTIONS``) at build time.

Usage in a MyST page::

    ```{vocabulary} Theme
    ```
"""

from __future__ import annotations

import enum
from typing import Any

from docutils import nodes  # type: ignore[import-untyped]
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

import aigovernance as ag


def _text(value: str, *, literal: bool = False) -> nodes.entry:
    inner: nodes.Node = nodes.literal(text=value) if literal else nodes.Text(value)
    return nodes.entry("", nodes.paragraph("", "", inner))


class VocabularyTable(SphinxDirective):
    """Render one vocabulary of :mod:`aigovernance` as a table."""

    required_arguments = 1
    has_content = False

    def run(self) -> list[nodes.Node]:
        name = self.arguments[0]
        cls = getattr(ag, name, None)
        if not (isinstance(cls, type) and issubclass(cls, enum.Enum)):
            raise self.error(f"aigovernance.{name} is not a vocabulary")
        descriptions: dict[Any, str] = ag.THEME_DESCRIPTIONS if cls is ag.Theme else {}
        headers = ["JSON text", "Python"] + (["Covers"] if descriptions else [])
        widths = [30, 35, 60] if descriptions else [40, 60]

        group = nodes.tgroup(cols=len(headers))
        group.extend(nodes.colspec(colwidth=width) for width in widths)
        group += nodes.thead("", nodes.row("", *(_text(h) for h in headers)))
        body = nodes.tbody()
        for member in cls:
            cells = [
                _text(str(member.value), literal=True),
                _text(f"{name}.{member.name}", literal=True),
            ]
            if descriptions:
                cells.append(_text(descriptions[member]))
            body += nodes.row("", *cells)
        group += body
        table = nodes.table("", group, classes=["vocabulary"])
        return [table]


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the directive."""
    app.add_directive("vocabulary", VocabularyTable)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
