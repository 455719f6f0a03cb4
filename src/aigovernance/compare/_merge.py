"""Merging two datasets: linked records become one, conflicts resolved by a chosen rule."""

from __future__ import annotations

import enum
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from typing import Any, Final, Literal, TypeAlias, cast

import attrs
from attrs import frozen

from aigovernance._checking import Model, model_fields
from aigovernance._problems import Problem, json_path
from aigovernance._validate import validate
from aigovernance._values import Identifier
from aigovernance.compare._diff import NATURAL_KEYS
from aigovernance.compare._match import Match, match
from aigovernance.compare._similarity import Similarity, SimilarityTable
from aigovernance.model import (
    Dataset,
    Participation,
    Place,
    Principle,
    Record,
    Section,
    SectionItem,
    Source,
)
from aigovernance.model._references import walk
from aigovernance.serialization._json import from_dict, to_dict

__all__ = [
    "MERGED_FROM",
    "Conflict",
    "Link",
    "LinkBasis",
    "MergeConflictError",
    "MergeReport",
    "Rule",
    "merge",
]

MERGED_FROM: Final = "merged-from"
"""The identifier scheme that records, on a merged record, which record of the second
dataset was merged into it: the value is ``"<dataset id>/<record id>"``."""

Side: TypeAlias = Literal["a", "b"]
Rule: TypeAlias = "Side | Callable[[Conflict], Side]"
"""How a conflict is resolved: keep ``"a"``'s value, ``"b"``'s, or ask a function."""

PathParts = tuple[str | int, ...]


class LinkBasis(str, enum.Enum):
    """Why two records were taken to be one."""

    ID = "id"
    """They have the same id."""
    GIVEN = "given"
    """The caller linked them."""
    MATCH = "match"
    """:func:`~aigovernance.match` found them alike enough."""

    def __str__(self) -> str:
        return str(self.value)


@frozen(kw_only=True)
class Link:
    """A judgement that a record of the first dataset and one of the second are one.

    Attributes:
        a: the id of the record in the first dataset; the merged record keeps it.
        b: the id of the record in the second dataset.
        basis: why they were linked.
        similarity: for a link found by :func:`~aigovernance.match`, the similarity that
            explains it (field by field); ``None`` otherwise.
    """

    a: str
    b: str
    basis: LinkBasis
    similarity: Similarity | None = None

    def __str__(self) -> str:
        how = str(self.basis)
        if self.similarity is not None:
            how = f"{how} {self.similarity.score:.2f}"
        return f"linked    {self.a} = {self.b} ({how})"


@frozen(kw_only=True)
class Conflict:
    """A field that two linked records give different values.

    Attributes:
        record: the id of the merged record (the first dataset's id).
        field: the name of the field ("date", "locality").
        path: the field's JSON path within the merged record (``$.place.locality``).
        path_a: its JSON path in the first dataset (``$.records[47].date``).
        path_b: its JSON path in the second dataset.
        a: the first dataset's value, JSON-ready.
        b: the second dataset's value, JSON-ready (references to merged records
            already rewritten to the ids kept).
        kept: which value the merge kept, ``"a"`` or ``"b"``; ``None`` when no rule
            resolved it.
    """

    record: str
    field: str
    path: str
    path_a: str
    path_b: str
    a: Any
    b: Any
    kept: Side | None = None

    def __str__(self) -> str:
        import json

        def show(value: Any) -> str:
            text = json.dumps(value, ensure_ascii=False)
            return text if len(text) <= 60 else text[:57] + "..."

        outcome = f"kept {self.kept}" if self.kept else "unresolved"
        return (
            f"conflict  {self.path_a} | {self.path_b} ({self.record}): "
            f"{show(self.a)} | {show(self.b)}, {outcome}"
        )


@frozen(kw_only=True)
class MergeReport:
    """What a merge did: the links it followed, the conflicts and how each was resolved.

    Attributes:
        links: every pair of records merged into one, sources first, in the first
            dataset's order.
        conflicts: every field the linked records disagree on, with the value kept.
        added: the ids of the records and sources of the second dataset taken over
            as they are (references rewritten), in its order.
        problems: what :func:`~aigovernance.validate` finds in the merged dataset.
            Two sound datasets can merge into one that breaks a rule across records
            (a rule keeps one side's date of a meeting and the other side gives a
            session within it another date): the merge reports this rather than
            changing a value no rule chose. Empty when the result is sound.
    """

    links: tuple[Link, ...]
    conflicts: tuple[Conflict, ...]
    added: tuple[str, ...]
    problems: tuple[Problem, ...] = ()

    @property
    def pairs(self) -> tuple[tuple[str, str], ...]:
        """The links as ``(a, b)`` id pairs: pass them as ``links=`` to redo the merge."""
        return tuple((link.a, link.b) for link in self.links)

    def __str__(self) -> str:
        merged = sum(1 for link in self.links if link.basis is not LinkBasis.ID)
        head = (
            f"{len(self.links)} linked ({merged} under different ids), "
            f"{len(self.added)} added, {len(self.conflicts)} conflicts"
        )
        if self.problems:
            count = len(self.problems)
            head += f", {count} problem{'s' if count != 1 else ''} in the result"

        lines = [head]
        lines += [str(link) for link in self.links if link.basis is not LinkBasis.ID]
        lines += [str(conflict) for conflict in self.conflicts]
        lines += [f"added     {id}" for id in self.added]
        lines += [f"problem   {problem}" for problem in self.problems]
        return "\n".join(lines)


class MergeConflictError(ValueError):
    """The linked records disagree and no rule chose between them.

    Attributes:
        conflicts: every conflict, each located in both inputs.
    """

    def __init__(self, conflicts: Sequence[Conflict]) -> None:
        self.conflicts = tuple(conflicts)
        count = len(self.conflicts)
        lines = [
            f"{count} conflict{'s' if count != 1 else ''} and no rule to resolve "
            f"{'them' if count != 1 else 'it'} (pass prefer='a', 'b', a function or a "
            "rule per field):",
            *(f"  {c}" for c in self.conflicts),
        ]
        super().__init__("\n".join(lines))


class _Keyed:
    """A model object seen as the JSON mapping :data:`NATURAL_KEYS` functions expect."""

    __slots__ = ("obj",)

    def __init__(self, obj: Any) -> None:
        self.obj = obj

    def get(self, name: str) -> Any:
        return getattr(self.obj, name, None)


def _key_function(cls: type) -> Callable[[Mapping[str, Any]], Hashable] | None:
    for base in cls.__mro__:
        if base in NATURAL_KEYS:
            return NATURAL_KEYS[base]
    return None


def _keys(items: tuple[Any, ...]) -> list[Hashable] | None:
    """The natural key of each item, or ``None`` when they cannot be matched by key."""
    if not items:
        return []
    if all(isinstance(item, Model) for item in items):
        classes = {type(item) for item in items}
        if len(classes) != 1:
            return None
        function = _key_function(classes.pop())
        if function is None:
            return None
        keys = [function(_Keyed(item)) for item in items]  # type: ignore[arg-type]
        if any(key is None or key == (None,) for key in keys):
            return None
    elif any(isinstance(item, (Model, tuple)) for item in items):
        return None
    else:
        keys = [(type(item).__name__, item) for item in items]
    return keys if len(set(keys)) == len(keys) else None


def _missing(value: Any) -> bool:
    return value is None or value == () or value == ""


def _json(value: Any) -> Any:
    if isinstance(value, Model):
        return to_dict(value)
    if isinstance(value, tuple):
        return [_json(v) for v in value]
    if isinstance(value, enum.Enum):
        return value.value
    return value


_PARTS: Final = (Participation, Place, Principle, Section, SectionItem)
"""The parts of records that are united field by field; values (a date, a quantity, a
piece of evidence) are whole: two different ones are a conflict."""


class _Uniter:
    """Unites two linked records field by field, collecting the conflicts."""

    def __init__(self, rule: Rule | Mapping[str, Rule] | None) -> None:
        self.rule = rule
        self.conflicts: list[Conflict] = []

    def choose(self, conflict: Conflict) -> Side | None:
        rule: Any = self.rule
        if isinstance(rule, Mapping):
            rule = rule.get(conflict.field, rule.get("*"))
        if rule is None:
            return None
        side = rule(conflict) if callable(rule) else rule
        if side not in ("a", "b"):
            raise ValueError(
                f"a merge rule must give 'a' or 'b', not {side!r} (for {conflict.path_a})"
            )
        return side  # type: ignore[no-any-return]

    def value(
        self,
        x: Any,
        y: Any,
        record: str,
        field: str,
        parts: tuple[PathParts, PathParts, PathParts],
    ) -> Any:
        if x == y or _missing(y):
            return x
        if _missing(x):
            return y
        if type(x) is type(y) and isinstance(x, _PARTS):
            return self.model(x, y, record, parts)
        if isinstance(x, tuple) and isinstance(y, tuple):
            return self.items(x, y, record, field, parts)
        here, pa, pb = parts
        conflict = Conflict(
            record=record,
            field=field,
            path=json_path(here),
            path_a=json_path(pa),
            path_b=json_path(pb),
            a=_json(x),
            b=_json(y),
        )
        side = self.choose(conflict)
        self.conflicts.append(attrs.evolve(conflict, kept=side))
        return y if side == "b" else x

    def model(
        self, x: Model, y: Model, record: str, parts: tuple[PathParts, PathParts, PathParts]
    ) -> Model:
        here, pa, pb = parts
        changes: dict[str, Any] = {}
        for field in model_fields(type(x)):
            name = field.name
            if name == "id" or (name == "sha256" and isinstance(x, Source)):
                continue
            vx, vy = getattr(x, name), getattr(y, name)
            united = self.value(vx, vy, record, name, ((*here, name), (*pa, name), (*pb, name)))
            if united is not vx:
                changes[name] = united
        if "text" in changes and isinstance(x, Source):
            changes["sha256"] = None  # the digest of the text kept, computed anew
        return attrs.evolve(x, **changes) if changes else x  # type: ignore[misc]

    def items(
        self,
        x: tuple[Any, ...],
        y: tuple[Any, ...],
        record: str,
        field: str,
        parts: tuple[PathParts, PathParts, PathParts],
    ) -> tuple[Any, ...]:
        here, pa, pb = parts
        kx = _keys(x)
        ky = _keys(y) if kx is not None else None
        if kx is None or ky is None:
            # Items without keys (purposes, say): the first's, then the second's new ones.
            return (*x, *(item for item in y if item not in x))
        in_y = {key: j for j, key in enumerate(ky)}
        out = []
        for i, (key, item) in enumerate(zip(kx, x, strict=True)):
            j = in_y.get(key)
            if j is None:
                out.append(item)
            else:
                at = len(out)
                out.append(self.value(item, y[j], record, field, ((*here, at), (*pa, i), (*pb, j))))
        known = set(kx)
        out.extend(item for key, item in zip(ky, y, strict=True) if key not in known)
        return tuple(out)


def _rewritten(record: Record, ids: Mapping[str, str]) -> Record:
    """``record`` with every reference to a key of ``ids`` replaced by its value."""
    places = [
        (path, value)
        for _, path, targets, value in walk(record, ())
        if targets is not None and value in ids
    ]
    if not places:
        return record
    data = to_dict(record)
    for path, value in places:
        holder: Any = data
        for part in path[:-1]:
            holder = holder[part]
        holder[path[-1]] = ids[value]
    return from_dict(data, type(record))


def _linked(
    a: Dataset,
    b: Dataset,
    links: Iterable[tuple[str, str] | Match] | None,
    threshold: float,
    table: SimilarityTable | None,
) -> list[Link]:
    """The links to follow: same ids, then those given or found, one to one."""
    found: list[Link] = []
    taken_a: set[str] = set()
    taken_b: set[str] = set()
    for record in (*a.sources, *a.records):
        other = b.get(record.id)
        if other is not None and type(other) is type(record):
            found.append(Link(a=record.id, b=record.id, basis=LinkBasis.ID))
            taken_a.add(record.id)
            taken_b.add(record.id)
    if links is None:
        rest_a = tuple(r for r in a.records if r.id not in taken_a)
        rest_b = tuple(r for r in b.records if r.id not in taken_b)
        if rest_a and rest_b:
            options: dict[str, Any] = {"threshold": threshold}
            if table is not None:
                options["table"] = table
            matches = match(
                attrs.evolve(a, records=rest_a, sources=()),
                attrs.evolve(b, records=rest_b, sources=()),
                **options,
            )
            for m in matches:
                best = next((s for s in m.candidates if s.b not in taken_b), None)
                if best is not None:
                    found.append(Link(a=m.record, b=best.b, basis=LinkBasis.MATCH, similarity=best))
                    taken_a.add(m.record)
                    taken_b.add(best.b)
        return found
    problems: list[str] = []
    for given in links:
        pair: tuple[str, ...]
        if isinstance(given, Match):
            if given.best is None:
                continue
            pair, basis, similarity = (given.record, given.best.b), LinkBasis.MATCH, given.best
        else:
            pair, basis, similarity = tuple[str, ...](given), LinkBasis.GIVEN, None
        if len(pair) != 2:
            problems.append(f"{given!r} is not a pair of ids")
            continue
        x, y = pair
        ra, rb = a.get(x), b.get(y)
        if ra is None or rb is None:
            missing = [f"{x!r} is not in the first dataset"] if ra is None else []
            missing += [f"{y!r} is not in the second dataset"] if rb is None else []
            problems.append(f"link {x} = {y}: {'; '.join(missing)}")
            continue
        if type(ra) is not type(rb):
            problems.append(f"link {x} = {y}: a {ra.type} and a {rb.type} cannot be one record")
            continue
        if x == y and x in taken_a and y in taken_b:
            continue  # the same-id link, given again
        if x in taken_a or y in taken_b:
            problems.append(f"link {x} = {y}: a record may be linked once only")
            continue
        found.append(Link(a=x, b=y, basis=basis, similarity=similarity))
        taken_a.add(x)
        taken_b.add(y)
    if problems:
        raise ValueError("links that cannot be followed:\n" + "\n".join(f"  {p}" for p in problems))
    return found


def merge(
    a: Dataset,
    b: Dataset,
    links: Iterable[tuple[str, str] | Match] | None = None,
    *,
    prefer: Rule | Mapping[str, Rule] | None = None,
    threshold: float = 0.7,
    table: SimilarityTable | None = None,
) -> tuple[Dataset, MergeReport]:
    """Combine two datasets into one: linked records merged, every conflict reported.

    Records (and sources) of the two with the same id are one record. With ``links``
    ``None``, the other records are linked by :func:`~aigovernance.match` (``threshold``
    and ``table`` are passed on), each record of ``b`` to one of ``a`` at most;
    otherwise ``links`` gives the pairs ``(id in a, id in b)``, or the
    :class:`~aigovernance.compare.Match` results to follow (their best candidates).

    A merged record keeps ``a``'s id, and unites the fields of both: a value only one
    side gives is kept; lists (evidence, participations, identifiers, themes) are
    united, items matched by the keys of :data:`~aigovernance.compare.NATURAL_KEYS`
    (the parts of matched items united in turn); two different values of one field are
    a :class:`Conflict`, resolved only by ``prefer``. A merged record linked under
    another id carries the identifier ``merged-from`` (:data:`MERGED_FROM`) with the
    value ``"<b's id>/<the record's id in b>"``, so the judgement stays in the data;
    :attr:`MergeReport.pairs` gives the links to redo the merge.

    The other records and sources of ``b`` are added after ``a``'s, and every
    reference in them to a merged record is rewritten to the id kept. The header
    (id, title, version, description) is ``a``'s. The result is deterministic, and
    ``merge(ds, ds)`` returns ``ds`` unchanged. The merged dataset is validated, and
    what a rule across records finds in it is in :attr:`MergeReport.problems`.

    >>> import aigovernance as ag
    >>> a = ag.Dataset(id="a", title="A", version="1", records=(
    ...     ag.State(id="state:CHN", name="China", code="CHN"),))
    >>> b = ag.Dataset(id="b", title="B", version="1", records=(
    ...     ag.State(id="state:prc", name="People's Republic of China", code="CHN"),
    ...     ag.Group(id="group:g", name="Co-hosts", members=("state:prc",))))
    >>> merged, report = ag.merge(a, b, prefer="a")
    >>> print(report)  # doctest: +NORMALIZE_WHITESPACE
    1 linked (1 under different ids), 1 added, 1 conflicts
    linked    state:CHN = state:prc (match 0.83)
    conflict  $.records[0].name | $.records[0].name (state:CHN):
              "China" | "People's Republic of China", kept a
    added     group:g
    >>> merged["group:g"].members
    ('state:CHN',)

    Args:
        a: the first dataset, whose ids and header are kept.
        b: the second dataset.
        links: the pairs of ids to merge, or :func:`~aigovernance.match` results;
            ``None`` to find them with ``match``.
        prefer: the rule for conflicts: ``"a"`` or ``"b"`` (keep that dataset's value),
            a function of the :class:`Conflict` returning ``"a"`` or ``"b"``, or a
            mapping from a field's name to such a rule (``"*"`` for the others);
            ``None`` lets no conflict pass.
        threshold: the least similarity for ``match`` to link two records.
        table: the similarity rules for ``match``.

    Returns:
        The merged dataset and the :class:`MergeReport`.

    Raises:
        MergeConflictError: there are conflicts that no rule resolved; it lists all.
        ValueError: two linked sources hold different texts (no rule can keep both
            sides' evidence sound: re-anchor first), or one holds its text and the
            other, cited by its dataset's evidence, does not; a given link names an id not in
            its dataset, links records of two types, or links a record twice; or a
            rule gave neither ``"a"`` nor ``"b"``.
    """
    found = _linked(a, b, links, threshold, table)
    to_a = {link.b: link.a for link in found}
    ids = {old: new for old, new in to_a.items() if old != new}
    position_a = {r.id: ("sources", i) for i, r in enumerate(a.sources)}
    position_a |= {r.id: ("records", i) for i, r in enumerate(a.records)}
    position_b = {r.id: ("sources", i) for i, r in enumerate(b.sources)}
    position_b |= {r.id: ("records", i) for i, r in enumerate(b.records)}
    order = {id: i for i, id in enumerate(position_a)}
    found.sort(key=lambda link: order[link.a])
    texts = [
        link.a
        for link in found
        if isinstance(x := a[link.a], Source)
        and isinstance(y := b[link.b], Source)
        and None not in (x.text, y.text)
        and x.text != y.text
    ]
    if texts:
        # Evidence points into a source's text: keeping one text would leave the other
        # side's spans pointing at the wrong words, whatever the rule.
        raise ValueError(
            f"the two datasets hold different texts of {', '.join(texts)}: re-anchor one "
            "side's evidence onto the other's text first (aigovernance.reanchor)"
        )
    for link in found:
        x, y = a[link.a], b[link.b]
        if not isinstance(x, Source) or not isinstance(y, Source):
            continue
        # A source with its text asks every piece of evidence citing it for a span, which
        # the side that lacks the text cannot have given.
        for without, name, source in ((x, "a", link.a), (y, "b", link.b)):
            other = y if without is x else x
            cited = (a if name == "a" else b).supported_by(source)
            if without.text is None and other.text is not None and cited:
                raise ValueError(
                    f"{source} holds its text in one dataset but not in {name}, whose "
                    "evidence citing it has no spans: give that source its text and "
                    "anchor the evidence first (aigovernance.anchor)"
                )
    uniter = _Uniter(prefer)
    merged: dict[str, Record] = {}
    for link in found:
        x, y = a[link.a], _rewritten(b[link.b], ids)
        list_a, index_a = position_a[link.a]
        list_b, index_b = position_b[link.b]
        united = uniter.model(x, y, x.id, ((), (list_a, index_a), (list_b, index_b)))
        assert isinstance(united, Record)
        if link.a != link.b:
            trace = Identifier(scheme=MERGED_FROM, value=f"{b.id}/{link.b}")
            if trace not in united.identifiers:
                united = attrs.evolve(  # type: ignore[misc]
                    united, identifiers=(*united.identifiers, trace)
                )
        merged[link.a] = united
    unresolved = [c for c in uniter.conflicts if c.kept is None]
    if unresolved:
        raise MergeConflictError(unresolved)
    added_sources = [_rewritten(s, ids) for s in b.sources if s.id not in to_a]
    added_records = [_rewritten(r, ids) for r in b.records if r.id not in to_a]
    # Sources are linked only with sources (same type), so these are all sources.
    sources = cast(
        "tuple[Source, ...]", (*(merged.get(s.id, s) for s in a.sources), *added_sources)
    )
    records = (*(merged.get(r.id, r) for r in a.records), *added_records)
    result = attrs.evolve(a, sources=sources, records=records)
    if result == a:
        result = a
    report = MergeReport(
        links=tuple(found),
        conflicts=tuple(uniter.conflicts),
        added=tuple(r.id for r in (*added_sources, *added_records)),
        problems=validate(result),
    )
    return result, report
