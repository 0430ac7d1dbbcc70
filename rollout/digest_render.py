"""The digest as Markdown (for an e-mail or the meeting notes) and as a self-contained HTML file."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from babel.dates import format_date, format_datetime
from jinja2 import Environment, FileSystemLoader, select_autoescape

from faq.adf import escape_text
from faq.renderers.html import STATIC, TEMPLATES
from faq.texts import local
from rollout.digest import Digest, DigestItem
from rollout.digest_texts import age_text, digest_texts


@dataclass(frozen=True)
class DigestLinks:
    """Where the FAQ page and Jira live; either may be unknown (then no link is made)."""

    faq_url: str | None  # e.g. https://voelspriet.example/faq
    jira_url: str | None

    def faq(self, item: DigestItem) -> str | None:
        return f"{self.faq_url}#{item.faq_anchor}" if self.faq_url and item.faq_anchor else None

    def jira(self, item: DigestItem) -> str | None:
        return f"{self.jira_url}/browse/{item.jira_key}" if self.jira_url and item.jira_key else None


def context(digest: Digest, links: DigestLinks, lang: str) -> dict[str, Any]:
    """What both HTML forms (page and file) need."""
    t = digest_texts(lang)
    since = format_date(digest.since, "long", locale=lang)
    return {
        "d": digest, "t": t, "links": links, "lang": lang,
        "intro": t["intro"].format(organisation=digest.organisation, since=since),
        "made": t["made"].format(moment=format_datetime(local(digest.made_at), "d MMMM y, HH:mm", locale=lang)),
        "quiet": t["quiet"].format(since=since),
        "age": lambda item: age_text(t, item.age_days),
        "day": lambda moment: format_date(local(moment), "d MMM", locale=lang),
    }


def render_html_file(digest: Digest, links: DigestLinks, lang: str) -> str:
    css = (STATIC / "voelspriet.css").read_text() + (STATIC / "dashboard.css").read_text()
    return _environment().get_template("digest_file.html").render(context(digest, links, lang), css=css)


def render_markdown(digest: Digest, links: DigestLinks, lang: str) -> str:
    c = context(digest, links, lang)
    t = c["t"]
    parts = [f"# {t['title']}\n", escape_text(c["intro"]) + "\n", f"_{escape_text(c['made'])}_\n"]
    for team in digest.teams:
        parts.append(f"## {escape_text(team.name)}\n")
        if team.quiet:
            parts.append(escape_text(c["quiet"]) + "\n")
            continue
        for key, items in (("came_in", team.came_in), ("answered", team.answered), ("still_open", team.still_open)):
            parts.append(f"### {t[key]}\n")
            lines = [_line(item, key, links, c) for item in items] or [t["nothing"]]
            parts.append("\n".join(lines) + "\n")
    return "\n".join(parts)


def _line(item: DigestItem, section: str, links: DigestLinks, c: dict[str, Any]) -> str:
    t = c["t"]
    extras = [_link(item.jira_key, links.jira(item)) if item.jira_key else t["not_in_jira"]]
    if section == "answered" and links.faq(item):
        extras.append(f"[{t['in_faq']}]({links.faq(item)})")
    if section == "still_open":
        extras.append(c["age"](item))
    if item.blocker and section != "answered":
        extras.append(f"**{t['blocker']}**")
    return f"- {escape_text(item.text)} ({', '.join(extras)})"


def _link(text: str, url: str | None) -> str:
    return f"[{escape_text(text)}]({url})" if url else escape_text(text)


@lru_cache(maxsize=1)
def _environment() -> Environment:
    return Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]),
                       trim_blocks=True, lstrip_blocks=True)
