"""Link the seed's meetings to the same meetings as another source reports them."""

from __future__ import annotations

import aigovernance as ag

SEPTEMBER = ag.PartialDate(year=2024, month=9)


def digest() -> ag.Dataset:
    """Two meetings as a news digest might publish them: own ids, own words, coarser dates."""
    return ag.Dataset(
        id="digest",
        title="News digest",
        version="1",
        records=(
            ag.Event(
                id="event:g20-ministers",
                kind=ag.EventKind.MINISTERIAL_MEETING,
                title="Meeting of G20 Foreign Ministers at the United Nations",
                date=SEPTEMBER,
                place=ag.Place(locality="New York City", country="USA"),
            ),
            ag.Event(
                id="event:wang-lavrov",
                kind=ag.EventKind.BILATERAL_MEETING,
                title="Wang Yi Meets Russian Foreign Minister Sergey Lavrov",
                date=SEPTEMBER,
            ),
        ),
    )


def main() -> None:
    seed = ag.datasets.load()
    for m in ag.match(seed, digest()):
        if m.best is not None:
            print(m)
    best = next(m.best for m in ag.match(seed, digest()) if m.record == "event:g20-fmm-2024")
    print()
    print(best)


if __name__ == "__main__":
    main()
