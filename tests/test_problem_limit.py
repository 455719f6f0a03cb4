"""A refused read lists at most so many problems, says how many more, and stops early.

A service that reads uploads must not be brought down by one small file full of
mistakes: past the limit nothing more is looked at, so the time and memory of a refused
read do not grow with the number of its problems.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import aigovernance as ag
from aigovernance import _problems
from aigovernance.serialization import MAX_PROBLEMS


def _events(n: int, **fields: Any) -> str:
    records = [
        {"type": "event", "id": f"event:e{i}", "kind": "summit", "title": "T", **fields}
        for i in range(n)
    ]
    return json.dumps(
        {
            "schema_version": ag.SCHEMA_VERSION,
            "id": "d",
            "title": "D",
            "version": "1",
            "records": records,
        }
    )


def _refusal(text: str, **kwargs: Any) -> ag.ValidationError:
    with pytest.raises(ag.ValidationError) as caught:
        ag.from_json(text, ag.Dataset, **kwargs)
    return caught.value


def test_the_default_limit_is_a_few_hundred() -> None:
    assert 100 <= MAX_PROBLEMS <= 1000
    assert ag.MAX_PROBLEMS == MAX_PROBLEMS


def test_a_refused_read_lists_the_first_problems_and_says_there_are_more() -> None:
    text = _events(2000, themes=[1, 2])  # 4,000 problems
    everything = _refusal(text, max_problems=None)
    assert len(everything.problems) == 4000
    assert everything.more == 0
    capped = _refusal(text)
    assert capped.problems == everything.problems[:MAX_PROBLEMS]
    assert capped.more >= 1
    assert f"and at least {capped.more} more" in str(capped).splitlines()[0]
    few = _refusal(text, max_problems=3)
    assert few.problems == everything.problems[:3]
    assert str(few).splitlines()[1:] == [f"  {p}" for p in everything.problems[:3]]


def test_at_the_limit_exactly_nothing_is_left_out() -> None:
    text = _events(3, themes=[1])
    error = _refusal(text, max_problems=3)
    assert (len(error.problems), error.more) == (3, 0)
    assert "more" not in str(error)


def test_the_limit_applies_to_dicts_too() -> None:
    document = json.loads(_events(500, title=" "))
    with pytest.raises(ag.ValidationError) as caught:
        ag.from_dict(document, ag.Dataset, max_problems=10)
    assert len(caught.value.problems) == 10
    assert caught.value.more >= 1


@pytest.mark.parametrize("limit", [0, -1])
def test_a_limit_lists_at_least_one_problem(limit: int) -> None:
    with pytest.raises(ValueError, match="max_problems must be at least 1"):
        ag.from_json(_events(1, title=" "), ag.Dataset, max_problems=limit)


def test_reading_stops_once_the_limit_is_passed(monkeypatch: pytest.MonkeyPatch) -> None:
    # Every record has a date that is not a real one; past the limit no more are parsed.
    parsed: list[str] = []
    parse = ag.PartialDate.parse

    def counting(text: str) -> ag.PartialDate:
        parsed.append(text)
        return parse(text)

    monkeypatch.setattr(ag.PartialDate, "parse", counting)
    error = _refusal(_events(5000, date="2024-02-30"), max_problems=10)
    assert len(error.problems) == 10
    assert len(parsed) <= 20


def test_an_object_made_in_python_lists_at_most_the_limit() -> None:
    with pytest.raises(ag.ValidationError) as caught:
        ag.Evidence(source="source:s", fields=tuple(" " * (i + 1) for i in range(5 * MAX_PROBLEMS)))
    error = caught.value
    assert len(error.problems) == MAX_PROBLEMS
    assert error.more == 1
    assert error.problems[0].path == "$.fields[0]"


def test_the_budget_of_a_read_ends_with_it() -> None:
    assert _problems.budget() is None
    _refusal(_events(10, title=" "), max_problems=1)
    assert _problems.budget() is None


def test_a_capped_line_of_json_lines_says_how_many_more(tmp_path: Path) -> None:
    seed = ag.datasets.load()
    header = {k: v for k, v in ag.to_dict(seed).items() if k not in ("sources", "records")}
    bad = {"type": "group", "id": "group:g", "name": "G", "members": [1] * (ag.MAX_PROBLEMS + 5)}
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps(header) + "\n" + json.dumps(bad) + "\n", encoding="utf-8")
    with pytest.raises(ag.ValidationError) as caught:
        list(ag.iter_jsonl(path))
    assert len(caught.value.problems) == ag.MAX_PROBLEMS
    assert caught.value.more > 0
    assert caught.value.problems[0].path.startswith("line 2: $.members[0]")
