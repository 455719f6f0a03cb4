"""The review page as text: what it holds, its escaping, and its missing extra."""

from __future__ import annotations

import html
import itertools
import re
import subprocess
import sys
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings

import aigovernance as ag
from aigovernance import strategies
from aigovernance.cli import main
from aigovernance.report import _view

from . import hostile
from .page import Parsed, parse

SEED = ag.datasets.load()


@pytest.fixture(scope="module")
def seed_page() -> str:
    return ag.to_html(SEED)


@pytest.fixture(scope="module")
def seed(seed_page: str) -> Parsed:
    return parse(seed_page)


def spans_of(ds: ag.Dataset) -> list[tuple[str, int, int, str]]:
    """Every citation with a span: its source, offsets and quote, in page order."""
    found = []
    for record in ds.records:
        for support in _supports(ds, record.id):
            e = support.evidence
            if e.start is not None and e.end is not None and e.quote is not None:
                found.append((e.source, e.start, e.end, e.quote))
    return found


def _supports(ds: ag.Dataset, record: str) -> list[ag.Support]:
    return [s for source in ds.sources for s in ds.supported_by(source.id) if s.record == record]


def check_spans(ds: ag.Dataset, parsed: Parsed) -> None:
    """Each source's text is shown whole; each citation's span covers exactly its quote."""
    numbered = 0
    for source in ds.sources:
        if source.text is None:
            assert source.id not in parsed.texts
            continue
        assert parsed.text_of(source.id) == source.text
    # Citations are numbered record by record, evidence by evidence, from 1.
    view = _view.page(ds, ag.validate(ds))
    by_number = {c.number: c for s in view.sources for c in s.citations}
    for source in ds.sources:
        if source.text is None:
            continue
        shown = parsed.spans(source.id)
        for number, stretches in shown.items():
            citation = by_number[number]
            assert citation.source == source.id
            assert citation.start is not None
            assert citation.end is not None
            # One run of adjacent stretches, from the span's start to its end.
            assert stretches[0][0] == citation.start
            assert stretches[-1][1] == citation.end
            assert all(a[1] == b[0] for a, b in itertools.pairwise(stretches))
            assert source.text[citation.start : citation.end] == citation.quote
            numbered += 1
    # An empty span marks its place with an anchor, and colours nothing.
    empty = [c for c in by_number.values() if c.start is not None and c.start == c.end]
    assert all(f"c{c.number}" in parsed.ids for c in empty)
    assert numbered + len(empty) == len(spans_of(ds))


def test_the_seed_page_shows_every_source_and_record(seed: Parsed) -> None:
    assert seed.sources == [s.id for s in SEED.sources]
    assert sorted(seed.cards) == sorted(r.id for r in SEED.records)
    assert len(seed.cards) == len(SEED.records) == 77


def test_every_span_of_the_seed_is_highlighted_once_per_citation(seed: Parsed) -> None:
    check_spans(SEED, seed)
    total = sum(len(SEED.supported_by(s.id)) for s in SEED.sources)
    assert sorted(seed.citations) == list(range(1, total + 1))


def test_the_seed_text_is_all_covered(seed: Parsed) -> None:
    assert not any(p.uncovered for p in seed.texts["source:seed"])


def test_text_no_evidence_covers_is_marked() -> None:
    source = ag.Source(id="source:s", title="S", text="Zambia and China met. Nobody cited this.")
    state = ag.State(id="state:ZMB", name="Zambia", code="ZMB", evidence=(source.cite("Zambia"),))
    ds = ag.Dataset(id="d", title="D", version="1", sources=(source,), records=(state,))
    pieces = parse(ag.to_html(ds)).texts["source:s"]
    assert [p.text for p in pieces if p.uncovered] == [" and China met. Nobody cited this."]
    assert [p.text for p in pieces if p.cites] == ["Zambia"]


def test_the_page_is_the_same_every_time(seed_page: str) -> None:
    assert ag.to_html(SEED) == seed_page
    assert ag.to_html(ag.datasets.load()) == seed_page


def test_references_link_to_the_cards_they_name(seed_page: str) -> None:
    card = seed_page.split('id="event:hlm-ai-capacity-building-2024"', 1)[1].split("</article>")[0]
    assert '<a href="#person:wang-yi" class="ref">Wang Yi</a>' in card
    assert '<a href="#post:china-foreign-minister" class="ref">Foreign Minister</a>' in card
    person = seed_page.split('id="person:wang-yi"', 1)[1].split("</article>")[0]
    assert "Posts held" in person
    assert 'href="#post:china-foreign-minister"' in person


def test_every_link_within_the_page_has_a_target(seed: Parsed, seed_page: str) -> None:
    ids = set(seed.ids)
    assert len(ids) == len(seed.ids), "ids are unique"
    targets = set(re.findall(r'href="#([^"]+)"', seed_page))
    assert targets - ids == set()


def test_problems_are_shown_at_their_records() -> None:
    g20 = SEED["event:g20-fmm-2024"]
    assert isinstance(g20, ag.Event)
    event = attrs.evolve(g20, parent="event:no-such-event")
    records = tuple(event if r.id == event.id else r for r in SEED.records)
    ds = attrs.evolve(SEED, records=records)
    problems = ag.validate(ds)
    assert problems
    page = ag.to_html(ds)
    card = page.split(f'id="{event.id}"', 1)[1].split("</article>")[0]
    start = page.index(f'id="{event.id}"')
    assert 'class="card has-problems"' in page[start - 60 : start]
    assert "event:no-such-event" in card
    assert problems[0].message.replace("'", "&#39;") in card
    assert f"Problems ({len(problems)})" in page


def test_partial_dates_are_drawn_as_the_ranges_they_are() -> None:
    timeline = _view.page(SEED, ()).timeline
    bars = {bar.link.target: bar for bar in timeline.bars}
    month = bars["event:bilateral-russia-2024"]
    day = bars["event:g20-fmm-2024"]
    assert not month.exact
    assert day.exact
    # September has 30 days; the axis runs from 1 September to 3 December (94 days).
    assert month.width == pytest.approx(day.width * 30, rel=0.01)
    assert day.x > month.x
    assert len(timeline.bars) == len(SEED.of_type(ag.Event))


def test_who_met_whom_joins_those_at_the_same_events() -> None:
    graph = _view.page(SEED, ()).graph
    pairs = {frozenset((e.a.target, e.b.target)): e for e in graph.pairs}
    russia = pairs[frozenset(("person:wang-yi", "person:russia-foreign-minister"))]
    assert [link.target for link in russia.events] == ["event:bilateral-russia-2024"]
    china_zambia = pairs[frozenset(("state:CHN", "state:ZMB"))]
    assert len(china_zambia.events) == 2


def test_hostile_text_is_shown_as_text() -> None:
    ds = hostile.dataset()
    page = ag.to_html(ds)
    parsed = parse(page)
    assert parsed.tags.get("img", 0) == 0
    assert parsed.tags["script"] == 1
    assert "window.__pwned" not in parsed.scripts[0]
    assert "&lt;script&gt;window.__pwned" in page
    assert "&#34;&gt;&lt;img src=x onerror=" in page
    # The override stays in the text, contained in an element of its own, and named.
    assert '<span class="ctl" data-u="U+202E">\u202e</span>' in page
    assert "\u202e" not in re.sub(r'<span class="ctl" data-u="U\+202E">\u202e</span>', "", page)
    # The link keeps the address, percent-encoded: no quote or bracket ends the attribute.
    assert 'href="https://example.org/%E2%80%AE%22%3E%3Cimg/src=x/onerror=alert(1)%3E"' in page
    check_spans(ds, parsed)


def test_the_policy_lets_only_the_page_s_own_code_run(seed_page: str) -> None:
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', seed_page)
    assert policy is not None
    rules = html.unescape(policy[1])
    assert rules.startswith("default-src 'none'; style-src 'sha256-")
    assert "script-src 'sha256-" in rules


@settings(max_examples=15, deadline=None)
@given(strategies.datasets(max_sources=3, max_records=8))
def test_any_dataset_shows_its_texts_and_spans_whole(ds: ag.Dataset) -> None:
    parsed = parse(ag.to_html(ds))
    assert parsed.sources == [s.id for s in ds.sources]
    assert sorted(parsed.cards) == sorted(r.id for r in ds.records)
    check_spans(ds, parsed)


def test_the_command_writes_the_page(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    output = tmp_path / "report.html"
    assert main(["report", "seed", "-o", str(output)]) == 0
    assert output.read_text(encoding="utf-8") == ag.to_html(SEED)
    assert capsys.readouterr() == ("", "")
    assert main(["report", "-o", str(tmp_path)]) == 2
    assert "is a directory" in capsys.readouterr().err
    assert main(["report", "-o", str(tmp_path / "no" / "r.html")]) == 2


# jinja2 is hidden from a fresh interpreter: None in sys.modules makes its import fail.
WITHOUT_JINJA = "import sys\nsys.modules['jinja2'] = None\nimport aigovernance as ag\n"


def _without_jinja(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", WITHOUT_JINJA + code],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def test_without_jinja2_to_html_names_the_extra() -> None:
    done = _without_jinja(
        "try:\n    ag.to_html(ag.datasets.load())\nexcept ImportError as error:\n    print(error)\n"
    )
    assert done.stdout == "HTML output needs jinja2: pip install 'aigovernance[html]'\n"


def test_without_jinja2_notebooks_fall_back_to_repr() -> None:
    done = _without_jinja(
        "ds = ag.datasets.load()\nprint(ds._repr_html_(), ds['person:wang-yi']._repr_html_())\n"
    )
    assert done.stdout == "None None\n", done.stderr


def test_without_jinja2_the_command_says_so_in_one_line(tmp_path: Path) -> None:
    output = tmp_path / "r.html"
    done = _without_jinja(
        f"from aigovernance.cli import main\nsys.exit(main(['report', '-o', {str(output)!r}]))\n"
    )
    assert done.returncode == 2  # a missing extra is a usage problem
    assert done.stderr == (
        "aigovernance: error: HTML output needs jinja2: pip install 'aigovernance[html]'\n"
    )
    assert not output.exists()


def test_notebook_display_of_a_dataset() -> None:
    shown = SEED._repr_html_()
    assert shown is not None
    assert "Wang Yi at the High-level Meeting" in shown
    assert "event 11" in shown
    assert "person 14" in shown
    prefix = re.search(r'id="(ag-[0-9a-f]{8}-)event:', shown)
    assert prefix is not None
    # Names are labels that link to the named record's card, within the display.
    assert f'<a href="#{prefix[1]}person:wang-yi">Wang Yi</a>' in shown
    assert "“co-hosted by China and Zambia”" in shown


def test_notebook_display_of_a_record() -> None:
    shown = SEED["event:g20-fmm-2024"]._repr_html_()
    assert shown is not None
    assert "G20 Foreign Ministers&#39; Meeting" in shown
    assert "<code>person:wang-yi</code>" in shown  # alone, a record knows ids, not labels
    assert "“G20 Foreign Ministers&#39; Meeting”" in shown
    source = SEED.sources[0]._repr_html_()
    assert source is not None
    assert "Wang Yi Attends" in source


def test_notebook_display_escapes_too() -> None:
    ds = hostile.dataset()
    for shown in (ds._repr_html_(), ds["person:chair"]._repr_html_()):
        assert shown is not None
        assert "<script>" not in shown
        assert "<img" not in shown
        assert "&lt;script&gt;" in shown
