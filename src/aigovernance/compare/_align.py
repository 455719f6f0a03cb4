"""Alignment of two principle sets: scores, the best one-to-one pairing, and the rest."""

from __future__ import annotations

from attrs import field, frozen

from aigovernance._vocabulary import Theme
from aigovernance.compare._comparators import overlap
from aigovernance.compare._text import fuzzy
from aigovernance.model import Principle, PrincipleSet

__all__ = ["AlignedPair", "Alignment", "align", "assignment"]


@frozen(kw_only=True)
class AlignedPair:
    """A principle of the first set and one of the second that say similar things.

    Attributes:
        a: the ordinal of the principle in the first set.
        b: the ordinal of the principle in the second set.
        score: the combined score, from 0 to 1.
        themes: the themes both principles name.
        theme_score: the overlap of their themes, or ``None`` if either names none.
        text_score: the similarity of their wording.
    """

    a: int
    b: int
    score: float
    themes: tuple[Theme, ...]
    theme_score: float | None
    text_score: float


@frozen(kw_only=True)
class Alignment:
    """How the principles of one set map onto those of another.

    Attributes:
        a: the first principle set.
        b: the second principle set.
        scores: the score of every pair: one row per principle of ``a``, one column per
            principle of ``b``, in order.
        pairs: the one-to-one pairing of greatest total score, leaving out pairs below
            the threshold; by ordinal in ``a``.
        also: other pairs at or above the ``strong`` score (a principle covering several
            of the other set), best first.
        unmatched_a: ordinals of principles of ``a`` in no pair.
        unmatched_b: ordinals of principles of ``b`` in no pair.
    """

    a: PrincipleSet
    b: PrincipleSet
    scores: tuple[tuple[float, ...], ...]
    pairs: tuple[AlignedPair, ...]
    also: tuple[AlignedPair, ...] = field(factory=tuple)
    unmatched_a: tuple[int, ...] = ()
    unmatched_b: tuple[int, ...] = ()

    def __str__(self) -> str:
        ta = {p.ordinal: p.title for p in self.a.principles}
        tb = {p.ordinal: p.title for p in self.b.principles}

        def pair(p: AlignedPair) -> str:
            themes = f"  [{', '.join(t.value for t in p.themes)}]" if p.themes else ""
            return f"  {p.score:.2f}  A{p.a} {_cut(ta[p.a])}  <->  B{p.b} {_cut(tb[p.b])}{themes}"

        lines = [f"A = {self.a.id}: {self.a.title}", f"B = {self.b.id}: {self.b.title}"]
        lines.append("one-to-one:" if self.pairs else "one-to-one: none")
        lines.extend(pair(p) for p in self.pairs)
        if self.also:
            lines.append("also strong:")
            lines.extend(pair(p) for p in self.also)
        for side, name, titles in (("A", self.unmatched_a, ta), ("B", self.unmatched_b, tb)):
            if name:
                lines.append(f"no counterpart in {'B' if side == 'A' else 'A'}:")
                lines.extend(f"  {side}{o} {_cut(titles[o])}" for o in name)
        head = "      " + "".join(f"  B{p.ordinal:<3}" for p in self.b.principles)
        lines.append("scores:")
        lines.append(head)
        for p, row in zip(self.a.principles, self.scores, strict=True):
            lines.append(f"  A{p.ordinal:<3}" + "".join(f"  {s:.2f}" for s in row))
        return "\n".join(lines)


def _cut(text: str, width: int = 40) -> str:
    return text if len(text) <= width else text[: width - 3] + "..."


def _wording(p: Principle) -> str:
    return " ".join((p.title, p.description or "", *p.aspects))


def _score(p: Principle, q: Principle, theme_weight: float) -> AlignedPair:
    text_score = max(fuzzy(p.title, q.title), fuzzy(_wording(p), _wording(q)))
    theme_score = overlap(p.themes, q.themes) if p.themes and q.themes else None
    score = (
        text_score
        if theme_score is None
        else theme_weight * theme_score + (1 - theme_weight) * text_score
    )
    shared = tuple(t for t in p.themes if t in set(q.themes))
    return AlignedPair(
        a=p.ordinal,
        b=q.ordinal,
        score=score,
        themes=shared,
        theme_score=theme_score,
        text_score=text_score,
    )


def assignment(scores: list[list[float]]) -> list[tuple[int, int]]:
    """The pairs (row, column), each row and column at most once, of greatest total.

    The Hungarian algorithm (Kuhn-Munkres, with potentials): exact, in time cubic in
    the number of rows and columns, which for principle sets of a dozen is instant.

    >>> assignment([[0.9, 0.8], [0.85, 0.1]])
    [(0, 1), (1, 0)]
    """
    rows = len(scores)
    cols = len(scores[0]) if rows else 0
    if not rows or not cols:
        return []
    if rows > cols:
        flipped = assignment([list(column) for column in zip(*scores, strict=True)])
        return sorted((r, c) for c, r in flipped)
    inf = float("inf")
    # 1-based potentials u (rows) and v (columns); owner[j] is the row given column j.
    u = [0.0] * (rows + 1)
    v = [0.0] * (cols + 1)
    owner = [0] * (cols + 1)
    way = [0] * (cols + 1)
    for row in range(1, rows + 1):
        owner[0] = row
        j0 = 0
        least = [inf] * (cols + 1)
        used = [False] * (cols + 1)
        while True:
            used[j0] = True
            i0 = owner[j0]
            delta = inf
            j1 = 0
            for j in range(1, cols + 1):
                if not used[j]:
                    cost = -scores[i0 - 1][j - 1] - u[i0] - v[j]
                    if cost < least[j]:
                        least[j] = cost
                        way[j] = j0
                    if least[j] < delta:
                        delta = least[j]
                        j1 = j
            for j in range(cols + 1):
                if used[j]:
                    u[owner[j]] += delta
                    v[j] -= delta
                else:
                    least[j] -= delta
            j0 = j1
            if owner[j0] == 0:
                break
        while j0:
            j1 = way[j0]
            owner[j0] = owner[j1]
            j0 = j1
    return sorted((owner[j] - 1, j - 1) for j in range(1, cols + 1) if owner[j])


def align(
    set_a: PrincipleSet,
    set_b: PrincipleSet,
    *,
    threshold: float = 0.3,
    strong: float = 0.5,
    theme_weight: float = 0.6,
) -> Alignment:
    """Align the principles of two sets.

    Each pair of principles scores ``theme_weight`` times the Jaccard overlap of their
    themes plus the rest times the similarity of their wording (title, description and
    aspects; rapidfuzz, the ``compare`` extra); where either names no themes, wording
    alone. The pairing maximises the total score over pairs at or above ``threshold``.

    >>> import aigovernance as ag
    >>> def ps(id, *titles):
    ...     return ag.PrincipleSet(id=id, title=id, principles=tuple(
    ...         ag.Principle(ordinal=i, title=t) for i, t in enumerate(titles, 1)))
    >>> result = ag.align(ps("principle-set:a", "Fairness", "Safety and security"),
    ...                   ps("principle-set:b", "Security and safety", "Privacy"))
    >>> [(p.a, p.b) for p in result.pairs], result.unmatched_a, result.unmatched_b
    ([(2, 1)], (1,), (2,))

    Args:
        set_a: the first principle set.
        set_b: the second principle set.
        threshold: the least score of a pair in the one-to-one pairing.
        strong: the least score of a further pair listed in ``also``.
        theme_weight: the share of the score that themes decide, from 0 to 1.

    Raises:
        ValueError: ``theme_weight`` is not between 0 and 1.
    """
    if not 0.0 <= theme_weight <= 1.0:
        raise ValueError(f"theme_weight must be from 0 to 1, not {theme_weight}")
    grid = [[_score(p, q, theme_weight) for q in set_b.principles] for p in set_a.principles]
    usable = [[s.score if s.score >= threshold else 0.0 for s in row] for row in grid]
    chosen = [(i, j) for i, j in assignment(usable) if usable[i][j] > 0.0]
    chosen_set = set(chosen)
    also = sorted(
        (
            s
            for i, row in enumerate(grid)
            for j, s in enumerate(row)
            if (i, j) not in chosen_set and s.score >= strong
        ),
        key=lambda s: (-s.score, s.a, s.b),
    )
    linked_a = {grid[i][j].a for i, j in chosen} | {s.a for s in also}
    linked_b = {grid[i][j].b for i, j in chosen} | {s.b for s in also}
    return Alignment(
        a=set_a,
        b=set_b,
        scores=tuple(tuple(s.score for s in row) for row in grid),
        pairs=tuple(grid[i][j] for i, j in chosen),
        also=tuple(also),
        unmatched_a=tuple(p.ordinal for p in set_a.principles if p.ordinal not in linked_a),
        unmatched_b=tuple(p.ordinal for p in set_b.principles if p.ordinal not in linked_b),
    )
