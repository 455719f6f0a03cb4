"""Author a dataset from the quote-first draft beside this script, then correct its text.

The draft (``readout-draft.yaml``) gives every piece of evidence by its quote alone;
:func:`aigovernance.anchor` finds the spans. A correction to the readout's text then
moves every span with :func:`aigovernance.reanchor`, and reports the one it changes.

Run it from anywhere: ``python examples/author_readout.py`` (needs the ``yaml`` extra).
"""

from __future__ import annotations

from pathlib import Path

import aigovernance as ag

DRAFT = Path(__file__).with_name("readout-draft.yaml")


def main() -> None:
    dataset = ag.anchor(DRAFT)
    print(f"{dataset.title}: {len(dataset.records)} records")
    print(f"problems: {len(ag.validate(dataset))}")

    source = dataset.of_type(ag.Source)[0]
    assert source.text is not None
    for record in dataset.records:
        for evidence in record.evidence:
            print(f"  {record.id:<38} {evidence.start:>3}:{evidence.end:<3} {evidence.quote!r}")

    # The readout is republished with a heading and a corrected curriculum date.
    corrected = "Workshop readout\n\n" + source.text.replace("end of 2025", "end of June 2025")
    moved, report = ag.reanchor(dataset, source.id, corrected)
    print(report)
    print(f"problems after re-anchoring: {len(ag.validate(moved))}")


if __name__ == "__main__":
    main()
