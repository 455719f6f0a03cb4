"""Schema versions: refuse what is too new, migrate what is old, by pure dict steps."""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable
from typing import Any, Final

from aigovernance._checking import InvalidValue
from aigovernance.model import SCHEMA_VERSION

__all__ = ["MIGRATIONS", "NewerSchemaWarning", "migrate"]

Document = dict[str, Any]


def _to_1_1(document: Document) -> Document:
    """1.0 to 1.1: 1.1 only added optional fields (the prefix and suffix of a span)."""
    return {**document, "schema_version": "1.1"}


def _renamed(item: Any, old: str, new: str) -> Any:
    """``item`` with its one value ``old`` made the list ``new``, and its evidence so.

    An item that gives both is left as it is, to be refused at ``old``: merging the two
    would lose one of them. So is anything that is not a dict. Evidence naming ``old``
    names ``new`` even where the list is already given (a table's retired column
    gives it).
    """
    if not isinstance(item, dict) or (old in item and new in item):
        return item
    renamed = item
    if old in item:
        value = item[old]
        renamed = {(new if k == old else k): v for k, v in item.items()}
        renamed[new] = [] if value is None else [value]
    evidence = renamed.get("evidence")
    if isinstance(evidence, list) and any(_names(e, old) for e in evidence):
        evidence = [_evidence_renamed(e, old, new) for e in evidence]
        renamed = {**renamed, "evidence": evidence}
    return renamed


def _names(evidence: Any, field: str) -> bool:
    """Whether a piece of evidence says it supports ``field``."""
    fields = evidence.get("fields") if isinstance(evidence, dict) else None
    return isinstance(fields, list) and field in fields


def _evidence_renamed(evidence: Any, old: str, new: str) -> Any:
    if not _names(evidence, old):
        return evidence
    return {**evidence, "fields": [new if f == old else f for f in evidence["fields"]]}


def _record_1_2(record: Any) -> Any:
    if not isinstance(record, dict):
        return record
    kind = record.get("type")
    if kind == "statement":
        return _renamed(record, "speaker", "speakers")
    if kind == "commitment":
        return _renamed(record, "actor", "actors")
    if kind == "event" and isinstance(record.get("participations"), list):
        participations = [_renamed(p, "capacity", "capacities") for p in record["participations"]]
        return {**record, "participations": participations}
    return record


def _to_1_2(document: Document) -> Document:
    """1.1 to 1.2: one value becomes a list of them.

    A participation's ``capacity`` becomes its ``capacities``, a statement's ``speaker``
    its ``speakers`` and a commitment's ``actor`` its ``actors``; evidence naming the old
    field names the new one. Every other field added in 1.2 is optional.
    """
    records = document.get("records")
    if isinstance(records, list):
        document = {**document, "records": [_record_1_2(r) for r in records]}
    return {**document, "schema_version": "1.2"}


MIGRATIONS: Final[dict[str, tuple[str, Callable[[Document], Document]]]] = {
    "1.0": ("1.1", _to_1_1),
    "1.1": ("1.2", _to_1_2),
}
"""Steps from an old schema version: ``{old: (next version, step)}``.

A step is a pure function from a document of version ``old`` to one of the next version;
it does not change its argument. The chain of steps ends at :data:`SCHEMA_VERSION`.
"""

_VERSION: Final = re.compile(r"([0-9]+)\.([0-9]+)")


class NewerSchemaWarning(UserWarning):
    """A document has a newer minor schema version than this library writes.

    It is read, but fields added in that version would be reported as unknown.
    """


Number = tuple[int, str]
"""A version number of any length, compared as numbers compare: by digits, then by text."""


def _number(digits: str) -> Number:
    # Compared without making an int: a number of thousands of digits is beyond what
    # Python turns from text into an int, and the schema puts no bound on it.
    digits = digits.lstrip("0") or "0"
    return (len(digits), digits)


def _parse(version: str) -> tuple[Number, Number] | None:
    match = _VERSION.fullmatch(version)
    return None if match is None else (_number(match[1]), _number(match[2]))


def _short(text: str) -> str:
    """``text`` as messages show it, shortened when long."""
    return text if len(text) <= 40 else text[:37] + "..."


def migrate(document: Document) -> Document:
    """Bring a dataset document to the current schema version.

    The result is a new dict whose ``schema_version`` is :data:`SCHEMA_VERSION`; the
    argument is not changed. A newer minor version is read as the current one, with a
    :class:`NewerSchemaWarning`.

    Raises:
        InvalidValue: the version is missing, malformed, of a newer major version, or
            older than any migration this library knows.
    """
    version = document.get("schema_version")
    if not isinstance(version, str) or (found := _parse(version)) is None:
        message = (
            "required field is missing"
            if "schema_version" not in document
            else f"{_short(repr(version))} is not a MAJOR.MINOR version"
        )
        raise InvalidValue(dict, [(("schema_version",), message)])
    current = _parse(SCHEMA_VERSION)
    assert current is not None
    if found[0] > current[0]:
        raise InvalidValue(
            dict,
            [
                (
                    ("schema_version",),
                    f"version {_short(version)} is newer than this library reads "
                    f"({SCHEMA_VERSION}); upgrade aigovernance",
                )
            ],
        )
    if found[0] == current[0] and found[1] > current[1]:
        warnings.warn(
            f"schema version {_short(version)} is newer than {SCHEMA_VERSION}; reading it as "
            f"{SCHEMA_VERSION}",
            NewerSchemaWarning,
            stacklevel=4,
        )
        return {**document, "schema_version": SCHEMA_VERSION}
    while version in MIGRATIONS:
        version, step = MIGRATIONS[version]
        document = step(document)
        found = _parse(version) or current
    if found[0] < current[0]:
        raise InvalidValue(dict, [(("schema_version",), f"no migration from version {version}")])
    # An older minor version needs no step of its own: it is read as the current one.
    return {**document, "schema_version": SCHEMA_VERSION}
