"""Value types: partial dates, quantities, evidence, identifiers, translations."""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import aigovernance as ag


def unchecked(cls: type, **values: Any) -> Any:
    """An object of ``cls`` holding ``values`` (the rest of its fields at their defaults),
    made without running its checks."""
    obj: Any = object.__new__(cls)
    for field in attrs.fields(cls):
        value = values.get(field.name, field.default)
        object.__setattr__(obj, field.name, value)
    return obj


def inline_passes(obj: Any) -> bool:
    """Whether the inline form of the object's ``_relations`` holds, as compiled checks test it."""
    expression, names = type(obj)._relations.inline
    fields = {f"v_{field.name}": getattr(obj, field.name) for field in attrs.fields(type(obj))}
    return bool(eval(expression, dict(names), fields))


class TestPartialDate:
    @pytest.mark.parametrize(
        ("text", "precision", "earliest", "latest"),
        [
            ("2024", ag.Precision.YEAR, dt.date(2024, 1, 1), dt.date(2024, 12, 31)),
            ("2024-02", ag.Precision.MONTH, dt.date(2024, 2, 1), dt.date(2024, 2, 29)),
            ("2023-02", ag.Precision.MONTH, dt.date(2023, 2, 1), dt.date(2023, 2, 28)),
            ("2024-09-25", ag.Precision.DAY, dt.date(2024, 9, 25), dt.date(2024, 9, 25)),
        ],
    )
    def test_parse_gives_precision_and_bounds(
        self, text: str, precision: ag.Precision, earliest: dt.date, latest: dt.date
    ) -> None:
        date = ag.PartialDate.parse(text)
        assert date.precision is precision
        assert (date.earliest, date.latest) == (earliest, latest)
        assert str(date) == date.isoformat() == text

    @pytest.mark.parametrize(
        "text", ["24", "2024-9", "2024-13", "2024-02-30", "2023-02-29", "0000", "2024-09-25T10"]
    )
    def test_parse_rejects_what_is_not_a_real_date(self, text: str) -> None:
        with pytest.raises(ValueError, match=r"date|month|day|year"):
            ag.PartialDate.parse(text)

    def test_a_day_needs_a_month(self) -> None:
        with pytest.raises(ag.ValidationError, match="a day needs a month"):
            ag.PartialDate(year=2024, day=3)

    def test_every_problem_is_reported_at_once(self) -> None:
        with pytest.raises(ag.ValidationError) as info:
            ag.Quantity(value=-1, text=" ")
        assert [p.path for p in info.value.problems] == ["$.value", "$.text"]

    def test_ordering_is_by_interval(self) -> None:
        dates = [ag.PartialDate.parse(t) for t in ["2024-09-25", "2024", "2023-12", "2024-09"]]
        assert [str(d) for d in sorted(dates)] == ["2023-12", "2024", "2024-09", "2024-09-25"]
        assert ag.PartialDate.parse("2024-01") < ag.PartialDate.parse("2024")

    def test_overlap_and_containment(self) -> None:
        year = ag.PartialDate.parse("2024")
        day = ag.PartialDate.parse("2024-09-25")
        other = ag.PartialDate.parse("2025-01")
        assert year.contains(day)
        assert not day.contains(year)
        assert year.overlaps(day)
        assert day.overlaps(year)
        assert not year.overlaps(other)

    def test_from_date(self) -> None:
        assert ag.PartialDate.from_date(dt.date(2024, 9, 25)) == ag.PartialDate.parse("2024-09-25")

    @given(
        year=st.integers(1, 10_001) | st.sampled_from([1, 9999, 10_000, 2023, 2024]),
        month=st.none() | st.integers(-1, 14),
        day=st.none() | st.integers(-1, 33),
    )
    def test_the_inline_relations_pass_only_real_dates(
        self, year: int, month: int | None, day: int | None
    ) -> None:
        date = unchecked(ag.PartialDate, year=year, month=month, day=day)
        if inline_passes(date):
            assert list(date._relations()) == []


class TestQuantity:
    @pytest.mark.parametrize(
        ("qualifier", "bounds"),
        [
            (ag.Qualifier.EXACT, (80, 80)),
            (ag.Qualifier.AT_LEAST, (80, None)),
            (ag.Qualifier.MORE_THAN, (81, None)),
            (ag.Qualifier.FEWER_THAN, (0, 79)),
            (ag.Qualifier.UP_TO, (0, 80)),
            (ag.Qualifier.ABOUT, (None, None)),
        ],
    )
    def test_bounds_follow_the_qualifier(
        self, qualifier: ag.Qualifier, bounds: tuple[int | None, int | None]
    ) -> None:
        assert ag.Quantity(value=80, qualifier=qualifier).bounds == bounds

    def test_explicit_bounds_narrow_an_approximate_count(self) -> None:
        about = ag.Quantity(value=80, qualifier=ag.Qualifier.ABOUT, lower=75, upper=85)
        assert about.bounds == (75, 85)

    def test_explicit_bounds_must_fit_the_qualifier(self) -> None:
        with pytest.raises(ag.ValidationError, match="lower"):
            ag.Quantity(value=80, qualifier=ag.Qualifier.MORE_THAN, lower=70)
        with pytest.raises(ag.ValidationError, match="no count is fewer-than 0"):
            ag.Quantity(value=0, qualifier=ag.Qualifier.FEWER_THAN)

    def test_surface_text_is_kept(self) -> None:
        q = ag.Quantity(value=80, qualifier=ag.Qualifier.MORE_THAN, text="more than 80")
        assert ag.from_json(ag.to_json(q), ag.Quantity) == q
        assert ag.to_dict(q) == {"value": 80, "qualifier": "more-than", "text": "more than 80"}


class TestEvidence:
    def test_span_parts_go_together(self) -> None:
        with pytest.raises(ag.ValidationError, match="give all three or none"):
            ag.Evidence(source="source:s", start=0, end=3)

    def test_quote_length_must_match_span(self) -> None:
        with pytest.raises(ag.ValidationError, match="has 2 characters but the span 0:3 has 3"):
            ag.Evidence(source="source:s", start=0, end=3, quote="ab")

    @given(
        start=st.none() | st.integers(-2, 6) | st.sampled_from([0.0, 2.5]),
        end=st.none() | st.integers(-2, 6) | st.sampled_from([0.0, 2.5]),
        quote=st.none() | st.text(alphabet="ab", max_size=6),
        prefix=st.none() | st.text(alphabet="ab", max_size=2),
        suffix=st.none() | st.text(alphabet="ab", max_size=2),
    )
    def test_the_quick_span_test_agrees_with_the_full_one(
        self,
        start: float | None,
        end: float | None,
        quote: str | None,
        prefix: str | None,
        suffix: str | None,
    ) -> None:
        evidence = object.__new__(ag.Evidence)
        values = {"start": start, "end": end, "quote": quote, "prefix": prefix, "suffix": suffix}
        for name, value in values.items():
            object.__setattr__(evidence, name, value)
        assert list(evidence._relations()) == list(evidence._span_problems())

    @given(
        start=st.none() | st.integers(-2, 6),
        end=st.none() | st.integers(-2, 6),
        quote=st.none() | st.text(alphabet="ab", max_size=6),
        prefix=st.none() | st.text(alphabet="ab", max_size=2),
        suffix=st.none() | st.text(alphabet="ab", max_size=2),
    )
    def test_the_inline_relations_are_the_quick_span_test(
        self,
        start: int | None,
        end: int | None,
        quote: str | None,
        prefix: str | None,
        suffix: str | None,
    ) -> None:
        evidence = unchecked(
            ag.Evidence,
            source="source:s",
            start=start,
            end=end,
            quote=quote,
            prefix=prefix,
            suffix=suffix,
        )
        assert inline_passes(evidence) == (evidence._relations() == ())

    def test_context_goes_with_a_span(self) -> None:
        ag.Evidence(source="source:s", start=4, end=6, quote="Yi", prefix="ang ", suffix=" said")
        with pytest.raises(ag.ValidationError) as caught:
            ag.Evidence(source="source:s", prefix="Wang ", suffix=" said")
        assert [(p.path, p.message) for p in caught.value.problems] == [
            ("$.prefix", "context needs a span: give start, end and quote too"),
            ("$.suffix", "context needs a span: give start, end and quote too"),
        ]

    @pytest.mark.parametrize("name", ["prefix", "suffix"])
    def test_context_is_never_empty(self, name: str) -> None:
        with pytest.raises(ag.ValidationError) as caught:
            ag.Evidence(
                source="source:s",
                start=0,
                end=2,
                quote="Yi",
                prefix="" if name == "prefix" else None,
                suffix="" if name == "suffix" else None,
            )
        assert [(p.path, p.message) for p in caught.value.problems] == [
            (f"$.{name}", "must not be empty: leave it out where nothing is there")
        ]

    def test_context_of_white_space_is_context(self) -> None:
        evidence = ag.Evidence(source="source:s", start=1, end=3, quote="Yi", prefix=" ")
        assert ag.from_json(ag.to_json(evidence), ag.Evidence) == evidence

    def test_a_fact_from_a_source_without_text_has_no_span(self) -> None:
        evidence = ag.Evidence(
            source="source:un", confidence=ag.Confidence.MEDIUM, fields=("symbol",)
        )
        assert ag.to_dict(evidence) == {
            "source": "source:un",
            "confidence": "medium",
            "fields": ["symbol"],
        }


class TestIdentifier:
    @pytest.mark.parametrize(
        ("scheme", "value"),
        [
            ("wikidata", "Q148"),
            ("iso3166", "CHN"),
            ("un-symbol", "A/RES/78/311"),
            ("un-symbol", "S/PRST/2024/5"),
            ("url", "https://example.org/a"),
            ("oecd-legal", "OECD/LEGAL/0449"),
        ],
    )
    def test_known_schemes_accept_their_values(self, scheme: str, value: str) -> None:
        assert ag.Identifier(scheme=scheme, value=value).value == value

    @pytest.mark.parametrize(
        ("scheme", "value"),
        [("wikidata", "148"), ("iso3166", "CN"), ("un-symbol", "resolution 311"), ("Bad", "x")],
    )
    def test_bad_values_are_rejected(self, scheme: str, value: str) -> None:
        with pytest.raises(ag.ValidationError):
            ag.Identifier(scheme=scheme, value=value)

    @given(
        scheme=st.sampled_from(["wikidata", "iso3166", "un-symbol", "url", "oecd-legal", "Bad"])
        | st.text(alphabet="aQ1-/ ", min_size=1, max_size=4),
        value=st.sampled_from(["Q148", "CHN", "A/RES/78/311", "https://example.org/a", "x"])
        | st.text(alphabet="AQ1/:h ", min_size=1, max_size=6),
    )
    def test_the_inline_relations_agree_with_the_relations(self, scheme: str, value: str) -> None:
        identifier = unchecked(ag.Identifier, scheme=scheme, value=value)
        assert inline_passes(identifier) == (list(identifier._relations()) == [])


def test_translation_needs_a_language_tag() -> None:
    assert ag.Translation(lang="zh", text="人工智能能力建设普惠计划").lang == "zh"
    with pytest.raises(ag.ValidationError, match="BCP 47"):
        ag.Translation(lang="Chinese!", text="x")
