"""Citing by quote: Source.cite, its errors, the nearest passage and UTF-16 offsets."""

from __future__ import annotations

import sys
from collections.abc import Iterator

import pytest

import aigovernance as ag
from aigovernance.authoring import _quotes

TEXT = "Zambia and China co-hosted the meeting. China spoke first; Zambia spoke last."
SOURCE = ag.Source(id="source:note", title="Note", text=TEXT)


@pytest.fixture(params=["rapidfuzz", "difflib"])
def matcher(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Run a test with rapidfuzz, and again as if it were not installed."""
    if request.param == "difflib":
        monkeypatch.setitem(sys.modules, "rapidfuzz", None)
    _quotes._rapidfuzz.cache_clear()
    yield str(request.param)
    _quotes._rapidfuzz.cache_clear()


def test_a_unique_quote_gives_its_span_and_context() -> None:
    evidence = SOURCE.cite("co-hosted the meeting", "name", confidence=ag.Confidence.MEDIUM)
    assert evidence.start == TEXT.index("co-hosted")
    assert TEXT[evidence.start : evidence.end] == evidence.quote == "co-hosted the meeting"
    assert evidence.prefix == "Zambia and China "
    assert evidence.end is not None
    assert evidence.suffix == TEXT[evidence.end : evidence.end + 32]
    assert evidence.fields == ("name",)
    assert evidence.confidence is ag.Confidence.MEDIUM
    ds = ag.Dataset(
        id="note",
        title="Note",
        version="1",
        sources=(SOURCE,),
        records=(ag.State(id="state:ZMB", name="Zambia", code="ZMB", evidence=(evidence,)),),
    )
    assert ag.validate(ds) == ()


def test_context_is_clipped_at_both_ends_of_the_text() -> None:
    first = SOURCE.cite("Zambia and")
    assert first.start == 0
    assert first.prefix is None
    assert first.suffix == TEXT[10:42]
    last = SOURCE.cite("spoke last.")
    assert last.end == len(TEXT)
    assert last.suffix is None
    assert last.start is not None
    assert last.prefix == TEXT[last.start - 32 : last.start]
    whole = ag.Source(id="source:s", title="S", text="Short.").cite("Short.")
    assert (whole.prefix, whole.suffix) == (None, None)


def test_an_ambiguous_quote_lists_every_occurrence() -> None:
    with pytest.raises(ag.AmbiguousQuote) as caught:
        SOURCE.cite("China")
    error = caught.value
    assert isinstance(error, ValueError)
    assert [c.start for c in error.candidates] == [11, 40]
    assert all(TEXT[c.start : c.end] == "China" for c in error.candidates)
    message = str(error)
    assert "occurs 2 times in source:note" in message
    assert "11:16" in message
    assert "40:45" in message
    assert "[China] co-hosted" in message
    assert "occurrence" in message
    assert "more words" in message


def test_occurrence_counts_every_occurrence_from_one() -> None:
    second = SOURCE.cite("China", occurrence=2)
    assert second.start == 40
    assert SOURCE.cite("China", occurrence=1).start == 11
    overlapping = ag.Source(id="source:s", title="S", text="aaa").cite("aa", occurrence=2)
    assert overlapping.start == 1


def test_an_occurrence_out_of_range_names_how_many_there_are() -> None:
    with pytest.raises(ag.QuoteNotFound, match=r"no occurrence 3 .* occurs 2 times") as caught:
        SOURCE.cite("China", occurrence=3)
    assert len(caught.value.candidates) == 2
    with pytest.raises(ValueError, match="counts from 1"):
        SOURCE.cite("China", occurrence=0)


def test_a_missing_quote_shows_the_nearest_passage(matcher: str) -> None:
    with pytest.raises(ag.QuoteNotFound) as caught:
        SOURCE.cite("co-hosted the meting")
    error = caught.value
    assert error.quote == "co-hosted the meting"
    assert error.source == "source:note"
    best = error.candidates[0]
    assert best.text.startswith("co-hosted the meeting")
    assert best.start == TEXT.index("co-hosted")
    assert 0.8 < best.score < 1
    assert f"{best.start}:{best.end}" in str(error)
    assert "'co-hosted the meting' is not in the text of source:note" in str(error)


def test_nothing_near_is_offered_for_a_quote_unlike_the_text(matcher: str) -> None:
    with pytest.raises(ag.QuoteNotFound) as caught:
        SOURCE.cite("xyzzy")
    assert caught.value.candidates == ()
    assert "nearest" not in str(caught.value)


def test_the_nearest_passage_is_found_in_a_long_text_in_bounded_time(matcher: str) -> None:
    import time

    filler = "the delegates met and spoke of many things. " * 20_000
    text = filler + "The ministers adopted the plan of action on capacity-building. " + filler
    began = time.perf_counter()
    found = _quotes.nearest(text, "the ministers adopted a plan of action on capacity building")
    assert time.perf_counter() - began < 10
    assert found[0].start == len(filler)
    assert found[0].text.startswith("The ministers adopted the plan of action")


def test_a_source_without_text_cannot_be_cited_by_quote() -> None:
    source = ag.Source(id="source:web", title="A web page")
    with pytest.raises(ag.QuoteNotFound, match="holds no text") as caught:
        source.cite("anything")
    assert "Evidence(source='source:web')" in str(caught.value)


def test_an_empty_quote_is_refused() -> None:
    with pytest.raises(ValueError, match="must not be empty"):
        SOURCE.cite("")


def test_the_errors_are_exported_and_are_value_errors() -> None:
    assert issubclass(ag.AmbiguousQuote, ag.QuoteError)
    assert issubclass(ag.QuoteNotFound, ag.QuoteError)
    assert issubclass(ag.QuoteError, ValueError)


@pytest.mark.parametrize(
    ("text", "quote", "expected"),
    [
        ("Zambia", "Zambia", (0, 6)),
        ("\U0001f600 Zambia", "Zambia", (3, 9)),
        ("\U00020000\U00020001 and 人工智能", "人工智能", (9, 13)),
        ("a \U0001f600\U0001f600 b", "\U0001f600\U0001f600 b", (2, 8)),
    ],
)
def test_utf16_offsets_count_two_units_beyond_the_bmp(
    text: str, quote: str, expected: tuple[int, int]
) -> None:
    evidence = ag.Source(id="source:s", title="S", text=text).cite(quote)
    assert evidence.utf16_span(text) == expected
    encoded = text.encode("utf-16-le")
    start, end = expected
    assert encoded[2 * start : 2 * end].decode("utf-16-le") == quote


def test_utf16_offsets_need_the_text_the_evidence_cites() -> None:
    evidence = SOURCE.cite("Zambia", occurrence=1)
    with pytest.raises(ValueError, match="does not read"):
        evidence.utf16_span("Another text entirely")
    with pytest.raises(ValueError, match="no span"):
        ag.Evidence(source="source:note").utf16_span(TEXT)
