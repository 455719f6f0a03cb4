"""Compare two versions of the seed dataset: the changes, and the JSON Patch between them."""

from __future__ import annotations

import json

import attrs

import aigovernance as ag


def main() -> None:
    old = ag.datasets.load()
    g20 = old["event:g20-fmm-2024"]
    assert isinstance(g20, ag.Event)
    # A new version: one meeting retitled, a new record, the records in another order.
    edited = attrs.evolve(g20, title="Meeting of G20 Foreign Ministers")
    norway = ag.State(id="state:NOR", name="Norway", code="NOR")
    records = [edited if r is g20 else r for r in reversed(old.records)]
    new = attrs.evolve(old, version=old.version + "-1", records=(*records, norway))

    changes = ag.diff(old, new)
    print(changes)
    patch = changes.to_json_patch()
    print(f"{len(patch)} patch operations; the first:")
    print(json.dumps(patch[0], ensure_ascii=False))


if __name__ == "__main__":
    main()
