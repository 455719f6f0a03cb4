from __future__ import annotations

from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import aigovernance as ag
from aigovernance.compare import (
    MERGED_FROM,
    Conflict,
    LinkBasis,
    MergeConflictError,
    MergeReport,
)

from .second_source import EXPECTED, WHOLE_SECOND_SOURCE

strategies = pytest.importorskip("aigovernance.strategies")


@pytest.fixture(scope="module")
def seed() -> ag.Dataset:
    ds = ag.datasets.load()
    assert isinstance(ds, ag.Dataset)
    return ds


def _at(document: Any, path: str) -> Any:
    """The value at a JSON path of the form ``$.records[3].place.locality``."""
    assert path.startswith("$")
    rest = path[1:]
    value = document
    while rest:
        if rest.startswith("["):
            index, rest = rest[1:].split("]", 1)
            value = value[int(index)]
        else:
            name = rest[1:].split(".")[0].split("[")[0]
            rest = rest[1 + len(name) :]
            value = value[name]
    return value


def test_without_a_rule_every_conflict_is_an_error_that_lists_them_all(
    seed: ag.Dataset,
) -> None:
    with pytest.raises(MergeConflictError) as caught:
        ag.merge(seed, WHOLE_SECOND_SOURCE)
    conflicts = caught.value.conflicts
    assert len(conflicts) == 15
    assert all(c.kept is None for c in conflicts)
    message = str(caught.value)
    assert message.startswith("15 conflicts and no rule")
    assert all(c.path_a in message and c.path_b in message for c in conflicts)
    dates = [c for c in conflicts if c.field == "date"]
    assert {(c.record, c.a, c.b) for c in dates} == {
        ("event:hlm-ai-capacity-building-2024", "2024-09-25", "2024-09"),
        ("event:g20-fmm-2024", "2024-09-25", "2024-09"),
        ("event:unsc-leadership-for-peace-2024", "2024-09-25", "2024-09"),
    }


def test_the_seed_and_the_second_source_merge_into_one_sound_dataset(seed: ag.Dataset) -> None:
    merged, report = ag.merge(seed, WHOLE_SECOND_SOURCE, prefer="a")
    assert ag.validate(merged) == ()
    assert isinstance(report, MergeReport)
    pairs = {(link.a, link.b) for link in report.links if link.basis is LinkBasis.MATCH}
    assert pairs == {*EXPECTED.items(), ("person:wang-yi", "person:wangyi")}
    # States keep their ISO-code ids in both: linked by id.
    assert ("state:CHN", "state:CHN") in report.pairs
    assert all(link.similarity is not None for link in report.links if link.basis == "match")
    # Every conflict is located in both inputs and kept as the rule says.
    a, b = ag.to_dict(seed), ag.to_dict(WHOLE_SECOND_SOURCE)
    for conflict in report.conflicts:
        assert _at(a, conflict.path_a) == conflict.a
        assert _at(b, conflict.path_b) == conflict.b
        assert conflict.kept == "a"
        assert _at(ag.to_dict(merged[conflict.record]), conflict.path) == conflict.a
    # People the seed does not have are added; the one it has is not.
    assert "person:sergey-lavrov" in report.added
    assert "person:wangyi" not in merged
    assert len(merged.records) == len(seed.records) + len(report.added)


def test_references_of_the_second_dataset_are_rewritten_to_the_ids_kept(
    seed: ag.Dataset,
) -> None:
    merged, _ = ag.merge(seed, WHOLE_SECOND_SOURCE, prefer="a")
    russia = merged["event:bilateral-russia-2024"]
    assert isinstance(russia, ag.Event)
    actors = [p.actor for p in russia.participations]
    assert actors.count("person:wang-yi") == 1
    assert "person:sergey-lavrov" in actors  # a person the seed knows only by role
    assert not any(r.target == "person:wangyi" for r in merged.referrers("person:wangyi"))
    # The judgement that linked the records stays in the data.
    assert ag.Identifier(scheme=MERGED_FROM, value="second-source/event:wang-lavrov") in (
        russia.identifiers
    )
    # Evidence of both sides is united; the seed's is kept.
    assert set(seed["event:bilateral-russia-2024"].evidence) <= set(russia.evidence)


def test_the_rule_can_prefer_b_or_be_given_per_field_or_as_a_function(seed: ag.Dataset) -> None:
    by_b, report = ag.merge(seed, WHOLE_SECOND_SOURCE, prefer="b")
    g20 = by_b["event:g20-fmm-2024"]
    assert isinstance(g20, ag.Event)
    assert g20.title == "Meeting of G20 Foreign Ministers at the United Nations"
    assert str(g20.date) == "2024-09"
    assert {c.kept for c in report.conflicts} == {"b"}
    assert ag.validate(by_b) == ()

    mixed, report = ag.merge(seed, WHOLE_SECOND_SOURCE, prefer={"date": "a", "*": "b"})
    g20 = mixed["event:g20-fmm-2024"]
    assert isinstance(g20, ag.Event)
    assert str(g20.date) == "2024-09-25"
    assert g20.title.startswith("Meeting of G20")

    def precise(conflict: Conflict) -> str:
        return "a" if len(str(conflict.a)) >= len(str(conflict.b)) else "b"

    chosen, report = ag.merge(seed, WHOLE_SECOND_SOURCE, prefer=precise)  # type: ignore[arg-type]
    assert {c.kept for c in report.conflicts} == {"a", "b"}
    assert ag.validate(chosen) == ()


def test_a_rule_per_field_that_leaves_some_out_is_an_error(seed: ag.Dataset) -> None:
    with pytest.raises(MergeConflictError) as caught:
        ag.merge(seed, WHOLE_SECOND_SOURCE, prefer={"title": "a"})
    assert {c.field for c in caught.value.conflicts} == {"date", "locality"}


def test_a_rule_must_name_a_side(seed: ag.Dataset) -> None:
    with pytest.raises(ValueError, match="must give 'a' or 'b'"):
        ag.merge(seed, WHOLE_SECOND_SOURCE, prefer=lambda c: "both")  # type: ignore[arg-type]


def test_the_report_redoes_the_merge(seed: ag.Dataset) -> None:
    merged, report = ag.merge(seed, WHOLE_SECOND_SOURCE, prefer="a")
    again, second = ag.merge(seed, WHOLE_SECOND_SOURCE, report.pairs, prefer="a")
    assert again == merged
    assert second.conflicts == report.conflicts
    assert {link.basis for link in second.links} == {LinkBasis.ID, LinkBasis.GIVEN}
    text = str(report)
    assert text.startswith("21 linked (11 under different ids), 7 added, 15 conflicts")
    assert "linked    event:g20-fmm-2024 = event:g20-foreign-ministers (match 0." in text


def test_match_results_can_be_followed_as_links(seed: ag.Dataset) -> None:
    found = ag.match(seed, WHOLE_SECOND_SOURCE)
    merged, _ = ag.merge(seed, WHOLE_SECOND_SOURCE, found, prefer="a")
    assert merged == ag.merge(seed, WHOLE_SECOND_SOURCE, prefer="a")[0]


def test_links_that_cannot_be_followed_are_refused_all_at_once(seed: ag.Dataset) -> None:
    links = [
        ("event:g20-fmm-2024", "event:nowhere"),
        ("state:ZMB", "event:wang-lavrov"),
        ("event:bilateral-russia-2024", "event:wang-lavrov"),
        ("event:bilateral-greece-2024", "event:wang-lavrov"),
    ]
    with pytest.raises(ValueError, match="links that cannot be followed") as caught:
        ag.merge(seed, WHOLE_SECOND_SOURCE, links, prefer="a")
    message = str(caught.value)
    assert "'event:nowhere' is not in the second dataset" in message
    assert "a state and a event cannot be one record" in message
    assert "link event:bilateral-greece-2024 = event:wang-lavrov: a record may be linked once" in (
        message
    )


def test_given_links_replace_matching(seed: ag.Dataset) -> None:
    merged, report = ag.merge(seed, WHOLE_SECOND_SOURCE, links=[], prefer="a")
    assert all(link.basis is LinkBasis.ID for link in report.links)
    assert "event:wang-lavrov" in merged
    assert report.conflicts == ()


@given(strategies.datasets())
def test_a_dataset_merged_with_itself_is_unchanged(ds: ag.Dataset) -> None:
    merged, report = ag.merge(ds, ds)
    assert merged == ds
    assert report.conflicts == ()
    assert report.added == ()
    assert [link.a for link in report.links] == [r.id for r in (*ds.sources, *ds.records)]


def _renamed(ds: ag.Dataset) -> tuple[ag.Dataset, list[tuple[str, str]]]:
    from aigovernance.compare._merge import _rewritten

    ids = {r.id: f"{r.id}-copy" for r in ds.records}
    records = tuple(
        attrs.evolve(_rewritten(r, ids), id=ids[r.id])  # type: ignore[misc]
        for r in ds.records
    )
    return attrs.evolve(ds, id="copy", records=records), list(ids.items())


@given(strategies.datasets())
def test_a_copy_under_other_ids_merges_back_into_the_original(ds: ag.Dataset) -> None:
    copy, links = _renamed(ds)
    merged, report = ag.merge(ds, copy, links, prefer="b")
    assert report.conflicts == ()
    assert ag.validate(merged) == ()
    trace = {r.id: [i for i in r.identifiers if i.scheme == MERGED_FROM] for r in merged.records}
    assert all(trace[a] == [ag.Identifier(scheme=MERGED_FROM, value=f"copy/{b}")] for a, b in links)
    without = attrs.evolve(
        merged,
        records=tuple(
            attrs.evolve(  # type: ignore[misc]
                r, identifiers=tuple(i for i in r.identifiers if i.scheme != MERGED_FROM)
            )
            for r in merged.records
        ),
    )
    assert without == ds


@settings(max_examples=15)
@given(
    strategies.datasets(max_records=6), strategies.datasets(max_records=6), st.sampled_from("ab")
)
def test_merges_are_deterministic_and_sound(a: ag.Dataset, b: ag.Dataset, side: str) -> None:
    texts = {s.id: s.text for s in a.sources if s.text is not None}
    differ = any(s.id in texts and s.text not in (None, texts[s.id]) for s in b.sources)
    if differ:
        with pytest.raises(ValueError, match="different texts of source:"):
            ag.merge(a, b, prefer=side)  # type: ignore[arg-type]
        return
    if _text_on_one_side_only(a, b):
        with pytest.raises(ValueError, match="holds its text in one dataset but not in"):
            ag.merge(a, b, prefer=side)  # type: ignore[arg-type]
        return
    first = ag.merge(a, b, prefer=side)  # type: ignore[arg-type]
    second = ag.merge(a, b, prefer=side)  # type: ignore[arg-type]
    assert first == second
    assert ag.to_json(first[0]) == ag.to_json(second[0])
    assert ag.validate(first[0]) == first[1].problems


def _session_of(date: str) -> ag.Dataset:
    meeting = ag.Event(
        id="event:m",
        kind=ag.EventKind.HIGH_LEVEL_MEETING,
        title="Meeting",
        date=ag.PartialDate.parse(date),
    )
    session = ag.Event(
        id="event:s",
        kind=ag.EventKind.HIGH_LEVEL_MEETING,
        title="Session",
        date=ag.PartialDate.parse("2000-01-01"),
        parent="event:m",
    )
    return ag.Dataset(id="d", title="D", version="1", records=(meeting, session))


def test_a_rule_that_breaks_a_rule_across_records_is_reported() -> None:
    a = ag.Dataset(id="d", title="D", version="1", records=(_session_of("0001").records[0],))
    b = _session_of("2000-01-01")
    assert ag.validate(a) == ag.validate(b) == ()
    merged, report = ag.merge(a, b, prefer="a")
    kept = merged["event:m"]
    assert isinstance(kept, ag.Event)
    assert kept.date == ag.PartialDate.parse("0001")
    assert report.problems == ag.validate(merged)
    assert [p.path for p in report.problems] == ["$.records[1].date"]
    assert str(report).splitlines()[0].endswith(", 1 problem in the result")
    assert f"problem   {report.problems[0]}" in str(report)
    assert ag.merge(a, b, prefer="b")[1].problems == ()


def test_linked_sources_with_different_texts_are_refused(seed: ag.Dataset) -> None:
    (source,) = (s for s in seed.sources if s.id == "source:seed")
    other = attrs.evolve(
        seed,
        sources=tuple(
            attrs.evolve(s, text=f"{s.text} More.") if s is source else s for s in seed.sources
        ),
    )
    with pytest.raises(ValueError, match="different texts of source:seed: re-anchor"):
        ag.merge(seed, other, prefer="a")


def _text_on_one_side_only(a: ag.Dataset, b: ag.Dataset) -> bool:
    """Whether a source shared by id has its text on one side only, cited on the other."""
    for x in a.sources:
        y = b.get(x.id)
        if not isinstance(y, ag.Source):
            continue
        if x.text is None and y.text is not None and a.supported_by(x.id):
            return True
        if y.text is None and x.text is not None and b.supported_by(y.id):
            return True
    return False


def test_a_source_whose_text_only_one_side_holds_is_refused_when_the_other_cites_it() -> None:
    text = ag.Source(id="source:note", title="Note", text="")
    bare = ag.Source(id="source:note", title="Note")
    cited = ag.Person(id="person:x", description="X", evidence=(ag.Evidence(source="source:note"),))
    a = ag.Dataset(id="d", title="D", version="1", sources=(text,))
    b = ag.Dataset(id="d", title="D", version="1", sources=(bare,), records=(cited,))
    with pytest.raises(ValueError, match="source:note holds its text in one dataset but not in b"):
        ag.merge(a, b, prefer="a")
    merged, _ = ag.merge(a, attrs.evolve(b, records=()), prefer="a")  # nothing cites it
    assert merged.sources == (text,)
