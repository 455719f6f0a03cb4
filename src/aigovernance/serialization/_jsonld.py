"""schema.org JSON-LD of a dataset, with an inline context so that it expands offline.

The mapping onto `schema.org <https://schema.org/>`_, chosen so that every property's
value is of a type in that property's schema.org range and every node's type is in the
property's domain (a test checks this against schema.org's own definitions):

==================  ==================================================================
model               schema.org
==================  ==================================================================
Dataset             ``Dataset`` (``name``, ``version``, ``description``); its records
                    are what it is ``about``, its sources what it ``isBasedOn``
Source              ``CreativeWork`` (``name``, ``publisher``, ``url``,
                    ``datePublished``, ``inLanguage``, ``text``)
Person              ``Person``
State               ``Country`` and ``GovernmentOrganization``: a place that also acts,
                    so that it can organize, attend, author and sponsor
Organization        ``Organization`` (``alternateName``, ``parentOrganization``)
Group               ``Organization`` and ``ag:Group`` (``member``, ``ag:size``)
Post                ``OrganizationRole`` and ``ag:Post`` (``namedPosition``,
                    ``startDate``, ``ag:organization``, ``ag:holder``)
Event               ``Event`` (``name``, ``startDate``, ``endDate``, ``location``,
                    ``superEvent``, ``organizer``, ``attendee``)
Participation       ``Role`` between the event and the actor (schema.org's pattern for
                    a property qualified by a role): a host or co-host is the event's
                    ``organizer``, everyone else an ``attendee``; ``roleName`` says which
Statement           ``Claim`` (``author``, ``text``, ``recordedAt``, ``mentions``)
PrincipleSet        ``CreativeWork``, its principles ``hasPart`` with a ``position``
Commitment          ``CreativeWork`` and ``ag:Commitment`` (``author``, ``text``)
Purpose             ``CreativeWork`` and ``ag:Purpose`` (``description``, ``mentions``)
Instrument          ``Legislation`` for resolutions, presidential statements,
                    declarations, recommendations and compacts; ``CreativeWork``
                    for initiatives, action plans and others
Identifier          ``identifier`` as a ``PropertyValue``; Wikidata items and URLs
                    also as ``sameAs``
Translation         ``alternateName`` with a language tag; a record's ``aliases``
                    are ``alternateName`` without one
Theme               ``about`` a ``DefinedTerm`` whose ``termCode`` is the theme
PartialDate         ``xsd:gYear``, ``xsd:gYearMonth`` or ``xsd:date`` by precision
==================  ==================================================================

What schema.org has no term for is kept under the library's own vocabulary, prefix
``ag`` (``ag:kind``, ``ag:evidence``, ``ag:modality``, ...), so nothing is left out; the
documentation defines each term at the address the prefix stands for.

A record's IRI is the base IRI, its type and its name (``.../id/person/wang-yi`` for
``person:wang-yi``): the same record has the same IRI in every dataset that holds it,
so the graphs of two datasets merge on it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, Final

from aigovernance._values import Evidence, Identifier, PartialDate, Quantity, Translation
from aigovernance._vocabulary import InstrumentKind, Precision, Role, Theme
from aigovernance.model import (
    Commitment,
    Dataset,
    Event,
    Group,
    Instrument,
    Organization,
    Participation,
    Person,
    Place,
    Post,
    Principle,
    PrincipleSet,
    Record,
    Section,
    SectionItem,
    Source,
    State,
    Statement,
)

__all__ = ["AG_VOCABULARY", "CONTEXT", "RECORD_BASE", "to_jsonld"]

AG_VOCABULARY: Final = "https://aigovernance.readthedocs.io/en/stable/reference/vocabulary-ld.html#"
"""The namespace of the terms schema.org lacks, prefix ``ag``: the page that defines them."""

RECORD_BASE: Final = "https://aigovernance.readthedocs.io/id/"
"""The base of the records' IRIs: ``<base><type>/<name>``, and ``<base>dataset/<id>``."""

CONTEXT: Final[dict[str, Any]] = {
    "@vocab": "https://schema.org/",
    "ag": AG_VOCABULARY,
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
"""The inline JSON-LD context of every document :func:`to_jsonld` makes."""

_WIKIDATA: Final = "http://www.wikidata.org/entity/"
_DATE_TYPES: Final = {
    Precision.YEAR: "xsd:gYear",
    Precision.MONTH: "xsd:gYearMonth",
    Precision.DAY: "xsd:date",
}
_LEGISLATION: Final = frozenset(
    {
        InstrumentKind.RESOLUTION,
        InstrumentKind.PRESIDENTIAL_STATEMENT,
        InstrumentKind.DECLARATION,
        InstrumentKind.RECOMMENDATION,
        InstrumentKind.COMPACT,
    }
)
_ORGANIZERS: Final = frozenset({Role.HOST, Role.CO_HOST})

Node = dict[str, Any]


def to_jsonld(dataset: Dataset, *, base: str = RECORD_BASE) -> dict[str, Any]:
    """The dataset as schema.org JSON-LD, with an inline ``@context``.

    The document is one ``@graph``: the dataset node first, then its sources and
    records in order. It expands without fetching anything, so any JSON-LD processor
    (pyld, rdflib) reads it offline. The same dataset gives the same document. Records'
    IRIs are ``base`` followed by the record's type and name, the same in any dataset;
    pass another ``base`` to mint them in a namespace of your own.

    >>> import aigovernance as ag
    >>> ds = ag.Dataset(id="example", title="Example", version="1",
    ...     records=(ag.State(id="state:ZMB", name="Zambia", code="ZMB"),))
    >>> doc = ag.to_jsonld(ds)
    >>> doc["@graph"][1]["@type"], doc["@graph"][1]["@id"]
    (['Country', 'GovernmentOrganization'], 'https://aigovernance.readthedocs.io/id/state/ZMB')
    """
    mapper = _Mapper(base)
    head: Node = {
        "@id": f"{base}dataset/{dataset.id}",
        "@type": "Dataset",
        "identifier": dataset.id,
        "name": dataset.title,
        "version": dataset.version,
        "ag:schemaVersion": dataset.schema_version,
    }
    if dataset.description is not None:
        head["description"] = dataset.description
    _put(head, "isBasedOn", mapper.refs(item.id for item in dataset.sources))
    _put(head, "about", mapper.refs(item.id for item in dataset.records))
    graph = [head, *(mapper.record(item) for item in (*dataset.sources, *dataset.records))]
    return {"@context": dict(CONTEXT), "@graph": graph}


def _date(value: PartialDate) -> Node:
    return {"@value": value.isoformat(), "@type": _DATE_TYPES[value.precision]}


def _names(translations: Iterable[Translation]) -> list[Node]:
    return [{"@value": t.text, "@language": t.lang} for t in translations]


def _themes(themes: Iterable[Theme]) -> list[Node]:
    return [{"@type": "DefinedTerm", "termCode": theme.value} for theme in themes]


def _identifier(identifier: Identifier) -> Node:
    return {"@type": "PropertyValue", "propertyID": identifier.scheme, "value": identifier.value}


def _same_as(identifier: Identifier) -> Node | None:
    if identifier.scheme == "wikidata":
        return {"@id": _WIKIDATA + identifier.value}
    if identifier.scheme == "url":
        return {"@id": identifier.value}
    return None


def _quantity(size: Quantity) -> Node:
    lower, upper = size.bounds
    node: Node = {"@type": "QuantitativeValue", "value": size.value}
    node["ag:qualifier"] = size.qualifier.value
    if lower is not None:
        node["minValue"] = lower
    if upper is not None:
        node["maxValue"] = upper
    if size.lower is not None:
        node["ag:lower"] = size.lower
    if size.upper is not None:
        node["ag:upper"] = size.upper
    if size.text is not None:
        node["description"] = size.text
    if size.unit is not None:
        node["unitText"] = size.unit
    return node


def _put(node: Node, key: str, value: Any) -> None:
    """Set ``key`` unless the value is absent (``None`` or an empty list)."""
    if value is None or value == []:
        return
    node[key] = value


class _Mapper:
    """Maps records onto nodes; knows the dataset's id for the records' IRIs."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.by_type: dict[type, Callable[[Any, Node], str | list[str]]] = {
            Source: self.source,
            Person: self.person,
            State: self.state,
            Organization: self.organization,
            Group: self.group,
            Post: self.post,
            Event: self.event,
            Statement: self.statement,
            PrincipleSet: self.principle_set,
            Commitment: self.commitment,
            Instrument: self.instrument,
        }

    def iri(self, id: str) -> str:
        tag, _, name = id.partition(":")
        return f"{self.base}{tag}/{name}"

    def ref(self, id: str) -> Node:
        return {"@id": self.iri(id)}

    def refs(self, ids: Iterable[str]) -> list[Node]:
        return [self.ref(id) for id in ids]

    def evidence(self, items: Iterable[Evidence]) -> list[Node]:
        nodes = []
        for item in items:
            node: Node = {"@type": "ag:Evidence", "ag:source": self.ref(item.source)}
            _put(node, "ag:start", item.start)
            _put(node, "ag:end", item.end)
            _put(node, "ag:quote", item.quote)
            _put(node, "ag:prefix", item.prefix)
            _put(node, "ag:suffix", item.suffix)
            node["ag:confidence"] = item.confidence.value
            _put(node, "ag:fields", list(item.fields))
            nodes.append(node)
        return nodes

    def record(self, record: Record) -> Node:
        node: Node = {"@id": self.iri(record.id), "@type": ""}
        node["@type"] = self.by_type[type(record)](record, node)
        if record.aliases:
            node["alternateName"] = [*record.aliases, *node.get("alternateName", ())]
        _put(node, "identifier", [_identifier(i) for i in record.identifiers])
        same = [s for s in map(_same_as, record.identifiers) if s is not None]
        _put(node, "sameAs", same)
        _put(node, "ag:evidence", self.evidence(record.evidence))
        return node

    def source(self, source: Source, node: Node) -> str:
        node["name"] = source.title
        if source.publisher is not None:
            node["publisher"] = {"@type": "Organization", "name": source.publisher}
        _put(node, "url", None if source.url is None else {"@id": source.url})
        _put(node, "datePublished", None if source.published is None else _date(source.published))
        _put(node, "inLanguage", source.language)
        _put(node, "text", source.text)
        _put(node, "ag:sha256", source.sha256)
        return "CreativeWork"

    def person(self, person: Person, node: Node) -> str:
        _put(node, "name", person.name)
        _put(node, "description", person.description)
        _put(node, "alternateName", _names(person.translations))
        return "Person"

    def state(self, state: State, node: Node) -> list[str]:
        node["name"] = state.name
        node["ag:code"] = state.code
        _put(node, "alternateName", _names(state.translations))
        return ["Country", "GovernmentOrganization"]

    def organization(self, organization: Organization, node: Node) -> str:
        node["name"] = organization.name
        node["ag:kind"] = organization.kind.value
        alternate: list[Any] = (
            [] if organization.abbreviation is None else [organization.abbreviation]
        )
        _put(node, "alternateName", alternate + _names(organization.translations))
        parent = organization.parent
        if parent is not None:
            key = "parentOrganization" if parent.startswith("organization:") else "ag:parent"
            node[key] = self.ref(parent)
        return "Organization"

    def group(self, group: Group, node: Node) -> list[str]:
        node["name"] = group.name
        _put(node, "ag:size", None if group.size is None else _quantity(group.size))
        _put(node, "member", self.refs(group.members))
        return ["Organization", "ag:Group"]

    def post(self, post: Post, node: Node) -> list[str]:
        node["name"] = post.title
        node["namedPosition"] = post.title
        _put(node, "ag:kind", None if post.kind is None else post.kind.value)
        node["ag:organization"] = self.ref(post.organization)
        _put(node, "ag:holder", None if post.holder is None else self.ref(post.holder))
        _put(node, "startDate", None if post.start is None else _date(post.start))
        _put(node, "endDate", None if post.end is None else _date(post.end))
        return ["OrganizationRole", "ag:Post"]

    def place(self, place: Place) -> Node:
        node: Node = {"@type": "Place"}
        _put(node, "name", place.name)
        if place.locality is not None or place.country is not None:
            address: Node = {"@type": "PostalAddress"}
            _put(address, "addressLocality", place.locality)
            _put(address, "addressCountry", place.country)
            node["address"] = address
        _put(node, "identifier", [_identifier(i) for i in place.identifiers])
        _put(node, "sameAs", [s for s in map(_same_as, place.identifiers) if s is not None])
        return node

    def participation(self, participation: Participation) -> tuple[str, Node]:
        key = "organizer" if participation.role in _ORGANIZERS else "attendee"
        node: Node = {
            "@type": "Role",
            "roleName": participation.role.value,
            key: self.ref(participation.actor),
        }
        if participation.capacities:
            # In the order the source gives them: an RDF list.
            node["ag:capacities"] = {"@list": [self.ref(c) for c in participation.capacities]}
        if participation.on_behalf_of is not None:
            node["ag:onBehalfOf"] = self.ref(participation.on_behalf_of)
        _put(node, "ag:evidence", self.evidence(participation.evidence))
        return key, node

    def event(self, event: Event, node: Node) -> str:
        node["name"] = event.title
        node["ag:kind"] = event.kind.value
        _put(node, "startDate", None if event.date is None else _date(event.date))
        _put(node, "endDate", None if event.end_date is None else _date(event.end_date))
        _put(node, "ag:timezone", event.timezone)
        _put(node, "location", None if event.place is None else self.place(event.place))
        _put(node, "superEvent", None if event.parent is None else self.ref(event.parent))
        roles: dict[str, list[Node]] = {"organizer": [], "attendee": []}
        for participation in event.participations:
            key, role = self.participation(participation)
            roles[key].append(role)
        _put(node, "organizer", roles["organizer"])
        _put(node, "attendee", roles["attendee"])
        purposes = []
        for purpose in event.purposes:
            aim: Node = {"@type": ["CreativeWork", "ag:Purpose"], "description": purpose.text}
            _put(aim, "about", _themes(purpose.themes))
            _put(aim, "mentions", self.refs(purpose.refers_to))
            _put(aim, "ag:evidence", self.evidence(purpose.evidence))
            purposes.append(aim)
        _put(node, "ag:purpose", purposes)
        _put(node, "about", _themes(event.themes))
        _put(node, "alternateName", _names(event.translations))
        return "Event"

    def statement(self, statement: Statement, node: Node) -> str:
        node["author"] = self.refs(statement.speakers)
        node["ag:speechAct"] = statement.speech_act.value
        node["text"] = statement.summary
        _put(node, "recordedAt", None if statement.event is None else self.ref(statement.event))
        _put(node, "dateCreated", None if statement.date is None else _date(statement.date))
        _put(node, "ag:principles", self.refs(statement.principles))
        _put(node, "ag:commitments", self.refs(statement.commitments))
        _put(node, "mentions", self.refs(statement.refers_to))
        _put(node, "about", _themes(statement.themes))
        return "Claim"

    def principle(self, principle: Principle) -> Node:
        node: Node = {
            "@type": "CreativeWork",
            "position": principle.ordinal,
            "name": principle.title,
        }
        _put(node, "description", principle.description)
        if principle.aspects:
            node["ag:aspects"] = {"@list": list(principle.aspects)}
        _put(node, "about", _themes(principle.themes))
        _put(node, "mentions", self.refs(principle.refers_to))
        _put(node, "ag:evidence", self.evidence(principle.evidence))
        return node

    def principle_set(self, principles: PrincipleSet, node: Node) -> list[str]:
        node["name"] = principles.title
        _put(node, "creator", self.refs(principles.proposers))
        instrument = principles.instrument
        _put(node, "isPartOf", None if instrument is None else self.ref(instrument))
        _put(node, "hasPart", [self.principle(p) for p in principles.principles])
        return ["CreativeWork", "ag:PrincipleSet"]

    def commitment(self, commitment: Commitment, node: Node) -> list[str]:
        node["author"] = self.refs(commitment.actors)
        node["ag:modality"] = commitment.modality.value
        node["text"] = commitment.text
        _put(node, "about", _themes(commitment.themes))
        return ["CreativeWork", "ag:Commitment"]

    def section(self, section: Section) -> Node:
        node: Node = {"@type": ["CreativeWork", "ag:Section"], "name": section.name}
        _put(node, "ag:declaredSize", section.declared_size)
        _put(node, "hasPart", [self.section_item(item) for item in section.items])
        _put(node, "ag:evidence", self.evidence(section.evidence))
        return node

    def section_item(self, item: SectionItem) -> Node:
        node: Node = {"@type": "CreativeWork", "name": item.title}
        _put(node, "position", item.ordinal)
        _put(node, "description", item.description)
        _put(node, "alternateName", _names(item.translations))
        _put(node, "ag:evidence", self.evidence(item.evidence))
        return node

    def instrument(self, instrument: Instrument, node: Node) -> list[str]:
        legislation = instrument.kind in _LEGISLATION
        node["name"] = instrument.title
        node["ag:kind"] = instrument.kind.value
        symbol_key = "legislationIdentifier" if legislation else "ag:symbol"
        _put(node, symbol_key, instrument.symbol)
        date = None if instrument.date is None else _date(instrument.date)
        _put(node, "legislationDate" if legislation else "dateCreated", date)
        _put(node, "ag:revisionDate", [_date(d) for d in instrument.revision_dates])
        _put(node, "ag:event", None if instrument.event is None else self.ref(instrument.event))
        issuers = self.refs(instrument.issuers)
        _put(node, "legislationPassedBy" if legislation else "publisher", issuers)
        _put(node, "sponsor", self.refs(instrument.proposers))
        count = instrument.cosponsor_count
        _put(node, "ag:cosponsorCount", None if count is None else _quantity(count))
        _put(node, "hasPart", [self.section(s) for s in instrument.sections])
        _put(node, "citation", self.refs(instrument.cites))
        _put(node, "about", _themes(instrument.themes))
        _put(node, "alternateName", _names(instrument.translations))
        return ["Legislation" if legislation else "CreativeWork", "ag:Instrument"]
