"""The five FAQ outputs. Each renderer turns one FaqView into bytes, with no database access."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from faq.renderers import atom, csvfile, html, jsonfile, markdown
from faq.view import FaqView


@dataclass(frozen=True)
class Format:
    name: str
    filename: str
    media_type: str
    render: Callable[[FaqView], bytes]


FORMATS: dict[str, Format] = {
    "html": Format("html", "faq.html", "text/html; charset=utf-8", html.render_file),
    "json": Format("json", "faq.json", "application/json", jsonfile.render),
    "md": Format("md", "faq.md", "text/markdown; charset=utf-8", markdown.render),
    "csv": Format("csv", "faq.csv", "text/csv; charset=utf-8", csvfile.render),
    "atom": Format("atom", "faq.atom", "application/atom+xml; charset=utf-8", atom.render),
}
