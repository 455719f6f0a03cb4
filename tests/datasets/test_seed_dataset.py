"""A researcher's questions to the seed dataset, each answer checked against its evidence."""

from __future__ import annotations

import re
from collections.abc import Iterator
from importlib.resources import files
from typing import Any, TypeVar

import attrs
import pytest

import aigovernance as ag

R = TypeVar("R", bound=ag.Record)

SEED = "source:seed"
HLM = "event:hlm-ai-capacity-building-2024"
BILATERAL_COUNTERPARTS = (
    "bangladesh",
    "eu",
    "slovenia",
    "russia",
    "el-salvador",
    "ukraine",
    "greece",
)


@pytest.fixture(scope="module")
def ds() -> ag.Dataset:
    return ag.datasets.load()


@pytest.fixture(scope="module")
def text(ds: ag.Dataset) -> str:
    source = get(ds, SEED, ag.Source)
    assert source.text is not None
    return source.text


def get(ds: ag.Dataset, id: str, cls: type[R]) -> R:
    record = ds[id]
    assert isinstance(record, cls), f"{id} is a {type(record).__name__}, not a {cls.__name__}"
    return record


def seed_quotes(holder: Any, field: str | None = None) -> list[str]:
    """The quotes of the seed that support ``holder`` (or, given ``field``, that field)."""
    return [
        e.quote
        for e in holder.evidence
        if e.source == SEED
        and e.quote is not None
        and (field is None or not e.fields or field in e.fields)
    ]


def supported(holder: Any, phrase: str, field: str | None = None) -> bool:
    """Whether some seed quote supporting ``holder`` contains ``phrase`` (ignoring case)."""
    return any(phrase.lower() in q.lower() for q in seed_quotes(holder, field))


def all_evidence(value: Any) -> Iterator[ag.Evidence]:
    if isinstance(value, ag.Evidence):
        yield value
    elif isinstance(value, tuple):
        for item in value:
            yield from all_evidence(item)
    elif attrs.has(type(value)):
        for field in attrs.fields(type(value)):
            yield from all_evidence(getattr(value, field.name))


# --- the main meeting -------------------------------------------------------------------


def test_who_co_hosted_the_meeting(ds: ag.Dataset) -> None:
    hlm = get(ds, HLM, ag.Event)
    co_hosts = [p for p in hlm.participations if p.role is ag.Role.CO_HOST]
    names = [get(ds, p.actor, ag.State).name for p in co_hosts]
    assert names == ["China", "Zambia"]
    for participation, name in zip(co_hosts, names, strict=True):
        assert supported(participation, "co-hosted by China and Zambia")
        assert supported(participation, name)


def test_when_and_where_the_meeting_took_place(ds: ag.Dataset) -> None:
    hlm = get(ds, HLM, ag.Event)
    assert hlm.kind is ag.EventKind.HIGH_LEVEL_MEETING
    assert hlm.date == ag.PartialDate(year=2024, month=9, day=25)
    assert hlm.date.precision is ag.Precision.DAY
    assert hlm.timezone == "America/New_York"
    assert hlm.place == ag.Place(name="UN Headquarters", locality="New York", country="USA")
    when = [e.quote for e in hlm.evidence if "date" in e.fields and "timezone" in e.fields]
    assert when == ["On September 25, 2024 local time"]
    assert supported(hlm, "UN Headquarters in New York", "place")
    assert supported(hlm, hlm.title, "title")


def test_what_the_meeting_was_for(ds: ag.Dataset) -> None:
    hlm = get(ds, HLM, ag.Event)
    assert len(hlm.purposes) == 3
    first, second, third = hlm.purposes
    assert first.refers_to == ("instrument:a-res-78-311",)
    assert ag.Theme.DIGITAL_DIVIDE in second.themes
    assert ag.Theme.GLOBAL_SOUTH in third.themes
    for purpose in hlm.purposes:
        assert supported(purpose, purpose.text), purpose.text


def test_who_attended_and_in_what_capacity(ds: ag.Dataset) -> None:
    hlm = get(ds, HLM, ag.Event)
    by_actor = {p.actor: p for p in hlm.participations}
    vucic = by_actor["person:aleksandar-vucic"]
    assert get(ds, "person:aleksandar-vucic", ag.Person).name == "Aleksandar Vučić"
    assert [get(ds, c, ag.Post).title for c in vucic.capacities] == ["President"]
    assert vucic.on_behalf_of == "state:SRB"
    assert supported(vucic, "Serbian President Aleksandar Vučić")

    luhut = by_actor["person:luhut-binsar-pandjaitan"]
    assert [get(ds, c, ag.Post).title for c in luhut.capacities] == ["Coordinating Minister"]
    assert luhut.on_behalf_of == "state:IDN"
    assert supported(luhut, "Indonesian Coordinating Minister Luhut Binsar Pandjaitan")

    wang = by_actor["person:wang-yi"]
    assert wang.capacities == ("post:china-foreign-minister",)
    assert wang.on_behalf_of == "state:CHN"
    assert supported(wang, "Foreign Minister Wang Yi attended")


def test_how_many_others_attended(ds: ag.Dataset) -> None:
    group = get(ds, "group:hlm-high-level-representatives", ag.Group)
    assert group.size is not None
    assert group.size.value == 80
    assert group.size.qualifier is ag.Qualifier.MORE_THAN
    assert group.size.bounds == (81, None)
    assert group.size.text == "more than 80"
    assert supported(group, f"{group.size.text} countries and international organizations")
    hlm = get(ds, HLM, ag.Event)
    assert group.id in {p.actor for p in hlm.participations if p.role is ag.Role.ATTENDEE}


def test_which_posts_wang_yi_held(ds: ag.Dataset) -> None:
    posts = [p for p in ds.of_type(ag.Post) if p.holder == "person:wang-yi"]
    assert {p.id for p in posts} == {"post:cpc-politburo-member", "post:china-foreign-minister"}
    for post in posts:
        assert supported(post, post.title), post.title
    politburo = get(ds, "post:cpc-politburo-member", ag.Post)
    organ = get(ds, politburo.organization, ag.Organization)
    assert organ.kind is ag.OrganizationKind.PARTY_ORGAN
    assert get(ds, "post:china-foreign-minister", ag.Post).organization == "state:CHN"


# --- what Wang Yi said --------------------------------------------------------------------


def test_how_wang_yi_spoke(ds: ag.Dataset) -> None:
    statements = list(ds.statements_by("person:wang-yi"))
    assert all(s.speakers == ("person:wang-yi",) for s in statements)
    acts = [s.speech_act for s in statements]
    assert acts == [
        ag.SpeechAct.SAID,
        ag.SpeechAct.POINTED_OUT,
        ag.SpeechAct.STRESSED,
        ag.SpeechAct.ANNOUNCED,
    ]
    for statement in statements:
        assert statement.event == HLM
        verb = statement.speech_act.value.replace("-", " ")
        assert supported(statement, f"Wang Yi {verb}", "speech_act"), verb


def test_what_china_commits_to(ds: ag.Dataset) -> None:
    said = get(ds, "statement:wang-yi-hlm-2024-commitments", ag.Statement)
    commitments = [get(ds, c, ag.Commitment) for c in said.commitments]
    assert len(commitments) == 3
    assert all(c.actors == ("state:CHN",) for c in commitments)
    expected = [
        ("China is committed to developing AI for the benefit of the people", ag.Theme.WELL_BEING),
        ("China will adhere to the development of safe and controllable AI", ag.Theme.SAFETY),
        (
            "China will also commit to the development of green and low-carbon AI",
            ag.Theme.SUSTAINABILITY,
        ),
    ]
    for commitment, (phrase, theme) in zip(commitments, expected, strict=True):
        assert supported(commitment, phrase), phrase
        assert theme in commitment.themes
    assert ag.Theme.HUMAN_OVERSIGHT in commitments[1].themes
    assert supported(commitments[1], "remains under human control")


def test_how_wang_yi_sees_ai(ds: ag.Dataset) -> None:
    statement = get(ds, "statement:wang-yi-hlm-2024-governance-principles", ag.Statement)
    assert "both a major opportunity and a major global challenge" in statement.summary
    assert supported(statement, "AI is both a major opportunity and a major global challenge")


def test_who_proposed_the_global_ai_governance_initiative(ds: ag.Dataset) -> None:
    statement = get(ds, "statement:wang-yi-hlm-2024-governance-principles", ag.Statement)
    assert "instrument:global-ai-governance-initiative" in statement.refers_to
    initiative = get(ds, "instrument:global-ai-governance-initiative", ag.Instrument)
    assert initiative.kind is ag.InstrumentKind.INITIATIVE
    assert initiative.proposers == ("person:xi-jinping",)
    assert get(ds, "person:xi-jinping", ag.Person).name == "Xi Jinping"
    assert supported(initiative, "put forward by President Xi Jinping")
    # The seed words the name differently; the usual title and the date come from elsewhere.
    title_sources = {e.source for e in initiative.evidence if "title" in e.fields}
    assert title_sources
    assert SEED not in title_sources
    assert initiative.date == ag.PartialDate(year=2023, month=10, day=18)


def test_which_principles_in_which_order(ds: ag.Dataset) -> None:
    statement = get(ds, "statement:wang-yi-hlm-2024-governance-principles", ag.Statement)
    assert statement.principles == ("principle-set:china-ai-global-governance-2024",)
    pset = get(ds, "principle-set:china-ai-global-governance-2024", ag.PrincipleSet)
    assert pset.proposers == ("state:CHN",)
    assert [(p.ordinal, p.title) for p in pset.principles] == [
        (1, "Adopt a comprehensive and balanced approach"),
        (2, "Uphold fairness and inclusiveness"),
        (3, "Stick to multilateralism"),
    ]
    for principle, ordinal_word in zip(pset.principles, ("First", "Second", "Third"), strict=True):
        assert supported(principle, f"{ordinal_word}, {principle.title}", "title")
        assert principle.themes
    assert supported(pset, "should follow several principles")


def test_which_aspects_the_first_principle_names(ds: ag.Dataset) -> None:
    pset = get(ds, "principle-set:china-ai-global-governance-2024", ag.PrincipleSet)
    first = pset.principles[0]
    assert first.aspects == (
        "ethical values",
        "security governance",
        "standards and norms",
        "capacity building",
        "institutional mechanisms",
    )
    (quote,) = seed_quotes(first, "aspects")
    positions = [quote.index(aspect) for aspect in first.aspects]
    assert positions == sorted(positions), "aspects are in the order the seed gives them"
    assert not pset.principles[1].aspects


def test_the_call_to_help_each_other(ds: ag.Dataset) -> None:
    stressed = get(ds, "statement:wang-yi-hlm-2024-mutual-help", ag.Statement)
    calls = [get(ds, c, ag.Commitment) for c in stressed.commitments]
    assert calls
    assert all(c.modality is ag.Modality.CALLS_ON for c in calls)
    help_each_other = get(ds, "commitment:countries-help-each-other", ag.Commitment)
    assert help_each_other in calls
    assert supported(help_each_other, "countries should help each other")
    assert supported(help_each_other, "no country is left behind")


# --- instruments --------------------------------------------------------------------------


def test_how_many_visions_and_actions_are_declared_and_known(ds: ag.Dataset) -> None:
    plan = get(ds, "instrument:ai-capacity-building-action-plan", ag.Instrument)
    assert plan.kind is ag.InstrumentKind.ACTION_PLAN
    sections = {s.name: s for s in plan.sections}
    visions, actions = sections["visions"], sections["actions"]
    assert (visions.declared_size, visions.known) == (5, 2)
    assert (actions.declared_size, actions.known) == (10, 6)
    assert supported(visions, "five major visions")
    assert supported(actions, "ten actions")
    # The items the seed does not list come from other sources, never from the seed.
    for item in (*visions.items, *actions.items):
        assert item.evidence
        assert all(e.source != SEED for e in item.evidence)
    assert [i.ordinal for i in visions.items] == [1, 2]
    assert all(i.ordinal is None for i in actions.items)


def test_the_plan_s_chinese_title(ds: ag.Dataset) -> None:
    plan = get(ds, "instrument:ai-capacity-building-action-plan", ag.Instrument)
    assert plan.translations == (ag.Translation(lang="zh", text="人工智能能力建设普惠计划"),)
    assert supported(plan, f"China's {plan.title}")
    translation_sources = {e.source for e in plan.evidence if "translations" in e.fields}
    assert translation_sources == {"source:mfa-action-plan-2024"}
    announced = get(ds, "statement:wang-yi-hlm-2024-action-plan", ag.Statement)
    assert announced.refers_to == (plan.id,)


def test_the_resolution_the_meeting_implements(ds: ag.Dataset, text: str) -> None:
    resolution = get(ds, "instrument:a-res-78-311", ag.Instrument)
    assert resolution.symbol == "A/RES/78/311"
    assert resolution.date == ag.PartialDate(year=2024, month=7, day=1)
    assert resolution.issuers == ("organization:un-general-assembly",)
    assert supported(resolution, "the resolution adopted by the UN General Assembly")
    # The seed names no symbol: it must be supported by another source, without a span.
    assert "A/RES/78/311" not in text
    symbol_evidence = [e for e in resolution.evidence if "symbol" in e.fields]
    assert symbol_evidence
    assert all(e.source != SEED and e.quote is None for e in symbol_evidence)


# --- the other meetings of the day --------------------------------------------------------


def test_which_meetings_happened_the_same_day(ds: ag.Dataset) -> None:
    day = ag.PartialDate(year=2024, month=9, day=25)
    same_day = {e.id for e in ds.of_type(ag.Event) if e.date == day}
    assert same_day == {HLM, "event:g20-fmm-2024", "event:unsc-leadership-for-peace-2024"}
    for id in same_day - {HLM}:
        assert supported(ds[id], "On the same day", "date")
    # The bilateral meetings may have been that day too, but the seed does not say so.
    maybe = {
        e.id
        for e in ds.of_type(ag.Event)
        if e.date is not None and e.date.overlaps(day) and e.id not in same_day
    }
    assert maybe == {f"event:bilateral-{c}-2024" for c in BILATERAL_COUNTERPARTS}


def test_the_g20_and_security_council_meetings(ds: ag.Dataset) -> None:
    g20 = get(ds, "event:g20-fmm-2024", ag.Event)
    assert g20.kind is ag.EventKind.MINISTERIAL_MEETING
    assert supported(g20, g20.title, "title")
    unsc = get(ds, "event:unsc-leadership-for-peace-2024", ag.Event)
    assert unsc.kind is ag.EventKind.SECURITY_COUNCIL_MEETING
    assert supported(unsc, '"Leadership for Peace"', "title")
    assert unsc.title.startswith("Leadership for peace")
    for event in (g20, unsc):
        wang = [p for p in event.participations if p.actor == "person:wang-yi"]
        assert len(wang) == 1
        assert supported(wang[0], "Wang Yi also attended")


def test_the_seven_bilateral_meetings(ds: ag.Dataset) -> None:
    bilaterals = [e for e in ds.of_type(ag.Event) if e.kind is ag.EventKind.BILATERAL_MEETING]
    assert [e.id for e in bilaterals] == [
        f"event:bilateral-{c}-2024" for c in BILATERAL_COUNTERPARTS
    ]
    for event in bilaterals:
        sides = {p.side for p in event.participations}
        assert len(sides) == 2
        assert "state:CHN" in sides
        assert supported(event, "He held bilateral meetings separately with")
    eu = get(ds, "event:bilateral-eu-2024", ag.Event)
    assert {p.side for p in eu.participations} == {"state:CHN", "organization:eu"}


def test_which_counterparts_are_known_only_by_role(ds: ag.Dataset) -> None:
    counterparts = [
        p
        for e in ds.of_type(ag.Event)
        if e.kind is ag.EventKind.BILATERAL_MEETING
        for p in e.participations
        if p.actor != "person:wang-yi"
    ]
    people = [get(ds, p.actor, ag.Person) for p in counterparts]
    assert all(person.name is None for person in people)
    descriptions = [person.description for person in people]
    assert descriptions == [
        "the leader of the interim government of Bangladesh",
        "the High Representative of the European Union for Foreign Affairs and Security Policy",
        "the Deputy Prime Minister and Foreign Minister of Slovenia",
        "the foreign minister of Russia",
        "the foreign minister of El Salvador",
        "the foreign minister of Ukraine",
        "the foreign minister of Greece",
    ]
    for participation, person in zip(counterparts, people, strict=True):
        assert participation.capacities
        for capacity in participation.capacities:
            post = get(ds, capacity, ag.Post)
            assert post.holder == person.id
            assert post.organization == participation.on_behalf_of
        place = (person.description or "").rsplit(" of ", 1)[1]
        assert supported(participation, place)
        assert supported(person, place)


# --- evidence -----------------------------------------------------------------------------


def test_every_character_of_the_seed_is_covered_by_evidence(ds: ag.Dataset, text: str) -> None:
    covered = bytearray(len(text))
    for evidence in all_evidence(ds.records):
        if evidence.source == SEED and evidence.start is not None and evidence.end is not None:
            covered[evidence.start : evidence.end] = b"\1" * (evidence.end - evidence.start)
    missing = [i for i, c in enumerate(text) if not c.isspace() and not covered[i]]
    assert not missing, f"not covered: {text[missing[0] : missing[0] + 40]!r}"


def test_every_sentence_of_the_seed_is_covered_by_evidence(ds: ag.Dataset, text: str) -> None:
    spans = [
        (e.start, e.end)
        for e in all_evidence(ds.records)
        if e.source == SEED and e.start is not None and e.end is not None
    ]
    sentences = list(re.finditer(r"[^\s].*?[.!?]\"?(?=\s|$)", text))
    assert len(sentences) == 19
    for sentence in sentences:
        assert any(s < sentence.end() and sentence.start() < e for s, e in spans), sentence[0]


def test_every_quote_is_the_text_at_its_span(ds: ag.Dataset, text: str) -> None:
    spans = [e for e in all_evidence(ds.records) if e.source == SEED]
    assert len(spans) > 100
    for evidence in spans:
        assert evidence.start is not None
        assert evidence.end is not None
        assert text[evidence.start : evidence.end] == evidence.quote


def test_every_record_has_evidence(ds: ag.Dataset) -> None:
    assert [r.id for r in ds.records if not r.evidence] == []


def test_facts_from_elsewhere_cite_their_own_sources(ds: ag.Dataset) -> None:
    others = [s for s in ds.sources if s.id != SEED]
    assert others
    assert all(s.text is None for s in others)
    cited = {e.source for e in all_evidence(ds.records)}
    assert {s.id for s in others} <= cited, "every source is cited by some evidence"
    for evidence in all_evidence(ds.records):
        if evidence.source != SEED:
            assert evidence.start is None
            assert evidence.quote is None


def test_wikidata_ids_are_cited_at_medium_confidence(ds: ag.Dataset) -> None:
    with_qid = {
        r.id: [i.value for i in r.identifiers if i.scheme == "wikidata"]
        for r in ds.records
        if any(i.scheme == "wikidata" for i in r.identifiers)
    }
    assert with_qid["state:CHN"] == ["Q148"]
    assert with_qid["state:ZMB"] == ["Q953"]
    assert with_qid["organization:un-security-council"] == ["Q37470"]
    for id in with_qid:
        support = [e for e in ds[id].evidence if "identifiers" in e.fields]
        assert support
        assert all(e.confidence is ag.Confidence.MEDIUM for e in support)
        assert all(e.source != SEED for e in support)
    assert not get(ds, "person:wang-yi", ag.Person).identifiers


def test_the_seed_source_is_the_packaged_text_byte_for_byte(ds: ag.Dataset, text: str) -> None:
    packaged = files("aigovernance.datasets").joinpath("seed.txt").read_bytes()
    assert text.encode("utf-8") == packaged
    source = get(ds, SEED, ag.Source)
    assert source.language == "en"
    assert source.sha256 is not None
    assert len(source.sha256) == 64
    assert source.url is not None
    assert source.url.startswith("https://www.fmprc.gov.cn/eng/")


def test_the_slovenian_counterpart_held_two_posts(ds: ag.Dataset) -> None:
    person = "person:slovenia-foreign-minister"
    posts = ds.posts_of(person)
    assert [p.title for p in posts] == ["Deputy Prime Minister", "Foreign Minister"]
    assert [p.kind for p in posts] == [
        ag.PostKind.DEPUTY_HEAD_OF_GOVERNMENT,
        ag.PostKind.MINISTER_OF_FOREIGN_AFFAIRS,
    ]
    bilateral = get(ds, "event:bilateral-slovenia-2024", ag.Event)
    (participation,) = (p for p in bilateral.participations if p.actor == person)
    assert participation.capacities == tuple(p.id for p in posts)
    assert supported(participation, "the Deputy Prime Minister and Foreign Minister of Slovenia")


def test_xi_jinping_is_recorded_as_president(ds: ag.Dataset) -> None:
    (post,) = ds.posts_of("person:xi-jinping")
    assert (post.title, post.kind, post.organization) == (
        "President",
        ag.PostKind.HEAD_OF_STATE,
        "state:CHN",
    )
    assert supported(post, "President Xi Jinping")


def test_posts_are_classified(ds: ag.Dataset) -> None:
    posts = ds.of_type(ag.Post)
    kinds = {p.id: p.kind for p in posts}
    assert kinds["post:china-foreign-minister"] is ag.PostKind.MINISTER_OF_FOREIGN_AFFAIRS
    assert kinds["post:serbia-president"] is ag.PostKind.HEAD_OF_STATE
    assert kinds["post:slovenia-prime-minister"] is ag.PostKind.HEAD_OF_GOVERNMENT
    assert ag.POST_KIND_WIKIDATA[ag.PostKind.HEAD_OF_STATE] == "Q48352"


def test_the_third_principle_names_the_united_nations(ds: ag.Dataset) -> None:
    principles = get(ds, "principle-set:china-ai-global-governance-2024", ag.PrincipleSet)
    third = principles.principles[2]
    assert third.refers_to == ("organization:un",)
    assert supported(third, "within the framework of the United Nations", "refers_to")
    assert get(ds, "organization:un", ag.Organization).name == "United Nations"


def test_the_initiative_keeps_the_readout_s_title(ds: ag.Dataset) -> None:
    initiative = get(ds, "instrument:global-ai-governance-initiative", ag.Instrument)
    assert initiative.title == "Global AI Governance Initiative"
    assert initiative.aliases == ("Global Initiative for Artificial Intelligence Governance",)
    assert supported(initiative, initiative.aliases[0], "aliases")


def test_the_resolution_s_co_sponsors_are_counted_by_their_own_source(ds: ag.Dataset) -> None:
    resolution = get(ds, "instrument:a-res-78-311", ag.Instrument)
    assert resolution.cosponsor_count == ag.Quantity(value=143, unit="co-sponsors")
    (evidence,) = (e for e in resolution.evidence if "cosponsor_count" in e.fields)
    source = get(ds, evidence.source, ag.Source)
    assert source.title == "Promoting Development for All and Bridging the AI Divide"
    assert evidence.start is None  # the remarks' text is not reproduced


def test_the_oecd_recommendation_was_revised_in_2024() -> None:
    reference = ag.datasets.load("reference-principles")
    oecd = get(reference, "instrument:oecd-legal-0449", ag.Instrument)
    assert oecd.date == ag.PartialDate(year=2019, month=5, day=22)
    assert oecd.revision_dates == (ag.PartialDate(year=2024, month=5),)
    assert {e.source for e in oecd.evidence} == {"source:oecd-legal-0449"}


def test_a_statement_s_themes_include_its_commitments(ds: ag.Dataset) -> None:
    for statement in ds.of_type(ag.Statement):
        for commitment_id in statement.commitments:
            commitment = get(ds, commitment_id, ag.Commitment)
            missing = set(commitment.themes) - set(statement.themes)
            assert not missing, (statement.id, commitment_id, missing)
