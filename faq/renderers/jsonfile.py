"""faq.json: every published entry with its answer as Markdown and as sanitised HTML."""

from __future__ import annotations

import json
from typing import Any

from faq.entries import FaqItem
from faq.view import FaqView


def entry(view: FaqView, item: FaqItem) -> dict[str, Any]:
    return {
        "id": item.anchor,
        "jira_issue_id": item.jira_issue_id,
        "jira_key": item.jira_key,
        "jira_url": view.jira_link(item),
        "summary": item.summary,
        "answer_markdown": item.answer_markdown,
        "answer_html": item.answer_html,
        "theme": item.theme,
        "theme_name": view.theme_name(item.theme),
        "team": item.team,
        "team_name": view.team_name(item.team),
        "phase": item.phase,
        "phase_name": view.phase_name(item.phase),
        "first_published_at": item.first_published_at.isoformat(),
        "updated_at": item.updated_at.isoformat(),
    }


def render(view: FaqView) -> bytes:
    document = {
        "organisation": view.mappings.organisation,
        "language": view.lang,
        "generated_at": view.generated_at.isoformat(timespec="seconds"),
        "count": len(view.items),
        "entries": [entry(view, item) for item in view.ordered],
    }
    # ensure_ascii=False: accents stay readable and the file stays about 10 % smaller
    return json.dumps(document, ensure_ascii=False, separators=(",", ":"), check_circular=False).encode("utf-8")
