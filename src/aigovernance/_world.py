"""Checks against what the world says: IANA time zones, ISO 3166-1 codes, counts as written.

The model checks the form of a zone (``Area/Location``) and of a country code (three
capitals) as a record is read; :func:`~aigovernance.validate` checks that the zone and
the code exist, and that a count's surface text states the count it carries. The
zones come from the system's IANA time zone database through :mod:`zoneinfo` (or the
``tzdata`` package where the system has none); the codes from a table shipped with the
package (:mod:`aigovernance._iso3166`), generated from pycountry's copy of ISO 3166-1.
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Callable, Iterator
from typing import Final

from aigovernance._iso3166 import ALPHA3
from aigovernance._problems import PathPart, Problem, json_path
from aigovernance._values import Quantity
from aigovernance._vocabulary import Qualifier
from aigovernance.model import Dataset, Event, Group, Record, State

__all__ = ["check_published", "check_world", "count_problem", "country_problem", "zone_problem"]

Add = Callable[[Problem], None]


@functools.cache
def _zones() -> frozenset[str]:
    import zoneinfo

    return frozenset(zoneinfo.available_timezones())


def _user_assigned(code: str) -> bool:
    """ISO 3166-1 leaves AAA-AAZ, QMA-QZZ, XAA-XZZ and ZZA-ZZZ to its users (XKX: Kosovo)."""
    return code.startswith(("AA", "X", "ZZ")) or ("QMA" <= code <= "QZZ")


def zone_problem(zone: str) -> str | None:
    """What is wrong with ``zone`` as an IANA time zone name, or None if it is one.

    >>> zone_problem("Europe/Paris") is None
    True
    >>> zone_problem("Europe/Pari")
    "'Europe/Pari' is not a time zone of the IANA database (did you mean 'Europe/Paris'?)"
    """
    zones = _zones()
    if not zones:
        return "cannot be checked: this system has no IANA time zone database (pip install tzdata)"
    if zone in zones:
        return None
    return f"{zone!r} is not a time zone of the IANA database{_nearest(zone, zones)}"


def country_problem(code: str, name: str | None = None) -> str | None:
    """What is wrong with ``code`` as an ISO 3166-1 alpha-3 code, or None if it is one.

    Officially assigned codes are accepted, and the ranges the standard leaves to its
    users (``XKX`` is commonly used for Kosovo). Where the code is not one, the code
    of a country called ``name`` is suggested.

    >>> country_problem("SLO", "Slovenia")
    "'SLO' is not an ISO 3166-1 alpha-3 code (Slovenia is 'SVN')"
    """
    if code in ALPHA3 or _user_assigned(code):
        return None
    hint = ""
    if name is not None:
        for known, country in ALPHA3.items():
            if country.casefold() == name.casefold():
                hint = f" ({country} is {known!r})"
                break
    return f"{code!r} is not an ISO 3166-1 alpha-3 code{hint or _nearest(code, ALPHA3)}"


def _nearest(word: str, choices: frozenset[str] | dict[str, str]) -> str:
    found = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.8)
    return f" (did you mean {found[0]!r}?)" if found else ""


# -------------------------------------------------------------------- counts as written

_ONES: Final = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen"
)
_UNITS: Final = {word: value for value, word in enumerate(_ONES.split(" "))}
_TENS: Final = {
    word: 10 * value
    for value, word in enumerate(
        ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"], 2
    )
}
_SCALES: Final = {"hundred": 100, "thousand": 1000, "million": 1_000_000}
_DIGITS: Final = re.compile(r"\d{1,3}(?:[,\u00a0\u202f]\d{3})+(?!\d)|\d+")
_WORD: Final = re.compile(r"[a-z]+")
_PHRASES: Final = (
    ("more than", {Qualifier.MORE_THAN}),
    ("over", {Qualifier.MORE_THAN}),
    ("in excess of", {Qualifier.MORE_THAN}),
    ("at least", {Qualifier.AT_LEAST}),
    ("no fewer than", {Qualifier.AT_LEAST}),
    ("fewer than", {Qualifier.FEWER_THAN}),
    ("less than", {Qualifier.FEWER_THAN}),
    ("under", {Qualifier.FEWER_THAN}),
    ("up to", {Qualifier.UP_TO}),
    ("at most", {Qualifier.UP_TO}),
    ("about", {Qualifier.ABOUT}),
    ("around", {Qualifier.ABOUT}),
    ("approximately", {Qualifier.ABOUT}),
    ("roughly", {Qualifier.ABOUT}),
    ("some", {Qualifier.ABOUT}),
    ("nearly", {Qualifier.ABOUT, Qualifier.FEWER_THAN}),
    ("almost", {Qualifier.ABOUT, Qualifier.FEWER_THAN}),
)


def _numbers(text: str) -> Iterator[int]:
    """The numbers ``text`` states, in digits or in English words, in order."""
    digits = _DIGITS.findall(text)
    if digits:
        yield from (int(re.sub(r"\D", "", number)) for number in digits)
        return
    total = current = 0
    counting = False
    for word in _WORD.findall(text.lower().replace("-", " ")):
        if word in _UNITS or word in _TENS:
            current += _UNITS.get(word, 0) + _TENS.get(word, 0)
            counting = True
        elif word in _SCALES and counting:
            scale = _SCALES[word]
            if scale == 100:
                current *= 100
            else:
                total += current * scale
                current = 0
        elif word == "and" and counting:
            continue
        elif counting:
            yield total + current
            total = current = 0
            counting = False
    if counting:
        yield total + current


def count_problem(count: Quantity) -> str | None:
    """What is wrong with a count's surface text, or None where it agrees or says nothing.

    The one number the text states, in digits (``1,000``) or English words
    (``eighty``), must be the count's value; in an English text, a qualifying phrase
    (``more than``, ``about``, ``at least``, ``up to``, ``fewer than``...) must agree
    with its qualifier, and no such phrase means an exact count. A text stating no
    number, or several, is not checked; nor is a text in another script than Latin.

    >>> count_problem(Quantity(value=80, qualifier=Qualifier.MORE_THAN, text="more than 80"))
    >>> count_problem(Quantity(value=80, text="about 80"))
    "says 'about 80', which is an approximate count, but the qualifier is 'exact'"
    """
    text = count.text
    if text is None:
        return None
    numbers = list(_numbers(text))
    if len(numbers) != 1:
        return None
    if numbers[0] != count.value:
        return f"says {text!r}, which states {numbers[0]}, but the value is {count.value}"
    if not text.isascii():
        return None
    lowered = f" {' '.join(_WORD.findall(text.lower()))} "
    allowed = {Qualifier.EXACT}
    for phrase, qualifiers in _PHRASES:
        if f" {phrase} " in lowered:
            allowed = qualifiers
            break
    if count.qualifier in allowed:
        return None
    described = {
        Qualifier.EXACT: "an exact count",
        Qualifier.ABOUT: "an approximate count",
        Qualifier.AT_LEAST: "a count of at least that",
        Qualifier.MORE_THAN: "a count of more than that",
        Qualifier.FEWER_THAN: "a count of fewer than that",
        Qualifier.UP_TO: "a count of up to that",
    }
    first = sorted(allowed, key=list(Qualifier).index)[0]
    return (
        f"says {text!r}, which is {described[first]}, "
        f"but the qualifier is {count.qualifier.value!r}"
    )


# ------------------------------------------------------------------------ the checks


def check_world(dataset: Dataset, add: Add) -> None:
    """Add a problem for every zone, country code and count of ``dataset`` that is wrong."""
    for index, record in enumerate(dataset.records):
        base: tuple[PathPart, ...] = ("records", index)
        if isinstance(record, Event):
            if record.timezone is not None:
                found = zone_problem(record.timezone)
                if found:
                    add(Problem(json_path((*base, "timezone")), found))
            if record.place is not None and record.place.country is not None:
                found = country_problem(record.place.country)
                if found:
                    add(Problem(json_path((*base, "place", "country")), found))
        elif isinstance(record, State):
            found = country_problem(record.code, record.name)
            if found:
                add(Problem(json_path((*base, "code")), found))
        elif isinstance(record, Group) and record.size is not None:
            found = count_problem(record.size)
            if found:
                add(Problem(json_path((*base, "size", "text")), found))


def check_published(dataset: Dataset, add: Add) -> None:
    """The strict profile for published data: evidence everywhere, dated sources."""
    for index, source in enumerate(dataset.sources):
        if source.published is None:
            add(
                Problem(json_path(("sources", index, "published")), "a published source has a date")
            )
    for index, record in enumerate(dataset.records):
        base: tuple[PathPart, ...] = ("records", index)
        if not _evidenced(record):
            add(Problem(json_path((*base, "evidence")), "published records cite their evidence"))
        if isinstance(record, Event):
            for number, part in enumerate(record.participations):
                if not part.evidence:
                    path = json_path((*base, "participations", number, "evidence"))
                    add(Problem(path, "published participations cite their evidence"))


def _evidenced(record: Record) -> bool:
    return bool(getattr(record, "evidence", ()))
