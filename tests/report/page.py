"""Reading the review page back with the standard library's HTML parser, for the tests."""

from __future__ import annotations

from html.parser import HTMLParser

import attrs


@attrs.define
class Piece:
    """A stretch of a source's text as the page shows it, and the citations covering it."""

    text: str
    cites: frozenset[int]
    uncovered: bool


@attrs.define
class Parsed:
    """What the tests look for in a page."""

    texts: dict[str, list[Piece]] = attrs.Factory(dict)
    sources: list[str] = attrs.Factory(list)
    cards: list[str] = attrs.Factory(list)
    citations: list[int] = attrs.Factory(list)
    tags: dict[str, int] = attrs.Factory(dict)
    scripts: list[str] = attrs.Factory(list)
    ids: list[str] = attrs.Factory(list)

    def text_of(self, source: str) -> str:
        return "".join(piece.text for piece in self.texts[source])

    def spans(self, source: str) -> dict[int, list[tuple[int, int]]]:
        """For each citation, the stretches of the text (as offsets) that show it."""
        found: dict[int, list[tuple[int, int]]] = {}
        offset = 0
        for piece in self.texts[source]:
            end = offset + len(piece.text)
            for number in piece.cites:
                found.setdefault(number, []).append((offset, end))
            offset = end
        return found


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parsed = Parsed()
        self.source: str | None = None
        self.in_text = 0  # the depth of elements within the current source's text
        self.piece: Piece | None = None
        self.in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        classes = (values.get("class") or "").split()
        self.parsed.tags[tag] = self.parsed.tags.get(tag, 0) + 1
        if values.get("id"):
            self.parsed.ids.append(values["id"] or "")
        if tag == "script":
            self.in_script = True
            self.parsed.scripts.append("")
        if tag == "section" and "source" in classes:
            self.source = values["data-id"]
            self.parsed.sources.append(self.source or "")
        elif tag == "article" and "card" in classes:
            self.parsed.cards.append(values["data-id"] or "")
        elif tag == "li" and (values.get("id") or "").startswith("cite-"):
            self.parsed.citations.append(int((values["id"] or "")[5:]))
        if self.in_text:
            self.in_text += 1
            if tag == "a" and "ev" in classes:
                cites = frozenset(int(n) for n in (values["data-c"] or "").split())
                self.piece = Piece("", cites, False)
            elif tag == "span" and "gap" in classes:
                self.piece = Piece("", frozenset(), True)
        elif tag == "div" and "text" in classes and self.source is not None:
            self.in_text = 1
            self.parsed.texts[self.source] = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self.in_script = False
        if self.in_text:
            self.in_text -= 1
            if tag in ("a", "span") and self.piece is not None and self.in_text == 1:
                self.parsed.texts[self.source or ""].append(self.piece)
                self.piece = None

    def handle_data(self, data: str) -> None:
        if self.in_script:
            self.parsed.scripts[-1] += data
        if not self.in_text:
            return
        if self.piece is not None:
            self.piece.text += data
        else:
            self.parsed.texts[self.source or ""].append(Piece(data, frozenset(), False))


def parse(page: str) -> Parsed:
    """Read ``page``."""
    reader = _Reader()
    reader.feed(page)
    reader.close()
    return reader.parsed
