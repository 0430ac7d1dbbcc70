"""Rendered FAQ outputs for the web, cached per FAQ version (one query per change, not per hit)."""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from dataclasses import dataclass

from faq.entries import FaqItem, faq_version, published_items
from faq.renderers import FORMATS
from faq.view import FaqView
from voelspriet.runtime import Runtime


@dataclass(frozen=True)
class Rendered:
    body: bytes
    media_type: str
    etag: str


class FaqOutputs:
    """Per-process cache. The version marker changes in the same transaction as any entry."""

    def __init__(self, runtime: Runtime, max_renders: int = 32) -> None:
        self.runtime = runtime
        self.max_renders = max_renders
        self._lock = threading.Lock()
        self._items: tuple[str, list[FaqItem]] | None = None
        self._renders: OrderedDict[tuple, Rendered] = OrderedDict()

    def version(self) -> str:
        return faq_version(self.runtime.db)

    def view(self, version: str, lang: str, base_url: str | None, team: str | None = None,
             theme: str | None = None) -> FaqView:
        items = self._items_at(version)
        if team or theme:
            items = [i for i in items if (not team or i.team == team) and (not theme or i.theme == theme)]
        settings = self.runtime.settings
        return FaqView(items, self.runtime.mappings, settings.jira_url or "", lang,
                       settings.public_url or base_url)

    def render(self, fmt: str, lang: str, base_url: str | None, team: str | None = None,
               theme: str | None = None) -> Rendered:
        version = self.version()
        key = (version, fmt, lang, base_url, team, theme)
        with self._lock:
            cached = self._renders.get(key)
            if cached is not None:
                self._renders.move_to_end(key)
                return cached
        body = FORMATS[fmt].render(self.view(version, lang, base_url, team, theme))
        rendered = Rendered(body, FORMATS[fmt].media_type, _etag(key))
        with self._lock:
            self._renders[key] = rendered
            while len(self._renders) > self.max_renders:
                self._renders.popitem(last=False)
        return rendered

    def _items_at(self, version: str) -> list[FaqItem]:
        with self._lock:
            if self._items is not None and self._items[0] == version:
                return self._items[1]
        items = published_items(self.runtime.db)
        with self._lock:
            self._items = (version, items)
        return items


def _etag(key: tuple) -> str:
    return hashlib.sha256(repr(key).encode()).hexdigest()[:32]
