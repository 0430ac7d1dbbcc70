"""faq.html and the /faq page: one shared template body, grouped by theme, searchable.

Search works without JavaScript (the server marks non-matching entries `hidden`) and, with
the small same-origin script `faq.js`, as you type. The file version carries its CSS and
script inline, so it works from any folder with no server and no external resource.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from babel.dates import format_date
from jinja2 import Environment, FileSystemLoader, select_autoescape

from faq.entries import FaqItem
from faq.markup import demote_html_headings
from faq.texts import local
from faq.view import FaqView, matches, search_words

WEBHOOKS = Path(__file__).resolve().parents[2] / "webhooks"
TEMPLATES = WEBHOOKS / "templates"
STATIC = WEBHOOKS / "static"


@lru_cache(maxsize=1)
def _environment() -> Environment:
    return Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]),
                       trim_blocks=True, lstrip_blocks=True)


@lru_cache(maxsize=4096)
def _long_date(day, lang: str) -> str:
    return format_date(day, "long", locale=lang)


def page_context(view: FaqView, query: str | None = None, team: str | None = None,
                 lang_query: str = "") -> dict[str, Any]:
    """Everything the template needs; `query`/`team` hide what does not match (no JS needed)."""
    words = search_words(query)
    hidden = {item.anchor for item in view.items
              if (team and item.team != team) or (words and not matches(item, words))}
    shown = len(view.items) - len(hidden)
    t = view.t
    count = t["count_none"] if shown == 0 else t["count_one"] if shown == 1 else t["count_many"].format(n=shown)
    return {
        "view": view, "t": t, "lang": view.lang, "groups": view.groups, "hidden": hidden,
        "query": query or "", "team": team or "", "count": count, "lang_query": lang_query,
        "intro": t["intro"].format(organisation=view.mappings.organisation),
        "teams": [(option.slug, option.name(view.lang)) for option in view.mappings.teams],
        "answer": lambda item: demote_html_headings(item.answer_html, 3),
        "updated": lambda item: _long_date(local(item.updated_at).date(), view.lang),
        "group_hidden": lambda group: all(item.anchor in hidden for item in group.items),
        "theme_count": _theme_count(hidden),
    }


def _theme_count(hidden: set[str]):
    def count(items: list[FaqItem]) -> int:
        return sum(1 for item in items if item.anchor not in hidden)
    return count


def render_file(view: FaqView) -> bytes:
    context = page_context(view)
    context.update(standalone=True, css=_static("faq.css"), js=_static("faq.js"))
    return _environment().get_template("faq_file.html").render(context).encode("utf-8")


@lru_cache(maxsize=4)
def _static(name: str) -> str:
    return (STATIC / name).read_text(encoding="utf-8")
