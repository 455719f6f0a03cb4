"""Sources: the documents that evidence points into."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from attrs import frozen

from aigovernance._checking import (
    LANGUAGE_TAG,
    Located,
    nonblank,
    nonblanks,
    pattern,
    record_id,
)
from aigovernance._values import Evidence, Identifier, PartialDate
from aigovernance._vocabulary import Confidence
from aigovernance.model._record import Record

__all__ = ["Source"]


def _sha256_of(source: Source) -> str | None:
    if source.text is None:
        return None
    import hashlib  # here, not at the top: it is slow to import and rarely needed

    return hashlib.sha256(source.text.encode()).hexdigest()


@frozen(kw_only=True)
class Source(Record):
    """A published document that evidence cites.

    A source whose text is known carries it in full, and evidence points at spans of it;
    ``sha256`` is the SHA-256 of the text in UTF-8, computed when not given and always
    written with the text, so :func:`aigovernance.validate` notices a changed text. A
    source cited only for a fact (a web page whose text is not reproduced) has no text,
    and evidence citing it has no span.

    Attributes:
        id: ``source:<name>``.
        title: the document's title.
        publisher: who published it.
        url: where it is published.
        published: when it was published.
        language: a BCP 47 tag for the language of the text.
        text: the full text, if it is reproduced.
        sha256: hex SHA-256 of ``text`` in UTF-8.
        aliases: other names or titles sources give it.
        identifiers: the document's identifiers elsewhere.
        evidence: sources have none of their own; present for uniformity, always empty.
    """

    type: ClassVar[str] = "source"

    id: str = record_id("source")
    title: str = nonblank()
    publisher: str | None = nonblank(default=None)
    url: str | None = nonblank(pattern(r"https?://\S+", "an http or https URL"), default=None)
    published: PartialDate | None = None
    language: str | None = nonblank(LANGUAGE_TAG, default=None)
    text: str | None = None
    sha256: str | None = nonblank(
        pattern(r"[0-9a-f]{64}", "a lower-case hex SHA-256 digest"), default=None
    )
    aliases: tuple[str, ...] = nonblanks()
    identifiers: tuple[Identifier, ...] = ()
    evidence: tuple[Evidence, ...] = ()

    def __attrs_post_init__(self) -> None:
        # The digest is filled in when not given, and so always written out with the
        # text: a text edited in a file no longer matches its digest.
        if self.sha256 is None and type(self.text) is str:  # else the type check reports it
            object.__setattr__(self, "sha256", _sha256_of(self))
        super().__attrs_post_init__()

    def _relations(self) -> Iterable[Located]:
        if self.text is None and self.sha256 is not None:
            yield ("sha256",), "a digest needs the text it is the digest of"
        if self.evidence:
            yield ("evidence",), "a source is not itself supported by evidence"

    def cite(
        self,
        quote: str,
        *fields: str,
        occurrence: int | None = None,
        confidence: Confidence = Confidence.HIGH,
    ) -> Evidence:
        """Evidence for the span of this source's text that ``quote`` picks out.

        The quote must occur exactly once in the text, or ``occurrence`` says which
        occurrence is meant, counting every occurrence from 1. The evidence carries the
        span, the quote and, as ``prefix`` and ``suffix``, up to 32 characters of the
        text either side of it (fewer where the text begins or ends sooner), which let
        :func:`aigovernance.reanchor` find the span again in a corrected text.

        >>> import aigovernance as ag
        >>> source = ag.Source(id="source:note", title="Note", text="Co-hosted by Zambia.")
        >>> evidence = source.cite("Zambia", "actor")
        >>> evidence.start, evidence.end, evidence.prefix, evidence.suffix
        (13, 19, 'Co-hosted by ', '.')

        Args:
            quote: the exact words of the text, never empty.
            fields: the names of the fields the evidence supports; none for all.
            occurrence: which occurrence of the quote is meant, from 1.
            confidence: how strongly the span supports the claim.

        Raises:
            AmbiguousQuote: the quote occurs more than once and ``occurrence`` is not
                given; the message lists every occurrence with its offsets.
            QuoteNotFound: the quote does not occur (the message shows the nearest
                passage), or not ``occurrence`` times, or the source holds no text.
            ValueError: the quote is empty or ``occurrence`` is below 1.
        """
        # Imported here: finding quotes is not needed to use the model.
        from aigovernance.authoring._quotes import cite

        return cite(self, quote, *fields, occurrence=occurrence, confidence=confidence)
