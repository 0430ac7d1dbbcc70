"""Finding IT's answer in a Jira issue.

Precedence: the answer custom field (when the mappings name one and it is not empty) wins over
comments, because it is the one place IT edits deliberately; otherwise the newest comment
(by creation time) whose text starts with the marker (`FAQ:` by default, any letter case,
leading white space allowed). The marker is stripped. A marker comment with nothing after the
marker is no answer.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from connector.snapshot import Comment, IssueSnapshot
from faq.markup import as_adf, markdown_to_html, to_markdown


@dataclass(frozen=True)
class Answer:
    markdown: str
    html: str
    source: str  # "field" or "comment"


def find_answer(snapshot: IssueSnapshot, marker: str, use_field: bool = True) -> Answer | None:
    """IT's answer in this issue, converted to Markdown and sanitised HTML; None when there is none."""
    if use_field:
        from_field = to_markdown(snapshot.answer_field)
        if from_field:
            return Answer(from_field, markdown_to_html(from_field), "field")
    for comment in sorted(snapshot.comments, key=lambda c: c.created, reverse=True):
        markdown = _marked_comment(comment, marker)
        if markdown:
            return Answer(markdown, markdown_to_html(markdown), "comment")
    return None


def strip_marker(text: str, marker: str) -> str | None:
    """The text after the marker, or None when the text does not start with it."""
    text = text.lstrip()
    if not marker or not text.casefold().startswith(marker.casefold()):
        return None
    return text[len(marker):].strip()


def _marked_comment(comment: Comment, marker: str) -> str | None:
    doc = as_adf(comment.body)  # type: ignore[arg-type]  # v3 clients may hand over ADF
    if doc is not None:
        return _marked_adf(doc, marker)
    rest = strip_marker(str(comment.body or ""), marker)
    return None if rest is None else to_markdown(rest)


def _marked_adf(doc: dict[str, Any], marker: str) -> str | None:
    doc = copy.deepcopy(doc)  # never change the snapshot's own data
    first = _first_text_node(doc)
    rest = None if first is None else strip_marker(str(first.get("text", "")), marker)
    if first is None or rest is None:
        return None
    first["text"] = rest
    return to_markdown(doc)


def _first_text_node(node: dict[str, Any]) -> dict[str, Any] | None:
    for child in node.get("content") or []:
        if not isinstance(child, dict):
            continue
        if child.get("type") == "text":
            return child
        found = _first_text_node(child)
        if found is not None:
            return found
    return None
