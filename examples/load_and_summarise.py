"""Load the bundled seed dataset, check it, and print a short summary.

Run it with ``python examples/load_and_summarise.py``.
"""

from __future__ import annotations

from collections import Counter

import aigovernance as ag

HOSTS = (ag.Role.HOST, ag.Role.CO_HOST, ag.Role.CHAIR)


def summarise(ds: ag.Dataset) -> str:
    """A few lines about a dataset: its records by type, its meetings, its evidence."""
    counts = Counter(record.type for record in ds)
    lines = [
        f"{ds.title} (version {ds.version})",
        ", ".join(f"{n} {tag}" for tag, n in sorted(counts.items())),
        "",
    ]

    events = sorted(ds.of_type(ag.Event), key=lambda e: (e.date is None, e.date, e.title))
    for event in events:
        when = event.date.isoformat() if event.date else "undated"
        hosts = [ds.label(p.actor) for p in event.participations if p.role in HOSTS]
        host_text = f" (hosts: {', '.join(hosts)})" if hosts else ""
        lines.append(f"{when:<10}  {event.title}{host_text}")
    lines.append("")

    # Check every record-level quote against its source's text, and count them.
    quotes: Counter[str] = Counter()
    for record in ds:
        for evidence in record.evidence:
            source = ds[evidence.source]
            assert isinstance(source, ag.Source)
            if evidence.quote is not None and source.text is not None:
                assert source.text[evidence.start : evidence.end] == evidence.quote
                quotes[source.id] += 1
    for source_id, n in quotes.most_common():
        lines.append(f"{n} quotes from {source_id}, each checked against its text")
    return "\n".join(lines)


def main() -> None:
    ds = ag.datasets.load()
    problems = ag.validate(ds)
    if problems:
        raise SystemExit("\n".join(str(p) for p in problems))
    print(summarise(ds))


if __name__ == "__main__":
    main()
