"""Build the bundled datasets from a readable description of their facts.

Run from the repository root::

    python scripts/build_datasets.py          # write the dataset files
    python scripts/build_datasets.py --check  # exit 1 if the shipped files differ

Every fact taken from the seed document cites the span of its text that supports it.
No offset is written here: each quote is found in the text by
:meth:`aigovernance.Source.cite`, which insists that it occurs exactly once (or is told
which occurrence is meant), so an edit to the text or to a quote fails the build instead
of shifting a span; each span carries its context, so it can be found again when the
text is corrected. Facts from other
public sources cite their own source records, without a span, with a confidence and the
fields they support.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import aigovernance as ag
from aigovernance import (
    Commitment,
    Confidence,
    Dataset,
    Event,
    EventKind,
    Evidence,
    Group,
    Identifier,
    Instrument,
    InstrumentKind,
    Modality,
    Organization,
    OrganizationKind,
    PartialDate,
    Participation,
    Person,
    Place,
    Post,
    PostKind,
    Principle,
    PrincipleSet,
    Purpose,
    Qualifier,
    Quantity,
    Record,
    Role,
    Section,
    SectionItem,
    Source,
    SpeechAct,
    State,
    Statement,
    Theme,
    Translation,
)
from aigovernance.serialization._files import write_text_atomic

PACKAGE_DATA = Path(__file__).resolve().parent.parent / "src" / "aigovernance" / "datasets"
SEED_TEXT = PACKAGE_DATA / "seed.txt"

HIGH = Confidence.HIGH
MEDIUM = Confidence.MEDIUM
MFA = "Ministry of Foreign Affairs of the People's Republic of China"
SEPTEMBER_25 = PartialDate(year=2024, month=9, day=25)
NEW_YORK = "America/New_York"
UN_HEADQUARTERS = Place(name="UN Headquarters", locality="New York", country="USA")


def passage(
    source: Source, first: str, last: str, *fields: str, confidence: Confidence = HIGH
) -> Evidence:
    """Evidence from the one place ``first`` occurs to the end of the next ``last``."""
    opening = source.cite(first)
    assert source.text is not None
    end = source.text.index(last, opening.end) + len(last)
    return source.cite(source.text[opening.start : end], *fields, confidence=confidence)


def cite(source: str, *fields: str, confidence: Confidence = HIGH) -> Evidence:
    """Evidence from a source whose text the dataset does not hold."""
    return Evidence(source=source, confidence=confidence, fields=fields)


def wikidata(qid: str) -> Identifier:
    return Identifier(scheme="wikidata", value=qid)


# Wikidata ids come from a compilation of public datasets, not from Wikidata itself, so
# they are cited at medium confidence.
def wikidata_evidence() -> Evidence:
    return cite("source:wikidata-ids-compilation", "identifiers", confidence=MEDIUM)


def read_seed_text() -> str:
    # Bytes decoded by hand: no newline translation, so offsets are those of the file.
    return SEED_TEXT.read_bytes().decode("utf-8")


# ---------------------------------------------------------------------------------------
# The seed dataset
# ---------------------------------------------------------------------------------------


def seed_sources(text: str) -> tuple[Source, ...]:
    return (
        Source(
            id="source:seed",
            title=(
                "Wang Yi Attends the High-level Meeting on International Cooperation on "
                "Capacity-building of Artificial Intelligence"
            ),
            publisher=MFA,
            url=(
                "https://www.fmprc.gov.cn/eng/gjhdq_665435/2913_665441/3114_664254/"
                "3116_664258/202412/t20241218_11497423.html"
            ),
            language="en",
            text=text,
        ),
        Source(
            id="source:mfa-remarks-2024",
            title="Promoting Development for All and Bridging the AI Divide",
            publisher=MFA,
            url="https://www.mfa.gov.cn/eng/wjb/wjbz/jh/202412/t20241218_11497479.html",
            language="en",
        ),
        Source(
            id="source:mfa-action-plan-2024",
            title="人工智能能力建设普惠计划",
            publisher=MFA,
            url="https://www.mfa.gov.cn/web/wjbzhd/202409/t20240927_11498463.shtml",
            published=PartialDate(year=2024, month=9, day=27),
            language="zh",
        ),
        Source(
            id="source:mfa-spokesperson-2024-09-26",
            title="Remarks of the Foreign Ministry Spokesperson, 26 September 2024",
            publisher=MFA,
            published=PartialDate(year=2024, month=9, day=26),
        ),
        Source(
            id="source:mfa-spokesperson-2024-12-05",
            title="Remarks of the Foreign Ministry Spokesperson, 5 December 2024",
            publisher=MFA,
            published=PartialDate(year=2024, month=12, day=5),
        ),
        Source(
            id="source:mfa-spokesperson-2023-10-18",
            title="Remarks of the Foreign Ministry Spokesperson, 18 October 2023",
            publisher=MFA,
            published=PartialDate(year=2023, month=10, day=18),
        ),
        Source(
            id="source:a-res-78-311",
            title=(
                "Enhancing international cooperation on capacity-building of artificial "
                "intelligence"
            ),
            publisher="United Nations General Assembly",
            identifiers=(Identifier(scheme="un-symbol", value="A/RES/78/311"),),
        ),
        Source(
            id="source:un-press-sc15832",
            title="Security Council press release SC/15832",
            publisher="United Nations",
            url="https://press.un.org/en/2024/sc15832.doc.htm",
            language="en",
            identifiers=(Identifier(scheme="un-symbol", value="SC/15832"),),
        ),
        Source(
            id="source:meeting-reports-compilation",
            title="Reports of the meetings of 25 September 2024 in New York, compiled",
        ),
        Source(
            id="source:wikidata-ids-compilation",
            title="Wikidata item ids as given in several public datasets, compiled",
        ),
    )


# How the seed names two of the counterparts, quoted in several records.
EU_HIGH_REPRESENTATIVE = (
    "the High Representative of the European Union for Foreign Affairs and Security Policy"
)
SLOVENIA_MINISTER = "the Deputy Prime Minister and Foreign Minister of Slovenia"


def seed_actors(seed: Source) -> tuple[Record, ...]:
    def foreign_minister(slug: str, state: str, country: str) -> tuple[Person, Post]:
        """A foreign minister the seed names only by role, in the list of counterparts."""
        span = seed.cite("the foreign ministers of Russia, El Salvador, Ukraine, and Greece")
        return (
            Person(
                id=f"person:{slug}-foreign-minister",
                description=f"the foreign minister of {country}",
                evidence=(span,),
            ),
            Post(
                id=f"post:{slug}-foreign-minister",
                title="Foreign Minister",
                kind=PostKind.MINISTER_OF_FOREIGN_AFFAIRS,
                organization=state,
                holder=f"person:{slug}-foreign-minister",
                evidence=(span,),
            ),
        )

    return (
        # States
        State(
            id="state:CHN",
            name="China",
            code="CHN",
            identifiers=(wikidata("Q148"),),
            evidence=(seed.cite("co-hosted by China and Zambia"), wikidata_evidence()),
        ),
        State(
            id="state:ZMB",
            name="Zambia",
            code="ZMB",
            identifiers=(wikidata("Q953"),),
            evidence=(seed.cite("co-hosted by China and Zambia"), wikidata_evidence()),
        ),
        State(id="state:SRB", name="Serbia", code="SRB", evidence=(seed.cite("Serbian"),)),
        State(id="state:IDN", name="Indonesia", code="IDN", evidence=(seed.cite("Indonesian"),)),
        State(
            id="state:BGD",
            name="Bangladesh",
            code="BGD",
            evidence=(seed.cite("Bangladesh"),),
        ),
        State(id="state:SVN", name="Slovenia", code="SVN", evidence=(seed.cite("Slovenia"),)),
        State(id="state:RUS", name="Russia", code="RUS", evidence=(seed.cite("Russia"),)),
        State(
            id="state:SLV",
            name="El Salvador",
            code="SLV",
            evidence=(seed.cite("El Salvador"),),
        ),
        State(id="state:UKR", name="Ukraine", code="UKR", evidence=(seed.cite("Ukraine"),)),
        State(id="state:GRC", name="Greece", code="GRC", evidence=(seed.cite("Greece"),)),
        State(
            id="state:BRA",
            name="Brazil",
            code="BRA",
            evidence=(cite("source:meeting-reports-compilation", confidence=MEDIUM),),
        ),
        # Organizations
        Organization(
            id="organization:un",
            name="United Nations",
            kind=OrganizationKind.INTERGOVERNMENTAL,
            abbreviation="UN",
            identifiers=(wikidata("Q1065"),),
            evidence=(seed.cite("the United Nations"), wikidata_evidence()),
        ),
        Organization(
            id="organization:un-general-assembly",
            name="United Nations General Assembly",
            kind=OrganizationKind.UN_ORGAN,
            parent="organization:un",
            evidence=(seed.cite("the UN General Assembly"),),
        ),
        Organization(
            id="organization:un-security-council",
            name="United Nations Security Council",
            kind=OrganizationKind.UN_ORGAN,
            parent="organization:un",
            identifiers=(wikidata("Q37470"),),
            evidence=(seed.cite("the Security Council"), wikidata_evidence()),
        ),
        Organization(
            id="organization:g20",
            name="Group of Twenty",
            kind=OrganizationKind.FORUM,
            abbreviation="G20",
            identifiers=(wikidata("Q19771"),),
            evidence=(seed.cite("G20"), wikidata_evidence()),
        ),
        Organization(
            id="organization:eu",
            name="European Union",
            kind=OrganizationKind.INTERGOVERNMENTAL,
            abbreviation="EU",
            identifiers=(wikidata("Q458"),),
            evidence=(seed.cite("the European Union"), wikidata_evidence()),
        ),
        Organization(
            id="organization:cpc-central-committee-political-bureau",
            name="Political Bureau of the CPC Central Committee",
            kind=OrganizationKind.PARTY_ORGAN,
            evidence=(seed.cite("the Political Bureau of the CPC Central Committee"),),
        ),
        # People and their posts
        Person(
            id="person:wang-yi",
            name="Wang Yi",
            evidence=(
                passage(
                    seed,
                    "Member of the Political Bureau",
                    "Foreign Minister Wang Yi",
                ),
            ),
        ),
        Post(
            id="post:cpc-politburo-member",
            title="Member of the Political Bureau of the CPC Central Committee",
            kind=PostKind.PARTY_OFFICE,
            organization="organization:cpc-central-committee-political-bureau",
            holder="person:wang-yi",
            evidence=(passage(seed, "Member of the Political Bureau", "Wang Yi"),),
        ),
        Post(
            id="post:china-foreign-minister",
            title="Foreign Minister",
            kind=PostKind.MINISTER_OF_FOREIGN_AFFAIRS,
            organization="state:CHN",
            holder="person:wang-yi",
            evidence=(seed.cite("Foreign Minister Wang Yi"),),
        ),
        Person(
            id="person:xi-jinping",
            name="Xi Jinping",
            evidence=(seed.cite("President Xi Jinping"),),
        ),
        Post(
            id="post:china-president",
            title="President",
            kind=PostKind.HEAD_OF_STATE,
            organization="state:CHN",
            holder="person:xi-jinping",
            evidence=(seed.cite("President Xi Jinping"),),
        ),
        Person(
            id="person:aleksandar-vucic",
            name="Aleksandar Vučić",
            evidence=(seed.cite("Serbian President Aleksandar Vučić"),),
        ),
        Post(
            id="post:serbia-president",
            title="President",
            kind=PostKind.HEAD_OF_STATE,
            organization="state:SRB",
            holder="person:aleksandar-vucic",
            evidence=(seed.cite("Serbian President Aleksandar Vučić"),),
        ),
        Person(
            id="person:luhut-binsar-pandjaitan",
            name="Luhut Binsar Pandjaitan",
            evidence=(seed.cite("Indonesian Coordinating Minister Luhut Binsar Pandjaitan"),),
        ),
        Post(
            id="post:indonesia-coordinating-minister",
            title="Coordinating Minister",
            kind=PostKind.MINISTER,
            organization="state:IDN",
            holder="person:luhut-binsar-pandjaitan",
            evidence=(seed.cite("Indonesian Coordinating Minister Luhut Binsar Pandjaitan"),),
        ),
        Group(
            id="group:hlm-high-level-representatives",
            name="High-level representatives from more than 80 countries and international "
            "organizations",
            size=Quantity(
                value=80,
                qualifier=Qualifier.MORE_THAN,
                text="more than 80",
                unit="countries and international organizations",
            ),
            evidence=(
                seed.cite(
                    "high-level representatives from more than 80 countries and "
                    "international organizations"
                ),
            ),
        ),
        Person(
            id="person:felix-mutati",
            name="Felix Mutati",
            evidence=(cite("source:meeting-reports-compilation", confidence=MEDIUM),),
        ),
        Post(
            id="post:zambia-minister-of-technology-and-science",
            title="Minister of Technology and Science",
            kind=PostKind.MINISTER,
            organization="state:ZMB",
            holder="person:felix-mutati",
            evidence=(cite("source:meeting-reports-compilation", confidence=MEDIUM),),
        ),
        Person(
            id="person:amina-mohammed",
            name="Amina Mohammed",
            evidence=(cite("source:meeting-reports-compilation", confidence=MEDIUM),),
        ),
        Post(
            id="post:un-deputy-secretary-general",
            title="Deputy Secretary-General",
            kind=PostKind.DEPUTY_HEAD_OF_ORGANIZATION,
            organization="organization:un",
            holder="person:amina-mohammed",
            evidence=(cite("source:meeting-reports-compilation", confidence=MEDIUM),),
        ),
        Person(
            id="person:robert-golob",
            name="Robert Golob",
            evidence=(cite("source:un-press-sc15832"),),
        ),
        Post(
            id="post:slovenia-prime-minister",
            title="Prime Minister",
            kind=PostKind.HEAD_OF_GOVERNMENT,
            organization="state:SVN",
            holder="person:robert-golob",
            evidence=(cite("source:un-press-sc15832"),),
        ),
        # Counterparts the seed knows only by role
        Person(
            id="person:bangladesh-interim-government-leader",
            description="the leader of the interim government of Bangladesh",
            evidence=(seed.cite("the leader of the interim government of Bangladesh"),),
        ),
        Post(
            id="post:bangladesh-interim-government-leader",
            title="Leader of the interim government",
            organization="state:BGD",
            holder="person:bangladesh-interim-government-leader",
            evidence=(seed.cite("the leader of the interim government of Bangladesh"),),
        ),
        Person(
            id="person:eu-high-representative",
            description=(
                "the High Representative of the European Union for Foreign Affairs and "
                "Security Policy"
            ),
            evidence=(seed.cite(EU_HIGH_REPRESENTATIVE),),
        ),
        Post(
            id="post:eu-high-representative",
            title="High Representative for Foreign Affairs and Security Policy",
            organization="organization:eu",
            holder="person:eu-high-representative",
            evidence=(seed.cite(EU_HIGH_REPRESENTATIVE),),
        ),
        Person(
            id="person:slovenia-foreign-minister",
            description="the Deputy Prime Minister and Foreign Minister of Slovenia",
            evidence=(seed.cite(SLOVENIA_MINISTER),),
        ),
        Post(
            id="post:slovenia-deputy-prime-minister",
            title="Deputy Prime Minister",
            kind=PostKind.DEPUTY_HEAD_OF_GOVERNMENT,
            organization="state:SVN",
            holder="person:slovenia-foreign-minister",
            evidence=(seed.cite(SLOVENIA_MINISTER),),
        ),
        Post(
            id="post:slovenia-foreign-minister",
            title="Foreign Minister",
            kind=PostKind.MINISTER_OF_FOREIGN_AFFAIRS,
            organization="state:SVN",
            holder="person:slovenia-foreign-minister",
            evidence=(seed.cite(SLOVENIA_MINISTER),),
        ),
        *foreign_minister("russia", "state:RUS", "Russia"),
        *foreign_minister("el-salvador", "state:SLV", "El Salvador"),
        *foreign_minister("ukraine", "state:UKR", "Ukraine"),
        *foreign_minister("greece", "state:GRC", "Greece"),
    )


# The seven bilateral meetings: slug, counterpart, the counterpart's posts, whom they
# represent, and how the seed names them.
BILATERALS = (
    (
        "bangladesh",
        "person:bangladesh-interim-government-leader",
        ("post:bangladesh-interim-government-leader",),
        "state:BGD",
        "the leader of the interim government of Bangladesh",
    ),
    (
        "eu",
        "person:eu-high-representative",
        ("post:eu-high-representative",),
        "organization:eu",
        EU_HIGH_REPRESENTATIVE,
    ),
    (
        "slovenia",
        "person:slovenia-foreign-minister",
        ("post:slovenia-deputy-prime-minister", "post:slovenia-foreign-minister"),
        "state:SVN",
        SLOVENIA_MINISTER,
    ),
    (
        "russia",
        "person:russia-foreign-minister",
        ("post:russia-foreign-minister",),
        "state:RUS",
        "the foreign minister of Russia",
    ),
    (
        "el-salvador",
        "person:el-salvador-foreign-minister",
        ("post:el-salvador-foreign-minister",),
        "state:SLV",
        "the foreign minister of El Salvador",
    ),
    (
        "ukraine",
        "person:ukraine-foreign-minister",
        ("post:ukraine-foreign-minister",),
        "state:UKR",
        "the foreign minister of Ukraine",
    ),
    (
        "greece",
        "person:greece-foreign-minister",
        ("post:greece-foreign-minister",),
        "state:GRC",
        "the foreign minister of Greece",
    ),
)

# Names in the seed's list of counterparts, where the role is shared ("the foreign
# ministers of Russia, El Salvador, Ukraine, and Greece").
COUNTERPART_QUOTES = {
    "bangladesh": "the leader of the interim government of Bangladesh",
    "eu": EU_HIGH_REPRESENTATIVE,
    "slovenia": SLOVENIA_MINISTER,
    "russia": "Russia",
    "el-salvador": "El Salvador",
    "ukraine": "Ukraine",
    "greece": "Greece",
}


def wang_yi_as(role: Role, *evidence: Evidence) -> Participation:
    return Participation(
        actor="person:wang-yi",
        role=role,
        capacities=("post:china-foreign-minister",),
        on_behalf_of="state:CHN",
        evidence=evidence,
    )


def seed_events(seed: Source) -> tuple[Record, ...]:
    first_sentence = passage(seed, "On September 25, 2024 local time", "in New York.")
    co_hosts = seed.cite("co-hosted by China and Zambia")
    attendees = passage(seed, "Serbian President", "attended the meeting.")
    same_day = passage(seed, "On the same day", '"Leadership for Peace".')
    bilateral_sentence = passage(seed, "He held bilateral meetings separately", "Greece.")
    # "On the same day" governs the sentence naming the G20 and Security Council meetings;
    # the bilateral meetings follow in the next sentence, whose day the seed leaves open.
    # They are dated to the month, at medium confidence.
    bilateral_date = seed.cite("He held bilateral meetings", "date", confidence=MEDIUM)

    hlm = Event(
        id="event:hlm-ai-capacity-building-2024",
        kind=EventKind.HIGH_LEVEL_MEETING,
        title=(
            "High-level Meeting on International Cooperation on Capacity-building of "
            "Artificial Intelligence"
        ),
        date=SEPTEMBER_25,
        timezone=NEW_YORK,
        place=UN_HEADQUARTERS,
        participations=(
            Participation(actor="state:CHN", role=Role.CO_HOST, evidence=(co_hosts,)),
            Participation(actor="state:ZMB", role=Role.CO_HOST, evidence=(co_hosts,)),
            wang_yi_as(
                Role.SPEAKER,
                passage(seed, "Foreign Minister Wang Yi attended", "Artificial Intelligence"),
                seed.cite("Wang Yi said"),
            ),
            Participation(
                actor="person:aleksandar-vucic",
                role=Role.ATTENDEE,
                capacities=("post:serbia-president",),
                on_behalf_of="state:SRB",
                evidence=(attendees,),
            ),
            Participation(
                actor="person:luhut-binsar-pandjaitan",
                role=Role.ATTENDEE,
                capacities=("post:indonesia-coordinating-minister",),
                on_behalf_of="state:IDN",
                evidence=(attendees,),
            ),
            Participation(
                actor="group:hlm-high-level-representatives",
                role=Role.ATTENDEE,
                evidence=(attendees,),
            ),
            Participation(
                actor="person:felix-mutati",
                role=Role.ATTENDEE,
                capacities=("post:zambia-minister-of-technology-and-science",),
                on_behalf_of="state:ZMB",
                evidence=(cite("source:meeting-reports-compilation", confidence=MEDIUM),),
            ),
            Participation(
                actor="person:amina-mohammed",
                role=Role.ATTENDEE,
                capacities=("post:un-deputy-secretary-general",),
                on_behalf_of="organization:un",
                evidence=(cite("source:meeting-reports-compilation", confidence=MEDIUM),),
            ),
        ),
        purposes=(
            Purpose(
                text=(
                    "Implement the resolution adopted by the UN General Assembly on "
                    "enhancing international cooperation on capacity-building of artificial "
                    "intelligence"
                ),
                themes=(
                    Theme.CAPACITY_BUILDING,
                    Theme.INTERNATIONAL_COOPERATION,
                    Theme.UN_CENTRALITY,
                ),
                refers_to=("instrument:a-res-78-311",),
                evidence=(
                    passage(
                        seed,
                        "implement the resolution adopted by the UN General Assembly",
                        "artificial intelligence (AI)",
                    ),
                ),
            ),
            Purpose(
                text="Bridge the digital and intelligence divide",
                themes=(Theme.DIGITAL_DIVIDE,),
                evidence=(seed.cite("bridge the digital and intelligence divide"),),
            ),
            Purpose(
                text="Help the Global South benefit equally in the process of AI development",
                themes=(Theme.GLOBAL_SOUTH, Theme.FAIRNESS, Theme.DEVELOPMENT),
                evidence=(
                    seed.cite(
                        "help the Global South benefit equally in the process of AI development"
                    ),
                ),
            ),
        ),
        themes=(
            Theme.CAPACITY_BUILDING,
            Theme.DIGITAL_DIVIDE,
            Theme.GLOBAL_SOUTH,
            Theme.INTERNATIONAL_COOPERATION,
        ),
        evidence=(
            seed.cite("On September 25, 2024 local time", "date", "timezone"),
            seed.cite(
                "High-level Meeting on International Cooperation on Capacity-building of "
                "Artificial Intelligence",
                "title",
            ),
            seed.cite("at the UN Headquarters in New York", "place"),
            first_sentence,
            passage(seed, "The meeting, co-hosted by China and Zambia", "AI development."),
            attendees,
        ),
    )

    g20 = Event(
        id="event:g20-fmm-2024",
        kind=EventKind.MINISTERIAL_MEETING,
        title="G20 Foreign Ministers' Meeting",
        date=SEPTEMBER_25,
        timezone=NEW_YORK,
        place=Place(name="UN Headquarters, ECOSOC Chamber", locality="New York", country="USA"),
        participations=(
            Participation(
                actor="state:BRA",
                role=Role.CHAIR,
                evidence=(cite("source:meeting-reports-compilation", confidence=MEDIUM),),
            ),
            wang_yi_as(Role.ATTENDEE, same_day),
        ),
        themes=(Theme.MULTILATERALISM, Theme.INSTITUTIONS),
        evidence=(
            seed.cite("G20 Foreign Ministers' Meeting", "title"),
            seed.cite("On the same day", "date"),
            same_day,
            cite(
                "source:meeting-reports-compilation",
                "place",
                "timezone",
                "themes",
                confidence=MEDIUM,
            ),
        ),
    )

    unsc = Event(
        id="event:unsc-leadership-for-peace-2024",
        kind=EventKind.SECURITY_COUNCIL_MEETING,
        title=(
            "Leadership for peace: united in respect of the UN Charter, in search of a "
            "secure future"
        ),
        date=SEPTEMBER_25,
        participations=(
            Participation(
                actor="person:robert-golob",
                role=Role.CHAIR,
                capacities=("post:slovenia-prime-minister",),
                on_behalf_of="state:SVN",
                evidence=(cite("source:un-press-sc15832"),),
            ),
            wang_yi_as(Role.ATTENDEE, same_day),
        ),
        themes=(Theme.MULTILATERALISM, Theme.UN_CENTRALITY),
        identifiers=(Identifier(scheme="unsc-meeting", value="9732"),),
        evidence=(
            seed.cite("the Security Council's high-level meeting on", "kind"),
            seed.cite('"Leadership for Peace"', "title"),
            seed.cite("On the same day", "date"),
            same_day,
            cite("source:un-press-sc15832", "title", "identifiers", "themes"),
        ),
    )

    bilaterals = tuple(
        Event(
            id=f"event:bilateral-{slug}-2024",
            kind=EventKind.BILATERAL_MEETING,
            title=f"Wang Yi meets {description}",
            date=PartialDate(year=2024, month=9),
            participations=(
                wang_yi_as(Role.COUNTERPART, bilateral_sentence),
                Participation(
                    actor=counterpart,
                    role=Role.COUNTERPART,
                    capacities=posts,
                    on_behalf_of=side,
                    evidence=(seed.cite(COUNTERPART_QUOTES[slug]),),
                ),
            ),
            evidence=(bilateral_sentence, bilateral_date),
        )
        for slug, counterpart, posts, side, description in BILATERALS
    )
    return (hlm, g20, unsc, *bilaterals, *group_of_friends())


def group_of_friends() -> tuple[Record, ...]:
    evidence = cite("source:mfa-spokesperson-2024-12-05")
    return (
        Group(
            id="group:friends-ai-capacity-building",
            name="Group of Friends for International Cooperation on AI Capacity-building",
            evidence=(cite("source:mfa-spokesperson-2024-09-26"), evidence),
        ),
        Group(
            id="group:friends-ai-capacity-building-first-meeting-attendees",
            name="Countries attending the first meeting of the Group of Friends",
            size=Quantity(value=80, qualifier=Qualifier.ABOUT, text="about 80", unit="countries"),
            evidence=(evidence,),
        ),
        Event(
            id="event:friends-ai-capacity-building-first-meeting-2024",
            kind=EventKind.OTHER,
            title=(
                "First meeting of the Group of Friends for International Cooperation on AI "
                "Capacity-building"
            ),
            date=PartialDate(year=2024, month=12, day=3),
            timezone=NEW_YORK,
            place=UN_HEADQUARTERS,
            participations=(
                Participation(actor="state:CHN", role=Role.CO_HOST, evidence=(evidence,)),
                Participation(actor="state:ZMB", role=Role.CO_HOST, evidence=(evidence,)),
                Participation(
                    actor="group:friends-ai-capacity-building-first-meeting-attendees",
                    role=Role.ATTENDEE,
                    evidence=(evidence,),
                ),
            ),
            themes=(Theme.CAPACITY_BUILDING, Theme.INTERNATIONAL_COOPERATION),
            evidence=(evidence,),
        ),
    )


def seed_statements(seed: Source) -> tuple[Record, ...]:
    hlm = "event:hlm-ai-capacity-building-2024"
    return (
        Statement(
            id="statement:wang-yi-hlm-2024-commitments",
            speakers=("person:wang-yi",),
            speech_act=SpeechAct.SAID,
            summary=(
                "China is committed to developing AI for the benefit of the people, will "
                "adhere to the development of safe and controllable AI, and will commit to "
                "the development of green and low-carbon AI."
            ),
            event=hlm,
            date=SEPTEMBER_25,
            commitments=(
                "commitment:china-ai-for-the-people",
                "commitment:china-safe-controllable-ai",
                "commitment:china-green-low-carbon-ai",
            ),
            # The themes of the three commitments it makes, in their order.
            themes=(
                Theme.WELL_BEING,
                Theme.DEVELOPMENT,
                Theme.ETHICS,
                Theme.SAFETY,
                Theme.TRACEABILITY,
                Theme.HUMAN_OVERSIGHT,
                Theme.SUSTAINABILITY,
            ),
            evidence=(
                seed.cite("Wang Yi said", "speakers", "speech_act"),
                passage(seed, "Wang Yi said that China is committed", "through AI."),
                cite("source:mfa-remarks-2024", "speakers", "event"),
            ),
        ),
        Commitment(
            id="commitment:china-ai-for-the-people",
            actors=("state:CHN",),
            modality=Modality.COMMITS_TO,
            text=(
                "Developing AI for the benefit of the people, with the goal of improving "
                "people's well-being and serving economic and social development, and "
                "avoiding the ill-use and abuse of AI technology"
            ),
            themes=(Theme.WELL_BEING, Theme.DEVELOPMENT, Theme.ETHICS),
            evidence=(passage(seed, "China is committed to developing AI", "of AI technology."),),
        ),
        Commitment(
            id="commitment:china-safe-controllable-ai",
            actors=("state:CHN",),
            modality=Modality.ADHERES_TO,
            text=(
                "The development of safe and controllable AI: trustworthy AI technologies "
                "that can be monitored and traced, with AI always under human control"
            ),
            themes=(Theme.SAFETY, Theme.TRACEABILITY, Theme.HUMAN_OVERSIGHT),
            evidence=(passage(seed, "China will adhere to", "under human control."),),
        ),
        Commitment(
            id="commitment:china-green-low-carbon-ai",
            actors=("state:CHN",),
            modality=Modality.COMMITS_TO,
            text=(
                "The development of green and low-carbon AI: resource-saving and "
                "environmentally friendly AI development models, and the green transition "
                "of economic and social development through AI"
            ),
            themes=(Theme.SUSTAINABILITY, Theme.DEVELOPMENT),
            evidence=(passage(seed, "China will also commit to", "through AI."),),
        ),
        Statement(
            id="statement:wang-yi-hlm-2024-governance-principles",
            speakers=("person:wang-yi",),
            speech_act=SpeechAct.POINTED_OUT,
            summary=(
                "AI is both a major opportunity and a major global challenge for the world. "
                "The Global AI Governance Initiative proposed by President Xi Jinping "
                "provides a Chinese proposal; the promotion of AI global governance should "
                "follow three principles: a comprehensive and balanced approach, fairness "
                "and inclusiveness, and multilateralism."
            ),
            event=hlm,
            date=SEPTEMBER_25,
            principles=("principle-set:china-ai-global-governance-2024",),
            refers_to=("instrument:global-ai-governance-initiative", "organization:un"),
            themes=(
                Theme.ETHICS,
                Theme.SAFETY,
                Theme.STANDARDS,
                Theme.CAPACITY_BUILDING,
                Theme.INSTITUTIONS,
                Theme.FAIRNESS,
                Theme.INCLUSIVENESS,
                Theme.MULTILATERALISM,
                Theme.UN_CENTRALITY,
            ),
            evidence=(
                seed.cite("Wang Yi pointed out", "speakers", "speech_act"),
                seed.cite(
                    "AI is both a major opportunity and a major global challenge for the world."
                ),
                passage(seed, "Wang Yi pointed out", "benefit from it."),
            ),
        ),
        Statement(
            id="statement:wang-yi-hlm-2024-mutual-help",
            speakers=("person:wang-yi",),
            speech_act=SpeechAct.STRESSED,
            summary=(
                "Countries should help each other and work together so that no country is "
                "left behind, and jointly advance international cooperation on AI "
                "capacity-building."
            ),
            event=hlm,
            date=SEPTEMBER_25,
            commitments=(
                "commitment:countries-help-each-other",
                "commitment:countries-advance-capacity-building-cooperation",
            ),
            themes=(
                Theme.INTERNATIONAL_COOPERATION,
                Theme.FAIRNESS,
                Theme.INCLUSIVENESS,
                Theme.CAPACITY_BUILDING,
            ),
            evidence=(
                seed.cite("Wang Yi stressed", "speakers", "speech_act"),
                passage(seed, "Wang Yi stressed", "common development."),
            ),
        ),
        Commitment(
            id="commitment:countries-help-each-other",
            actors=("person:wang-yi",),
            modality=Modality.CALLS_ON,
            text=(
                "Countries should help each other and work together to ensure equal rights, "
                "opportunities, and rules for all, so that no country is left behind"
            ),
            themes=(Theme.INTERNATIONAL_COOPERATION, Theme.FAIRNESS, Theme.INCLUSIVENESS),
            evidence=(
                passage(seed, "countries should help each other", "no country is left behind."),
            ),
        ),
        Commitment(
            id="commitment:countries-advance-capacity-building-cooperation",
            actors=("person:wang-yi",),
            modality=Modality.CALLS_ON,
            text=(
                "Countries should jointly advance international cooperation on AI "
                "capacity-building for common development"
            ),
            themes=(Theme.INTERNATIONAL_COOPERATION, Theme.CAPACITY_BUILDING),
            evidence=(passage(seed, "Countries should jointly advance", "common development."),),
        ),
        Statement(
            id="statement:wang-yi-hlm-2024-action-plan",
            speakers=("person:wang-yi",),
            speech_act=SpeechAct.ANNOUNCED,
            summary=(
                "China's AI Capacity-Building Action Plan for Good and for All, which "
                "presents five major visions and outlines ten actions."
            ),
            event=hlm,
            date=SEPTEMBER_25,
            refers_to=("instrument:ai-capacity-building-action-plan",),
            themes=(Theme.CAPACITY_BUILDING, Theme.GLOBAL_SOUTH),
            evidence=(
                seed.cite("Wang Yi announced", "speakers", "speech_act"),
                passage(seed, "Wang Yi announced", "outlines ten actions."),
            ),
        ),
        PrincipleSet(
            id="principle-set:china-ai-global-governance-2024",
            title="Principles for the promotion of AI global governance",
            proposers=("state:CHN",),
            principles=(
                Principle(
                    ordinal=1,
                    title="Adopt a comprehensive and balanced approach",
                    description=(
                        "Uphold systematic thinking to promote the aspects of AI governance "
                        "in a comprehensive and balanced manner, building an AI global "
                        "governance framework."
                    ),
                    aspects=(
                        "ethical values",
                        "security governance",
                        "standards and norms",
                        "capacity building",
                        "institutional mechanisms",
                    ),
                    themes=(
                        Theme.ETHICS,
                        Theme.SAFETY,
                        Theme.STANDARDS,
                        Theme.CAPACITY_BUILDING,
                        Theme.INSTITUTIONS,
                    ),
                    evidence=(
                        seed.cite("First, adopt a comprehensive and balanced approach.", "title"),
                        passage(
                            seed,
                            "AI governance encompasses various aspects",
                            "mechanisms.",
                            "aspects",
                        ),
                        passage(
                            seed,
                            "It is necessary to uphold systematic thinking",
                            "governance framework.",
                            "description",
                        ),
                    ),
                ),
                Principle(
                    ordinal=2,
                    title="Uphold fairness and inclusiveness",
                    description=(
                        "Create an open, inclusive, universally beneficial and "
                        "non-discriminatory development environment, ensure that the "
                        "benefits of AI reach all countries, and do not reduce AI to a tool "
                        "for maintaining hegemony or pursuing advantages."
                    ),
                    themes=(Theme.FAIRNESS, Theme.INCLUSIVENESS),
                    evidence=(
                        seed.cite("Second, uphold fairness and inclusiveness", "title"),
                        passage(seed, "Second, uphold fairness", "reach all countries."),
                        seed.cite(
                            "AI should not be reduced to a tool for maintaining hegemony or "
                            "pursuing advantages.",
                            "description",
                        ),
                    ),
                ),
                Principle(
                    ordinal=3,
                    title="Stick to multilateralism",
                    description=(
                        "Establish an AI governance mechanism within the framework of the "
                        "United Nations that allows for universal participation by all "
                        "countries, so that all nations can participate equally and benefit."
                    ),
                    themes=(Theme.MULTILATERALISM, Theme.UN_CENTRALITY, Theme.INSTITUTIONS),
                    refers_to=("organization:un",),
                    evidence=(
                        seed.cite("Third, stick to multilateralism", "title"),
                        passage(seed, "Third, stick to multilateralism", "benefit from it."),
                        seed.cite("within the framework of the United Nations", "refers_to"),
                    ),
                ),
            ),
            evidence=(passage(seed, "The Chinese side held the view", "several principles:"),),
        ),
    )


def seed_instruments(seed: Source) -> tuple[Record, ...]:
    plan_announced = passage(
        seed, "Wang Yi announced China's AI Capacity-Building Action Plan", "for All"
    )
    return (
        Instrument(
            id="instrument:a-res-78-311",
            kind=InstrumentKind.RESOLUTION,
            title=(
                "Enhancing international cooperation on capacity-building of artificial "
                "intelligence"
            ),
            symbol="A/RES/78/311",
            date=PartialDate(year=2024, month=7, day=1),
            issuers=("organization:un-general-assembly",),
            proposers=("state:CHN",),
            cosponsor_count=Quantity(value=143, unit="co-sponsors"),
            themes=(Theme.CAPACITY_BUILDING, Theme.INTERNATIONAL_COOPERATION),
            identifiers=(Identifier(scheme="un-symbol", value="A/RES/78/311"),),
            evidence=(
                passage(
                    seed,
                    "the resolution adopted by the UN General Assembly",
                    "artificial intelligence (AI)",
                    "kind",
                    "title",
                    "issuers",
                ),
                cite("source:a-res-78-311", "symbol", "title", "date", "identifiers"),
                cite("source:mfa-remarks-2024", "proposers", confidence=MEDIUM),
                cite("source:mfa-remarks-2024", "cosponsor_count"),
            ),
        ),
        Instrument(
            id="instrument:global-ai-governance-initiative",
            kind=InstrumentKind.INITIATIVE,
            title="Global AI Governance Initiative",
            date=PartialDate(year=2023, month=10, day=18),
            proposers=("person:xi-jinping",),
            themes=(Theme.DEVELOPMENT, Theme.SAFETY, Theme.INSTITUTIONS),
            aliases=("Global Initiative for Artificial Intelligence Governance",),
            evidence=(
                seed.cite("Global Initiative for Artificial Intelligence Governance", "aliases"),
                passage(
                    seed,
                    "The Global Initiative for Artificial Intelligence Governance",
                    "contributes Chinese wisdom.",
                ),
                cite("source:mfa-spokesperson-2023-10-18", "title", "date", "themes"),
            ),
        ),
        Instrument(
            id="instrument:ai-capacity-building-action-plan",
            kind=InstrumentKind.ACTION_PLAN,
            title="AI Capacity-Building Action Plan for Good and for All",
            date=SEPTEMBER_25,
            proposers=("state:CHN",),
            sections=(
                Section(
                    name="visions",
                    declared_size=5,
                    items=(
                        SectionItem(
                            ordinal=1,
                            title="Promote AI and Digital Infrastructure Connectivity",
                            translations=(
                                Translation(lang="zh", text="促进人工智能和数字基础设施联通"),
                            ),
                            evidence=(cite("source:mfa-action-plan-2024"),),
                        ),
                        SectionItem(
                            ordinal=2,
                            title="Empower Industries Through the AI Plus Application",
                            translations=(
                                Translation(lang="zh", text='推进"人工智能+"赋能千行百业'),
                            ),
                            evidence=(cite("source:mfa-action-plan-2024"),),
                        ),
                    ),
                    evidence=(seed.cite("presents five major visions"),),
                ),
                Section(
                    name="actions",
                    declared_size=10,
                    # The spokesperson named these among the ten, without their numbers.
                    items=tuple(
                        SectionItem(
                            title=title,
                            evidence=(
                                cite("source:mfa-spokesperson-2024-09-26", confidence=MEDIUM),
                            ),
                        )
                        for title in (
                            "AI and digital infrastructure connectivity",
                            "Cooperation on model research and development, applications and "
                            "corpus building",
                            "AI strategy alignment and policy exchange",
                            "Sharing technical practice",
                            "Ten AI training and seminar programmes, mainly for developing "
                            "countries, by the end of 2025",
                            "A Group of Friends for International Cooperation on AI "
                            "Capacity-building",
                        )
                    ),
                    evidence=(seed.cite("outlines ten actions"),),
                ),
            ),
            cites=("instrument:a-res-78-311",),
            themes=(
                Theme.CAPACITY_BUILDING,
                Theme.GLOBAL_SOUTH,
                Theme.INFRASTRUCTURE,
                Theme.LITERACY,
                Theme.DATA_GOVERNANCE,
                Theme.SAFETY,
            ),
            translations=(Translation(lang="zh", text="人工智能能力建设普惠计划"),),
            evidence=(
                plan_announced,
                seed.cite("On September 25, 2024 local time", "date"),
                seed.cite("in response to the widespread expectations of the Global South"),
                cite("source:mfa-action-plan-2024", "translations", "cites", "themes"),
            ),
        ),
        PrincipleSet(
            id="principle-set:ai-capacity-building-action-plan",
            title="Principles of the AI Capacity-Building Action Plan for Good and for All",
            proposers=("state:CHN",),
            instrument="instrument:ai-capacity-building-action-plan",
            principles=tuple(
                Principle(
                    ordinal=ordinal,
                    title=title,
                    themes=themes,
                    evidence=(cite("source:mfa-action-plan-2024"),),
                )
                for ordinal, (title, themes) in enumerate(
                    (
                        ("Sovereign equality", (Theme.SOVEREIGNTY,)),
                        ("Development orientation", (Theme.DEVELOPMENT,)),
                        ("People-centred", (Theme.WELL_BEING,)),
                        (
                            "Shared benefits and inclusiveness",
                            (Theme.INCLUSIVENESS, Theme.FAIRNESS),
                        ),
                        (
                            "Multi-party coordination and cooperation",
                            (Theme.INTERNATIONAL_COOPERATION, Theme.MULTISTAKEHOLDER_GOVERNANCE),
                        ),
                    ),
                    start=1,
                )
            ),
            evidence=(cite("source:mfa-action-plan-2024"),),
        ),
        Instrument(
            id="instrument:g20-call-to-action-global-governance-reform",
            kind=InstrumentKind.OTHER,
            title="Call to Action on Global Governance Reform",
            date=SEPTEMBER_25,
            issuers=("organization:g20",),
            themes=(Theme.MULTILATERALISM, Theme.INSTITUTIONS),
            evidence=(cite("source:meeting-reports-compilation", confidence=MEDIUM),),
        ),
        Instrument(
            id="instrument:s-prst-2024-5",
            kind=InstrumentKind.PRESIDENTIAL_STATEMENT,
            title="Statement by the President of the Security Council",
            symbol="S/PRST/2024/5",
            issuers=("organization:un-security-council",),
            identifiers=(Identifier(scheme="un-symbol", value="S/PRST/2024/5"),),
            evidence=(cite("source:un-press-sc15832"),),
        ),
    )


def build_seed() -> Dataset:
    """The seed dataset: the readout, every fact with its span, and facts from elsewhere."""
    text = read_seed_text()
    sources = seed_sources(text)
    seed = sources[0]
    return Dataset(
        id="seed",
        title=(
            "Wang Yi at the High-level Meeting on International Cooperation on "
            "Capacity-building of AI, New York, 25 September 2024"
        ),
        version="1",
        description=(
            "A readout of Wang Yi at the UN High-level Meeting on International Cooperation "
            "on Capacity-building of Artificial Intelligence and his other meetings of the "
            "day, with the readout's full text. Every fact from the readout cites the span "
            "that supports it; facts from other public sources cite their own sources."
        ),
        sources=sources,
        records=(
            *seed_actors(seed),
            *seed_events(seed),
            *seed_statements(seed),
            *seed_instruments(seed),
        ),
    )


# ---------------------------------------------------------------------------------------
# The reference principle sets
# ---------------------------------------------------------------------------------------

OECD_PRINCIPLES = (
    (
        "Inclusive growth, sustainable development and well-being",
        (Theme.WELL_BEING, Theme.DEVELOPMENT, Theme.SUSTAINABILITY, Theme.INCLUSIVENESS),
    ),
    (
        "Human rights and democratic values, including fairness and privacy",
        (Theme.HUMAN_RIGHTS, Theme.FAIRNESS, Theme.PRIVACY),
    ),
    ("Transparency and explainability", (Theme.TRANSPARENCY,)),
    ("Robustness, security and safety", (Theme.SAFETY,)),
    ("Accountability", (Theme.ACCOUNTABILITY,)),
)

UNESCO_PRINCIPLES = (
    ("Proportionality and do no harm", (Theme.ETHICS, Theme.SAFETY)),
    ("Safety and security", (Theme.SAFETY,)),
    ("Right to privacy and data protection", (Theme.PRIVACY, Theme.DATA_GOVERNANCE)),
    (
        "Multi-stakeholder and adaptive governance and collaboration",
        (Theme.MULTISTAKEHOLDER_GOVERNANCE, Theme.INTERNATIONAL_COOPERATION),
    ),
    (
        "Responsibility and accountability",
        (Theme.ACCOUNTABILITY, Theme.PROFESSIONAL_RESPONSIBILITY),
    ),
    ("Transparency and explainability", (Theme.TRANSPARENCY,)),
    ("Human oversight and determination", (Theme.HUMAN_OVERSIGHT,)),
    ("Sustainability", (Theme.SUSTAINABILITY,)),
    ("Awareness and literacy", (Theme.LITERACY,)),
    ("Fairness and non-discrimination", (Theme.FAIRNESS, Theme.INCLUSIVENESS)),
)


def principles(
    source: str, listed: tuple[tuple[str, tuple[Theme, ...]], ...]
) -> tuple[Principle, ...]:
    return tuple(
        Principle(ordinal=ordinal, title=title, themes=themes, evidence=(cite(source),))
        for ordinal, (title, themes) in enumerate(listed, start=1)
    )


def build_reference_principles() -> Dataset:
    """The OECD and UNESCO principle sets, with their instruments, issuers and sources."""
    oecd = "source:oecd-legal-0449"
    unesco = "source:unesco-ai-ethics-recommendation"
    return Dataset(
        id="reference-principles",
        title="Reference AI principle sets: OECD and UNESCO",
        version="1",
        description=(
            "The five OECD AI Principles and the ten principles of the UNESCO "
            "Recommendation on the Ethics of AI, in order and tagged with themes, for "
            "aligning other principle sets with them."
        ),
        sources=(
            Source(
                id=oecd,
                title="OECD Recommendation on AI (OECD/LEGAL/0449)",
                publisher="OECD",
                identifiers=(Identifier(scheme="oecd-legal", value="OECD/LEGAL/0449"),),
            ),
            Source(
                id=unesco,
                title="UNESCO Recommendation on the Ethics of AI",
                publisher="UNESCO",
            ),
        ),
        records=(
            Organization(
                id="organization:oecd",
                name="Organisation for Economic Co-operation and Development",
                kind=OrganizationKind.INTERGOVERNMENTAL,
                abbreviation="OECD",
                evidence=(cite(oecd),),
            ),
            Organization(
                id="organization:unesco",
                name="United Nations Educational, Scientific and Cultural Organization",
                kind=OrganizationKind.INTERGOVERNMENTAL,
                abbreviation="UNESCO",
                evidence=(cite(unesco),),
            ),
            Instrument(
                id="instrument:oecd-legal-0449",
                kind=InstrumentKind.RECOMMENDATION,
                title="OECD Recommendation on AI",
                date=PartialDate(year=2019, month=5, day=22),
                revision_dates=(PartialDate(year=2024, month=5),),
                issuers=("organization:oecd",),
                themes=tuple(dict.fromkeys(t for _, themes in OECD_PRINCIPLES for t in themes)),
                identifiers=(Identifier(scheme="oecd-legal", value="OECD/LEGAL/0449"),),
                evidence=(cite(oecd),),
            ),
            PrincipleSet(
                id="principle-set:oecd-ai-principles",
                title="OECD AI Principles",
                proposers=("organization:oecd",),
                instrument="instrument:oecd-legal-0449",
                principles=principles(oecd, OECD_PRINCIPLES),
                evidence=(cite(oecd),),
            ),
            Instrument(
                id="instrument:unesco-ai-ethics-recommendation",
                kind=InstrumentKind.RECOMMENDATION,
                title="UNESCO Recommendation on the Ethics of AI",
                date=PartialDate(year=2021, month=11, day=23),
                issuers=("organization:unesco",),
                themes=tuple(dict.fromkeys(t for _, themes in UNESCO_PRINCIPLES for t in themes)),
                evidence=(cite(unesco),),
            ),
            PrincipleSet(
                id="principle-set:unesco-ai-ethics",
                title="Principles of the UNESCO Recommendation on the Ethics of AI",
                proposers=("organization:unesco",),
                instrument="instrument:unesco-ai-ethics-recommendation",
                principles=principles(unesco, UNESCO_PRINCIPLES),
                evidence=(cite(unesco),),
            ),
        ),
    )


# ---------------------------------------------------------------------------------------
# Writing and checking the files
# ---------------------------------------------------------------------------------------

BUILDERS = {
    "seed.json": build_seed,
    "reference-principles.json": build_reference_principles,
}


def build() -> dict[str, str]:
    """The text of every dataset file, by file name in the package's data directory."""
    out = {}
    for name, builder in BUILDERS.items():
        dataset = builder()
        problems = ag.validate(dataset)
        if problems:
            raise ValueError(f"{name} does not validate:\n" + "\n".join(f"  {p}" for p in problems))
        out[name] = ag.to_json(dataset, indent=2) + "\n"
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--check",
        action="store_true",
        help="write nothing; exit 1 if a shipped file differs from what would be built",
    )
    args = parser.parse_args(argv)
    stale = []
    for name, text in build().items():
        path = PACKAGE_DATA / name
        current = path.read_bytes().decode("utf-8") if path.exists() else None
        if current == text:
            continue
        stale.append(name)
        if not args.check:
            write_text_atomic(path, (text,))
            print(f"wrote {path.relative_to(PACKAGE_DATA.parent.parent.parent)}")
    if args.check and stale:
        print(f"out of date: {', '.join(stale)}; run python scripts/build_datasets.py")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
