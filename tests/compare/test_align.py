from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

import aigovernance as ag
from aigovernance.compare import AlignedPair, Alignment, assignment

from .local_strategies import principle_sets


@pytest.fixture(scope="module")
def china() -> ag.PrincipleSet:
    p = ag.datasets.load()["principle-set:china-ai-global-governance-2024"]
    assert isinstance(p, ag.PrincipleSet)
    return p


@pytest.fixture(scope="module")
def reference() -> ag.Dataset:
    ds = ag.datasets.load("reference-principles")
    assert isinstance(ds, ag.Dataset)
    return ds


def _total(scores: list[list[float]], pairs: list[tuple[int, int]]) -> float:
    return sum(scores[i][j] for i, j in pairs)


def _best_total(scores: list[list[float]]) -> float:
    rows, cols = len(scores), len(scores[0]) if scores else 0
    if rows <= cols:
        return max(
            (
                sum(scores[i][j] for i, j in enumerate(p))
                for p in itertools.permutations(range(cols), rows)
            ),
            default=0.0,
        )
    return _best_total([list(c) for c in zip(*scores, strict=True)])


matrices = st.integers(1, 5).flatmap(
    lambda rows: st.lists(
        st.lists(st.floats(0, 1), min_size=1, max_size=5).map(tuple),
        min_size=rows,
        max_size=rows,
    ).filter(lambda m: len({len(r) for r in m}) == 1)
)


@given(matrices)
def test_assignment_is_one_to_one_and_optimal(matrix: list[tuple[float, ...]]) -> None:
    scores = [list(row) for row in matrix]
    pairs = assignment(scores)
    assert len({i for i, _ in pairs}) == len(pairs) == len({j for _, j in pairs})
    assert len(pairs) == min(len(scores), len(scores[0]))
    assert _total(scores, pairs) == pytest.approx(_best_total(scores))


def test_assignment_agrees_with_scipy_where_installed() -> None:
    optimize = pytest.importorskip("scipy.optimize")
    scores = [[0.1, 0.9, 0.3], [0.8, 0.7, 0.2], [0.4, 0.6, 0.5], [0.3, 0.1, 0.9]]
    rows, cols = optimize.linear_sum_assignment(scores, maximize=True)
    assert _total(scores, assignment(scores)) == pytest.approx(
        sum(scores[i][j] for i, j in zip(rows, cols, strict=True))
    )


def test_chinas_principles_against_unesco(china: ag.PrincipleSet, reference: ag.Dataset) -> None:
    unesco = reference["principle-set:unesco-ai-ethics"]
    assert isinstance(unesco, ag.PrincipleSet)
    result = ag.align(china, unesco)
    assert isinstance(result, Alignment)
    assert len(result.scores) == 3
    assert all(len(row) == 10 for row in result.scores)
    pairs = {(p.a, p.b) for p in result.pairs}
    assert (2, 10) in pairs  # fairness and inclusiveness ~ fairness and non-discrimination
    fairness = next(p for p in result.pairs if p.a == 2)
    assert set(fairness.themes) == {ag.Theme.FAIRNESS, ag.Theme.INCLUSIVENESS}
    assert fairness.score == result.scores[1][9]
    assert 3 in result.unmatched_a  # multilateralism has no counterpart in UNESCO's ten
    assert 8 in result.unmatched_b  # nor sustainability in China's three
    report = str(result)
    assert "Uphold fairness and inclusiveness" in report
    assert "no counterpart" in report


def test_chinas_principles_against_oecd(china: ag.PrincipleSet, reference: ag.Dataset) -> None:
    oecd = reference["principle-set:oecd-ai-principles"]
    assert isinstance(oecd, ag.PrincipleSet)
    result = ag.align(china, oecd)
    matched = {p.a for p in result.pairs} | {p.a for p in result.also}
    assert set(result.unmatched_a) == {1, 2, 3} - matched
    assert 3 in result.unmatched_a


def test_many_to_one_matches_are_listed_apart() -> None:
    def ps(id: str, *titles: str) -> ag.PrincipleSet:
        return ag.PrincipleSet(
            id=id,
            title=id,
            principles=tuple(ag.Principle(ordinal=i, title=t) for i, t in enumerate(titles, 1)),
        )

    a = ps("principle-set:a", "Safety and security", "Security and safety of AI")
    b = ps("principle-set:b", "Safety and security", "Privacy")
    result = ag.align(a, b)
    assert [(p.a, p.b) for p in result.pairs] == [(1, 1)]
    assert [(p.a, p.b) for p in result.also] == [(2, 1)]
    assert isinstance(result.also[0], AlignedPair)
    assert result.unmatched_a == ()
    assert result.unmatched_b == (2,)


@given(principle_sets(), principle_sets("principle-set:q"))
def test_every_principle_is_paired_or_unmatched(a: ag.PrincipleSet, b: ag.PrincipleSet) -> None:
    result = ag.align(a, b)
    assert len({p.a for p in result.pairs}) == len(result.pairs)
    assert len({p.b for p in result.pairs}) == len(result.pairs)
    linked_a = {p.a for p in (*result.pairs, *result.also)}
    assert linked_a | set(result.unmatched_a) == {p.ordinal for p in a.principles}
    assert not linked_a & set(result.unmatched_a)
    assert all(0.0 <= s <= 1.0 for row in result.scores for s in row)


def test_a_set_aligns_with_itself_one_to_one(china: ag.PrincipleSet) -> None:
    result = ag.align(china, china)
    assert [(p.a, p.b, p.score) for p in result.pairs] == [(i, i, 1.0) for i in (1, 2, 3)]


def test_theme_weight_must_be_a_share(china: ag.PrincipleSet) -> None:
    with pytest.raises(ValueError, match="theme_weight"):
        ag.align(china, china, theme_weight=1.5)
