"""Explainable similarity of two records: a table of (weight, comparator) per field."""

from __future__ import annotations

import enum
from collections.abc import Iterator, Mapping
from types import MappingProxyType
from typing import Any, Final

import attrs
from attrs import field, frozen

from aigovernance._checking import model_fields
from aigovernance._values import PartialDate
from aigovernance.compare import _comparators as c
from aigovernance.compare._comparators import Comparator
from aigovernance.model import (
    Commitment,
    Event,
    Group,
    Instrument,
    Organization,
    Person,
    Place,
    Post,
    PrincipleSet,
    Record,
    Source,
    State,
    Statement,
)

__all__ = [
    "DEFAULT_TABLE",
    "FieldRule",
    "FieldScore",
    "Similarity",
    "SimilarityTable",
    "equivalent",
    "similarity",
]


def _positive(_: Any, attribute: attrs.Attribute[float], value: float) -> None:
    if not value > 0:
        raise ValueError(f"{attribute.name} must be above 0, not {value}")


@frozen(kw_only=True)
class FieldRule:
    """How one field counts towards the similarity of two records.

    >>> from aigovernance.compare import FieldRule, text
    >>> FieldRule(weight=3.0, comparator=text)
    FieldRule(weight=3.0, comparator=TextComparator(), missing=None)

    Attributes:
        weight: how much the field counts, above 0.
        comparator: scores two present values from 0 to 1 (see
            :mod:`aigovernance.compare` for those provided).
        missing: the score when only one record has a value; ``None`` (the default)
            leaves the field out, as it is when both lack one.
    """

    weight: float = field(validator=_positive)
    comparator: Comparator
    missing: float | None = None


def _rule(weight: float, comparator: Comparator) -> FieldRule:
    return FieldRule(weight=weight, comparator=comparator)


def _freeze(
    rules: Mapping[type[Record], Mapping[str, FieldRule]],
) -> Mapping[type[Record], Mapping[str, FieldRule]]:
    frozen_rules: dict[type[Record], Mapping[str, FieldRule]] = {}
    for cls, fields in rules.items():
        names = {a.name for a in model_fields(cls)}
        unknown = sorted(set(fields) - names)
        if unknown:
            raise ValueError(f"{cls.__name__} has no field {', '.join(map(repr, unknown))}")
        frozen_rules[cls] = MappingProxyType(dict(fields))
    return MappingProxyType(frozen_rules)


@frozen(eq=False)
class SimilarityTable(Mapping[type[Record], Mapping[str, FieldRule]]):
    """The rules of comparison: for each record type, a :class:`FieldRule` per field.

    Immutable; :meth:`evolve` and :meth:`replace` make changed copies. Fields without a
    rule (ids, evidence) do not count.

    >>> import aigovernance as ag
    >>> from aigovernance.compare import DEFAULT_TABLE, FieldRule, exact
    >>> table = DEFAULT_TABLE.evolve(ag.Event, kind=None, timezone=FieldRule(
    ...     weight=2.0, comparator=exact))
    >>> "kind" in table[ag.Event], table[ag.Event]["timezone"].weight
    (False, 2.0)

    Args:
        rules: the rules, by record class, then by field name.

    Raises:
        ValueError: a rule names a field the class does not have.
    """

    _rules: Mapping[type[Record], Mapping[str, FieldRule]] = field(converter=_freeze)

    def __getitem__(self, cls: type[Record]) -> Mapping[str, FieldRule]:
        return self._rules[cls]

    def __iter__(self) -> Iterator[type[Record]]:
        return iter(self._rules)

    def __len__(self) -> int:
        return len(self._rules)

    def evolve(self, cls: type[Record], /, **rules: FieldRule | None) -> SimilarityTable:
        """A copy with the given fields' rules of ``cls`` set, or removed where ``None``."""
        fields = dict(self._rules.get(cls, {}))
        for name, rule in rules.items():
            if rule is None:
                fields.pop(name, None)
            else:
                fields[name] = rule
        return self.replace(cls, fields)

    def replace(self, cls: type[Record], rules: Mapping[str, FieldRule]) -> SimilarityTable:
        """A copy in which ``rules`` are all the rules of ``cls``."""
        return SimilarityTable({**self._rules, cls: rules})


_IDENTIFIERS: Final = _rule(6.0, c.identifiers)
_TRANSLATIONS: Final = _rule(1.0, c.translations)

DEFAULT_TABLE: Final = SimilarityTable(
    {
        Source: {
            "title": _rule(3.0, c.text),
            "publisher": _rule(1.0, c.text),
            "url": _rule(4.0, c.exact),
            "published": _rule(1.0, c.dates),
            "language": _rule(0.5, c.exact),
            "sha256": _rule(6.0, c.exact),
            "identifiers": _IDENTIFIERS,
        },
        Person: {
            "name": _rule(4.0, c.text),
            "description": _rule(2.0, c.text),
            "translations": _TRANSLATIONS,
            "identifiers": _IDENTIFIERS,
        },
        State: {
            "name": _rule(2.0, c.text),
            "code": _rule(4.0, c.exact),
            "translations": _TRANSLATIONS,
            "identifiers": _IDENTIFIERS,
        },
        Organization: {
            "name": _rule(4.0, c.text),
            "kind": _rule(1.0, c.exact),
            "abbreviation": _rule(2.0, c.symbols),
            "translations": _TRANSLATIONS,
            "identifiers": _IDENTIFIERS,
        },
        Group: {
            "name": _rule(3.0, c.text),
            "size": _rule(1.0, c.quantities),
            "members": _rule(1.0, c.overlap),
            "identifiers": _IDENTIFIERS,
        },
        Post: {
            "title": _rule(3.0, c.text),
            "organization": _rule(2.0, c.exact),
            "holder": _rule(1.0, c.exact),
            "start": _rule(1.0, c.dates),
            "end": _rule(1.0, c.dates),
            "identifiers": _IDENTIFIERS,
        },
        Event: {
            "title": _rule(3.0, c.text),
            "kind": _rule(1.0, c.exact),
            "date": _rule(3.0, c.dates),
            "end_date": _rule(1.0, c.dates),
            "timezone": _rule(0.5, c.exact),
            "place": _rule(1.5, c.places),
            "participations": _rule(2.0, c.participations),
            "themes": _rule(1.0, c.overlap),
            "translations": _TRANSLATIONS,
            "identifiers": _IDENTIFIERS,
        },
        Statement: {
            "summary": _rule(4.0, c.text),
            "speech_act": _rule(1.0, c.exact),
            "speakers": _rule(1.5, c.overlap),
            "event": _rule(1.0, c.exact),
            "date": _rule(2.0, c.dates),
            "themes": _rule(1.0, c.overlap),
            "refers_to": _rule(1.0, c.overlap),
            "identifiers": _IDENTIFIERS,
        },
        PrincipleSet: {
            "title": _rule(3.0, c.text),
            "proposers": _rule(1.0, c.overlap),
            "principles": _rule(2.0, c.principles),
            "identifiers": _IDENTIFIERS,
        },
        Commitment: {
            "text": _rule(4.0, c.text),
            "actors": _rule(1.5, c.overlap),
            "modality": _rule(1.0, c.exact),
            "themes": _rule(1.0, c.overlap),
            "identifiers": _IDENTIFIERS,
        },
        Instrument: {
            "title": _rule(3.0, c.text),
            "kind": _rule(1.0, c.exact),
            "symbol": _rule(6.0, c.symbols),
            "date": _rule(2.0, c.dates),
            "issuers": _rule(1.0, c.overlap),
            "proposers": _rule(1.0, c.overlap),
            "themes": _rule(1.0, c.overlap),
            "translations": _TRANSLATIONS,
            "identifiers": _IDENTIFIERS,
        },
    }
)
"""The default rules for every record type and sources.

Ids and evidence never count (two sources give one meeting different ids). Text fields
are compared fuzzily, dates by their intervals, id lists by overlap, participations by
overlap weighted by role; a shared identifier or document symbol weighs most.
"""


@frozen(kw_only=True)
class FieldScore:
    """How one field contributed to a similarity.

    Attributes:
        field: the field's name.
        weight: the rule's weight.
        score: from 0 to 1, or ``None`` when the field did not count (missing on both
            sides, or on one side with no ``missing`` score, or no basis to compare).
        a: the field's value in the first record.
        b: the field's value in the second record.
    """

    field: str
    weight: float
    score: float | None
    a: Any
    b: Any

    @property
    def counted(self) -> bool:
        """Whether the field counted towards the score."""
        return self.score is not None


@frozen(kw_only=True)
class Similarity:
    """How alike two records are, with the per-field breakdown that explains it.

    ``score`` is the weighted mean of the scores of the fields that counted.

    Attributes:
        a: the id of the first record.
        b: the id of the second record.
        score: from 0 (nothing alike) to 1 (alike in every field that counted).
        fields: one entry per rule of the table, in the table's order.
    """

    a: str
    b: str
    score: float
    fields: tuple[FieldScore, ...]

    def __getitem__(self, name: str) -> FieldScore:
        """The entry of the field ``name``.

        Raises:
            KeyError: the table has no rule for the field.
        """
        for entry in self.fields:
            if entry.field == name:
                return entry
        raise KeyError(name)

    def __str__(self) -> str:
        lines = [f"similarity {self.score:.3f}: {self.a} ~ {self.b}"]
        for f in self.fields:
            score = "   -" if f.score is None else f"{f.score:.2f}"
            lines.append(
                f"  {f.field:<15} weight {f.weight:>4.1f}  score {score}  "
                f"{_show(f.a)} | {_show(f.b)}"
            )
        return "\n".join(lines)


def _show(value: Any, width: int = 40) -> str:
    if _missing(value):
        return "(none)"
    if isinstance(value, (PartialDate, enum.Enum)):
        text = str(value)
    elif isinstance(value, Place):
        text = ", ".join(p for p in (value.name, value.locality, value.country) if p)
    elif isinstance(value, str):
        text = repr(value)
    elif isinstance(value, tuple):
        text = f"{len(value)} item{'s' if len(value) != 1 else ''}"
        if all(isinstance(v, str) for v in value):
            text = ", ".join(value)
    else:
        text = str(value)
    return text if len(text) <= width else text[: width - 3] + "..."


def _missing(value: Any) -> bool:
    """Whether a field holds nothing: None, the empty tuple or the empty text.

    A value that is true is none of them, which spares a model object (most values)
    two comparisons.
    """
    return value is None or (not value and (value == () or value == ""))


def field_score(rule: FieldRule, va: Any, vb: Any, *, text_alike: bool = False) -> float | None:
    """The score ``rule`` gives one field holding ``va`` and ``vb``, before clamping.

    None when neither holds anything, ``rule.missing`` when one does, 1 when they are
    equal (or, with ``text_alike``, compared as text, which a bound on the score takes
    to be alike), else the comparator's score.
    """
    missing_a, missing_b = _missing(va), _missing(vb)
    if missing_a or missing_b:
        return None if missing_a and missing_b else rule.missing
    if va == vb or (text_alike and isinstance(rule.comparator, c.TextComparator)):
        return 1.0
    return rule.comparator(va, vb)


def similarity(a: Record, b: Record, *, table: SimilarityTable | None = None) -> Similarity:
    """How alike two records of one type are, field by field.

    >>> import aigovernance as ag
    >>> a = ag.State(id="state:CHN", name="China", code="CHN")
    >>> b = ag.State(id="state:PRC", name="People's Republic of China", code="CHN")
    >>> s = ag.similarity(a, b)
    >>> round(s.score, 2), s["code"].score
    (0.84, 1.0)

    Args:
        a: a record or source.
        b: another of the same type.
        table: the rules to apply; :data:`DEFAULT_TABLE` if not given.

    Raises:
        TypeError: the records are of different types, or the table has no rules for
            their type.
    """
    if type(a) is not type(b):
        raise TypeError(
            f"similarity needs two records of one type, not {type(a).__name__} "
            f"and {type(b).__name__}"
        )
    rules = (DEFAULT_TABLE if table is None else table).get(type(a))
    if rules is None:
        raise TypeError(
            f"the table has no rules for {type(a).__name__}; add them with table.replace()"
        )
    entries: list[FieldScore] = []
    total = weighted = 0.0
    for name, rule in rules.items():
        va, vb = getattr(a, name), getattr(b, name)
        score = field_score(rule, va, vb)
        if score is not None:
            score = min(1.0, max(0.0, float(score)))
            total += rule.weight
            weighted += rule.weight * score
        entries.append(FieldScore(field=name, weight=rule.weight, score=score, a=va, b=vb))
    # With no field to go by, only identical records are alike.
    result = weighted / total if total else float(a == b)
    return Similarity(a=a.id, b=b.id, score=min(1.0, result), fields=tuple(entries))


def equivalent(
    a: Record, b: Record, *, threshold: float = 0.8, table: SimilarityTable | None = None
) -> bool:
    """Whether two records describe the same thing: their similarity reaches ``threshold``.

    >>> import aigovernance as ag
    >>> a = ag.State(id="state:CHN", name="China", code="CHN")
    >>> ag.equivalent(a, ag.State(id="state:PRC", name="PR China", code="CHN"))
    True

    Args:
        a: a record or source.
        b: another of the same type.
        threshold: the least similarity score, from 0 to 1, that counts as the same.
        table: the rules to apply; :data:`DEFAULT_TABLE` if not given.
    """
    return similarity(a, b, table=table).score >= threshold
