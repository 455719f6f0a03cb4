"""A small sound dataset that uses every record type, for the serialisation tests."""

from __future__ import annotations

import aigovernance as ag

TEXT = (
    "On 25 September 2024 local time, Foreign Minister Wang Yi co-chaired a meeting "
    "with Zambia in New York. More than 80 countries attended. "
    "China will help the Global South. The plan has five visions and ten actions."
)


def span(source: str, text: str, quote: str, **kwargs: object) -> ag.Evidence:
    start = text.index(quote)
    return ag.Evidence(
        source=source,
        start=start,
        end=start + len(quote),
        quote=quote,
        **kwargs,  # type: ignore[arg-type]
    )


def sample_dataset() -> ag.Dataset:
    """A sound dataset with one record of every type and most optional fields set."""
    src = "source:readout"

    def ev(quote: str, **kwargs: object) -> tuple[ag.Evidence, ...]:
        return (span(src, TEXT, quote, **kwargs),)

    wikidata = (ag.Identifier(scheme="wikidata", value="Q148"),)
    records: tuple[ag.Record, ...] = (
        ag.State(
            id="state:CHN",
            name="China",
            code="CHN",
            translations=(ag.Translation(lang="zh", text="中国"),),
            identifiers=wikidata,
            evidence=ev("China"),
        ),
        ag.State(id="state:ZMB", name="Zambia", code="ZMB", evidence=ev("Zambia")),
        ag.Person(
            id="person:wang-yi",
            name="Wang Yi",
            identifiers=(ag.Identifier(scheme="wikidata", value="Q1131371"),),
            evidence=ev("Wang Yi", prefix="Foreign Minister ", suffix=" co-chaired"),
        ),
        ag.Person(id="person:someone", description="the foreign minister of Greece"),
        ag.Organization(
            id="organization:un",
            name="United Nations",
            kind=ag.OrganizationKind.INTERGOVERNMENTAL,
            abbreviation="UN",
        ),
        ag.Group(
            id="group:80",
            name="representatives of more than 80 countries",
            size=ag.Quantity(
                value=80,
                qualifier=ag.Qualifier.MORE_THAN,
                text="More than 80",
                unit="countries",
            ),
            evidence=ev("More than 80 countries attended."),
        ),
        ag.Post(
            id="post:fm-china",
            title="Foreign Minister",
            organization="state:CHN",
            holder="person:wang-yi",
            start=ag.PartialDate.parse("2022-12"),
            evidence=ev("Foreign Minister"),
        ),
        ag.Event(
            id="event:hlm",
            kind=ag.EventKind.HIGH_LEVEL_MEETING,
            title="High-level Meeting on Capacity-building of AI",
            date=ag.PartialDate.parse("2024-09-25"),
            timezone="America/New_York",
            place=ag.Place(name="UN Headquarters", locality="New York", country="USA"),
            participations=(
                ag.Participation(
                    actor="person:wang-yi",
                    role=ag.Role.CO_HOST,
                    capacities=("post:fm-china",),
                    on_behalf_of="state:CHN",
                    evidence=ev("Wang Yi co-chaired", fields=("role",)),
                ),
                ag.Participation(actor="state:ZMB", role=ag.Role.CO_HOST),
                ag.Participation(actor="group:80", role=ag.Role.ATTENDEE),
            ),
            purposes=(
                ag.Purpose(
                    text="help the Global South",
                    themes=(ag.Theme.GLOBAL_SOUTH,),
                    refers_to=("instrument:plan",),
                ),
            ),
            themes=(ag.Theme.CAPACITY_BUILDING, ag.Theme.GLOBAL_SOUTH),
            evidence=ev("On 25 September 2024 local time", confidence=ag.Confidence.MEDIUM),
        ),
        ag.Event(
            id="event:later",
            kind=ag.EventKind.BILATERAL_MEETING,
            title="A bilateral meeting",
            date=ag.PartialDate.parse("2024-09-25"),
            end_date=ag.PartialDate.parse("2024-09-25"),
            parent="event:hlm",
            participations=(
                ag.Participation(actor="person:wang-yi", role=ag.Role.SPEAKER),
                ag.Participation(actor="person:someone", role=ag.Role.COUNTERPART),
            ),
        ),
        ag.Statement(
            id="statement:help",
            speakers=("person:wang-yi",),
            speech_act=ag.SpeechAct.STRESSED,
            summary="China will help the Global South.",
            event="event:hlm",
            date=ag.PartialDate.parse("2024"),
            principles=("principle-set:three",),
            commitments=("commitment:help",),
            refers_to=("instrument:plan",),
            themes=(ag.Theme.GLOBAL_SOUTH,),
            evidence=ev("China will help the Global South."),
        ),
        ag.PrincipleSet(
            id="principle-set:three",
            title="Three principles",
            proposers=("state:CHN",),
            instrument="instrument:plan",
            principles=(
                ag.Principle(
                    ordinal=1,
                    title="Be comprehensive",
                    description="A balanced approach.",
                    aspects=("development", "security"),
                    themes=(ag.Theme.DEVELOPMENT, ag.Theme.SAFETY),
                ),
                ag.Principle(ordinal=2, title="Be fair"),
            ),
        ),
        ag.Commitment(
            id="commitment:help",
            actors=("state:CHN",),
            modality=ag.Modality.WILL,
            text="help the Global South",
            themes=(ag.Theme.GLOBAL_SOUTH,),
            evidence=ev("will help"),
        ),
        ag.Instrument(
            id="instrument:plan",
            kind=ag.InstrumentKind.ACTION_PLAN,
            title="AI Capacity-building Action Plan for Good and for All",
            date=ag.PartialDate.parse("2024-09-25"),
            proposers=("state:CHN",),
            cites=("instrument:resolution",),
            sections=(
                ag.Section(
                    name="visions",
                    declared_size=5,
                    items=(ag.SectionItem(ordinal=1, title="Vision one"),),
                    evidence=ev("five visions"),
                ),
                ag.Section(name="actions", declared_size=10),
            ),
            translations=(ag.Translation(lang="zh-Hans", text="人工智能能力建设普惠计划"),),
            themes=(ag.Theme.CAPACITY_BUILDING,),
        ),
        ag.Instrument(
            id="instrument:resolution",
            kind=ag.InstrumentKind.RESOLUTION,
            title="Enhancing international cooperation on capacity-building of AI",
            symbol="A/RES/78/311",
            date=ag.PartialDate.parse("2024-07-01"),
            issuers=("organization:un",),
            identifiers=(ag.Identifier(scheme="un-symbol", value="A/RES/78/311"),),
        ),
    )
    return ag.Dataset(
        id="sample",
        title="A sample dataset",
        version="1",
        description="Every record type, for the serialisation tests.",
        sources=(
            ag.Source(
                id=src,
                title="A readout",
                publisher="A ministry",
                url="https://example.org/readout",
                published=ag.PartialDate.parse("2024-09-26"),
                language="en",
                text=TEXT,
            ),
            ag.Source(id="source:page", title="A page cited for a fact"),
        ),
        records=records,
    )
