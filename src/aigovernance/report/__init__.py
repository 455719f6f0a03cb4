"""The evidence review page, and the display of datasets and records in notebooks.

:func:`to_html` writes one self-contained HTML page for a dataset: each source's text
with every evidence span highlighted, the records as cards linked along every
reference, a timeline and a picture of who met whom drawn as SVG, and the problems
:func:`aigovernance.validate` finds, each at its record. The page loads nothing (a
Content-Security-Policy forbids it), reads with JavaScript off and prints.

Rendering needs Jinja2, the ``html`` extra (``pip install 'aigovernance[html]'``).
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Final

from aigovernance.report._render import asset, environment, policy

if TYPE_CHECKING:
    from aigovernance.model import Dataset, Record

__all__ = ["dataset_html", "record_html", "to_html"]

NOTEBOOK_RECORDS: Final = 100
"""The most records the notebook display of a dataset shows as cards."""


def to_html(dataset: Dataset) -> str:
    """The evidence review page of ``dataset``: one self-contained HTML document.

    The page shows each source with its full text, every evidence span highlighted and
    shaded by its confidence, the text no evidence covers marked; the records as cards
    grouped by type, with labels for the records they name and links to them, to what
    refers to them and to their spans; a timeline of the events (a date known to the
    month is drawn as the month it may be) and who met whom, both as SVG; and the
    problems :func:`aigovernance.validate` finds, at the records they concern.
    Clicking a highlighted passage (or pressing Enter on it) lists what it supports.

    Every value from the dataset is escaped: text holding markup shows as that text,
    and bidirectional control characters are shown and contained. The same dataset
    gives the same page, byte for byte.

    >>> import aigovernance as ag
    >>> page = ag.to_html(ag.datasets.load())
    >>> page.startswith("<!DOCTYPE html>"), "co-hosted by China and Zambia" in page
    (True, True)

    Raises:
        ImportError: jinja2 is not installed (the ``html`` extra).
    """
    from aigovernance._validate import validate
    from aigovernance.report._view import page

    env = environment()
    style, script = asset("report.css"), asset("report.js")
    from importlib.metadata import version

    return env.get_template("report.html.j2").render(
        ds=dataset,
        view=page(dataset, validate(dataset)),
        style=_markup(style),
        script=_markup(script),
        policy=policy(style, script),
        version=version("aigovernance"),
    )


def dataset_html(dataset: Dataset) -> str | None:
    """A compact display of ``dataset`` for notebooks; ``None`` without jinja2.

    The header, the number of records of each type, the sources, and a card for each of
    the first :data:`NOTEBOOK_RECORDS` records, with labels for the records they name,
    links between the cards and the quotes of their evidence.
    """
    from aigovernance.report._view import cards

    try:
        env = environment()
    except ImportError:
        return None
    prefix = (
        "ag-" + hashlib.sha256(f"{dataset.id}\0{dataset.version}".encode()).hexdigest()[:8] + "-"
    )
    counts: dict[str, int] = {}
    for record in dataset.records:
        counts[record.type] = counts.get(record.type, 0) + 1
    return env.get_template("notebook.html.j2").render(
        ds=dataset,
        counts=sorted(counts.items()),
        cards=cards(dataset, NOTEBOOK_RECORDS, prefix),
        limit=NOTEBOOK_RECORDS,
        style=_markup(asset("notebook.css")),
        standalone=False,
    )


def record_html(record: Record) -> str | None:
    """A compact card of one record for notebooks; ``None`` without jinja2.

    Ids of other records show as ids: a record alone does not know their labels.
    """
    from aigovernance.model import Dataset, Source
    from aigovernance.report._view import Card, cards

    try:
        env = environment()
    except ImportError:
        return None
    shown: tuple[Card, ...]
    alone = Dataset(id="record", title=record.id, version="1", records=(record,))
    if isinstance(record, Source):
        alone = Dataset(id="record", title=record.id, version="1", sources=(record,))
        shown = ()
    else:
        shown = cards(alone, 1, "")
    return env.get_template("notebook.html.j2").render(
        ds=None,
        record=record,
        counts=(),
        cards=shown,
        limit=1,
        style=_markup(asset("notebook.css")),
        standalone=True,
    )


def _markup(text: str) -> object:
    """Text of the package's own (trusted) style sheet or script, not to be escaped."""
    import markupsafe

    return markupsafe.Markup(text)
