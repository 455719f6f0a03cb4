"""JSON-LD: schema.org terms, expanded offline by pyld and parsed by rdflib."""

from __future__ import annotations

import json
from typing import Any

import pytest
import rdflib
from pyld import jsonld

import aigovernance as ag

SDO = "https://schema.org/"


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
    prefix = "urn:aigovernance:sample:"
    types = _types(list(nodes.values()))
    for name in ("Role", "Claim", "Legislation", "CreativeWork", "Organization", "Place"):
        assert SDO + name in types
    wang = nodes[prefix + "person:wang-yi"]
    assert wang[SDO + "sameAs"] == [{"@id": "http://www.wikidata.org/entity/Q1131371"}]
    event = nodes[prefix + "event:hlm"]
    assert event[SDO + "startDate"] == [
        {"@value": "2024-09-25", "@type": "http://www.w3.org/2001/XMLSchema#date"}
    ]
    plan = nodes[prefix + "instrument:plan"]
    # Language tags are case-insensitive; pyld writes them in lower case.
    assert {"@value": "人工智能能力建设普惠计划", "@language": "zh-hans"} in plan[
        SDO + "alternateName"
    ]


# rdflib's JSON-LD parser uses its own deprecated ConjunctiveGraph internally.
@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")
def test_rdflib_reads_the_same_triples(dataset: ag.Dataset) -> None:
    graph = rdflib.Graph()
    graph.parse(data=json.dumps(ag.to_jsonld(dataset)), format="json-ld")
    sdo = rdflib.Namespace(SDO)
    events = set(graph.subjects(rdflib.RDF.type, sdo.Event))
    assert {str(e) for e in events} == {
        "urn:aigovernance:sample:event:hlm",
        "urn:aigovernance:sample:event:later",
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
    month = graph.value(rdflib.URIRef("urn:aigovernance:sample:post:fm-china"), sdo.startDate)
    assert month == rdflib.Literal("2022-12", datatype=rdflib.XSD.gYearMonth)


def test_output_is_deterministic(dataset: ag.Dataset) -> None:
    assert json.dumps(ag.to_jsonld(dataset)) == json.dumps(ag.to_jsonld(dataset))


def test_the_context_is_inline(dataset: ag.Dataset) -> None:
    context = ag.to_jsonld(dataset)["@context"]
    assert isinstance(context, dict)
    assert context["@vocab"] == SDO
