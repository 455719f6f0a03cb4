"""Reading and writing validated data: aigovernance against msgspec and pydantic v2.

The same dataset is built three ways: with the library's model, with msgspec Structs and
with pydantic v2 models that mirror it (strict types, unknown keys forbidden, records
told apart by their ``"type"`` tag, defaults left out on output). All three decode the
same JSON bytes, the ones :func:`aigovernance.to_json_bytes` writes, and encode their
own objects back to bytes.

Every figure is the best of several rounds, timed in CPU time of this process
(``time.process_time``), so that other work on the machine, which only takes turns on the
processor, disturbs the figures as little as possible; the best round is the one least
disturbed (by caches, frequency changes), so it is the fairest estimate of what the code
itself costs. All three libraries run single-threaded.

The first table runs each library's decode and encode alone in a fresh interpreter, on
the same file and the same heap, with the cyclic garbage collector on and off, each case
in three such processes taken in turns with the others (one with ``--quick``), keeping
its best; these are the figures to quote. The second runs all three one after another
in this process, where whichever runs first meets a smaller heap: it is kept for the
single records, the fallback paths and the scaling runs.

``--memory`` measures instead the memory each library needs to decode 100,000 records
(10,000 with ``--quick``), each alone in a fresh process: its peak resident memory
(``ru_maxrss``) less its resident memory once it is imported, ready to decode (its
decoder made, and used on a small document), and holding the bytes read.

Run: ``python benchmarks/bench_codec.py`` (``--quick`` for a smaller, faster run).
Needs the ``bench`` extra (msgspec, pydantic). The library itself writes through its C
extension when it was built, and reads through msgspec, its optional ``fast`` extra,
when it is installed (making the objects with the C extension); the script also
measures it without either.
"""

from __future__ import annotations

import argparse
import gc
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Literal, Union

import msgspec
import pydantic
from msgspec import Meta, Struct

import aigovernance as ag
from aigovernance.serialization._json import without_msgspec, without_speedups

# --------------------------------------------------------------------------- the dataset

_PHRASE = (
    "the meeting on international cooperation in capacity building of artificial "
    "intelligence called on all parties to bridge the digital and intelligence divide and "
    "to help the Global South benefit equally from the development of AI while keeping it "
    "safe reliable and controllable under human oversight with the United Nations at the "
    "centre of global governance"
)
_WORDS = _PHRASE.split()

THEMES = list(ag.Theme)
ROLES = [ag.Role.HOST, ag.Role.CO_HOST, ag.Role.SPEAKER, ag.Role.ATTENDEE]
KINDS = [ag.EventKind.HIGH_LEVEL_MEETING, ag.EventKind.MINISTERIAL_MEETING, ag.EventKind.FORUM]


def _sentence(i: int, words: int) -> str:
    return " ".join(_WORDS[(i * 7 + k * 3) % len(_WORDS)] for k in range(words)).capitalize()


def _code(i: int) -> str:
    return "".join(chr(65 + (i // 26**k) % 26) for k in (2, 1, 0))


def _country(i: int) -> str:
    """A code from the range ISO 3166-1 leaves to its users (XAA-XZZ), as a test needs."""
    return "X" + _code(i)[1:]


class _Text:
    """A long source text, and evidence that quotes spans of it exactly."""

    def __init__(self, sentences: int) -> None:
        parts = [_sentence(i, 12 + i % 5) + "." for i in range(sentences)]
        self.text = " ".join(parts)
        self.spans: list[tuple[int, int]] = []
        start = 0
        for part in parts:
            self.spans.append((start, start + len(part)))
            start += len(part) + 1

    def evidence(self, i: int, *fields: str) -> ag.Evidence:
        start, end = self.spans[i % len(self.spans)]
        return ag.Evidence(
            source="source:readout",
            start=start,
            end=end,
            quote=self.text[start:end],
            fields=fields,
        )


def build_dataset(n: int) -> ag.Dataset:
    """A sound dataset of ``n`` records, mostly events, about 1.4 KB of JSON each."""
    text = _Text(500)
    source = ag.Source(
        id="source:readout",
        title="Readout of the high-level meeting",
        publisher="Ministry of Foreign Affairs",
        url="https://example.org/readout",
        published=ag.PartialDate(year=2024, month=9, day=26),
        language="en",
        text=text.text,
    )
    people = max(1, n // 10)
    states = max(1, n // 10)
    records: list[ag.Record] = [
        ag.State(
            id=f"state:{_code(k)}",
            name=f"State {_code(k)}",
            code=_country(k),
            identifiers=(ag.Identifier(scheme="wikidata", value=f"Q{100 + k}"),),
            evidence=(text.evidence(k),),
        )
        for k in range(states)
    ]
    records.extend(
        ag.Person(
            id=f"person:p{k}",
            name=f"Person {k}",
            translations=(ag.Translation(lang="zh", text=f"人物{k}"),),
            evidence=(text.evidence(k + 3, "name"),),
        )
        for k in range(people)
    )
    i = 0
    while len(records) < n:
        person = f"person:p{i % people}"
        state = f"state:{_code(i % states)}"
        other = f"state:{_code((i + 1) % states)}"
        if i % 5 < 3:
            event = f"event:e{i}"
            records.append(
                ag.Event(
                    id=event,
                    kind=KINDS[i % len(KINDS)],
                    title=_sentence(i, 8),
                    date=ag.PartialDate(year=2024, month=1 + i % 12, day=1 + i % 28),
                    timezone="America/New_York",
                    place=ag.Place(name="UN Headquarters", locality="New York", country="USA"),
                    participations=(
                        ag.Participation(
                            actor=state, role=ag.Role.CO_HOST, evidence=(text.evidence(i),)
                        ),
                        ag.Participation(
                            actor=other, role=ag.Role.CO_HOST, evidence=(text.evidence(i + 1),)
                        ),
                        ag.Participation(
                            actor=person,
                            role=ROLES[i % len(ROLES)],
                            on_behalf_of=state,
                            evidence=(text.evidence(i + 2, "role"),),
                        ),
                    ),
                    purposes=(
                        ag.Purpose(
                            text=_sentence(i + 5, 22),
                            themes=(THEMES[i % len(THEMES)], THEMES[(i + 3) % len(THEMES)]),
                            evidence=(text.evidence(i + 4),),
                        ),
                        ag.Purpose(
                            text=_sentence(i + 9, 10),
                            themes=(THEMES[(i + 7) % len(THEMES)],),
                            evidence=(text.evidence(i + 6),),
                        ),
                    ),
                    themes=(THEMES[(i + 1) % len(THEMES)], THEMES[(i + 2) % len(THEMES)]),
                    evidence=(text.evidence(i + 7, "date"), text.evidence(i + 8, "title")),
                )
            )
        elif i % 5 == 3:
            records.append(
                ag.Statement(
                    id=f"statement:s{i}",
                    speakers=(person,),
                    speech_act=ag.SpeechAct.STRESSED,
                    summary=_sentence(i, 45),
                    event=f"event:e{i - 1 - (i % 5 == 3) * 2}",
                    date=ag.PartialDate(year=2024, month=9),
                    commitments=(f"commitment:c{i + 1}",),
                    themes=(THEMES[i % len(THEMES)],),
                    evidence=(text.evidence(i), text.evidence(i + 1), text.evidence(i + 2)),
                )
            )
        else:
            records.append(
                ag.Commitment(
                    id=f"commitment:c{i}",
                    actors=(state,),
                    modality=ag.Modality.WILL,
                    text=_sentence(i, 25),
                    themes=(THEMES[i % len(THEMES)], THEMES[(i + 5) % len(THEMES)]),
                    evidence=(text.evidence(i), text.evidence(i + 3)),
                )
            )
        i += 1
    return ag.Dataset(
        id="bench",
        title="A benchmark dataset",
        version="1",
        sources=(source,),
        records=tuple(records),
    )


# ----------------------------------------------------------------- the msgspec mirror

Id = Annotated[str, Meta(pattern=r"^[a-z][a-z-]*:[A-Za-z0-9][A-Za-z0-9._-]*$")]
Text = Annotated[str, Meta(pattern=r"\S")]
Date = Annotated[str, Meta(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")]
Code = Annotated[str, Meta(pattern=r"^[A-Z]{3}$")]
Lang = Annotated[str, Meta(pattern=r"^[a-zA-Z]{2,3}(-[A-Za-z0-9]{2,8})*$")]
NonNeg = Annotated[int, Meta(ge=0)]


class _MBase(Struct, frozen=True, kw_only=True, forbid_unknown_fields=True, omit_defaults=True):
    pass


class MEvidence(_MBase, kw_only=True, frozen=True):
    source: Id
    start: NonNeg | None = None
    end: NonNeg | None = None
    quote: str | None = None
    confidence: ag.Confidence = ag.Confidence.HIGH
    fields: tuple[Text, ...] = ()


class MIdentifier(_MBase, kw_only=True, frozen=True):
    scheme: Text
    value: Text


class MTranslation(_MBase, kw_only=True, frozen=True):
    lang: Lang
    text: Text


class MPlace(_MBase, kw_only=True, frozen=True):
    name: Text | None = None
    locality: Text | None = None
    country: Code | None = None
    identifiers: tuple[MIdentifier, ...] = ()


class MParticipation(_MBase, kw_only=True, frozen=True):
    actor: Id
    role: ag.Role
    capacity: Id | None = None
    on_behalf_of: Id | None = None
    evidence: tuple[MEvidence, ...] = ()


class MPurpose(_MBase, kw_only=True, frozen=True):
    text: Text
    themes: tuple[ag.Theme, ...] = ()
    refers_to: tuple[Id, ...] = ()
    evidence: tuple[MEvidence, ...] = ()


class _MRecord(_MBase, tag_field="type", kw_only=True, frozen=True):
    pass


class MSource(_MRecord, tag="source", kw_only=True, frozen=True):
    id: Id
    title: Text
    publisher: Text | None = None
    url: Text | None = None
    published: Date | None = None
    language: Lang | None = None
    text: str | None = None
    sha256: Text | None = None
    identifiers: tuple[MIdentifier, ...] = ()
    evidence: tuple[MEvidence, ...] = ()


class MState(_MRecord, tag="state", kw_only=True, frozen=True):
    id: Id
    name: Text
    code: Code
    translations: tuple[MTranslation, ...] = ()
    identifiers: tuple[MIdentifier, ...] = ()
    evidence: tuple[MEvidence, ...] = ()


class MPerson(_MRecord, tag="person", kw_only=True, frozen=True):
    id: Id
    name: Text | None = None
    description: Text | None = None
    translations: tuple[MTranslation, ...] = ()
    identifiers: tuple[MIdentifier, ...] = ()
    evidence: tuple[MEvidence, ...] = ()


class MEvent(_MRecord, tag="event", kw_only=True, frozen=True):
    id: Id
    kind: ag.EventKind
    title: Text
    date: Date | None = None
    end_date: Date | None = None
    timezone: Text | None = None
    place: MPlace | None = None
    parent: Id | None = None
    participations: tuple[MParticipation, ...] = ()
    purposes: tuple[MPurpose, ...] = ()
    themes: tuple[ag.Theme, ...] = ()
    translations: tuple[MTranslation, ...] = ()
    identifiers: tuple[MIdentifier, ...] = ()
    evidence: tuple[MEvidence, ...] = ()


class MStatement(_MRecord, tag="statement", kw_only=True, frozen=True):
    id: Id
    speakers: Annotated[tuple[Id, ...], Meta(min_length=1)]
    speech_act: ag.SpeechAct
    summary: Text
    event: Id | None = None
    date: Date | None = None
    principles: tuple[Id, ...] = ()
    commitments: tuple[Id, ...] = ()
    refers_to: tuple[Id, ...] = ()
    themes: tuple[ag.Theme, ...] = ()
    identifiers: tuple[MIdentifier, ...] = ()
    evidence: tuple[MEvidence, ...] = ()


class MCommitment(_MRecord, tag="commitment", kw_only=True, frozen=True):
    id: Id
    actors: Annotated[tuple[Id, ...], Meta(min_length=1)]
    modality: ag.Modality
    text: Text
    themes: tuple[ag.Theme, ...] = ()
    identifiers: tuple[MIdentifier, ...] = ()
    evidence: tuple[MEvidence, ...] = ()


class MDataset(_MBase, kw_only=True, frozen=True):
    schema_version: str  # written always, like the library does
    id: Text
    title: Text
    version: Text
    description: Text | None = None
    sources: tuple[MSource, ...] = ()
    records: tuple[MState | MPerson | MEvent | MStatement | MCommitment, ...] = ()


# ---------------------------------------------------------------- the pydantic mirror

PId = Annotated[str, pydantic.Field(pattern=r"^[a-z][a-z-]*:[A-Za-z0-9][A-Za-z0-9._-]*$")]
PText = Annotated[str, pydantic.Field(pattern=r"\S")]
PDate = Annotated[str, pydantic.Field(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")]
PCode = Annotated[str, pydantic.Field(pattern=r"^[A-Z]{3}$")]
PLang = Annotated[str, pydantic.Field(pattern=r"^[a-zA-Z]{2,3}(-[A-Za-z0-9]{2,8})*$")]
PNonNeg = Annotated[int, pydantic.Field(ge=0)]


class _PBase(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(strict=True, extra="forbid", frozen=True)


class PEvidence(_PBase):
    source: PId
    start: PNonNeg | None = None
    end: PNonNeg | None = None
    quote: str | None = None
    confidence: ag.Confidence = ag.Confidence.HIGH
    fields: tuple[PText, ...] = ()


class PIdentifier(_PBase):
    scheme: PText
    value: PText


class PTranslation(_PBase):
    lang: PLang
    text: PText


class PPlace(_PBase):
    name: PText | None = None
    locality: PText | None = None
    country: PCode | None = None
    identifiers: tuple[PIdentifier, ...] = ()


class PParticipation(_PBase):
    actor: PId
    role: ag.Role
    capacity: PId | None = None
    on_behalf_of: PId | None = None
    evidence: tuple[PEvidence, ...] = ()


class PPurpose(_PBase):
    text: PText
    themes: tuple[ag.Theme, ...] = ()
    refers_to: tuple[PId, ...] = ()
    evidence: tuple[PEvidence, ...] = ()


class _PRecord(_PBase):
    pass


class PSource(_PRecord):
    type: Literal["source"]
    id: PId
    title: PText
    publisher: PText | None = None
    url: PText | None = None
    published: PDate | None = None
    language: PLang | None = None
    text: str | None = None
    sha256: PText | None = None
    identifiers: tuple[PIdentifier, ...] = ()
    evidence: tuple[PEvidence, ...] = ()


class PState(_PRecord):
    type: Literal["state"]
    id: PId
    name: PText
    code: PCode
    translations: tuple[PTranslation, ...] = ()
    identifiers: tuple[PIdentifier, ...] = ()
    evidence: tuple[PEvidence, ...] = ()


class PPerson(_PRecord):
    type: Literal["person"]
    id: PId
    name: PText | None = None
    description: PText | None = None
    translations: tuple[PTranslation, ...] = ()
    identifiers: tuple[PIdentifier, ...] = ()
    evidence: tuple[PEvidence, ...] = ()


class PEvent(_PRecord):
    type: Literal["event"]
    id: PId
    kind: ag.EventKind
    title: PText
    date: PDate | None = None
    end_date: PDate | None = None
    timezone: PText | None = None
    place: PPlace | None = None
    parent: PId | None = None
    participations: tuple[PParticipation, ...] = ()
    purposes: tuple[PPurpose, ...] = ()
    themes: tuple[ag.Theme, ...] = ()
    translations: tuple[PTranslation, ...] = ()
    identifiers: tuple[PIdentifier, ...] = ()
    evidence: tuple[PEvidence, ...] = ()


class PStatement(_PRecord):
    type: Literal["statement"]
    id: PId
    speakers: Annotated[tuple[PId, ...], pydantic.Field(min_length=1)]
    speech_act: ag.SpeechAct
    summary: PText
    event: PId | None = None
    date: PDate | None = None
    principles: tuple[PId, ...] = ()
    commitments: tuple[PId, ...] = ()
    refers_to: tuple[PId, ...] = ()
    themes: tuple[ag.Theme, ...] = ()
    identifiers: tuple[PIdentifier, ...] = ()
    evidence: tuple[PEvidence, ...] = ()


class PCommitment(_PRecord):
    type: Literal["commitment"]
    id: PId
    actors: Annotated[tuple[PId, ...], pydantic.Field(min_length=1)]
    modality: ag.Modality
    text: PText
    themes: tuple[ag.Theme, ...] = ()
    identifiers: tuple[PIdentifier, ...] = ()
    evidence: tuple[PEvidence, ...] = ()


PRecordUnion = Annotated[
    Union[PState, PPerson, PEvent, PStatement, PCommitment],  # noqa: UP007
    pydantic.Field(discriminator="type"),
]


class PDataset(_PBase):
    schema_version: str  # written always, like the library does
    id: PText
    title: PText
    version: PText
    description: PText | None = None
    sources: tuple[PSource, ...] = ()
    records: tuple[PRecordUnion, ...] = ()


# ------------------------------------------------------------------------ measuring


def best_of(fn: Callable[[], object], rounds: int, number: int = 1) -> float:
    """The fastest of ``rounds`` timings of ``number`` calls, in seconds per call."""
    times = []
    for _ in range(rounds):
        gc.collect()
        start = time.process_time()
        for _ in range(number):
            fn()
        times.append((time.process_time() - start) / number)
    return min(times)


def collector_off(fn: Callable[[], object]) -> Callable[[], object]:
    """``fn`` run with the cyclic garbage collector off, so that only its own work counts.

    The peers' objects are tracked by the collector, whose collections during a decode
    cost more or less with what else is in memory; this library pauses it itself.
    """

    def run() -> object:
        enabled = gc.isenabled()
        gc.disable()
        try:
            return fn()
        finally:
            if enabled:
                gc.enable()

    return run


def import_time(module: str, rounds: int) -> float:
    """The best time, over fresh interpreters, of ``import module``.

    Every module is imported from compiled bytecode, as an installed package is: the
    interpreters share a bytecode cache in a temporary directory, filled by a first,
    untimed import. (Where writing bytecode is turned off, this library's sources would
    otherwise be compiled on every run while its peers load theirs from their install.)
    """
    code = (
        "import time; t = time.process_time(); import "
        + module
        + "; print(time.process_time() - t)"
    )
    with tempfile.TemporaryDirectory() as cache:
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["PYTHONPYCACHEPREFIX"] = cache

        def run() -> float:
            result = subprocess.run(
                [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
            )
            return float(result.stdout)

        run()
        return min(run() for _ in range(rounds))


def _rate_row(label: str, ag_s: float, ms_s: float, pd_s: float, items: int) -> str:
    def rate(seconds: float) -> str:
        return f"{items / seconds:>12,.0f}/s"

    return (
        f"{label:<28}{rate(ag_s)}{rate(ms_s)}{rate(pd_s)}{ms_s / ag_s:>12.2f}x{pd_s / ag_s:>12.2f}x"
    )


def _header() -> str:
    return (
        f"{'':<28}{'aigovernance':>14}{'msgspec':>14}{'pydantic':>14}"
        f"{'vs msgspec':>13}{'vs pydantic':>13}"
    )


def _modified(dataset: ag.Dataset) -> ag.Dataset:
    import attrs

    records = list(dataset.records)
    for index in range(0, len(records), 97):
        record = records[index]
        if isinstance(record, ag.Event):
            records[index] = attrs.evolve(record, title=record.title + " (revised)")
    return attrs.evolve(dataset, records=tuple(records))


FRESH_CASES = {
    "aigovernance": ("decode", "encode", "to_json"),
    "msgspec": ("decode", "encode"),
    "pydantic": ("decode", "encode"),
}


def _fresh_run(library: str, operation: str, collector: str, path: str, rounds: int) -> float:
    """In this fresh process: one library, one operation, best of ``rounds``, in seconds.

    Every library starts from the same state: the same modules imported, the same file
    read, nothing else made; to encode, it first decodes that file into its own objects.
    """
    payload = Path(path).read_bytes()
    fn: Callable[[], object]
    if library == "aigovernance":
        ours = ag.from_json(payload, ag.Dataset) if operation != "decode" else None
        fn = {
            "decode": lambda: ag.from_json(payload, ag.Dataset),
            "encode": lambda: ag.to_json_bytes(ours),
            "to_json": lambda: ag.to_json(ours),
        }[operation]
    elif library == "msgspec":
        decoder, encoder = msgspec.json.Decoder(MDataset), msgspec.json.Encoder()
        theirs = decoder.decode(payload) if operation != "decode" else None
        fn = {
            "decode": lambda: decoder.decode(payload),
            "encode": lambda: encoder.encode(theirs),
        }[operation]
    else:
        adapter = pydantic.TypeAdapter(PDataset)
        if operation == "decode":
            fn = lambda: adapter.validate_json(payload)  # noqa: E731
        else:
            models = adapter.validate_json(payload)
            fn = lambda: adapter.dump_json(models, exclude_defaults=True)  # noqa: E731
    return best_of(collector_off(fn) if collector == "off" else fn, rounds)


def fresh(library: str, operation: str, collector: str, path: str, rounds: int) -> float:
    """``_fresh_run`` in a new interpreter, so no library runs on a heap another made."""
    result = subprocess.run(
        [sys.executable, __file__, "--fresh", library, operation, collector, path, str(rounds)],
        capture_output=True,
        text=True,
        check=True,
    )
    return float(result.stdout)


def fresh_table(payload: bytes, n: int, rounds: int, processes: int) -> None:
    """Decode and encode, each library alone in fresh processes, collector on and off.

    Each case runs in ``processes`` fresh processes, taken in turns with the others, and
    its best is kept.
    """
    with tempfile.TemporaryDirectory() as folder:
        path = str(Path(folder) / "dataset.json")
        Path(path).write_bytes(payload)
        print(f"each library alone in a fresh process, {n:,} records:")
        print(_header())
        for collector in ("on", "off"):
            seconds: dict[tuple[str, str], float] = {}
            for _ in range(processes):  # in turns, so that a busy spell slows all alike
                for library, operations in FRESH_CASES.items():
                    for operation in operations:
                        took = fresh(library, operation, collector, path, rounds)
                        case = library, operation
                        seconds[case] = min(seconds.get(case, took), took)
            for operation in ("decode", "encode"):
                print(
                    _rate_row(
                        f"{operation}, collector {collector}",
                        seconds["aigovernance", operation],
                        seconds["msgspec", operation],
                        seconds["pydantic", operation],
                        n,
                    )
                )
            to_json = seconds["aigovernance", "to_json"]
            print(
                f"{'to_json (str), collector ' + collector:<28}{n / to_json:>12,.0f}/s  "
                f"({seconds['msgspec', 'encode'] / to_json:.2f}x msgspec encode, "
                f"{to_json / seconds['aigovernance', 'encode']:.2f}x the time of "
                "to_json_bytes)"
            )
        print()


def _resident() -> float:
    """The resident memory of this process now, in bytes (its peak where that is unknown)."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except (OSError, ValueError, IndexError):
        return _peak()
    return pages * os.sysconf("SC_PAGE_SIZE")


def _peak() -> float:
    """The peak resident memory of this process so far, in bytes."""
    scale = 1 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes on macOS, KiB elsewhere
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale


def _fresh_memory(library: str, path: str) -> float:
    """In this fresh process: the memory decoding the file at ``path`` needs, in bytes.

    The peak resident memory during the decode, less the resident memory before it,
    when the library is imported and ready (its decoder made and used on a small
    document, so that what it makes once is not counted) and the bytes are read.
    """
    small = ag.to_json_bytes(build_dataset(20))
    decode: Callable[[bytes], object]
    if library == "aigovernance":
        decode = lambda raw: ag.from_json(raw, ag.Dataset)  # noqa: E731
    elif library == "msgspec":
        decode = msgspec.json.Decoder(MDataset).decode
    else:
        decode = pydantic.TypeAdapter(PDataset).validate_json
    decode(small)
    payload = Path(path).read_bytes()
    gc.collect()
    before = _resident()
    decoded = decode(payload)
    peak = _peak()
    del decoded
    return peak - before


def fresh_memory(library: str, path: str) -> float:
    """``_fresh_memory`` in a new interpreter."""
    result = subprocess.run(
        [sys.executable, __file__, "--fresh-memory", library, path],
        capture_output=True,
        text=True,
        check=True,
    )
    return float(result.stdout)


def memory_table(n: int) -> None:
    """The memory each library needs to decode ``n`` records, each in a fresh process."""
    payload = ag.to_json_bytes(build_dataset(n))
    with tempfile.TemporaryDirectory() as folder:
        path = str(Path(folder) / "dataset.json")
        Path(path).write_bytes(payload)
        del payload
        needed = {library: fresh_memory(library, path) for library in FRESH_CASES}
        size = Path(path).stat().st_size
    print(
        f"memory to decode {n:,} records ({size / 1e6:.1f} MB of JSON), each library alone "
        "in a fresh process (peak resident memory less that before the decode):"
    )
    for library, used in needed.items():
        print(
            f"{library:<16}{used / 2**20:>10,.0f} MiB{used / needed['msgspec']:>10.2f}x msgspec"
            f"{used / needed['pydantic']:>10.2f}x pydantic"
        )


def main(argv: list[str] | None = None) -> None:
    """Run the benchmark and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="fewer records and rounds")
    parser.add_argument(
        "--fresh",
        nargs=5,
        metavar=("LIBRARY", "OPERATION", "COLLECTOR", "FILE", "ROUNDS"),
        help=argparse.SUPPRESS,  # one measurement, run by the benchmark in a new process
    )
    parser.add_argument(
        "--memory", action="store_true", help="the memory each library needs to decode"
    )
    parser.add_argument("--fresh-memory", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.fresh:
        library, operation, collector, path, count = args.fresh
        print(_fresh_run(library, operation, collector, path, int(count)))
        return
    if args.fresh_memory:
        print(_fresh_memory(*args.fresh_memory))
        return
    if args.memory:
        memory_table(10_000 if args.quick else 100_000)
        return
    n = 2_000 if args.quick else 20_000
    rounds = 3 if args.quick else 7
    single_number = 200 if args.quick else 2_000

    print(
        f"python {sys.version.split()[0]}, aigovernance {ag.__version__}, "
        f"msgspec {msgspec.__version__}, pydantic {pydantic.VERSION}"
    )
    print(f"best of {rounds} rounds, process CPU time\n")

    dataset = build_dataset(n)
    payload = ag.to_json_bytes(dataset)
    problems = ag.validate(dataset)
    assert not problems, problems[:3]
    print(
        f"{n:,} records, {len(payload) / 1e6:.1f} MB of JSON, "
        f"{len(payload) / n:,.0f} bytes a record\n"
    )

    ag_dataset = ag.from_json(payload, ag.Dataset)
    assert ag_dataset == dataset
    ms_decoder = msgspec.json.Decoder(MDataset)
    ms_encoder = msgspec.json.Encoder()
    ms_dataset = ms_decoder.decode(payload)
    pd_adapter = pydantic.TypeAdapter(PDataset)
    pd_dataset = pd_adapter.validate_json(payload)
    # Same input, same data: all three read the same bytes and write the same bytes.
    assert ms_encoder.encode(ms_dataset) == payload
    assert pd_adapter.dump_json(pd_dataset, exclude_defaults=True) == payload

    event = next(r for r in dataset.records if isinstance(r, ag.Event))
    one = ag.to_json_bytes(event)
    ms_event_decoder = msgspec.json.Decoder(MEvent)
    pd_event = pydantic.TypeAdapter(PEvent)
    ms_one = ms_event_decoder.decode(one)
    pd_one = pd_event.validate_json(one)
    assert ms_encoder.encode(ms_one) == one

    fresh_table(payload, n, rounds, 1 if args.quick else 3)

    print("all three in this process, one after another (flatters whichever runs first):")
    print(_header())
    timings: dict[str, tuple[float, float, float]] = {}
    timings["decode dataset"] = (
        best_of(lambda: ag.from_json(payload, ag.Dataset), rounds),
        best_of(lambda: ms_decoder.decode(payload), rounds),
        best_of(lambda: pd_adapter.validate_json(payload), rounds),
    )
    print(_rate_row(f"decode {n:,} records", *timings["decode dataset"], n))
    timings["decode dataset, collector off"] = (
        best_of(collector_off(lambda: ag.from_json(payload, ag.Dataset)), rounds),
        best_of(collector_off(lambda: ms_decoder.decode(payload)), rounds),
        best_of(collector_off(lambda: pd_adapter.validate_json(payload)), rounds),
    )
    print(_rate_row("  with the collector off", *timings["decode dataset, collector off"], n))
    timings["encode dataset"] = (
        best_of(lambda: ag.to_json_bytes(ag_dataset), rounds),
        best_of(lambda: ms_encoder.encode(ms_dataset), rounds),
        best_of(lambda: pd_adapter.dump_json(pd_dataset, exclude_defaults=True), rounds),
    )
    print(_rate_row(f"encode {n:,} records", *timings["encode dataset"], n))
    timings["decode record"] = (
        best_of(lambda: ag.from_json(one, ag.Event), rounds, single_number),
        best_of(lambda: ms_event_decoder.decode(one), rounds, single_number),
        best_of(lambda: pd_event.validate_json(one), rounds, single_number),
    )
    print(_rate_row("decode one record", *timings["decode record"], 1))
    timings["encode record"] = (
        best_of(lambda: ag.to_json_bytes(event), rounds, single_number),
        best_of(lambda: ms_encoder.encode(ms_one), rounds, single_number),
        best_of(lambda: pd_event.dump_json(pd_one, exclude_defaults=True), rounds, single_number),
    )
    print(_rate_row("encode one record", *timings["encode record"], 1))
    pretty = ag.to_json_bytes(dataset, indent=2)
    pretty_s = best_of(lambda: ag.from_json(pretty, ag.Dataset), rounds)
    print(
        f"{'decode, indented JSON':<28}{n / pretty_s:>12,.0f}/s"
        f"  ({timings['decode dataset'][1] / pretty_s:.2f}x msgspec on compact JSON)"
    )
    # The library as it runs where its C extension was not built (reading and writing
    # through msgspec), and with neither it nor msgspec: generated code and stdlib json.
    with without_speedups():
        typed_decode = best_of(lambda: ag.from_json(payload, ag.Dataset), rounds)
        typed_encode = best_of(lambda: ag.to_json_bytes(ag_dataset), rounds)
        with without_msgspec():
            plain_decode = best_of(lambda: ag.from_json(payload, ag.Dataset), rounds)
            plain_encode = best_of(lambda: ag.to_json_bytes(ag_dataset), rounds)
    for label, seconds, peer in (
        ("decode, no C extension", typed_decode, timings["decode dataset"]),
        ("encode, no C extension", typed_encode, timings["encode dataset"]),
        ("decode, neither", plain_decode, timings["decode dataset"]),
        ("encode, neither", plain_encode, timings["encode dataset"]),
    ):
        print(
            f"{label:<28}{n / seconds:>12,.0f}/s  ({peer[1] / seconds:.2f}x msgspec, "
            f"{peer[2] / seconds:.2f}x pydantic)"
        )

    print()
    import_rounds = 5 if args.quick else 15
    ours = import_time("aigovernance", import_rounds)
    theirs = import_time("cattrs", import_rounds)
    print(
        f"import aigovernance {ours * 1e3:6.1f} ms, import cattrs {theirs * 1e3:6.1f} ms: "
        f"{ours / theirs:.2f}x (best of {import_rounds} fresh interpreters)"
    )

    # Everything made so far (the peers' data included) would otherwise be walked by
    # every collection during the scaling runs, charging the larger run for a heap it
    # did not make; freezing it puts both sizes on the same footing.
    gc.collect()
    gc.freeze()
    small_n = n // 2
    small, large = build_dataset(small_n), dataset
    scale_rounds = 3
    v_small = best_of(lambda: ag.validate(small), scale_rounds)
    v_large = best_of(lambda: ag.validate(large), scale_rounds)
    print(
        f"validate {small_n:,} -> {n:,} records: {v_small * 1e3:.0f} ms -> "
        f"{v_large * 1e3:.0f} ms, {v_large / v_small:.2f}x (linear is 2.0x)"
    )
    small_b, large_b = _modified(small), _modified(large)
    try:
        d_small = best_of(lambda: ag.diff(small, small_b), scale_rounds)
        d_large = best_of(lambda: ag.diff(large, large_b), scale_rounds)
    except NotImplementedError:
        print("diff: not available")
    else:
        print(
            f"diff     {small_n:,} -> {n:,} records: {d_small * 1e3:.0f} ms -> "
            f"{d_large * 1e3:.0f} ms, {d_large / d_small:.2f}x (linear is 2.0x)"
        )


if __name__ == "__main__":
    main()
