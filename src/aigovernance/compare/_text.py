"""Text for comparison: tokens for blocking and fuzzy scores from rapidfuzz (optional)."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from functools import cache, lru_cache
from types import ModuleType
from typing import Final

__all__ = ["STOPWORDS", "fuzzy", "idf", "tokens", "word_overlap", "word_weights"]

STOPWORDS: Final = frozenset(
    {"a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "in", "into", "is", "it"}
    | {"its", "of", "on", "or", "that", "the", "these", "this", "those", "to", "via", "was"}
    | {"were", "with", "within"}
)
"""Words too common to tell texts apart; left out of blocking and alignment tokens."""

_WORD: Final = re.compile(r"[^\W_]+")


# The same titles are split again and again while records are compared; the cache is
# bounded, so its memory is too.
@lru_cache(maxsize=1 << 16)
def tokens(text: str) -> frozenset[str]:
    """The distinct lower-case words of ``text``, without stopwords.

    >>> sorted(tokens("The G20 Foreign Ministers' Meeting"))
    ['foreign', 'g20', 'meeting', 'ministers']
    """
    return frozenset(w for w in _WORD.findall(text.casefold()) if w not in STOPWORDS)


@cache
def _rapidfuzz() -> tuple[ModuleType, ModuleType]:
    try:
        from rapidfuzz import fuzz, utils
    except ImportError:
        raise ImportError(
            "text comparison needs rapidfuzz: pip install 'aigovernance[compare]'"
        ) from None
    return fuzz, utils


def fuzzy(a: str, b: str) -> float:
    """Token-based fuzzy similarity of two texts, from 0 to 1.

    The mean of rapidfuzz's token-set and token-sort ratios over case-folded text without
    punctuation: word order does not matter, and a text that merely contains the other
    scores high but not full marks.

    Raises:
        ImportError: rapidfuzz is not installed (it is the ``compare`` extra).

    >>> fuzzy("Meeting of G20 Foreign Ministers", "G20 Foreign Ministers' Meeting") > 0.9
    True
    """
    if a == b:
        return 1.0
    fuzz, utils = _rapidfuzz()
    set_ratio: float = fuzz.token_set_ratio(a, b, processor=utils.default_process)
    sort_ratio: float = fuzz.token_sort_ratio(a, b, processor=utils.default_process)
    return (set_ratio + sort_ratio) / 200.0


def _near(word: str, others: frozenset[str], ratio: object) -> bool:
    # Word forms of one stem ("Russia", "Russian"; "Greece", "Greek") count as shared.
    # One call into rapidfuzz per word, rather than one per pair of words.
    process = _process()
    return process.extractOne(word, others, scorer=ratio, score_cutoff=70.0) is not None


@cache
def _process() -> ModuleType:
    from rapidfuzz import process

    return process


def word_overlap(
    a: str,
    b: str,
    weights: Mapping[str, float] | None = None,
    unknown: float | None = None,
) -> float:
    """The weighted share of the words of two texts that the other text also has.

    Words are case-folded, stopwords dropped; two forms of one word (``Russia`` and
    ``Russian``, by rapidfuzz's ratio of 70 or more) count as shared. Each word weighs
    ``weights[word]`` (rare words weigh more; see :func:`word_weights`), or ``unknown``
    for a word not listed, by default the largest weight (found by reading every
    weight: callers comparing many pairs pass it, as :class:`TextComparator` does), or 1
    with no weights.

    >>> round(word_overlap("foreign minister of Russia", "Russian foreign minister"), 2)
    1.0
    """
    ta, tb = tokens(a), tokens(b)
    if not ta or not tb:
        return 1.0 if ta == tb else 0.0
    fuzz, _ = _rapidfuzz()
    only_a, only_b = ta - tb, tb - ta
    near_a = {w for w in only_a if _near(w, only_b, fuzz.ratio)}
    near_b = {w for w in only_b if _near(w, only_a, fuzz.ratio)}
    if weights:
        missing = max(weights.values()) if unknown is None else unknown

        def weight(word: str) -> float:
            return weights.get(word, missing)
    else:

        def weight(word: str) -> float:
            return 1.0

    shared = sum(weight(w) for w in ta & tb) * 2
    shared += sum(weight(w) for w in near_a) + sum(weight(w) for w in near_b)
    total = sum(weight(w) for w in ta) + sum(weight(w) for w in tb)
    return shared / total


def word_weights(texts: list[str]) -> dict[str, float]:
    """Inverse document frequencies of the words of ``texts``: ``log(1 + n / count)``.

    >>> w = word_weights(["meeting on AI", "meeting on peace"])
    >>> w["peace"] > w["meeting"]
    True
    """
    return idf([tokens(text) for text in texts])


def idf(texts: list[frozenset[str]]) -> dict[str, float]:
    """:func:`word_weights` of texts given by their words (as :func:`tokens` gives them).

    >>> idf([tokens("meeting on AI"), tokens("meeting on peace")]) == word_weights(
    ...     ["meeting on AI", "meeting on peace"])
    True
    """
    counts: dict[str, int] = {}
    for words in texts:
        for word in words:
            counts[word] = counts.get(word, 0) + 1
    n = len(texts)
    return {word: math.log(1.0 + n / count) for word, count in counts.items()}
