"""Quote-first drafts: a dataset whose evidence gives quotes, made into one with spans.

A draft is a dataset document, in JSON or YAML, written the way people record facts:
evidence gives the words it quotes and the library finds them. Everything else about
a draft is exactly the canonical document (see :doc:`/reference/data-format`); what a
draft may carry beyond it:

* in evidence, ``quote`` without ``start`` and ``end``: the quote is found in the text
  of the source the evidence cites, among the draft's own sources. It must occur once,
  or ``occurrence`` (from 1) says which occurrence is meant, or ``prefix`` and
  ``suffix`` (the text just before and after it) say so by their context;
* in a source, ``text_file`` instead of ``text``: the name of a UTF-8 file beside the
  draft file (or in a folder below it) that holds the text, read byte for byte;
* ``schema_version`` may be left out: the draft is of the version this library writes.

Evidence that gives ``start``, ``end`` and ``quote`` is checked against the text and
kept. Context not given is filled in (up to 32 characters either side); context given
is checked and kept. The result is read as any document is, strictly.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator, Mapping
from itertools import islice
from pathlib import Path
from typing import Any, Final

from aigovernance._problems import PathPart, Problem, ValidationError, json_path
from aigovernance.authoring._quotes import QuoteError, context, find, occurrences
from aigovernance.model import SCHEMA_VERSION, Dataset

__all__ = ["SUFFIXES", "Draft", "anchor"]

Draft = Mapping[str, Any] | str | bytes | bytearray | os.PathLike[str]
"""What :func:`anchor` reads: a dict, JSON text or bytes, or the path of a file."""

SUFFIXES: Final = (".json", ".yaml", ".yml")
"""The suffixes of the draft files :func:`anchor` reads."""

Path_ = tuple[PathPart, ...]

_SPAN: Final = ("start", "end", "quote", "prefix", "suffix", "occurrence")


def anchor(draft: Draft) -> Dataset:
    """Make a dataset from a quote-first draft: find every quoted span in its sources.

    ``draft`` is a dataset document that may carry, beyond what a canonical one holds:
    evidence that gives just its ``quote``, with ``occurrence`` (from 1) or ``prefix``
    and ``suffix`` (the text just before and after it) to choose among several
    occurrences; a source's ``text_file``, a UTF-8 file in the draft file's folder (or
    one below it) that holds its text; no ``schema_version``. Evidence that gives its
    span is checked against the text and kept; context given is checked and kept,
    context not given is filled in.

    ``draft`` is a dict, JSON text (a ``str`` starting with ``{``) or UTF-8 bytes, or
    the path (``str`` or path-like) of a ``.json``, ``.yaml`` or ``.yml`` file. YAML is
    read with ``yaml.safe_load`` (the ``yaml`` extra); aliases and keys given twice are
    refused, and dates written unquoted are read as their ISO text.

    Every quote is resolved against the draft's own sources; the result is then read
    strictly, as :func:`aigovernance.from_dict` reads a document. The same draft always
    gives the same dataset, and so the same bytes.

    >>> import aigovernance as ag
    >>> ds = ag.anchor({
    ...     "id": "note", "title": "A note", "version": "1",
    ...     "sources": [{"type": "source", "id": "source:note", "title": "Note",
    ...                  "text": "China and Zambia co-hosted the meeting."}],
    ...     "records": [{"type": "state", "id": "state:ZMB", "name": "Zambia", "code": "ZMB",
    ...                  "evidence": [{"source": "source:note", "quote": "Zambia"}]}],
    ... })
    >>> ds["state:ZMB"].evidence[0].start
    10

    Raises:
        ValidationError: every problem at once, each at its JSON path: a quote that
            does not occur (with the nearest passage) or occurs more than once (with
            every occurrence), offsets that disagree with their quote, and anything
            the strict reading of the result finds.
        ImportError: a YAML draft, and pyyaml is not installed.
        ValueError: a path whose suffix is not one of :data:`SUFFIXES`.
        OSError: the draft file cannot be read.
    """
    data, folder = _load(draft)
    if not isinstance(data, Mapping):
        raise ValidationError([Problem("$", "a draft is an object: a dataset document")])
    found = _Anchoring(folder)
    resolved = found.resolve(data)
    resolved.setdefault("schema_version", SCHEMA_VERSION)
    from aigovernance.serialization import from_dict

    try:
        dataset = from_dict(resolved, Dataset)
    except ValidationError as error:
        raise ValidationError([*found.problems, *error.problems]) from None
    if found.problems:
        raise ValidationError(found.problems)
    return dataset


# --------------------------------------------------------------------------- reading


def _load(draft: Draft) -> tuple[Any, Path | None]:
    """The draft's data, and the folder its text files are read from (for a file)."""
    from aigovernance.serialization import loads

    if isinstance(draft, Mapping):
        return draft, None
    if isinstance(draft, (bytes, bytearray)):
        return loads(draft), None
    if isinstance(draft, str) and draft.lstrip().startswith("{"):
        return loads(draft), None
    path = Path(draft)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        known = ", ".join(repr(s) for s in SUFFIXES)
        raise ValueError(f"cannot tell the format of {str(path)!r}: its suffix must be {known}")
    raw = path.read_bytes()
    data = loads(raw) if suffix == ".json" else _yaml(raw)
    return data, path.parent


def _yaml(raw: bytes) -> Any:
    try:
        import yaml
    except ImportError:
        raise ImportError(
            "reading a YAML draft needs pyyaml: pip install 'aigovernance[yaml]'"
        ) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ValidationError([Problem("$", f"not UTF-8: byte {error.start}")]) from None
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        problems = list(_yaml_problems(node, (), set()))
        if problems:
            raise ValidationError(problems)
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        what = getattr(error, "problem", None) or "malformed"
        where = f" at line {mark.line + 1} column {mark.column + 1}" if mark else ""
        raise ValidationError([Problem("$", f"not YAML: {what}{where}")]) from None
    except RecursionError:
        raise ValidationError([Problem("$", "not readable: nested too deeply")]) from None
    return _dates_as_text(data)


def _yaml_problems(node: Any, path: Path_, seen: set[int]) -> Iterator[Problem]:
    """What a YAML draft must not hold: aliases and keys given twice.

    An alias would make one value stand in several places, and a large document out of
    a small one; a key given twice would silently lose one of its values.
    """
    import yaml

    if node is None:
        return
    if id(node) in seen:
        yield Problem(json_path(path), "a YAML alias (*name): write the value out in full")
        return
    seen.add(id(node))
    if isinstance(node, yaml.MappingNode):
        first: dict[str, int] = {}
        for key, value in node.value:
            name = str(key.value) if isinstance(key, yaml.ScalarNode) else "?"
            if name in first:
                yield Problem(
                    json_path((*path, name)), f"is given twice; first on line {first[name]}"
                )
            first.setdefault(name, key.start_mark.line + 1)
            yield from _yaml_problems(value, (*path, name), seen)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            yield from _yaml_problems(item, (*path, index), seen)


def _dates_as_text(value: Any) -> Any:
    # YAML reads 2024-09-25 as a date; the model reads dates as ISO text.
    if isinstance(value, dict):
        return {key: _dates_as_text(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_dates_as_text(item) for item in value]
    if type(value) is dt.date:
        return value.isoformat()
    return value


# --------------------------------------------------------------------------- resolving


class _Anchoring:
    """One pass over a draft: its sources' texts, and every span resolved in them."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.texts: dict[str, str] = {}
        self.textless: set[str] = set()
        self.problems: list[Problem] = []

    def problem(self, path: Path_, message: str) -> None:
        self.problems.append(Problem(json_path(path), message))

    def resolve(self, data: Mapping[str, Any]) -> dict[str, Any]:
        out = dict(data)
        sources = data.get("sources")
        if isinstance(sources, list):
            out["sources"] = [
                self.source(item, ("sources", index)) if isinstance(item, Mapping) else item
                for index, item in enumerate(sources)
            ]
        records = data.get("records")
        if isinstance(records, list):
            out["records"] = self.walk(records, ("records",))
        return out

    def source(self, item: Mapping[str, Any], path: Path_) -> Mapping[str, Any]:
        if "text_file" in item:
            item = self.text_file(item, path)
        id, text = item.get("id"), item.get("text")
        if isinstance(id, str):
            if isinstance(text, str):
                self.texts.setdefault(id, text)
            else:
                self.textless.add(id)
        return item

    def text_file(self, item: Mapping[str, Any], path: Path_) -> dict[str, Any]:
        out = dict(item)
        name = out.pop("text_file")
        at = (*path, "text_file")
        if "text" in item:
            self.problem(at, "give the text or a text file, not both")
            return out
        if self.folder is None:
            self.problem(at, "a text file is read from beside a draft file; give the text")
            return out
        if not isinstance(name, str) or not name.strip():
            self.problem(at, "expected the name of a file beside the draft")
            return out
        folder = self.folder.resolve()
        target = (folder / name).resolve()
        if Path(name).is_absolute() or not target.is_relative_to(folder):
            self.problem(at, f"{name!r} is not in the draft's folder; name a file inside it")
            return out
        try:
            out["text"] = target.read_bytes().decode("utf-8")
        except OSError as error:
            self.problem(at, f"cannot read {name!r}: {error.strerror or error}")
        except UnicodeDecodeError as error:
            self.problem(at, f"{name!r} is not UTF-8 (byte {error.start})")
        return out

    def walk(self, value: Any, path: Path_) -> Any:
        if isinstance(value, Mapping):
            out = {}
            for key, item in value.items():
                here = (*path, key)
                if key == "evidence" and isinstance(item, list):
                    out[key] = [
                        self.evidence(e, (*here, i)) if isinstance(e, Mapping) else e
                        for i, e in enumerate(item)
                    ]
                else:
                    out[key] = self.walk(item, here)
            return out
        if isinstance(value, list):
            return [self.walk(item, (*path, index)) for index, item in enumerate(value)]
        return value

    def evidence(self, item: Mapping[str, Any], path: Path_) -> dict[str, Any]:
        out = dict(item)
        occurrence = out.pop("occurrence", None)
        quote, source = item.get("quote"), item.get("source")
        if not isinstance(quote, str) or not isinstance(source, str):
            if "occurrence" in item and not isinstance(quote, str):
                self.problem((*path, "occurrence"), "chooses an occurrence of a quote: give one")
            return out
        text = self.texts.get(source)
        if text is None:
            if source in self.textless:
                self.problem((*path, "quote"), f"quotes {source!r}, whose text the draft lacks")
            else:
                self.problem((*path, "source"), f"{source!r} is not one of the draft's sources")
            return _without_span(out)
        if "start" in item or "end" in item:
            if "occurrence" in item:
                self.problem((*path, "occurrence"), "give offsets or an occurrence, not both")
                return out
            return self.checked(out, text, path)
        if occurrence is not None and (type(occurrence) is not int or occurrence < 1):
            self.problem(
                (*path, "occurrence"), f"expected a whole number from 1, not {occurrence!r}"
            )
            return _without_span(out)
        prefix, suffix = _text_or_none(item.get("prefix")), _text_or_none(item.get("suffix"))
        try:
            start = find(
                text, quote, source=source, occurrence=occurrence, prefix=prefix, suffix=suffix
            )
        except (QuoteError, ValueError) as error:
            self.problem((*path, "quote"), str(error))
            return _without_span(out)
        out["start"], out["end"] = start, start + len(quote)
        return _with_context(out, text)

    def checked(self, out: dict[str, Any], text: str, path: Path_) -> dict[str, Any]:
        """Evidence that gives its span: kept when the text agrees with it."""
        start, end, quote = out.get("start"), out.get("end"), out["quote"]
        if type(start) is not int or type(end) is not int or not 0 <= start <= end:
            return out  # the strict reading says what is wrong
        actual = text[start:end]
        if actual != quote:
            where = [f"{at}:{at + len(quote)}" for at in islice(occurrences(text, quote), 4)]
            elsewhere = f"; the quote is at {', '.join(where)}" if where and quote else ""
            reads = f"which reads {actual!r}" if end <= len(text) else "past the end of the text"
            self.problem((*path, "quote"), f"is not the text at {start}:{end}, {reads}{elsewhere}")
            return out
        prefix, suffix = out.get("prefix"), out.get("suffix")
        if isinstance(prefix, str) and prefix:
            want = text[max(0, start - len(prefix)) : start]
            if prefix != want:
                self.problem((*path, "prefix"), f"is not the text before {start}, {want!r}")
        if isinstance(suffix, str) and suffix:
            want = text[end : end + len(suffix)]
            if suffix != want:
                self.problem((*path, "suffix"), f"is not the text after {end}, {want!r}")
        return _with_context(out, text)


def _text_or_none(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _without_span(evidence: dict[str, Any]) -> dict[str, Any]:
    # An unresolved quote is reported once, at its path; the rest is still read.
    return {key: value for key, value in evidence.items() if key not in _SPAN}


def _with_context(evidence: dict[str, Any], text: str) -> dict[str, Any]:
    prefix, suffix = context(text, evidence["start"], evidence["end"])
    if "prefix" not in evidence and prefix is not None:
        evidence["prefix"] = prefix
    if "suffix" not in evidence and suffix is not None:
        evidence["suffix"] = suffix
    return evidence
