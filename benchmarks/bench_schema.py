"""Validating a dataset with Python's jsonschema: the schema now shipped against the old one.

The peer is the schema shipped before records were dispatched on their ``"type"`` tag
(a ``oneOf`` over the record types, patterns ending in a lookahead), kept beside this
script as ``data/dataset-1.1-oneof.schema.json``. Both schemas validate the same dataset:
the bundled seed dataset with its records repeated, under new ids, until there are as
many as asked for (10,000 by default), the old schema in the form of schema version 1.1
(:func:`as_version_1_1`). Each must accept its document; the script checks that.

Every figure is the best of several rounds in CPU time of this process
(``time.process_time``), so that other work on the machine disturbs it as little as
possible; the two schemas take turns, round by round, so that both meet the same load.
The validator is made once per schema, outside the timing. Each is measured as called,
with Python's cyclic garbage collector running, and again with the collector off, since
its collections grow with everything in memory rather than with the work.

Run: ``python benchmarks/bench_schema.py`` (``--quick`` for 1,000 records, 2 rounds).
Needs the ``test`` extra (jsonschema).
"""

from __future__ import annotations

import argparse
import copy
import gc
import json
import time
from pathlib import Path
from typing import Any

import jsonschema

import aigovernance as ag

OLD_SCHEMA = Path(__file__).resolve().parent / "data" / "dataset-1.1-oneof.schema.json"


def build_document(n: int) -> dict[str, Any]:
    """The seed dataset as a dict, its records repeated under new ids up to ``n``."""
    seed = ag.to_dict(ag.datasets.load())
    records: list[dict[str, Any]] = []
    round_ = 0
    while len(records) < n:
        for record in seed["records"][: n - len(records)]:
            copied = copy.deepcopy(record)
            copied["id"] = f"{copied['id']}-{round_}"
            records.append(copied)
        round_ += 1
    return {**seed, "records": records}


def as_version_1_1(document: dict[str, Any]) -> dict[str, Any]:
    """``document`` in the form the old schema describes: schema version 1.1.

    A participation's first capacity becomes its one ``capacity``, a statement's first
    speaker its ``speaker`` and a commitment's first actor its ``actor``, and the fields
    1.2 added are left out, so that both schemas validate documents of the same size and
    shape.
    """
    records = []
    for record in document["records"]:
        record = copy.deepcopy(record)
        for added in ("kind", "aliases", "revision_dates", "cosponsor_count"):
            if added != "kind" or record["type"] == "post":
                record.pop(added, None)
        for many, one in (("speakers", "speaker"), ("actors", "actor")):
            if many in record and record["type"] in ("statement", "commitment"):
                record[one] = record.pop(many)[0]
        if record["type"] == "principle-set":
            for principle in record.get("principles", ()):
                principle.pop("refers_to", None)
        for participation in record.get("participations", ()):
            capacities = participation.pop("capacities", [])
            if capacities:
                participation["capacity"] = capacities[0]
        records.append(record)
    return {**document, "schema_version": "1.1", "records": records}


def one_time(validator: Any, document: dict[str, Any], *, collect: bool) -> float:
    gc.collect()
    if not collect:
        gc.disable()
    try:
        start = time.process_time()
        valid = validator.is_valid(document)
        elapsed = time.process_time() - start
    finally:
        gc.enable()
    if not valid:
        raise SystemExit("the schema refused the benchmark document")
    return elapsed


def best_times(
    validated: dict[str, tuple[Any, dict[str, Any]]], rounds: int, *, collect: bool
) -> dict[str, float]:
    """The best time of each validator on its document, the two taking turns each round.

    Taking turns, rather than measuring one schema's rounds and then the other's, lets
    both meet the same load from other work on the machine, so that their ratio holds.
    """
    best = dict.fromkeys(validated, float("inf"))
    for _ in range(rounds):
        for name, (validator, document) in validated.items():
            best[name] = min(best[name], one_time(validator, document, collect=collect))
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1,000 records, 2 rounds")
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    n, rounds = (1_000, 2) if args.quick else (args.records, args.rounds)
    document = build_document(n)
    schemas = {
        "shipped (if/then on type)": (ag.json_schema(ag.Dataset), document),
        "old (oneOf)": (
            json.loads(OLD_SCHEMA.read_text(encoding="utf-8")),
            as_version_1_1(document),
        ),
    }
    validators = {
        name: (jsonschema.Draft202012Validator(schema), validated)
        for name, (schema, validated) in schemas.items()
    }
    for collect in (True, False):
        times = best_times(validators, rounds, collect=collect)
        for name in schemas:
            label = name if collect else f"{name}, collector off"
            print(f"{label:44} {n:,} records: {times[name]:7.2f} s ({n / times[name]:,.0f}/s)")
        new, old = times.values()
        print(f"speed-up: {old / new:.2f}x")
    print(f"jsonschema {_version('jsonschema')}")
    return 0


def _version(package: str) -> str:
    from importlib.metadata import version

    return version(package)


if __name__ == "__main__":
    raise SystemExit(main())
