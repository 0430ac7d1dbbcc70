"""Answer text conversions: Jira wiki markup or ADF → Markdown → sanitised HTML.

The Markdown we store never contains raw HTML: a `<` outside code is written as `&lt;`, so the
Markdown stays harmless in every file (JSON, CSV, .md) whatever renders it later. The HTML is
made by markdown-it with raw HTML off and then cleaned by nh3 against an allow-list, so links,
lists, code and tables survive while scripts, event handlers and `javascript:` links do not.
"""

from __future__ import annotations

import json
import re
from typing import Any

import nh3
from jira2markdown import convert as _jira_to_markdown
from markdown_it import MarkdownIt

from faq.adf import adf_to_markdown, is_adf

ALLOWED_TAGS = {
    "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "strong", "em", "del", "s", "code", "pre",
    "blockquote", "ul", "ol", "li", "a", "table", "thead", "tbody", "tr", "th", "td",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}, "code": {"class"}}
URL_SCHEMES = {"http", "https", "mailto"}

_FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
_BACKTICKS = re.compile(r"`+")

_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
_markdown.enable(["table", "strikethrough"])
_cleaner = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    url_schemes=URL_SCHEMES,
    clean_content_tags={"script", "style"},
    link_rel="noopener noreferrer",
)


def wiki_to_markdown(wiki: str) -> str:
    """Jira wiki markup (REST v2 bodies, webhook payloads) → Markdown without raw HTML."""
    return escape_raw_html(_jira_to_markdown(wiki)).strip()


def to_markdown(value: str | dict[str, Any] | None) -> str:
    """A comment body or field value in whichever format Jira sent it → Markdown ('' if empty)."""
    if value is None:
        return ""
    doc = as_adf(value)
    if doc is not None:
        return adf_to_markdown(doc).strip()
    return wiki_to_markdown(str(value))


def markdown_to_html(markdown: str) -> str:
    """Markdown → HTML that is safe to put in a page as it is."""
    return sanitise_html(_markdown.render(markdown))


def sanitise_html(html: str) -> str:
    return _cleaner.clean(html)


def escape_raw_html(markdown: str) -> str:
    """Write each `<` outside code spans and fenced blocks as `&lt;` (it then renders as text)."""
    out: list[str] = []
    fence: str | None = None
    for line in markdown.split("\n"):
        match = _FENCE.match(line)
        if fence is not None:
            if match and match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence):
                fence = None
            out.append(line)
        elif match:
            fence = match.group(1)
            out.append(line)
        else:
            out.append(_escape_outside_code_spans(line))
    return "\n".join(out)


def _escape_outside_code_spans(line: str) -> str:
    if "<" not in line:
        return line
    parts: list[str] = []
    pos = 0
    while pos < len(line):
        opening = _BACKTICKS.search(line, pos)
        if opening is None:
            break
        closing = re.compile(rf"(?<!`){opening.group(0)}(?!`)").search(line, opening.end())
        if closing is None:
            break
        parts.append(line[pos:opening.start()].replace("<", "&lt;"))
        parts.append(line[opening.start():closing.end()])
        pos = closing.end()
    parts.append(line[pos:].replace("<", "&lt;"))
    return "".join(parts)


def as_adf(value: str | dict[str, Any]) -> dict[str, Any] | None:
    if isinstance(value, dict):
        return value if is_adf(value) else None
    text = value.lstrip()
    if not text.startswith("{"):
        return None
    try:
        parsed = json.loads(text)
    except ValueError:
        return None
    return parsed if isinstance(parsed, dict) and is_adf(parsed) else None


_HTML_HEADING = re.compile(r"<(/?)h([1-6])>")
_MD_HEADING = re.compile(r"^(\s{0,3})(#{1,6})(?=\s|$)")


def demote_html_headings(html: str, levels: int) -> str:
    """Answer headings sit below the page's own (`h1` in an answer becomes `h4` under an `h3`)."""
    if "<h" not in html:
        return html
    return _HTML_HEADING.sub(lambda m: f"<{m.group(1)}h{min(6, int(m.group(2)) + levels)}>", html)


def demote_markdown_headings(markdown: str, levels: int) -> str:
    if "#" not in markdown:
        return markdown
    out, fence = [], None
    for line in markdown.split("\n"):
        match = _FENCE.match(line)
        if fence is not None:
            fence = None if match and match.group(1)[0] == fence[0] else fence
        elif match:
            fence = match.group(1)
        else:
            line = _MD_HEADING.sub(lambda m: m.group(1) + "#" * min(6, len(m.group(2)) + levels), line)
        out.append(line)
    return "\n".join(out)
