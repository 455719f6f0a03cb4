"""The review page in a real browser: headless Chromium, opened from disk.

Clicks and keys go through the browser as a reader's would; every request the page
makes is recorded, and none may leave it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import aigovernance as ag
from aigovernance.report import _view

from . import browser, hostile

if os.environ.get(browser.SKIP):
    pytest.skip("the browser tests are turned off", allow_module_level=True)

if (reason := browser.missing()) is not None:  # pragma: no cover - a failure, with the reason
    pytest.fail(
        f"the browser tests cannot run: {reason}; or set {browser.SKIP}=1 to skip them",
        pytrace=False,
    )

import itertools

from playwright.sync_api import Browser, ConsoleMessage, Page, Playwright, sync_playwright

SEED = ag.datasets.load()
MAIN = "event:hlm-ai-capacity-building-2024"


@pytest.fixture(scope="module")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="module")
def chromium(playwright: Playwright) -> Iterator[Browser]:
    launched = playwright.chromium.launch(
        executable_path=browser.chromium(), args=list(browser.ARGS)
    )
    yield launched
    launched.close()


class Opened:
    """A page opened from disk, with every request and console message it gave."""

    def __init__(self, chromium: Browser, path: Path, **context: Any) -> None:
        self.context = chromium.new_context(**context)
        self.page: Page = self.context.new_page()
        self.url = path.as_uri()
        self.requests: list[str] = []
        self.messages: list[str] = []
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.messages.append(f"error: {error}"))
        self.page.goto(self.url)

    def _console(self, message: ConsoleMessage) -> None:
        self.messages.append(f"{message.type}: {message.text}")

    def only_the_page_was_requested(self) -> None:
        assert self.requests == [self.url]


def _write(tmp: Path, dataset: ag.Dataset, name: str = "report.html") -> Path:
    path = tmp / name
    path.write_text(ag.to_html(dataset), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def seed_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _write(tmp_path_factory.mktemp("report"), SEED)


@pytest.fixture
def seed(chromium: Browser, seed_file: Path) -> Iterator[Opened]:
    opened = Opened(chromium, seed_file, viewport={"width": 1200, "height": 900})
    yield opened
    opened.context.close()


def test_the_seed_page_shows_every_source_and_record(seed: Opened) -> None:
    page = seed.page
    shown = page.eval_on_selector_all("section.source", "all => all.map(s => s.dataset.id)")
    assert shown == [s.id for s in SEED.sources]
    cards = page.eval_on_selector_all("article.card", "all => all.map(c => c.dataset.id)")
    assert sorted(cards) == sorted(r.id for r in SEED.records)
    assert page.locator("article.card").first.is_visible()
    # The page's own script ran, under its Content-Security-Policy, and nothing failed.
    assert page.evaluate("document.documentElement.hasAttribute('data-ready')")
    assert seed.messages == []
    seed.only_the_page_was_requested()


# Offsets within each source's text of every highlighted stretch, as the browser sees
# them (in UTF-16 code units), with the citations covering it; and the whole text.
_STRETCHES = """() => {
  const out = {};
  for (const section of document.querySelectorAll("section.source")) {
    const text = section.querySelector("div.text");
    if (!text) continue;
    const stretches = [];
    let offset = 0;
    for (const node of text.childNodes) {
      const length = node.textContent.length;
      if (node.nodeType === 1 && node.matches("a.ev")) {
        stretches.push([offset, offset + length, node.dataset.c.split(" ").map(Number)]);
      }
      offset += length;
    }
    out[section.dataset.id] = {text: text.textContent, stretches};
  }
  return out;
}"""


def test_every_span_is_highlighted_exactly_once_per_citation(seed: Opened) -> None:
    shown = seed.page.evaluate(_STRETCHES)
    view = _view.page(SEED, ())
    expected: dict[int, tuple[int, int]] = {}
    for source in view.sources:
        text = source.source.text
        if text is None:
            assert source.source.id not in shown
            continue
        assert shown[source.source.id]["text"] == text
        for c in source.citations:
            assert c.start is not None
            assert c.end is not None
            evidence = ag.Evidence(source=c.source, start=c.start, end=c.end, quote=c.quote)
            expected[c.number] = evidence.utf16_span(text)
        runs: dict[int, list[tuple[int, int]]] = {}
        for start, end, numbers in shown[source.source.id]["stretches"]:
            for number in numbers:
                runs.setdefault(number, []).append((start, end))
        for number, stretches in runs.items():
            joined = (stretches[0][0], stretches[-1][1])
            assert all(a[1] == b[0] for a, b in itertools.pairwise(stretches)), number
            assert joined == expected[number], number
    assert sorted(n for s in shown.values() for st in s["stretches"] for n in st[2]) != []
    highlighted = {n for s in shown.values() for st in s["stretches"] for n in st[2]}
    assert highlighted == set(expected)
    spans = [
        s for src in SEED.sources for s in SEED.supported_by(src.id) if s.evidence.start is not None
    ]
    assert len(highlighted) == len(spans) == 126


def _panel_records(page: Page) -> list[list[str]]:
    found: list[list[str]] = page.eval_on_selector_all(
        "#panel-list li[data-record]",
        "all => all.map(li => [li.dataset.record, li.querySelector('code').textContent])",
    )
    return found


def test_clicking_a_span_shows_what_it_supports(seed: Opened) -> None:
    page = seed.page
    assert page.locator("#panel").is_hidden()
    page.locator("a.ev", has_text="co-hosted by China and Zambia").first.click()
    assert page.locator("#panel").is_visible()
    # The co-hosts themselves, their two participations, and the meeting, whose own
    # span (the sentence) covers the passage too.
    assert sorted(map(tuple, _panel_records(page))) == [
        (MAIN, "$"),
        (MAIN, "$.participations[0]"),
        (MAIN, "$.participations[1]"),
        ("state:CHN", "$"),
        ("state:ZMB", "$"),
    ]
    assert page.locator(f'article.card.on[data-id="{MAIN}"]').count() == 1
    # The panel's entry leads to the record's card.
    page.locator(f'#panel-list li[data-record="{MAIN}"] a.ref').first.click()
    assert page.evaluate("location.hash") == f"#{MAIN}"
    card = page.locator(f'article[data-id="{MAIN}"]')
    assert card.is_visible()
    assert card.evaluate("card => card.matches(':target')")
    box, viewport = card.bounding_box(), page.viewport_size
    assert box is not None
    assert viewport is not None
    assert 0 <= box["y"] < viewport["height"]
    seed.only_the_page_was_requested()


def test_a_span_is_selected_from_the_keyboard(seed: Opened) -> None:
    page = seed.page
    passage = page.locator("a.ev", has_text="President Xi Jinping").first
    passage.focus()
    page.keyboard.press("Enter")
    records = _panel_records(page)
    assert ["person:xi-jinping", "$"] in records
    page.keyboard.press("Escape")
    assert page.locator("#panel").is_hidden()
    assert page.locator(".on").count() == 0


def test_following_references_from_a_participant_to_a_person_to_a_post(seed: Opened) -> None:
    page = seed.page
    main = page.locator(f'article[data-id="{MAIN}"]')
    main.locator("a.ref", has_text="Wang Yi").first.click()
    assert page.evaluate("location.hash") == "#person:wang-yi"
    person = page.locator('article[data-id="person:wang-yi"]')
    assert person.evaluate("card => card.matches(':target')")
    person.locator(".posts a", has_text="Foreign Minister").click()
    assert page.evaluate("location.hash") == "#post:china-foreign-minister"
    post = page.locator('article[data-id="post:china-foreign-minister"]')
    assert post.is_visible()
    # And back, along the post's holder, then to the span that supports the post.
    post.locator("dd a.ref", has_text="Wang Yi").click()
    assert page.evaluate("location.hash") == "#person:wang-yi"
    post.locator(".evidence a.span").first.click()
    hash_ = page.evaluate("location.hash")
    assert hash_.startswith("#c")
    assert page.locator(hash_).evaluate("at => at.parentElement.matches('div.text')")
    seed.only_the_page_was_requested()


def test_the_page_reads_without_javascript(chromium: Browser, seed_file: Path) -> None:
    opened = Opened(chromium, seed_file, java_script_enabled=False)
    page = opened.page
    assert not page.evaluate("document.documentElement.hasAttribute('data-ready')")
    assert page.locator("section.source").count() == 10
    assert page.locator("article.card").count() == len(SEED.records)
    passage = page.locator("a.ev", has_text="co-hosted by China and Zambia").first
    passage.click()
    hash_ = page.evaluate("location.hash")
    entry = page.locator(hash_)
    assert entry.is_visible()
    # The passage leads to the list of what its source supports, at the first entry
    # for its span; the entries of the same span stand together, in text order.
    quote = "“co-hosted by China and Zambia”"
    assert entry.locator(".quote").inner_text() == quote
    same = page.locator("ul.numbered > li.citation", has=page.locator(".quote", has_text=quote))
    records = same.evaluate_all("all => all.map(li => li.dataset.record)")
    assert sorted(records) == sorted([MAIN, MAIN, "state:CHN", "state:ZMB"])
    assert hash_ == f"#{same.first.get_attribute('id')}"
    assert page.locator("#panel").is_hidden()
    opened.only_the_page_was_requested()
    opened.context.close()


def test_the_page_is_readable_at_360_pixels(chromium: Browser, seed_file: Path) -> None:
    opened = Opened(chromium, seed_file, viewport={"width": 360, "height": 780})
    page = opened.page
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    # Cards and the source text fit the width; wide pictures scroll within their frame.
    for selector in ("article.card", "div.text", "section.source"):
        widths = page.eval_on_selector_all(
            selector, "all => all.map(e => e.getBoundingClientRect().right)"
        )
        assert max(widths) <= 360, selector
    opened.context.close()


def test_printing_hides_the_controls(seed: Opened) -> None:
    page = seed.page
    page.locator("a.ev").first.click()
    page.emulate_media(media="print")
    assert page.locator("#panel").is_hidden()
    assert page.locator("nav").is_hidden()
    assert page.pdf()[:5] == b"%PDF-"
    assert page.locator("details:not([open])").count() == 0  # opened for print


def test_hostile_text_runs_no_script(chromium: Browser, tmp_path: Path) -> None:
    opened = Opened(chromium, _write(tmp_path, hostile.dataset()))
    page = opened.page
    page.wait_for_load_state("load")
    assert page.evaluate("window.__pwned") is None
    assert page.locator("img").count() == 0
    assert page.locator("script").count() == 1
    assert page.evaluate("document.documentElement.hasAttribute('data-ready')")
    # The markup is shown as the text it is.
    assert hostile.SCRIPT in page.locator("h1").inner_text()
    assert hostile.IMAGE in (page.locator('article[data-id="state:ABC"] h4').text_content() or "")
    # The override is kept in the text but contained: it does not reverse what follows
    # it, and its code point is shown beside it.
    control = page.locator("h1 .ctl").first
    assert control.evaluate("e => getComputedStyle(e).unicodeBidi") == "isolate"
    assert control.evaluate("e => getComputedStyle(e, '::before').content") == '"U+202E"'
    text = page.evaluate("document.querySelector('div.text').textContent")
    assert text == hostile.TEXT
    # Its spans are highlighted and click through like any other.
    page.locator("a.ev", has_text="window.__pwned").first.click()
    assert _panel_records(page) == [["person:chair", "$"]]
    assert page.evaluate("window.__pwned") is None
    assert opened.messages == []
    opened.only_the_page_was_requested()
    opened.context.close()
