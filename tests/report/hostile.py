"""A dataset whose every text tries to break out of the page."""

from __future__ import annotations

import aigovernance as ag

SCRIPT = "<script>window.__pwned = 'script'</script>"
IMAGE = '"><img src=x onerror="window.__pwned = \'img\'">'
BIDI = "\u202egnp.exe"  # shown as "exe.png" if the override took effect
HOSTILE = f"{SCRIPT} {IMAGE} {BIDI}"

TEXT = (
    f"Minutes. {SCRIPT} was said by the chair. Then {IMAGE} was shown.\n"
    f"A file named {BIDI} was attached, and the meeting ended."
)


def dataset() -> ag.Dataset:
    """Sources, records and evidence whose texts all hold markup and a bidi override."""
    source = ag.Source(
        id="source:minutes",
        title=f"Minutes {SCRIPT}",
        publisher=IMAGE,
        url='https://example.org/\u202e"><img/src=x/onerror=alert(1)>',
        text=TEXT,
    )
    chair = ag.Person(
        id="person:chair",
        name=f"The chair {HOSTILE}",
        evidence=(source.cite(SCRIPT, "name"),),
    )
    state = ag.State(id="state:ABC", name=f"State {IMAGE}", code="ABC")
    meeting = ag.Event(
        id="event:meeting",
        kind=ag.EventKind.MINISTERIAL_MEETING,
        title=f"Meeting {HOSTILE}",
        date=ag.PartialDate(year=2024, month=9),
        participations=(
            ag.Participation(
                actor="person:chair",
                role=ag.Role.CHAIR,
                on_behalf_of="state:ABC",
                evidence=(source.cite(IMAGE),),
            ),
            ag.Participation(actor="state:ABC", role=ag.Role.ATTENDEE),
        ),
        evidence=(source.cite(f"A file named {BIDI}"),),
    )
    return ag.Dataset(
        id="hostile",
        title=f"Hostile {HOSTILE}",
        version="1",
        description=HOSTILE,
        sources=(source,),
        records=(chair, state, meeting),
    )
