"""Rendering with Jinja2 (the optional ``html`` extra): the environment and its escaping."""

from __future__ import annotations

import base64
import hashlib
import re
from functools import cache
from importlib.resources import files
from typing import TYPE_CHECKING, Any, Final

if TYPE_CHECKING:
    import jinja2

__all__ = ["asset", "environment", "policy"]

MISSING: Final = "HTML output needs jinja2: pip install 'aigovernance[html]'"
"""What is said when jinja2 is not installed."""

# Characters that reorder the text around them when shown (bidirectional embeddings,
# overrides, isolates and marks). They are kept in the text but each is shown, and
# contained, as an element of its own: a value can never reverse what follows it.
_CONTROLS: Final = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


@cache
def _jinja() -> Any:
    try:
        import jinja2
        import markupsafe
    except ImportError:
        raise ImportError(MISSING) from None
    return jinja2, markupsafe


def _load(name: str) -> str:
    templates = files("aigovernance.report").joinpath("templates")
    return templates.joinpath(name).read_text(encoding="utf-8")


@cache
def asset(name: str) -> str:
    """The text of a file shipped beside the templates (the style sheet, the script)."""
    return _load(name)


def policy(style: str, script: str | None) -> str:
    """A Content-Security-Policy that lets the page load nothing and run only its own code."""
    allowed = [f"style-src {_hash(style)}", "img-src data:"]
    allowed.append(f"script-src {_hash(script)}" if script is not None else "script-src 'none'")
    return "; ".join(["default-src 'none'", *allowed, "base-uri 'none'", "form-action 'none'"])


def _hash(text: str) -> str:
    digest = base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()
    return f"'sha256-{digest}'"


@cache
def environment() -> jinja2.Environment:
    """The Jinja2 environment of the templates: autoescape on, controls shown.

    Raises:
        ImportError: jinja2 is not installed; the message names the extra.
    """
    engine, markupsafe = _jinja()
    markup, escape = markupsafe.Markup, markupsafe.escape

    def shown(match: re.Match[str]) -> str:
        code = f"U+{ord(match[0]):04X}"
        return f'<span class="ctl" data-u="{code}">{match[0]}</span>'

    search = _CONTROLS.search

    def finalize(value: object) -> object:
        # Every value printed by a template passes here before autoescape: text from
        # the data that holds bidi controls is escaped now, each control contained;
        # the rest is escaped by autoescape.
        if type(value) is not str or search(value) is None:
            return value
        return markup(_CONTROLS.sub(shown, str(escape(value))))

    made: jinja2.Environment = engine.Environment(
        loader=engine.FunctionLoader(_load),
        autoescape=True,
        finalize=finalize,
        undefined=engine.StrictUndefined,
        trim_blocks=False,
        lstrip_blocks=False,
        keep_trailing_newline=True,
    )
    made.filters["plain"] = plain
    return made


def plain(text: str) -> str:
    """``text`` with bidi controls replaced by their code point names (for SVG labels)."""
    return _CONTROLS.sub(lambda m: f"[U+{ord(m[0]):04X}]", text)
