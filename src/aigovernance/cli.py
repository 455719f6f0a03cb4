"""The ``aigovernance`` command line: show, validate, compare, export and author datasets.

Every command that takes a dataset accepts the name of a bundled dataset (see
``aigovernance datasets``), the path of a ``.json`` or ``.jsonl`` file, a workbook
(``.xlsx``), or a folder of tables: CSV (it holds ``datapackage.json``) or Parquet (it
holds ``.parquet`` files). An argument ending in ``.json``, ``.jsonl`` or ``.xlsx``,
holding a path separator or naming an existing folder is a path; any other is a
bundled dataset's name if one is so named, and else a path. ``--input-format`` names
the format where the path does not tell it. ``-`` is standard input, read as JSON or
JSON Lines (told by its first line, or by ``--input-format``); as the output of
``export`` (formats that are one text: ``json``, ``jsonl``, ``schema``, ``jsonld``),
``anchor`` and ``reanchor``, ``-`` is standard output. A folder of tables or a workbook
cannot stream, so ``-`` is refused for them, with a message saying so.

``aigovernance validate`` prints ``FILE: ok`` for each sound dataset (nothing with
``--quiet``) and ``FILE: $.json.path: message`` for each problem, structural (from
reading the file) and semantic (from :func:`aigovernance.validate`) alike, on standard
output. Problems in a ``.jsonl`` file name their line: ``FILE: line 7: $.date: ...``;
problems found reading tables name the file, the line (CSV; the header is line 1) or
row (Parquet, from 1) and the column, then the JSON path:
``FOLDER: participations.csv line 3, column role: $.records[0].participations[1].role:
...``. Semantic problems of tables are named by their JSON path alone, except in a
workbook, where every problem names its sheet and cell first:
``FILE: sheet participations, cell D3: $.records[0].participations[1].actor: ...``.
Where the record a problem lies in can be told, its id follows the path:
``FILE: $.records[11].date (event:harbour-city-dialogue): ...``. A problem about an
unknown term, field or id suggests the nearest valid one (``did you mean 'co-host'?``).

``validate``, ``diff``, ``match`` and ``show`` take ``--json``: they then print one JSON
document, of the shape the how-to guide on the command line documents, instead of text.

``aigovernance export --format csv`` or ``--format parquet`` writes a folder of tables
(Parquet needs pyarrow), ``--format xlsx`` a workbook (needs openpyxl); from a
``.jsonl`` file the records stream through, one at a time, so a dataset larger than
memory converts. ``aigovernance template -o FILE.xlsx`` writes an empty workbook to
fill in. ``aigovernance report DATASET -o FILE.html`` writes the evidence review page
(needs jinja2).
``aigovernance anchor`` prints the problems of a draft the same way, ``DRAFT: $.path:
message``, every one at once. ``aigovernance reanchor`` prints its report: a line of
counts, then a line for each span that moved or could not be kept.

Exit status:

* 0: success (``validate``: every dataset is sound; ``diff``: the datasets are equal;
  ``reanchor``: every span was kept; ``merge``: the merged dataset was written);
* 1: bad data (a file that is not JSON or does not fit the model, a draft whose quotes
  do not resolve); ``validate``: some dataset has problems;
  ``diff``: the datasets differ; ``reanchor``: some span could not be kept (the output
  is written all the same, without it); ``merge``: linked records conflict and no
  ``--prefer`` was given (each conflict is printed, nothing written);
* 2: a usage error (an unknown command, option, format or dataset name, a file that
  cannot be read, a missing optional extra: one line names the extra to install);
  ``diff`` also exits 2 on bad data, as GNU diff does on trouble;
* 130 when interrupted, and 141 (as if killed by ``SIGPIPE``) when the reader of the
  output goes away, as in ``aigovernance show | head -1``.

User errors print one line on standard error, ``aigovernance: error: ...``, and no
traceback. Output is plain text, without colour, fit for pipes and files.

Optional dependencies (pyarrow for Parquet, openpyxl for workbooks, pyyaml for YAML
drafts, rapidfuzz for ``match``, jinja2 for the report) are imported only by the
commands that need them, so ``aigovernance --help`` starts quickly; where one is
missing, the command says which extra installs it and exits with status 2.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import re
import shutil
import sys
import textwrap
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Final, NoReturn

import aigovernance as ag
from aigovernance.model import RECORD_CLASSES
from aigovernance.serialization._files import (
    SUFFIXES,
    jsonl_header,
    read_stream,
    write_stream,
    write_text_atomic,
)
from aigovernance.serialization.tables import FORMATS, detect, table_format

__all__ = ["main", "summary"]

_PROG: Final = "aigovernance"
_WIDTH: Final = 80
_SIGPIPE_EXIT: Final = 141  # 128 + SIGPIPE, what a shell reports for a killed writer
_INTERRUPTED_EXIT: Final = 130  # 128 + SIGINT

_USAGE: Final = 2
_BAD_DATA: Final = 1

_EXPORT_FORMATS: Final = ("json", "jsonl", "schema", "jsonld", *FORMATS)


class _Failure(Exception):
    """A user error: reported as one line on standard error, then the exit status."""

    def __init__(self, message: str, code: int) -> None:
        super().__init__(message)
        self.code = code


# --------------------------------------------------------------------------- reading


_FILE_SUFFIXES: Final = (*SUFFIXES, *(f.suffix for f in FORMATS.values() if f.suffix))


def _is_path(spec: str) -> bool:
    return (
        spec.lower().endswith(_FILE_SUFFIXES)
        or os.sep in spec
        or (os.altsep is not None and os.altsep in spec)
        or Path(spec).is_dir()
    )


def _read(spec: str | None, format: str | None = None, check: bool = False) -> ag.Dataset:
    """The dataset named by ``spec``: a bundled name, a path, or the seed for None.

    With ``check``, a dataset read from tables is also checked as a whole as it is
    read, so that those problems too are named by file or sheet, and cell.

    Raises:
        _Failure: (usage) the file cannot be read or the name is unknown.
        ValidationError: the file's content does not fit the model.
    """
    if spec is None:
        return _quietly(ag.datasets.load, "seed")
    if spec == _STREAM:
        return _read_stdin(format)
    if not _is_path(spec):
        names = ag.datasets.available()
        if spec in names:
            return _quietly(lambda: ag.datasets.load(spec), spec)
        if not Path(spec).exists():
            raise _Failure(
                f"{spec!r} is neither a file nor a bundled dataset (bundled: {', '.join(names)})",
                _USAGE,
            )
    path = Path(spec)
    format = format or _table_format(path)
    if format is None and path.is_dir():
        raise _Failure(
            f"{spec}: a folder holding no tables (no datapackage.json, no .parquet files)",
            _USAGE,
        )
    if format is None and not path.name.lower().endswith(SUFFIXES):
        raise _Failure(
            f"{spec}: unsupported file type; use .json, .jsonl or .xlsx, or a folder of tables",
            _USAGE,
        )
    try:
        if check and format in FORMATS:  # tables: problems named at their cells
            module: Any = table_format(format).load()
            return _quietly(lambda: module.read(path, check=True), spec)
        return _quietly(lambda: ag.read(path, ag.Dataset, format=format), spec)
    except ImportError as error:
        raise _extra_missing(error) from None
    except OSError as error:
        reason = error.strerror or str(error)
        raise _Failure(f"cannot read {spec}: {reason}", _USAGE) from None


def _table_format(path: Path) -> str | None:
    """The table format a path holds, by its suffix or contents; None if not tables."""
    try:
        found = detect(path)
    except ValueError as error:  # a format not supported yet
        raise _Failure(f"{path}: {error}", _USAGE) from None
    return None if found is None else found.name


def _quietly(load: Callable[[], ag.Dataset], label: str) -> ag.Dataset:
    """Call ``load``, reporting each warning it gives as one ``warning:`` line."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        dataset = load()
    for warning in caught:
        print(f"{_PROG}: warning: {label}: {warning.message}", file=sys.stderr)
    return dataset


def _dataset(spec: str | None, bad_data: int = _BAD_DATA, format: str | None = None) -> ag.Dataset:
    """The dataset named by ``spec``; bad data is a :class:`_Failure` with ``bad_data``."""
    try:
        return _read(spec, format)
    except ag.ValidationError as error:
        label = spec or "seed"
        first = error.problems[0] if error.problems else ag.Problem("$", "not a dataset")
        more = len(error.problems) - 1
        hint = f" (and {more} more; run '{_PROG} validate {label}' to list them)" if more else ""
        where = _RecordIds.of_source(spec, format, error.problems[:1]).locate(first.path)
        raise _Failure(f"{label}: {where}: {first.message}{hint}", bad_data) from None


# --------------------------------------------------------------------------- streams

_STREAM: Final = "-"
"""Where a file is expected, ``-`` is standard input (or, for an output, standard output)."""

_STREAM_FORMATS: Final = ("json", "jsonl")

_STDIN: dict[str, bytes] = {}  # standard input, read once per run: later reads see the same


def _stdin_bytes() -> bytes:
    if "data" not in _STDIN:
        stream = getattr(sys.stdin, "buffer", None)
        if stream is None:
            raise _Failure("-: standard input is closed", _USAGE)
        _STDIN["data"] = stream.read()
    return _STDIN["data"]


def _sniff(data: bytes) -> str:
    """``jsonl`` if the first line is a whole JSON object and more lines follow, else ``json``."""
    first, _, rest = data.partition(b"\n")
    if not rest.strip():
        return "json"
    try:
        value = json.loads(first)
    except ValueError:
        return "json"
    return "jsonl" if isinstance(value, dict) else "json"


def _read_stdin(format: str | None) -> ag.Dataset:
    """The dataset on standard input: JSON, or JSON Lines (told by its first line)."""
    if format is not None and format not in _STREAM_FORMATS:
        raise _Failure(
            f"-: standard input is read as json or jsonl, not as {format}, whose tables are "
            "files of their own; give the path instead",
            _USAGE,
        )
    data = _stdin_bytes()
    kind = format or _sniff(data)
    return _quietly(lambda: read_stream(io.BytesIO(data), ag.Dataset, format=kind), _STREAM)


def _write_stdout(value: Any, format: str) -> None:
    """Write a model value to standard output, as ``json`` (indented) or ``jsonl``."""
    sys.stdout.flush()
    write_stream(value, sys.stdout.buffer, format=format)
    sys.stdout.buffer.flush()


_EXTRAS: Final = {
    "hypothesis": "hypothesis",
    "jinja2": "html",
    "openpyxl": "xlsx",
    "pandas": "pandas",
    "polars": "polars",
    "pyarrow": "arrow",
    "rapidfuzz": "compare",
    "yaml": "yaml",
}
"""The extra that installs each optional dependency."""


def _extra_missing(error: ImportError) -> Exception:
    """A missing optional dependency as a usage error of one line naming the extra.

    An import error that is not about an optional dependency is a fault, not the
    user's: it is returned as it is.
    """
    message = str(error)
    if "aigovernance[" in message:
        return _Failure(message, _USAGE)
    extra = _EXTRAS.get((error.name or "").partition(".")[0])
    if extra is None:
        return error
    return _Failure(
        f"this needs {error.name}, an optional dependency: pip install 'aigovernance[{extra}]'",
        _USAGE,
    )


# --------------------------------------------------------------------------- record ids

_RECORD_AT: Final = re.compile(r"\$\.(sources|records)\[(\d+)\]")
_LINE_AT: Final = re.compile(r"line (\d+): ")


class _RecordIds:
    """The ids of the records that problems' paths lead into, where they can be told.

    From the dataset when it was read; from the document itself when reading it failed
    (a ``.json`` file: its ``records[i].id``; a ``.jsonl`` file: the id on the line).
    """

    def __init__(
        self,
        items: Callable[[str, int], str | None] | None = None,
        lines: dict[int, str] | None = None,
    ) -> None:
        self._items = items
        self._lines = lines

    def of(self, path: str) -> str | None:
        """The id of the record (or source) ``path`` leads into; None if not known."""
        if self._lines is not None and (line := _LINE_AT.match(path)):
            return self._lines.get(int(line[1]))
        if self._items is not None and (found := _RECORD_AT.search(path)):
            return self._items(found[1], int(found[2]))
        return None

    def locate(self, path: str) -> str:
        """``$.records[11].date (event:harbour-city-dialogue)``: the path and its record."""
        record = self.of(path)
        return f"{path} ({record})" if record else path

    @classmethod
    def of_dataset(cls, dataset: ag.Dataset) -> _RecordIds:
        """The ids of a dataset that was read: problems of meaning lead into it."""

        def item(field: str, index: int) -> str | None:
            pool = dataset.sources if field == "sources" else dataset.records
            return pool[index].id if index < len(pool) else None

        return cls(item)

    @classmethod
    def of_source(
        cls, spec: str | None, format: str | None, problems: Sequence[ag.Problem]
    ) -> _RecordIds:
        """The ids in a JSON or JSON Lines document that could not be read as a dataset."""
        if spec is None or not problems:
            return cls()
        try:
            if spec == _STREAM:
                data = _STDIN.get("data", b"")
                kind = format or _sniff(data)
            else:
                path = Path(spec)
                kind = format or path.suffix.lower().lstrip(".")
                if kind not in _STREAM_FORMATS or not path.is_file():
                    return cls()
                data = path.read_bytes()
            if kind == "jsonl":
                wanted = {int(m[1]) for p in problems if (m := _LINE_AT.match(p.path))}
                lines: dict[int, str] = {}
                for number, line in enumerate(data.split(b"\n"), start=1):
                    if number in wanted and isinstance(id := _id_in(json.loads(line)), str):
                        lines[number] = id
                return cls(lines=lines)
            document = json.loads(data)
        except (ValueError, RecursionError, OSError):
            return cls()

        def item(field: str, index: int) -> str | None:
            pool = document.get(field) if isinstance(document, dict) else None
            if isinstance(pool, list) and index < len(pool):
                id = _id_in(pool[index])
                return id if isinstance(id, str) else None
            return None

        return cls(item)


def _id_in(value: Any) -> object:
    return value.get("id") if isinstance(value, dict) else None


def _json_out(document: Any) -> None:
    """Print a machine-readable result: one JSON document, indented, then a newline."""
    sys.stdout.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")


# --------------------------------------------------------------------------- datasets


def _cmd_datasets(args: argparse.Namespace) -> int:
    for name in ag.datasets.available():
        print(name)
    return 0


# --------------------------------------------------------------------------- show

_LABELS: Final = {
    "security-council-meeting": "Security Council meeting",
    "general-assembly-meeting": "General Assembly meeting",
    "high-level-meeting": "high-level meeting",
    "co-host": "co-host",
    "un-organ": "UN organ",
}

_PLURALS: Final = {
    "host": "hosts",
    "co-host": "co-hosts",
    "chair": "chairs",
    "speaker": "speakers",
    "attendee": "attendees",
    "counterpart": "counterparts",
}


def _label(term: object) -> str:
    """A vocabulary term as words: ``pointed-out`` becomes ``pointed out``."""
    value = str(term)
    return _LABELS.get(value, value.replace("-", " "))


class _Page:
    """Lines of text wrapped to a width."""

    def __init__(self, width: int) -> None:
        self.width = width
        self.lines: list[str] = []

    def add(self, text: str, indent: int = 0, hang: int | None = None) -> None:
        """Add ``text`` wrapped, its first line indented by ``indent``, the rest by ``hang``."""
        hang = indent if hang is None else hang
        wrapped = textwrap.wrap(
            text,
            width=self.width,
            initial_indent=" " * indent,
            subsequent_indent=" " * hang,
            break_on_hyphens=False,
        )
        self.lines.extend(wrapped or [""])

    def blank(self) -> None:
        """Add an empty line, unless the page is empty or already ends with one."""
        if self.lines and self.lines[-1]:
            self.lines.append("")

    def heading(self, text: str) -> None:
        """Add a section heading, underlined."""
        self.blank()
        self.add(text)
        self.lines.append("-" * min(len(text), self.width))

    def entries(self, label: str, items: Sequence[str], indent: int) -> None:
        """Add ``label: a; b`` on one line if it fits, else the label and one item a line."""
        one_line = f"{label}: {'; '.join(items)}"
        if indent + len(one_line) <= self.width:
            self.lines.append(" " * indent + one_line)
            return
        self.add(f"{label}:", indent)
        for item in items:
            self.add(item, indent + 2, indent + 4)

    def text(self) -> str:
        """The page, ending with a newline."""
        while self.lines and not self.lines[-1]:
            self.lines.pop()
        return "\n".join(self.lines) + "\n"


def _name(dataset: ag.Dataset, id: str | None) -> str:
    """A readable name for the record with this id, or the id itself."""
    if id is None:
        return ""
    return dataset.label(id) if id in dataset else id


def _names(dataset: ag.Dataset, ids: tuple[str, ...]) -> str:
    """The names of several records: ``"A"``, ``"A and B"``, ``"A, B and C"``."""
    names = [_name(dataset, id) for id in ids]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _words(text: str) -> set[str]:
    return {word.strip(".,;:()'\"").casefold() for word in text.split()}


def _mentions(text: str, part: str) -> bool:
    """Whether ``text`` already says ``part``: holds each of its words."""
    return _words(part) <= _words(text)


def _participant(dataset: ag.Dataset, actor: str, posts: list[str], behalf: str | None) -> str:
    """``Wang Yi — Foreign Minister, for China``: an actor in their capacities.

    An actor known only by description ("the foreign minister of Greece") already says
    its capacity; what the description already says is not repeated.
    """
    name = _name(dataset, actor)
    details = [title for title in (_name(dataset, post) for post in posts) if title]
    details = [title for title in details if not _mentions(name, title)]
    text = name
    if details:
        text += " — " + "; ".join(details)
    if behalf is not None:
        side = _name(dataset, behalf)
        if side != name and not _mentions(name, side):
            text += f", for {side}"
    return text


def _place(dataset: ag.Dataset, place: ag.Place) -> str:
    parts = [part for part in (place.name, place.locality) if part]
    if place.country:
        states = [s for s in dataset.of_type(ag.State) if s.code == place.country]
        parts.append(states[0].name if states else place.country)
    return ", ".join(parts)


def _show_event(page: _Page, dataset: ag.Dataset, event: ag.Event) -> None:
    column = 12
    date = str(event.date) if event.date is not None else "undated"
    page.add(f"{date:<{column - 2}}  {event.title}", 0, column)
    facts = [_label(event.kind)]
    if event.end_date is not None:
        facts.append(f"until {event.end_date}")
    if event.timezone:
        facts.append(f"local time ({event.timezone})")
    page.add(", ".join(facts), column, column + 2)
    if event.place is not None and (where := _place(dataset, event.place)):
        page.add(f"at {where}", column, column + 2)
    if event.parent:
        page.add(f"part of: {_name(dataset, event.parent)}", column, column + 2)

    # One entry per actor and role, its posts (capacities) gathered in order.
    by_role: dict[str, dict[tuple[str, str | None], list[str]]] = {}
    for participation in event.participations:
        entries = by_role.setdefault(str(participation.role), {})
        posts = entries.setdefault((participation.actor, participation.on_behalf_of), [])
        posts.extend(c for c in participation.capacities if c not in posts)
    for role in ag.Role:
        entries = by_role.get(str(role), {})
        if entries:
            items = [
                _participant(dataset, actor, posts, behalf)
                for (actor, behalf), posts in entries.items()
            ]
            page.entries(_PLURALS.get(str(role), str(role)), items, column)
    if event.purposes:
        page.add("purposes:", column)
        for purpose in event.purposes:
            page.add(f"- {purpose.text}", column + 2, column + 4)
    page.blank()


def _show_statement(page: _Page, dataset: ag.Dataset, statement: ag.Statement) -> None:
    head = f"{_names(dataset, statement.speakers)} {_label(statement.speech_act)}"
    where = []
    if statement.event:
        where.append(f"at {_name(dataset, statement.event)}")
    date = statement.date
    if date is None and isinstance(event := dataset.get(statement.event or ""), ag.Event):
        date = event.date
    if date is not None:
        where.append(f"on {date}")
    page.add(f"{head} {', '.join(where)}:" if where else f"{head}:", 0, 4)
    page.add(statement.summary, 2)
    for set_id in statement.principles:
        principle_set = dataset.get(set_id)
        if isinstance(principle_set, ag.PrincipleSet):
            page.add(f"principles: {principle_set.title}", 2, 4)
            _show_principles(page, principle_set, 4)
        else:
            page.add(f"principles: {set_id}", 2, 4)
    if statement.commitments:
        page.add("commitments:", 2)
        for commitment_id in statement.commitments:
            commitment = dataset.get(commitment_id)
            if isinstance(commitment, ag.Commitment):
                actors = _names(dataset, commitment.actors)
                page.add(f"- {actors} {_label(commitment.modality)}: {commitment.text}", 4, 6)
            else:
                page.add(f"- {commitment_id}", 4, 6)
    if statement.refers_to:
        names = "; ".join(_name(dataset, id) for id in statement.refers_to)
        page.add(f"refers to: {names}", 2, 4)
    page.blank()


def _show_principles(page: _Page, principle_set: ag.PrincipleSet, indent: int) -> None:
    for principle in sorted(principle_set.principles, key=lambda p: p.ordinal):
        number = f"{principle.ordinal}. "
        page.add(f"{number}{principle.title}", indent, indent + len(number))
        if principle.aspects:
            page.add(
                f"aspects: {'; '.join(principle.aspects)}",
                indent + len(number),
                indent + len(number) + 2,
            )


def _show_principle_set(page: _Page, dataset: ag.Dataset, principle_set: ag.PrincipleSet) -> None:
    page.add(principle_set.title, 0, 4)
    if principle_set.proposers:
        names = "; ".join(_name(dataset, id) for id in principle_set.proposers)
        page.add(f"proposed by {names}", 2, 4)
    if principle_set.instrument:
        page.add(f"in {_name(dataset, principle_set.instrument)}", 2, 4)
    _show_principles(page, principle_set, 2)
    page.blank()


def _show_instrument(page: _Page, dataset: ag.Dataset, instrument: ag.Instrument) -> None:
    page.add(instrument.title, 0, 4)
    facts = [_label(instrument.kind)]
    if instrument.symbol:
        facts.append(instrument.symbol)
    if instrument.date is not None:
        facts.append(str(instrument.date))
    page.add(", ".join(facts), 2, 4)
    if instrument.proposers:
        names = "; ".join(_name(dataset, id) for id in instrument.proposers)
        page.add(f"proposed by {names}", 2, 4)
    if instrument.issuers:
        names = "; ".join(_name(dataset, id) for id in instrument.issuers)
        page.add(f"issued by {names}", 2, 4)
    for section in instrument.sections:
        if section.declared_size is None:
            page.add(f"{section.name}: {section.known} known", 2, 4)
        else:
            page.add(
                f"{section.name}: {section.declared_size} declared, {section.known} known", 2, 4
            )
    page.blank()


def _event_order(indexed: tuple[int, ag.Event]) -> tuple[bool, tuple[Any, ...], int]:
    index, event = indexed
    # Undated events last; partial dates sort by the interval they cover; ties keep order.
    date = event.date
    return (date is None, (date.earliest, date.latest) if date else (), index)


def summary(dataset: ag.Dataset, width: int = _WIDTH) -> str:
    """A readable summary of ``dataset``, every line at most ``width`` characters.

    The meetings in date order with their participants in their capacities, the
    statements with the principles and commitments they state, the instruments with
    their declared and known section sizes, and the number of records of each type.
    """
    page = _Page(width)
    page.add(dataset.title)
    page.lines.append("=" * min(len(dataset.title), width))
    page.add(f"dataset {dataset.id}, version {dataset.version} (schema {dataset.schema_version})")
    if dataset.description:
        page.blank()
        page.add(dataset.description)

    events = [e for _, e in sorted(enumerate(dataset.of_type(ag.Event)), key=_event_order)]
    if events:
        page.heading(f"Meetings ({len(events)})")
        for event in events:
            _show_event(page, dataset, event)

    statements = dataset.of_type(ag.Statement)
    if statements:
        page.heading(f"Statements ({len(statements)})")
        for statement in statements:
            _show_statement(page, dataset, statement)

    # Principle sets no statement states (a reference set, say) are shown on their own.
    stated = {id for statement in statements for id in statement.principles}
    others = [p for p in dataset.of_type(ag.PrincipleSet) if p.id not in stated]
    if others:
        heading = "Other principle sets" if stated else "Principle sets"
        page.heading(f"{heading} ({len(others)})")
        for principle_set in others:
            _show_principle_set(page, dataset, principle_set)

    instruments = dataset.of_type(ag.Instrument)
    if instruments:
        page.heading(f"Instruments ({len(instruments)})")
        for instrument in instruments:
            _show_instrument(page, dataset, instrument)

    page.heading(f"Records ({len(dataset.records)})")
    counts: dict[str, int] = {}
    for record in dataset.records:
        counts[record.type] = counts.get(record.type, 0) + 1
    order = [*RECORD_CLASSES, *sorted(counts.keys() - RECORD_CLASSES.keys())]
    for tag in order:
        if tag in counts:
            page.add(f"{tag:<16}{counts[tag]:>5}", 2)

    page.heading(f"Sources ({len(dataset.sources)})")
    for source in dataset.sources:
        page.add(source.title, 2, 4)
        facts = [
            part for part in (source.publisher, source.published and str(source.published)) if part
        ]
        if facts:
            page.add(", ".join(facts), 4, 6)
        if source.url:
            page.add(source.url, 4, 6)
    return page.text()


def _show_document(dataset: ag.Dataset) -> dict[str, Any]:
    """What ``show --json`` prints: the summary's facts as data (see the how-to on the CLI)."""

    def date(value: ag.PartialDate | None) -> str | None:
        return None if value is None else str(value)

    events = [e for _, e in sorted(enumerate(dataset.of_type(ag.Event)), key=_event_order)]
    counts: dict[str, int] = {}
    for record in dataset.records:
        counts[record.type] = counts.get(record.type, 0) + 1
    order = [*RECORD_CLASSES, *sorted(counts.keys() - RECORD_CLASSES.keys())]
    return {
        "dataset": {
            "id": dataset.id,
            "title": dataset.title,
            "version": dataset.version,
            "schema_version": dataset.schema_version,
            "description": dataset.description,
        },
        "meetings": [
            {
                "id": event.id,
                "title": event.title,
                "kind": str(event.kind),
                "date": date(event.date),
                "end_date": date(event.end_date),
                "timezone": event.timezone,
                "place": None if event.place is None else _place(dataset, event.place) or None,
                "part_of": event.parent,
                "participants": [
                    {
                        "actor": participation.actor,
                        "name": _name(dataset, participation.actor),
                        "role": str(participation.role),
                        "capacities": list(participation.capacities),
                        "on_behalf_of": participation.on_behalf_of,
                    }
                    for participation in event.participations
                ],
            }
            for event in events
        ],
        "statements": [
            {
                "id": statement.id,
                "speakers": list(statement.speakers),
                "speech_act": str(statement.speech_act),
                "event": statement.event,
                "summary": statement.summary,
                "principle_sets": list(statement.principles),
                "commitments": list(statement.commitments),
                "refers_to": list(statement.refers_to),
            }
            for statement in dataset.of_type(ag.Statement)
        ],
        "instruments": [
            {
                "id": instrument.id,
                "title": instrument.title,
                "kind": str(instrument.kind),
                "symbol": instrument.symbol,
                "date": date(instrument.date),
                "sections": [
                    {"name": s.name, "declared": s.declared_size, "known": s.known}
                    for s in instrument.sections
                ],
            }
            for instrument in dataset.of_type(ag.Instrument)
        ],
        "records": {tag: counts[tag] for tag in order if tag in counts},
        "sources": [
            {
                "id": source.id,
                "title": source.title,
                "publisher": source.publisher,
                "published": date(source.published),
                "url": source.url,
            }
            for source in dataset.sources
        ],
    }


def _cmd_show(args: argparse.Namespace) -> int:
    dataset = _dataset(args.dataset, format=args.input_format)
    if args.json:
        _json_out(_show_document(dataset))
        return 0
    width = _WIDTH
    if sys.stdout.isatty():
        width = min(_WIDTH, shutil.get_terminal_size((_WIDTH, 24)).columns)
    sys.stdout.write(summary(dataset, width))
    return 0


# --------------------------------------------------------------------------- validate


def _cmd_validate(args: argparse.Namespace) -> int:
    status = 0
    reports: list[dict[str, Any]] = []
    for spec in args.files:
        report: dict[str, Any] = {"dataset": spec, "valid": False, "error": None, "problems": []}
        reports.append(report)
        try:
            dataset = _read(spec, args.input_format, check=True)
        except _Failure as failure:
            if args.json:
                report["error"] = str(failure)
            else:
                print(f"{_PROG}: error: {failure}", file=sys.stderr)
            status = max(status, failure.code)
            continue
        except ag.ValidationError as error:
            problems: Sequence[ag.Problem] = error.problems
            ids = _RecordIds.of_source(spec, args.input_format, problems)
        else:
            problems = ag.validate(dataset, strict=args.strict)
            ids = _RecordIds.of_dataset(dataset)
        report["valid"] = not problems
        report["problems"] = [
            {"path": p.path, "record": ids.of(p.path), "message": p.message} for p in problems
        ]
        if not args.json:
            for problem in problems:
                print(f"{spec}: {ids.locate(problem.path)}: {problem.message}")
        if problems:
            status = max(status, _BAD_DATA)
        elif not args.quiet and not args.json:
            print(f"{spec}: ok")
    if args.json:
        _json_out({"datasets": reports})
    return status


# --------------------------------------------------------------------------- diff


def _cmd_diff(args: argparse.Namespace) -> int:
    if args.json and args.format != "text":
        raise _Failure(f"--json and --format {args.format} ask for two outputs; give one", _USAGE)
    # As GNU diff: 1 means "different", so trouble reading is 2.
    old = _dataset(args.old, bad_data=_USAGE, format=args.input_format)
    new = _dataset(args.new, bad_data=_USAGE, format=args.input_format)
    difference = ag.diff(old, new)
    if args.json:
        _json_out(
            {
                "old": args.old,
                "new": args.new,
                "equal": not difference.changes,
                "changes": [
                    {
                        "kind": str(change.kind.value),
                        "path": change.path,
                        "record": change.record,
                        "old": change.old,
                        "new": change.new,
                    }
                    for change in difference.changes
                ],
            }
        )
    elif args.format == "json-patch":
        patch = difference.to_json_patch()
        sys.stdout.write(json.dumps(patch, ensure_ascii=False, indent=2) + "\n")
    elif difference.changes:
        # Each changed fact says whether its supporting evidence changed with it.
        report = difference.report(evidence=True)
        sys.stdout.write(report if report.endswith("\n") else report + "\n")
    return 1 if difference.changes else 0


# --------------------------------------------------------------------------- match


def _threshold(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(f"{text} is not between 0 and 1")
    return value


def _cmd_match(args: argparse.Namespace) -> int:
    a = _dataset(args.a, format=args.input_format)
    b = _dataset(args.b, format=args.input_format)
    options: dict[str, Any] = {}
    if args.threshold is not None:
        options["threshold"] = args.threshold
    found = ag.match(a, b, **options)
    if args.json:
        links = [
            {"a": candidate.a, "b": candidate.b, "score": candidate.score}
            for match in found
            for candidate in match.candidates
        ]
        _json_out({"a": args.a, "b": args.b, "links": links})
        return 0
    for match in found:
        for candidate in match.candidates:
            print(f"{candidate.score:.2f}  {candidate.a}  {candidate.b}")
    if not any(match.candidates for match in found):
        print(f"{_PROG}: no record of {args.a} links to one of {args.b}", file=sys.stderr)
    return 0


# --------------------------------------------------------------------------- merge


def _cmd_merge(args: argparse.Namespace) -> int:
    from aigovernance.compare import MergeConflictError

    output = _output(args.output)
    a = _dataset(args.a, format=args.input_format)
    b = _dataset(args.b, format=args.input_format)
    options: dict[str, Any] = {}
    if args.threshold is not None:
        options["threshold"] = args.threshold
    try:
        merged, report = ag.merge(a, b, prefer=args.prefer, **options)
    except MergeConflictError as error:
        for conflict in error.conflicts:
            print(conflict)
        print(
            f"{_PROG}: error: {len(error.conflicts)} conflicts; choose a side with "
            "--prefer a or --prefer b (nothing written)",
            file=sys.stderr,
        )
        return _BAD_DATA
    except ImportError as error:
        raise _extra_missing(error) from None
    except ValueError as error:
        raise _Failure(str(error), _BAD_DATA) from None
    if report.problems:
        print(report)
        print(
            f"{_PROG}: error: the merged dataset has {len(report.problems)} "
            f"problem{'s' if len(report.problems) != 1 else ''} (nothing written)",
            file=sys.stderr,
        )
        return _BAD_DATA
    _write(merged, output)
    print(report)
    return 0


# --------------------------------------------------------------------------- export


def _json_text(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2) + "\n"


def _export_tables(args: argparse.Namespace, output: Path) -> None:
    """Write the dataset as a folder of tables; a ``.jsonl`` file streams through."""
    module = table_format(args.format).load()
    spec = args.dataset
    streaming = (
        spec is not None
        and args.input_format in (None, "jsonl")
        and spec.lower().endswith(".jsonl")
        and Path(spec).is_file()
    )
    try:
        if streaming:
            try:
                header = _quietly(lambda: jsonl_header(spec), spec)
                module.write_records(header, ag.iter_jsonl(spec), output)
            except ag.ValidationError as error:
                first = error.problems[0]
                raise _Failure(f"{spec}: {first}", _BAD_DATA) from None
        else:
            module.write(_dataset(spec, format=args.input_format), output)
    except ImportError as error:
        raise _extra_missing(error) from None
    except FileExistsError as error:
        raise _Failure(str(error), _USAGE) from None


def _export_to_stdout(args: argparse.Namespace) -> int:
    """``export -o -``: the formats that are one text, written to standard output."""
    format = args.format
    if format in FORMATS:
        what = "a folder of files" if FORMATS[format].suffix is None else "a workbook, a zip file"
        raise _Failure(
            f"--format {format} writes {what}, which cannot stream to standard output; "
            "give -o a path",
            _USAGE,
        )
    if format == "schema":
        sys.stdout.write(_json_text(ag.json_schema(ag.Dataset)))
        return 0
    dataset = _dataset(args.dataset, format=args.input_format)
    if format in ("json", "jsonl"):
        _write_stdout(dataset, format)
    else:
        sys.stdout.write(_json_text(ag.to_jsonld(dataset)))
    return 0


def _cmd_export(args: argparse.Namespace) -> int:
    if args.output == _STREAM:
        return _export_to_stdout(args)
    output = Path(args.output)
    format = args.format
    tables = format in FORMATS
    folder = tables and FORMATS[format].suffix is None
    suffix = FORMATS[format].suffix if tables else f".{format}"
    if format in ("json", "jsonl", "xlsx") and output.suffix.lower() != suffix:
        raise _Failure(f"--format {format} writes a file whose name ends in {suffix}", _USAGE)
    if not folder and output.is_dir():
        raise _Failure(f"{output} is a directory; --format {format} writes one file", _USAGE)
    if folder and output.exists() and not output.is_dir():
        raise _Failure(f"{output} is a file; --format {format} writes a directory", _USAGE)
    if not folder and not output.parent.is_dir():
        raise _Failure(f"{output.parent} is not a directory", _USAGE)
    try:
        if tables:
            output.parent.mkdir(parents=True, exist_ok=True)
            _export_tables(args, output)
            return 0
        dataset = _dataset(args.dataset, format=args.input_format)
        if format in ("json", "jsonl"):
            ag.write(dataset, output)
        elif format == "schema":
            write_text_atomic(output, (_json_text(ag.json_schema(ag.Dataset)),))
        else:
            write_text_atomic(output, (_json_text(ag.to_jsonld(dataset)),))
    except OSError as error:
        reason = error.strerror or str(error)
        raise _Failure(f"cannot write {output}: {reason}", _USAGE) from None
    return 0


# --------------------------------------------------------------------------- template


def _cmd_template(args: argparse.Namespace) -> int:
    output = Path(args.output)
    if output.suffix.lower() != ".xlsx":
        raise _Failure(f"{output}: a template is a workbook, whose name ends in .xlsx", _USAGE)
    if output.is_dir() or not output.parent.is_dir():
        raise _Failure(f"{output} cannot be written: not a file in an existing folder", _USAGE)
    header = ag.Dataset(id=args.id, title=args.title, version=args.version)
    try:
        table_format("xlsx").load().write(header, output)
    except ImportError as error:
        raise _extra_missing(error) from None
    except OSError as error:
        reason = error.strerror or str(error)
        raise _Failure(f"cannot write {output}: {reason}", _USAGE) from None
    return 0


# --------------------------------------------------------------------------- report


def _cmd_report(args: argparse.Namespace) -> int:
    output = Path(args.output)
    if output.is_dir():
        raise _Failure(f"{output} is a directory; the report is one .html file", _USAGE)
    if not output.parent.is_dir():
        raise _Failure(f"{output.parent} is not a directory", _USAGE)
    try:
        from aigovernance.report import to_html

        page = to_html(_dataset(args.dataset, format=args.input_format))
    except ImportError as error:
        raise _extra_missing(error) from None
    try:
        write_text_atomic(output, (page,))
    except OSError as error:
        reason = error.strerror or str(error)
        raise _Failure(f"cannot write {output}: {reason}", _USAGE) from None
    return 0


# --------------------------------------------------------------------------- authoring


def _output(spec: str) -> Path | None:
    """The file a dataset is written to: ``.json`` or ``.jsonl``, in a folder that exists.

    None for ``-``: the dataset goes to standard output, as JSON.
    """
    if spec == _STREAM:
        return None
    output = Path(spec)
    if not output.name.lower().endswith(SUFFIXES):
        raise _Failure(f"{spec}: the output is a .json or .jsonl file", _USAGE)
    if output.is_dir():
        raise _Failure(f"{spec} is a directory", _USAGE)
    if not output.parent.is_dir():
        raise _Failure(f"{output.parent} is not a directory", _USAGE)
    return output


def _write(dataset: ag.Dataset, output: Path | None) -> None:
    if output is None:
        _write_stdout(dataset, "json")
        return
    try:
        ag.write(dataset, output)
    except OSError as error:
        reason = error.strerror or str(error)
        raise _Failure(f"cannot write {output}: {reason}", _USAGE) from None


def _cmd_anchor(args: argparse.Namespace) -> int:
    output = _output(args.output)
    draft: Path | bytes = _stdin_bytes() if args.draft == _STREAM else Path(args.draft)
    if isinstance(draft, Path) and draft.is_dir():
        raise _Failure(f"{args.draft}: is a directory", _USAGE)
    try:
        dataset = ag.anchor(draft)
    except ag.ValidationError as error:
        for problem in error.problems:
            print(f"{args.draft}: {problem.path}: {problem.message}")
        return _BAD_DATA
    except ImportError as error:
        raise _extra_missing(error) from None
    except ValueError as error:  # a suffix that names no draft format
        raise _Failure(str(error), _USAGE) from None
    except OSError as error:
        reason = error.strerror or str(error)
        raise _Failure(f"cannot read {args.draft}: {reason}", _USAGE) from None
    _write(dataset, output)
    return 0


def _cmd_reanchor(args: argparse.Namespace) -> int:
    output = _output(args.output)
    dataset = _dataset(args.dataset, format=args.input_format)
    source = dataset.get(args.source)
    if not isinstance(source, ag.Source):
        ids = ", ".join(s.id for s in dataset.sources if s.text is not None)
        raise _Failure(f"{args.source!r} is not a source of the dataset (with text: {ids})", _USAGE)
    if source.text is None:
        raise _Failure(f"{args.source} holds no text, so no spans to re-anchor", _USAGE)
    try:
        raw = Path(args.text).read_bytes()
    except OSError as error:
        reason = error.strerror or str(error)
        raise _Failure(f"cannot read {args.text}: {reason}", _USAGE) from None
    try:
        text = raw.decode("utf-8")  # as is: offsets count the file's own line endings
    except UnicodeDecodeError as error:
        raise _Failure(f"{args.text}: not UTF-8 (byte {error.start})", _BAD_DATA) from None
    moved, report = ag.reanchor(dataset, source.id, text)
    _write(moved, output)
    # With the dataset on standard output, the report goes beside it, to standard error.
    print(report, file=sys.stdout if output is not None else sys.stderr)
    return 0 if report.kept else _BAD_DATA


# --------------------------------------------------------------------------- parser


class _Parser(argparse.ArgumentParser):
    """An argument parser whose error messages name the program as ``aigovernance``."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(_USAGE, f"{_PROG}: error: {message}\n")


_DATASET_HELP: Final = (
    "a bundled dataset's name, a .json/.jsonl file, a workbook (.xlsx), a folder of CSV "
    "or Parquet tables, or - for JSON or JSON Lines on standard input"
)
_READ_FORMATS: Final = ("json", "jsonl", *FORMATS)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=_PROG,
        description="Show, validate, compare, export and author AI-governance datasets.",
        epilog=(
            "A DATASET is a bundled dataset's name (see 'aigovernance datasets'), a "
            ".json or .jsonl file, a workbook (.xlsx), or a folder of CSV or Parquet "
            "tables, or - for standard input. Exit status: 0 "
            "success, 1 bad data (also: problems found, datasets differ), 2 usage error "
            "(also: a missing optional extra). "
            "Run 'aigovernance COMMAND --help' for a command's options."
        ),
    )
    parser.add_argument("--version", action="version", version=f"{_PROG} {ag.__version__}")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND", required=True)

    def command(
        name: str, run: Callable[[argparse.Namespace], int], help: str, more: str = ""
    ) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help, description=f"{help} {more}".strip())
        sub.set_defaults(run=run, input_format=None)
        return sub

    def input_format(sub: argparse.ArgumentParser) -> None:
        sub.add_argument(
            "--input-format",
            choices=_READ_FORMATS,
            metavar="FORMAT",
            help="how to read each DATASET path where its name or contents do not say: "
            + ", ".join(_READ_FORMATS),
        )

    def json_output(sub: argparse.ArgumentParser, what: str) -> None:
        sub.add_argument(
            "--json", action="store_true", help=f"print {what} (its shape is documented)"
        )

    command("datasets", _cmd_datasets, "List the bundled datasets.", "One name a line.")

    show = command(
        "show",
        _cmd_show,
        "Summarise a dataset.",
        "The meetings in date order with their participants in their capacities, the "
        "statements with their principles and commitments, the instruments with their "
        "declared and known sizes, and the number of records of each type. DATASET is "
        "the bundled seed unless given.",
    )
    show.add_argument("dataset", nargs="?", metavar="DATASET", help=_DATASET_HELP)
    input_format(show)
    json_output(show, "the summary as one JSON document")

    validate = command(
        "validate",
        _cmd_validate,
        "Check datasets, structure and meaning.",
        "Prints 'FILE: ok' for each sound dataset and 'FILE: $.json.path: message' for "
        "each problem, one a line. Exits 0 when every dataset is sound, 1 when any has "
        "problems, 2 when a file cannot be read.",
    )
    validate.add_argument("files", nargs="+", metavar="FILE", help=_DATASET_HELP)
    validate.add_argument(
        "-q", "--quiet", action="store_true", help="print nothing for sound datasets"
    )
    validate.add_argument(
        "--strict",
        action="store_true",
        help="the profile for published data: every record and participation cites "
        "evidence, every source has its date",
    )
    input_format(validate)
    json_output(validate, "one JSON document listing every dataset and its problems")

    diff = command(
        "diff",
        _cmd_diff,
        "Show what changed between two datasets.",
        "Each changed field is named by its path, with a line saying whether the "
        "evidence supporting it changed too ('!' where it did not, or there is none). "
        "Exits 0 when the datasets are equal, "
        "1 when they differ and 2 on trouble, as GNU diff does.",
    )
    diff.add_argument("old", metavar="OLD", help=_DATASET_HELP)
    diff.add_argument("new", metavar="NEW", help=_DATASET_HELP)
    diff.add_argument(
        "--format",
        choices=("text", "json-patch"),
        default="text",
        help="a readable report (the default) or an RFC 6902 JSON Patch",
    )
    input_format(diff)
    json_output(diff, "the changes as one JSON document")

    match = command(
        "match",
        _cmd_match,
        "Link the records of two datasets.",
        "Prints one linked pair a line: the score, the record in A and the record in B.",
    )
    match.add_argument("a", metavar="A", help=_DATASET_HELP)
    match.add_argument("b", metavar="B", help=_DATASET_HELP)
    match.add_argument(
        "--threshold",
        type=_threshold,
        metavar="X",
        help="the least score (0 to 1) for two records to be linked",
    )
    input_format(match)
    json_output(match, "the linked pairs as one JSON document")

    merge = command(
        "merge",
        _cmd_merge,
        "Combine two datasets into one.",
        "Records with the same id, and records that 'match' links, become one record "
        "keeping A's id; references in B follow. Writes OUT (.json or .jsonl, "
        "atomically) and prints the links, the conflicts and the records added. Two "
        "different values of one field are a conflict: without --prefer, each is "
        "printed and nothing is written. Exits 0 when written, 1 on conflicts or bad "
        "data, 2 on trouble.",
    )
    merge.add_argument("a", metavar="A", help=_DATASET_HELP)
    merge.add_argument("b", metavar="B", help=_DATASET_HELP)
    merge.add_argument("-o", "--output", required=True, metavar="OUT", help="the file to write")
    merge.add_argument(
        "--prefer",
        choices=("a", "b"),
        help="keep A's or B's value where linked records disagree",
    )
    merge.add_argument(
        "--threshold",
        type=_threshold,
        metavar="X",
        help="the least score (0 to 1) for two records to be linked",
    )
    input_format(merge)

    anchor = command(
        "anchor",
        _cmd_anchor,
        "Make a dataset from a quote-first draft.",
        "Finds the span of every quote in the draft's sources and writes the dataset "
        "(.json or .jsonl) atomically. Problems are printed one a line, 'DRAFT: "
        "$.json.path: message', every one at once; nothing is written then. Exits 0 "
        "when written, 1 on bad data, 2 when a file cannot be read or written.",
    )
    anchor.add_argument(
        "draft",
        metavar="DRAFT",
        help="a .json, .yaml or .yml draft, or - for JSON on standard input",
    )
    anchor.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="OUT",
        help="the file to write, or - for standard output",
    )

    reanchor = command(
        "reanchor",
        _cmd_reanchor,
        "Move the spans on a source to a corrected text of it.",
        "Writes the dataset with the source's new text (.json or .jsonl, atomically) and "
        "prints what became of every span: moved, amended, ambiguous or orphaned. Spans "
        "that cannot be moved are left out and listed. Exits 0 when every span was "
        "kept and 1 when any was not, as diff does; 2 on trouble.",
    )
    reanchor.add_argument("dataset", metavar="DATASET", help=_DATASET_HELP)
    input_format(reanchor)
    reanchor.add_argument("source", metavar="SOURCE_ID", help="the id of the source that changed")
    reanchor.add_argument("text", metavar="NEW_TEXT_FILE", help="its new text, in UTF-8")
    reanchor.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="OUT",
        help="the file to write, or - for standard output (the report then goes to standard error)",
    )

    export = command(
        "export",
        _cmd_export,
        "Write a dataset in another format.",
        "Files and folders are written atomically. DATASET is the bundled seed unless "
        "given; a .jsonl DATASET streams into tables without being held in memory.",
    )
    export.add_argument("dataset", nargs="?", metavar="DATASET", help=_DATASET_HELP)
    input_format(export)
    export.add_argument(
        "--format",
        required=True,
        choices=_EXPORT_FORMATS,
        help="json or jsonl (the dataset), schema (the JSON Schema of datasets), "
        "jsonld (schema.org JSON-LD), xlsx (a workbook, one sheet per table; needs "
        "openpyxl), or a folder of tables: csv (with a Data Package descriptor) or "
        "parquet (needs pyarrow)",
    )
    export.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="PATH",
        help="the file to write (for tables: the folder, created if missing, replaced "
        "if it holds tables), or - for standard output (json, jsonl, schema, jsonld)",
    )

    report = command(
        "report",
        _cmd_report,
        "Write the evidence review page of a dataset.",
        "One self-contained HTML file (needs jinja2, the html extra), written atomically: "
        "each source's text with every evidence span highlighted, the records as linked "
        "cards, a timeline, who met whom and the problems validate finds. It loads "
        "nothing and opens from disk. DATASET is the bundled seed unless given.",
    )
    report.add_argument("dataset", nargs="?", metavar="DATASET", help=_DATASET_HELP)
    input_format(report)
    report.add_argument(
        "-o", "--output", required=True, metavar="FILE", help="the page to write (.html)"
    )

    template = command(
        "template",
        _cmd_template,
        "Write an empty workbook to fill in.",
        "The workbook (.xlsx; needs openpyxl) has every table's sheet with its header "
        "row and drop-down lists of terms, an about sheet explaining them, and the "
        "dataset's header, whose id, title and version the options give. Filled in, it "
        "reads back as a dataset wherever a DATASET is taken.",
    )
    template.add_argument(
        "-o", "--output", required=True, metavar="FILE", help="the workbook to write (.xlsx)"
    )
    template.add_argument("--id", default="my-dataset", help="the dataset's id (my-dataset)")
    template.add_argument("--title", default="My dataset", help="its title (My dataset)")
    template.add_argument("--version", default="1", help="its version (1)")
    return parser


# --------------------------------------------------------------------------- main


def _silence_stdout() -> None:
    """Point standard output at the null device, so exiting does not flush into a closed pipe."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def _tolerate_narrow_encodings() -> None:
    """Let text the terminal's encoding lacks ("Vučić" in ASCII) print escaped, not fail."""
    stream = sys.stdout
    encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
    if encoding != "utf8" and isinstance(stream, io.TextIOWrapper):
        stream.reconfigure(errors="backslashreplace")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``); return the exit status.

    >>> from aigovernance.cli import main
    >>> main(["datasets"])
    reference-principles
    seed
    0
    """
    _tolerate_narrow_encodings()
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit:
        return exit.code if isinstance(exit.code, int) else (0 if exit.code is None else _USAGE)
    _STDIN.clear()
    try:
        try:
            status: int = args.run(args)
        except ImportError as error:
            raise _extra_missing(error) from None
        sys.stdout.flush()
    except _Failure as failure:
        print(f"{_PROG}: error: {failure}", file=sys.stderr)
        return failure.code
    except BrokenPipeError:
        _silence_stdout()
        return _SIGPIPE_EXIT
    except KeyboardInterrupt:
        return _INTERRUPTED_EXIT
    return status
