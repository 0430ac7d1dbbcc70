"""The FAQ as its readers see it: entries grouped by theme, names in one language, links."""

from __future__ import annotations

import re
import unicodedata
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property

from faq.entries import FaqItem
from faq.texts import language, texts
from mappings import Mappings
from mappings.model import Option
from store.types import utcnow


@dataclass(frozen=True)
class ThemeGroup:
    slug: str
    name: str
    items: list[FaqItem]

    @property
    def anchor(self) -> str:
        return "thema-" + (self.slug or "overig")


@dataclass(frozen=True)
class FaqView:
    items: list[FaqItem]
    mappings: Mappings
    jira_url: str
    lang: str = "nl"
    base_url: str | None = None  # where /faq lives, for links in the feed; None in files without one
    generated_at: datetime = field(default_factory=utcnow)

    @cached_property
    def t(self) -> dict[str, str]:
        return texts(self.lang)

    @cached_property
    def _names(self) -> dict[str, dict[str, str]]:
        lang = language(self.lang)

        def names(options: tuple[Option, ...]) -> dict[str, str]:
            return {option.slug: option.name(lang) for option in options}

        return {"team": names(self.mappings.teams), "theme": names(self.mappings.themes),
                "phase": names(self.mappings.phases)}

    def team_name(self, slug: str) -> str:
        return self._names["team"].get(slug, slug)

    def theme_name(self, slug: str) -> str:
        return self._names["theme"].get(slug) or slug or self.t["other_theme"]

    def phase_name(self, slug: str) -> str:
        return self._names["phase"].get(slug, slug)

    def jira_link(self, item: FaqItem) -> str:
        return f"{self.jira_url.rstrip('/')}/browse/{item.jira_key}"

    def page_link(self, item: FaqItem) -> str | None:
        return f"{self.base_url.rstrip('/')}/faq#{item.anchor}" if self.base_url else None

    def entry_uri(self, item: FaqItem) -> str:
        """A permanent id for feed readers; the issue id survives project moves, the key does not."""
        return uuid.uuid5(uuid.NAMESPACE_URL, f"{self.jira_url.rstrip('/')}/issue/{item.jira_issue_id}").urn

    def feed_uri(self) -> str:
        return uuid.uuid5(uuid.NAMESPACE_URL, f"{self.jira_url.rstrip('/')}/voelspriet-faq").urn

    @cached_property
    def groups(self) -> list[ThemeGroup]:
        """Themes in the order of the mappings, unknown ones after them; questions A–Z within."""
        order = {option.slug: i for i, option in enumerate(self.mappings.themes)}
        by_theme: dict[str, list[FaqItem]] = {}
        for item in self.items:
            by_theme.setdefault(item.theme, []).append(item)
        slugs = sorted(by_theme, key=lambda s: (s not in order, s == "", order.get(s, 0), s))
        return [ThemeGroup(s, self.theme_name(s), sorted(by_theme[s], key=lambda i: i.summary.casefold()))
                for s in slugs]

    @cached_property
    def ordered(self) -> list[FaqItem]:
        return [item for group in self.groups for item in group.items]

    @cached_property
    def latest(self) -> datetime | None:
        return max((item.updated_at for item in self.items), default=None)


_ACCENTS = re.compile(r"[\u0300-\u036f]")


def fold(text: str) -> str:
    """Lower case without accents, so `categorieen` finds `categorieën`."""
    return _ACCENTS.sub("", unicodedata.normalize("NFD", text)).casefold()


def matches(item: FaqItem, words: list[str]) -> bool:
    haystack = fold(item.summary + " " + item.answer_markdown)
    return all(word in haystack for word in words)


def search_words(query: str | None) -> list[str]:
    return fold(query or "").split()
