"""The base of all records: things with a typed id, identifiers and evidence."""

from __future__ import annotations

from typing import ClassVar

from aigovernance._checking import Model
from aigovernance._values import Evidence, Identifier

__all__ = ["ACTOR_TYPES", "Record"]

ACTOR_TYPES = ("person", "state", "organization", "group")
"""The record types that can act: take part in events, speak, commit, issue instruments."""


class Record(Model):
    """A record of a dataset: a fact about the world with a stable, typed id.

    Every record has an ``id`` of the form ``"<type>:<name>"`` (``"event:un-hlm-2024"``),
    where ``<type>`` is the class's :attr:`type` tag, which also tells records apart in
    JSON. Records name each other by these ids, never by nesting. Each record lists the
    other names or titles sources give it (``aliases``), the
    :class:`~aigovernance.Identifier` values other schemes give it and the
    :class:`~aigovernance.Evidence` that supports it.
    """

    __slots__ = ()
    type: ClassVar[str]
    """The type tag: the JSON ``"type"`` and the prefix of every id of this class."""

    id: str
    aliases: tuple[str, ...]
    identifiers: tuple[Identifier, ...]
    evidence: tuple[Evidence, ...]

    def _repr_html_(self) -> str | None:
        """A compact card for notebooks; ``None`` (plain ``repr``) without jinja2."""
        from aigovernance.report import record_html

        return record_html(self)
