"""Value types: partial dates, approximate quantities, evidence, identifiers, translations."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from typing import Final

from attrs import frozen

from aigovernance._checking import (
    LANGUAGE_TAG,
    Located,
    Model,
    at_least,
    checked,
    nonblank,
    nonblanks,
    ref,
    sound_when,
)
from aigovernance._vocabulary import Confidence, Precision, Qualifier

__all__ = ["Evidence", "Identifier", "PartialDate", "Quantity", "Translation"]

_ISO_DATE: Final = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")


@frozen(kw_only=True, order=False)
class PartialDate(Model):
    """A calendar date known to the year, the month or the day.

    Sources often say only "in 2024" or "in September 2024"; a partial date keeps exactly
    what is known. In JSON it is ISO 8601 text of matching precision: ``"2024"``,
    ``"2024-09"`` or ``"2024-09-25"``.

    Partial dates are ordered by the interval they cover: the earliest first day first,
    and of two that start on the same day, the shorter first (``2024-01`` before
    ``2024``, which comes before ``2024-09``).

    >>> d = PartialDate.parse("2024-09")
    >>> d.precision, d.earliest, d.latest
    (<Precision.MONTH: 'month'>, datetime.date(2024, 9, 1), datetime.date(2024, 9, 30))
    >>> d.contains(PartialDate(year=2024, month=9, day=25))
    True

    Attributes:
        year: 1 to 9999.
        month: 1 to 12, or ``None`` when only the year is known.
        day: a real day of that month, or ``None``; needs a month.
    """

    year: int = checked(at_least(1))
    month: int | None = None
    day: int | None = None

    # Sound: a year of four digits and a month, if any, of the year; a day, if any, of
    # the month, which every month has up to the 28th (past that, _relations decide).
    @sound_when(
        "v_year <= 9999 and (v_day is None if v_month is None"
        " else 1 <= v_month <= 12 and (v_day is None or 1 <= v_day <= 28))"
    )
    def _relations(self) -> Iterable[Located]:
        if self.year > 9999:
            yield ("year",), f"must be at most 9999, not {self.year}"
            return
        if self.month is not None and not 1 <= self.month <= 12:
            yield ("month",), f"must be from 1 to 12, not {self.month}"
            return
        if self.day is None:
            return
        if self.month is None:
            yield ("day",), "a day needs a month"
            return
        import calendar  # here, not at the top: it is slow to import

        if not 1 <= self.day <= calendar.monthrange(self.year, self.month)[1]:
            yield ("day",), f"{self.year:04d}-{self.month:02d} has no day {self.day}"

    @classmethod
    def parse(cls, value: str) -> PartialDate:
        """Read ISO 8601 text: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``.

        Raises:
            ValueError: the text is not of one of those forms or names no real date.
        """
        match = _ISO_DATE.fullmatch(value)
        if match is None:
            raise ValueError(f"{value!r} is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD")
        year, month, day = match.groups()
        return cls(
            year=int(year),
            month=None if month is None else int(month),
            day=None if day is None else int(day),
        )

    @classmethod
    def from_date(cls, value: dt.date) -> PartialDate:
        """The partial date of day precision for ``value``."""
        return cls(year=value.year, month=value.month, day=value.day)

    @property
    def precision(self) -> Precision:
        """Which parts are known."""
        if self.day is not None:
            return Precision.DAY
        return Precision.YEAR if self.month is None else Precision.MONTH

    @property
    def earliest(self) -> dt.date:
        """The first day the date may denote."""
        return dt.date(self.year, self.month or 1, self.day or 1)

    @property
    def latest(self) -> dt.date:
        """The last day the date may denote."""
        if self.month is None:
            return dt.date(self.year, 12, 31)
        if self.day is None:
            import calendar  # here, not at the top: it is slow to import

            return dt.date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])
        return dt.date(self.year, self.month, self.day)

    def overlaps(self, other: PartialDate) -> bool:
        """Whether the two dates could denote the same day."""
        return self.earliest <= other.latest and other.earliest <= self.latest

    def contains(self, other: PartialDate) -> bool:
        """Whether every day ``other`` may denote lies within this date."""
        return self.earliest <= other.earliest and other.latest <= self.latest

    def isoformat(self) -> str:
        """The ISO 8601 text of this date at its precision."""
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def __str__(self) -> str:
        return self.isoformat()

    def _key(self) -> tuple[dt.date, dt.date]:
        return (self.earliest, self.latest)

    def __lt__(self, other: PartialDate) -> bool:
        if not isinstance(other, PartialDate):
            return NotImplemented
        return self._key() < other._key()

    def __le__(self, other: PartialDate) -> bool:
        if not isinstance(other, PartialDate):
            return NotImplemented
        return self._key() <= other._key()

    def __gt__(self, other: PartialDate) -> bool:
        if not isinstance(other, PartialDate):
            return NotImplemented
        return self._key() > other._key()

    def __ge__(self, other: PartialDate) -> bool:
        if not isinstance(other, PartialDate):
            return NotImplemented
        return self._key() >= other._key()


@frozen(kw_only=True)
class Quantity(Model):
    """A count as a source states it, exact or approximate.

    "more than 80 countries" is ``Quantity(value=80, qualifier=Qualifier.MORE_THAN,
    text="more than 80", unit="countries and international organizations")``: the value
    stays 80 and :attr:`bounds` says what it means.

    >>> Quantity(value=80, qualifier=Qualifier.MORE_THAN).bounds
    (81, None)

    Attributes:
        value: the number stated, 0 or more.
        qualifier: how the true count relates to ``value``.
        lower: an explicit lower bound, where the source gives one.
        upper: an explicit upper bound, where the source gives one.
        text: the surface text, as written ("more than 80").
        unit: what is counted ("countries").
    """

    value: int = checked(at_least(0))
    qualifier: Qualifier = Qualifier.EXACT
    lower: int | None = None
    upper: int | None = None
    text: str | None = nonblank(default=None)
    unit: str | None = nonblank(default=None)

    def _implied(self) -> tuple[int | None, int | None]:
        v = self.value
        match self.qualifier:
            case Qualifier.EXACT:
                return (v, v)
            case Qualifier.AT_LEAST:
                return (v, None)
            case Qualifier.MORE_THAN:
                return (v + 1, None)
            case Qualifier.FEWER_THAN:
                return (0, v - 1)
            case Qualifier.UP_TO:
                return (0, v)
            case Qualifier.ABOUT:
                return (0, None)

    @property
    def bounds(self) -> tuple[int | None, int | None]:
        """The smallest and largest count meant; ``None`` where open."""
        lower, upper = self._implied()
        if self.qualifier is Qualifier.ABOUT:
            lower = None
        return (
            self.lower if self.lower is not None else lower,
            self.upper if self.upper is not None else upper,
        )

    def _relations(self) -> Iterable[Located]:
        if self.value < 0:
            return
        lower, upper = self._implied()
        if upper is not None and upper < 0:
            yield ("value",), f"no count is {self.qualifier.value} {self.value}"
        if self.lower is not None and (
            self.lower < (lower or 0) or (upper is not None and self.lower > upper)
        ):
            yield ("lower",), f"{self.lower} is outside what {self.qualifier.value} allows"
        if self.upper is not None and (
            self.upper < (lower or 0) or (upper is not None and self.upper > upper)
        ):
            yield ("upper",), f"{self.upper} is outside what {self.qualifier.value} allows"
        if self.lower is not None and self.upper is not None and self.lower > self.upper:
            yield ("upper",), f"must not be below lower ({self.lower})"


@frozen(kw_only=True)
class Evidence(Model):
    """A span of a source's text that supports a claim.

    ``quote`` is exactly ``source.text[start:end]`` (Python string indices), which
    :func:`aigovernance.validate` checks. Offsets count Unicode code points, not bytes
    nor the UTF-16 code units JavaScript and Java count; :meth:`utf16_span` gives
    those. :meth:`Source.cite <aigovernance.Source.cite>` makes evidence from a quote,
    with no offsets to count. A source published without its text (a web page cited
    for one fact) is cited with no span at all.

    ``prefix`` and ``suffix`` are the text just before and just after the quote, as a
    W3C Web Annotation ``TextQuoteSelector`` keeps them: with the quote they let the span
    be found again when the text is corrected or republished. Either may be left out (it
    is, where nothing precedes or follows the quote), but neither is ever empty, and
    :func:`aigovernance.validate` checks both against the text.

    Attributes:
        source: the id of the :class:`~aigovernance.Source`.
        start: index of the first character of the span.
        end: index one past the last character.
        quote: the text of the span.
        prefix: the text that ends where the span starts.
        suffix: the text that starts where the span ends.
        confidence: how strongly the span supports the claim.
        fields: the names of the fields the evidence supports; empty for the whole object.
    """

    source: str = ref("source")
    start: int | None = None
    end: int | None = None
    quote: str | None = None
    prefix: str | None = None
    suffix: str | None = None
    confidence: Confidence = Confidence.HIGH
    fields: tuple[str, ...] = nonblanks()

    # Exactly when _relations return the empty tuple: a sound span, or none and no context.
    @sound_when(
        "(v_start is not None and v_end is not None and v_quote is not None"
        " and 0 <= v_start <= v_end and _len(v_quote) == v_end - v_start"
        ' and v_prefix != "" and v_suffix != "")'
        " or (v_start is None and v_end is None and v_quote is None"
        " and v_prefix is None and v_suffix is None)",
        span=("start", "end", "quote", "prefix", "suffix"),
        _len=len,
    )
    def _relations(self) -> Iterable[Located]:
        start, end, quote = self.start, self.end, self.quote
        if start is None and end is None and quote is None:
            if self.prefix is None and self.suffix is None:
                return ()
        elif (
            start is not None
            and end is not None
            and quote is not None
            and 0 <= start <= end
            and len(quote) == end - start
            and self.prefix != ""
            and self.suffix != ""
        ):
            return ()  # a sound span, the usual case: no generator to make
        return self._span_problems()

    def _span_problems(self) -> Iterator[Located]:
        start, end, quote = self.start, self.end, self.quote
        for name in ("prefix", "suffix"):
            if getattr(self, name) == "":
                yield (name,), "must not be empty: leave it out where nothing is there"
        if start is None and end is None and quote is None:
            for name in ("prefix", "suffix"):
                if getattr(self, name) is not None:
                    yield (name,), "context needs a span: give start, end and quote too"
            return
        if start is None or end is None or quote is None:
            yield ("quote",), "start, end and quote go together: give all three or none"
            return
        if start < 0:
            yield ("start",), f"must be at least 0, not {start}"
        if end < start:
            yield ("end",), f"must not be before start ({start})"
        elif len(quote) != end - start:
            yield (
                ("quote",),
                f"has {len(quote)} characters but the span {start}:{end} has {end - start}",
            )

    def utf16_span(self, text: str) -> tuple[int, int]:
        """The span as UTF-16 code unit offsets, as JavaScript and Java index strings.

        ``start`` and ``end`` count code points (Python string indices); a character
        beyond the Basic Multilingual Plane (an emoji, a CJK Extension B ideograph)
        is one code point but two UTF-16 code units, so the offsets differ after one.

        >>> text = "😀 Zambia"
        >>> Evidence(source="source:s", start=2, end=8, quote="Zambia").utf16_span(text)
        (3, 9)

        Args:
            text: the text of the cited source.

        Raises:
            ValueError: the evidence has no span, or ``text`` does not read ``quote``
                at it (it is not the text the evidence cites).
        """
        start, end = self.start, self.end
        if start is None or end is None or self.quote is None:
            raise ValueError("the evidence has no span")
        if text[start:end] != self.quote or end > len(text):
            raise ValueError(f"the text does not read {self.quote!r} at {start}:{end}")
        # Each code point above U+FFFF takes a surrogate pair: two code units.
        before = sum(1 for c in text[:start] if c > "\uffff")
        within = sum(1 for c in self.quote if c > "\uffff")
        return start + before, end + before + within


_SCHEMES: Final = {
    "wikidata": (re.compile(r"Q[1-9][0-9]*"), "a Wikidata item id such as 'Q148'"),
    "iso3166": (re.compile(r"[A-Z]{3}"), "an ISO 3166-1 alpha-3 code such as 'CHN'"),
    "un-symbol": (re.compile(r"[A-Z]+(/[A-Za-z0-9.()-]+)+"), "a UN document symbol"),
    "url": (re.compile(r"https?://\S+"), "an http or https URL"),
}
_SCHEME_NAME: Final = re.compile(r"[a-z][a-z0-9-]*")


@frozen(kw_only=True)
class Identifier(Model):
    """An identifier of a record in another scheme (Popolo's ``{scheme, identifier}``).

    Known schemes have their values checked: ``wikidata`` (``Q148``), ``iso3166``
    (alpha-3, ``CHN``), ``un-symbol`` (``A/RES/78/311``) and ``url``. Other schemes are
    lower-case names such as ``oecd-legal``.

    Attributes:
        scheme: the identifier scheme.
        value: the identifier within that scheme.
    """

    scheme: str = nonblank()
    value: str = nonblank()

    @sound_when(
        "_scheme_name(v_scheme) is not None"
        " and (v_scheme not in _known or _known[v_scheme](v_value) is not None)",
        _scheme_name=_SCHEME_NAME.fullmatch,
        _known={scheme: form.fullmatch for scheme, (form, _) in _SCHEMES.items()},
    )
    def _relations(self) -> Iterable[Located]:
        if not _SCHEME_NAME.fullmatch(self.scheme):
            yield ("scheme",), f"{self.scheme!r} is not a lower-case scheme name"
        known = _SCHEMES.get(self.scheme)
        if known is not None and known[0].fullmatch(self.value) is None:
            yield ("value",), f"{self.value!r} is not {known[1]}"


@frozen(kw_only=True)
class Translation(Model):
    """A name or title in another language.

    Attributes:
        lang: a BCP 47 language tag (``zh``, ``fr``, ``zh-Hans``).
        text: the name in that language.
    """

    lang: str = nonblank(LANGUAGE_TAG)
    text: str = nonblank()
