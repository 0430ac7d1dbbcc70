"""faq.md: the FAQ as one Markdown document, grouped by theme, for an intranet or an e-mail."""

from __future__ import annotations

from babel.dates import format_date

from faq.adf import escape_text
from faq.entries import FaqItem
from faq.markup import demote_markdown_headings
from faq.texts import local
from faq.view import FaqView


def _count(view: FaqView) -> str:
    n = len(view.items)
    return view.t["count_one"] if n == 1 else view.t["count_many"].format(n=n)


def _entry(view: FaqView, item: FaqItem) -> str:
    t = view.t
    meta = " · ".join(part for part in (
        f"{t['col_team']}: {escape_text(view.team_name(item.team))}" if item.team else "",
        f"{t['phase']}: {escape_text(view.phase_name(item.phase))}" if item.phase else "",
        f"{t['in_jira']}: [{escape_text(item.jira_key)}]({view.jira_link(item)})",
        f"{t['updated']}: {format_date(local(item.updated_at), 'long', locale=view.lang)}",
    ) if part)
    answer = demote_markdown_headings(item.answer_markdown, 3)
    return f'### <a id="{item.anchor}"></a>{escape_text(item.summary)}\n\n{answer}\n\n_{meta}_\n'


def render(view: FaqView) -> bytes:
    t = view.t
    parts = [f"# {t['title']}\n", t["intro"].format(organisation=escape_text(view.mappings.organisation)) + "\n",
             f"_{_count(view)}_\n"]
    if not view.items:
        parts.append(t["empty"] + "\n")
    for group in view.groups:
        parts.append(f"## {escape_text(group.name)}\n")
        parts.extend(_entry(view, item) for item in group.items)
    return "\n".join(parts).encode("utf-8")
