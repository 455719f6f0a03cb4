"""The seed's meetings as another source might publish them.

Different ids, titles worded differently, dates known only to the month, people known
by name where the seed knows them by role; states keep their ISO-code ids.
"""

from __future__ import annotations

import aigovernance as ag

E = ag.EventKind
R = ag.Role

NEW_YORK = ag.Place(locality="New York City", country="USA")
SEPTEMBER = ag.PartialDate(year=2024, month=9)


def _bilateral(slug: str, title: str, counterpart: str, state: str) -> ag.Event:
    return ag.Event(
        id=f"event:wang-{slug}",
        kind=E.BILATERAL_MEETING,
        title=title,
        date=SEPTEMBER,
        participations=(
            ag.Participation(actor="person:wangyi", role=R.COUNTERPART, on_behalf_of="state:CHN"),
            ag.Participation(actor=counterpart, role=R.COUNTERPART, on_behalf_of=state),
        ),
    )


EVENTS = (
    ag.Event(
        id="event:un-ai-capacity-meeting",
        kind=E.HIGH_LEVEL_MEETING,
        title="UN high-level meeting on international AI capacity-building cooperation",
        date=SEPTEMBER,
        place=NEW_YORK,
        participations=(
            ag.Participation(actor="state:CHN", role=R.CO_HOST),
            ag.Participation(actor="state:ZMB", role=R.CO_HOST),
        ),
    ),
    ag.Event(
        id="event:g20-foreign-ministers",
        kind=E.MINISTERIAL_MEETING,
        title="Meeting of G20 Foreign Ministers at the United Nations",
        date=SEPTEMBER,
        place=NEW_YORK,
        participations=(ag.Participation(actor="state:BRA", role=R.CHAIR),),
    ),
    ag.Event(
        id="event:security-council-open-debate",
        kind=E.SECURITY_COUNCIL_MEETING,
        title="Security Council open debate: leadership for peace and the UN Charter",
        date=SEPTEMBER,
        place=NEW_YORK,
    ),
    _bilateral(
        "yunus",
        "Wang Yi Meets Chief Adviser of Bangladesh Interim Government Muhammad Yunus",
        "person:muhammad-yunus",
        "state:BGD",
    ),
    _bilateral(
        "borrell",
        "Wang Yi Meets EU High Representative for Foreign Affairs and Security Policy Borrell",
        "person:josep-borrell",
        "organization:eu",
    ),
    _bilateral(
        "fajon",
        "Wang Yi Meets Slovenian Deputy Prime Minister and Foreign Minister Tanja Fajon",
        "person:tanja-fajon",
        "state:SVN",
    ),
    _bilateral(
        "lavrov",
        "Wang Yi Meets Russian Foreign Minister Sergey Lavrov",
        "person:sergey-lavrov",
        "state:RUS",
    ),
    _bilateral(
        "hill",
        "Wang Yi Meets Salvadoran Foreign Minister Alexandra Hill Tinoco",
        "person:alexandra-hill",
        "state:SLV",
    ),
    _bilateral(
        "sybiha",
        "Wang Yi Meets Ukrainian Foreign Minister Andrii Sybiha",
        "person:andrii-sybiha",
        "state:UKR",
    ),
    _bilateral(
        "gerapetritis",
        "Wang Yi Meets Greek Foreign Minister Giorgos Gerapetritis",
        "person:giorgos-gerapetritis",
        "state:GRC",
    ),
)

SECOND_SOURCE = ag.Dataset(
    id="second-source",
    title="The meetings of 2024-09-25 as a news digest reports them",
    version="1",
    records=EVENTS,
)
"""The second encoding; it holds only events, so only events of the seed can match."""

PEOPLE = (
    ag.Person(id="person:wangyi", name="Wang Yi"),
    ag.Person(id="person:muhammad-yunus", name="Muhammad Yunus"),
    ag.Person(id="person:josep-borrell", name="Josep Borrell"),
    ag.Person(id="person:tanja-fajon", name="Tanja Fajon"),
    ag.Person(id="person:sergey-lavrov", name="Sergey Lavrov"),
    ag.Person(id="person:alexandra-hill", name="Alexandra Hill Tinoco"),
    ag.Person(id="person:andrii-sybiha", name="Andrii Sybiha"),
    ag.Person(id="person:giorgos-gerapetritis", name="Giorgos Gerapetritis"),
)
"""The people the second source's meetings name, by name."""

STATES = (
    ag.State(id="state:CHN", name="China", code="CHN"),
    ag.State(id="state:ZMB", name="Zambia", code="ZMB"),
    ag.State(id="state:BRA", name="Brazil", code="BRA"),
    ag.State(id="state:BGD", name="Bangladesh", code="BGD"),
    ag.State(id="state:SVN", name="Slovenia", code="SVN"),
    ag.State(id="state:RUS", name="Russia", code="RUS"),
    ag.State(id="state:SLV", name="El Salvador", code="SLV"),
    ag.State(id="state:UKR", name="Ukraine", code="UKR"),
    ag.State(id="state:GRC", name="Greece", code="GRC"),
    ag.Organization(
        id="organization:eu",
        name="European Union",
        kind=ag.OrganizationKind.INTERGOVERNMENTAL,
        abbreviation="EU",
    ),
)
"""The states and organization the meetings name, under the seed's ids."""

WHOLE_SECOND_SOURCE = ag.Dataset(
    id="second-source",
    title="The meetings of 2024-09-25 as a news digest reports them",
    version="1",
    records=(*STATES, *PEOPLE, *EVENTS),
)
"""The second source as a sound dataset: its meetings and every actor they name."""

EXPECTED = {
    "event:hlm-ai-capacity-building-2024": "event:un-ai-capacity-meeting",
    "event:g20-fmm-2024": "event:g20-foreign-ministers",
    "event:unsc-leadership-for-peace-2024": "event:security-council-open-debate",
    "event:bilateral-bangladesh-2024": "event:wang-yunus",
    "event:bilateral-eu-2024": "event:wang-borrell",
    "event:bilateral-slovenia-2024": "event:wang-fajon",
    "event:bilateral-russia-2024": "event:wang-lavrov",
    "event:bilateral-el-salvador-2024": "event:wang-hill",
    "event:bilateral-ukraine-2024": "event:wang-sybiha",
    "event:bilateral-greece-2024": "event:wang-gerapetritis",
}
"""Each seed meeting and its counterpart in the second source."""
