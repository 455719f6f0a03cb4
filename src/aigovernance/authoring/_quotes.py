"""Finding quotes in a text: the one place where a quote becomes a span.

Every way of writing evidence by its quote (:meth:`aigovernance.Source.cite`,
:func:`aigovernance.anchor`, :func:`aigovernance.reanchor`) finds spans here, so they
agree on what an occurrence is, on the context written beside a span and on the errors
a quote that is not there, or is there more than once, gives.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from itertools import islice
from types import ModuleType
from typing import TYPE_CHECKING, Final

from attrs import frozen

from aigovernance._vocabulary import Confidence

if TYPE_CHECKING:
    from aigovernance._values import Evidence
    from aigovernance.model import Source

__all__ = [
    "CONTEXT",
    "AmbiguousQuote",
    "Passage",
    "QuoteError",
    "QuoteNotFound",
    "cite",
    "context",
    "find",
    "nearest",
    "occurrences",
    "similarity",
]

CONTEXT: Final = 32
"""How many characters (code points) of text before and after a span are kept as its
``prefix`` and ``suffix``; fewer where the text begins or ends sooner."""

_SHOWN: Final = 24  # characters of text shown on each side of a passage in messages
_LISTED: Final = 10  # occurrences spelled out in a message; all are in ``candidates``
_WINDOWS: Final = 2_000  # the most windows of a long text scored for the nearest passage
_SCORED: Final = 6  # windows looked at closely, of those that score best at first sight
_LONGEST: Final = 2_000  # characters of a quote compared when looking for the nearest
_WORDS: Final = 40  # words of a quote counted in the text, to find its rarest
_RARE: Final = 4  # the rarest words of a quote whose occurrences are looked around
_RARE_HITS: Final = 10  # occurrences of each looked around


@frozen(kw_only=True)
class Passage:
    """A place in a source's text: a candidate for a quote, or the nearest to it.

    Attributes:
        start: index of its first character (a code point, as Python counts).
        end: index one past its last character.
        text: the text of the passage, ``text[start:end]``.
        context: the passage with a few words either side, for people to read:
            ``'...Foreign Minister [Wang Yi] attended the...'``.
        score: how alike the passage and the quote are, from 0 to 1; 1 for an exact
            occurrence.
    """

    start: int
    end: int
    text: str
    context: str
    score: float = 1.0

    def __str__(self) -> str:
        return f"{self.start}:{self.end} {self.context}"


def _around(text: str, start: int, end: int) -> str:
    """The passage in brackets, with a few words either side, on one line."""
    before = text[max(0, start - _SHOWN) : start]
    after = text[end : end + _SHOWN]
    # Cut at a space, so the context shows whole words.
    if start > _SHOWN and " " in before:
        before = "..." + before[before.index(" ") + 1 :]
    if end + _SHOWN < len(text) and " " in after:
        after = after[: after.rindex(" ")] + "..."
    within = text[start:end]
    if len(within) > 2 * _SHOWN + 3:  # a long passage shows its ends
        within = f"{within[:_SHOWN]}...{within[-_SHOWN:]}"
    shown = f"{before}[{within}]{after}"
    return repr(" ".join(shown.split()))


def _passage(text: str, start: int, end: int, score: float = 1.0) -> Passage:
    return Passage(
        start=start, end=end, text=text[start:end], context=_around(text, start, end), score=score
    )


def _shorten(quote: str, limit: int = 60) -> str:
    return repr(quote if len(quote) <= limit else quote[: limit - 3] + "...")


class QuoteError(ValueError):
    """A quote does not pick out one span of a source's text.

    Attributes:
        source: the id of the source.
        quote: the quote looked for.
        candidates: the passages that came closest: every occurrence of an ambiguous
            quote, or the nearest passages to a missing one, best first.
    """

    def __init__(
        self, message: str, *, source: str, quote: str, candidates: tuple[Passage, ...] = ()
    ) -> None:
        super().__init__(message)
        self.source = source
        self.quote = quote
        self.candidates = candidates


class AmbiguousQuote(QuoteError):
    """A quote occurs more than once in the text, and nothing says which is meant.

    The message lists the occurrences with their offsets and a few words of context
    (the first ten, and how many more there are); ``candidates`` holds all of them.
    Choose one with ``occurrence=`` (from 1), or quote more words.

    >>> import aigovernance as ag
    >>> source = ag.Source(id="source:s", title="S", text="Yes. No. Yes.")
    >>> try:
    ...     source.cite("Yes")
    ... except ag.AmbiguousQuote as error:
    ...     print([c.start for c in error.candidates])
    [0, 9]
    """


class QuoteNotFound(QuoteError):
    """A quote does not occur in the text (or the occurrence asked for does not exist).

    The message shows the nearest passage of the text with its offsets; ``candidates``
    holds the nearest passages, best first (none when the text has nothing close, or
    the source holds no text).

    >>> import aigovernance as ag
    >>> source = ag.Source(id="source:s", title="S", text="Wang Yi announced a plan.")
    >>> try:
    ...     source.cite("Wang Yi annouced")
    ... except ag.QuoteNotFound as error:
    ...     print(error.candidates[0].text)
    Wang Yi announced
    """


def occurrences(text: str, quote: str) -> Iterator[int]:
    """The start of every occurrence of ``quote`` in ``text``, overlapping ones too."""
    at = text.find(quote)
    while at != -1:
        yield at
        at = text.find(quote, at + 1)


def context(text: str, start: int, end: int) -> tuple[str | None, str | None]:
    """The ``prefix`` and ``suffix`` of a span: up to :data:`CONTEXT` characters each.

    ``None`` where nothing precedes or follows the span.

    >>> context("Zambia and China", 7, 10)
    ('Zambia ', ' China')
    """
    prefix = text[max(0, start - CONTEXT) : start]
    suffix = text[end : end + CONTEXT]
    return prefix or None, suffix or None


def _listing(passages: list[Passage]) -> str:
    shown = "; ".join(str(p) for p in passages[:_LISTED])
    more = len(passages) - _LISTED
    return shown + (f"; and {more} more" if more > 0 else "")


def find(
    text: str,
    quote: str,
    *,
    source: str,
    occurrence: int | None = None,
    prefix: str | None = None,
    suffix: str | None = None,
) -> int:
    """Where the one occurrence of ``quote`` meant starts in ``text``.

    ``occurrence`` (from 1) counts every occurrence of the quote; without it the quote
    must occur once, or once with the given ``prefix`` just before it and ``suffix``
    just after.

    Raises:
        ValueError: the quote is empty, or ``occurrence`` is below 1.
        AmbiguousQuote: the quote occurs more than once and nothing says which is meant.
        QuoteNotFound: it does not occur (or not with that context, or not that often).
    """
    if not quote:
        raise ValueError("a quote must not be empty")
    if occurrence is not None and occurrence < 1:
        raise ValueError(f"occurrence counts from 1, not {occurrence}")
    starts = list(occurrences(text, quote))
    if occurrence is not None:
        if occurrence > len(starts):
            found = [_passage(text, at, at + len(quote)) for at in starts]
            times = "once" if len(starts) == 1 else f"{len(starts)} times"
            raise QuoteNotFound(
                f"{_shorten(quote)} has no occurrence {occurrence} in {source}: it occurs "
                f"{times}, at {_listing(found)}",
                source=source,
                quote=quote,
                candidates=tuple(found),
            )
        starts = [starts[occurrence - 1]]
    if not starts:
        near = nearest(text, quote)
        hint = f"; nearest: {near[0]} ({near[0].score:.0%} alike)" if near else ""
        raise QuoteNotFound(
            f"{_shorten(quote)} is not in the text of {source}{hint}",
            source=source,
            quote=quote,
            candidates=near,
        )
    fitting = [at for at in starts if _fits(text, at, at + len(quote), prefix, suffix)]
    if not fitting:
        said = " and ".join(
            f"{name} {value!r}" for name, value in (("prefix", prefix), ("suffix", suffix)) if value
        )
        found = [_passage(text, at, at + len(quote)) for at in starts]
        raise QuoteNotFound(
            f"{_shorten(quote)} occurs in {source}, but nowhere with {said}: at {_listing(found)}",
            source=source,
            quote=quote,
            candidates=tuple(found),
        )
    if len(fitting) > 1:
        found = [_passage(text, at, at + len(quote)) for at in fitting]
        raise AmbiguousQuote(
            f"{_shorten(quote)} occurs {len(fitting)} times in {source}: {_listing(found)}; "
            "say which with occurrence (from 1), or quote more words",
            source=source,
            quote=quote,
            candidates=tuple(found),
        )
    return fitting[0]


def _fits(text: str, start: int, end: int, prefix: str | None, suffix: str | None) -> bool:
    if prefix and text[max(0, start - len(prefix)) : start] != prefix:
        return False
    return not suffix or text[end : end + len(suffix)] == suffix


def cite(
    source: Source,
    quote: str,
    *fields: str,
    occurrence: int | None = None,
    confidence: Confidence = Confidence.HIGH,
) -> Evidence:
    """Evidence for the span of ``source``'s text that ``quote`` picks out.

    See :meth:`aigovernance.Source.cite`.
    """
    from aigovernance._values import Evidence

    if source.text is None:
        raise QuoteNotFound(
            f"{source.id} holds no text to quote; cite it without a quote: "
            f"Evidence(source={source.id!r})",
            source=source.id,
            quote=quote,
        )
    start = find(source.text, quote, source=source.id, occurrence=occurrence)
    end = start + len(quote)
    prefix, suffix = context(source.text, start, end)
    return Evidence(
        source=source.id,
        start=start,
        end=end,
        quote=quote,
        prefix=prefix,
        suffix=suffix,
        confidence=confidence,
        fields=fields,
    )


# --------------------------------------------------------------------------- nearest


@cache
def _rapidfuzz() -> ModuleType | None:
    try:
        from rapidfuzz import fuzz
    except ImportError:
        return None
    return fuzz


def nearest(text: str, quote: str, limit: int = 3) -> tuple[Passage, ...]:
    """The passages of ``text`` most like ``quote``, best first, not overlapping.

    Uses rapidfuzz where it is installed (the ``compare`` extra) and the standard
    library's difflib otherwise. The work is bounded whatever the length of the text:
    at most a fixed number of windows of the quote's length are scored, then the best
    few are aligned with the quote in their neighbourhood. Passages less than a third
    alike are not offered.
    """
    quote = quote[:_LONGEST]
    m = len(quote)
    if not m or not text:
        return ()
    step = max(1, m // 4, -(-len(text) // _WINDOWS))
    near_words = _word_starts(text, quote)
    starts = sorted({*range(0, max(1, len(text) - m + 1), step), *near_words})
    fuzz = _rapidfuzz()
    if fuzz is not None:
        first = [(fuzz.ratio(quote, text[at : at + m]) / 100.0, at) for at in starts]
    else:
        from difflib import SequenceMatcher

        # quick_ratio, an upper bound of the ratio, screens the windows; the windows at
        # the quote's rare words, and the best screened, get the true ratio.
        matcher = SequenceMatcher(None, autojunk=False)
        matcher.set_seq2(quote)
        screened = []
        for at in starts:
            matcher.set_seq1(text[at : at + m])
            screened.append((matcher.quick_ratio(), at))
        screened.sort(key=lambda pair: (-pair[0], pair[1]))
        first = []
        for at in sorted({at for _, at in screened[:_SCORED]} | near_words):
            matcher.set_seq1(text[at : at + m])
            first.append((matcher.ratio(), at))
    first.sort(key=lambda pair: (-pair[0], pair[1]))
    aligned: list[tuple[float, int, int, int, int]] = []
    margin = m // 4 + 1  # the windows overlap, or their rare words place them near
    for _, at in first[:_SCORED]:
        low, high = max(0, at - margin), min(len(text), at + m + margin)
        begin, end = _align(text, quote, low, high)
        aligned.append((_score(quote, text[begin:end]), begin, end, low, high))
    aligned.sort(key=lambda found: (-found[0], found[1]))
    chosen: list[tuple[float, int, int, int, int]] = []
    for found in aligned:
        if not any(found[1] < c[2] and c[1] < found[2] for c in chosen):
            chosen.append(found)
    passages = []
    for _, begin, end, low, high in chosen[:limit]:
        # Only the passages shown are fitted to whole words: each fitting costs a few scores.
        begin, end = _fitted(text, quote, begin, end, low, high)
        score = _score(quote, text[begin:end])
        if score >= 1 / 3:
            passages.append(_passage(text, begin, end, round(score, 3)))
    passages.sort(key=lambda p: (-p.score, p.start))
    return tuple(passages)


def _word_starts(text: str, quote: str) -> set[int]:
    """Where windows around the quote's rarest words would start.

    In a long text the windows stand far apart, so the passage sought may fall between
    them; its rarer words point to it. At most a few words, each found a few times.
    """
    import re

    words: dict[str, int] = {}
    for found in re.finditer(r"\w{3,}", quote[:_LONGEST]):
        words.setdefault(found.group(), found.start())
    counted = sorted(
        (count, offset, word)
        for word, offset in list(words.items())[:_WORDS]
        if (count := text.count(word))
    )
    starts = set()
    for _, offset, word in counted[:_RARE]:
        for at in islice(occurrences(text, word), _RARE_HITS):
            starts.add(max(0, at - offset))
    return starts


def _align(text: str, quote: str, low: int, high: int) -> tuple[int, int]:
    """The span of ``text[low:high]`` best aligned with ``quote``."""
    region = text[low:high]
    fuzz = _rapidfuzz()
    if fuzz is not None:
        aligned = fuzz.partial_ratio_alignment(quote, region)
        begin, end = low + aligned.dest_start, low + aligned.dest_end
    else:
        from difflib import SequenceMatcher

        blocks = [
            b
            for b in SequenceMatcher(None, region, quote, autojunk=False).get_matching_blocks()
            if b.size
        ]
        if not blocks:
            return low, low
        begin, end = low + blocks[0].a, low + blocks[-1].a + blocks[-1].size
    return begin, end


def _fitted(text: str, quote: str, begin: int, end: int, low: int, high: int) -> tuple[int, int]:
    """``begin:end`` widened to whole words, then a word shorter or longer while more alike."""
    while begin > 0 and not text[begin - 1].isspace() and end - begin < 2 * len(quote):
        begin -= 1
    while end < len(text) and not text[end].isspace() and end - begin < 2 * len(quote):
        end += 1
    best = _score(quote, text[begin:end])
    for _ in range(6):  # a few words at most: the alignment is already close
        options = []
        if (space := text.find(" ", begin, end)) != -1:
            options.append((space + 1, end))
        if (space := text.rfind(" ", begin, end)) != -1:
            options.append((begin, space))
        if (space := text.rfind(" ", low, max(low, begin - 1))) != -1:
            options.append((space + 1, end))
        if (space := text.find(" ", min(high, end + 1), high)) != -1:
            options.append((begin, space))
        scored = [(_score(quote, text[b:e]), -b, e) for b, e in options if b < e]
        if not scored or max(scored)[0] <= best:
            break
        best, minus_begin, end = max(scored)
        begin = -minus_begin
    while begin < end and text[begin].isspace():
        begin += 1
    while end > begin and text[end - 1].isspace():
        end -= 1
    return begin, end


def _score(a: str, b: str) -> float:
    fuzz = _rapidfuzz()
    if fuzz is not None:
        return float(fuzz.ratio(a, b)) / 100.0
    return similarity(a, b)


def similarity(a: str, b: str) -> float:
    """How alike two texts are, from 0 to 1: the share of their characters in common.

    The characters in common are their common beginning and end, and what the standard
    library's difflib matches between them; twice their number over the length of
    both texts, as difflib's ratio counts. Taking the common ends first makes a small
    correction in a long text quick to measure. The same on every installation (unlike
    rapidfuzz, which is optional), so that decisions made with it, such as whether a
    quote was amended, do not depend on what is installed.

    >>> round(similarity("plan of actoin", "plan of action"), 2)
    0.93
    """
    if a == b:
        return 1.0
    if not a or not b:
        return 0.0
    head = 0
    while head < min(len(a), len(b)) and a[head] == b[head]:
        head += 1
    tail = 0
    while tail < min(len(a), len(b)) - head and a[-1 - tail] == b[-1 - tail]:
        tail += 1
    from difflib import SequenceMatcher

    middle = SequenceMatcher(None, a[head : len(a) - tail], b[head : len(b) - tail], autojunk=False)
    matched = sum(block.size for block in middle.get_matching_blocks())
    return 2.0 * (head + tail + matched) / (len(a) + len(b))
