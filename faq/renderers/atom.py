"""faq.atom: an Atom feed of the most recently updated entries, for intranet feed readers.

The feed holds the newest `FEED_SIZE` entries (a reader only needs what changed); the full FAQ
is in the other formats. Ids are permanent URNs made from the Jira issue id, so an entry keeps
its identity when its issue moves project and gets a new key.
"""

from __future__ import annotations

from html import escape

from feedgen.feed import FeedGenerator

from faq.view import FaqView

FEED_SIZE = 200


def render(view: FaqView) -> bytes:
    t = view.t
    feed = FeedGenerator()
    feed.id(view.feed_uri())
    feed.title(f"{t['title']} – {view.mappings.organisation}")
    feed.author({"name": view.mappings.organisation})
    feed.language(view.lang)
    feed.updated(view.latest or view.generated_at)
    if view.base_url:
        base = view.base_url.rstrip("/")
        feed.link(href=f"{base}/faq.atom", rel="self", type="application/atom+xml")
        feed.link(href=f"{base}/faq", rel="alternate", type="text/html")
    newest = sorted(view.items, key=lambda item: item.updated_at, reverse=True)[:FEED_SIZE]
    for item in reversed(newest):  # feedgen puts each added entry first
        entry = feed.add_entry()
        entry.id(view.entry_uri(item))
        entry.title(item.summary)
        entry.updated(item.updated_at)
        entry.published(item.first_published_at)
        jira = escape(view.jira_link(item), quote=True)
        entry.content(f'{item.answer_html}<p><a href="{jira}">{escape(item.jira_key)}</a></p>', type="html")
        # One link only: feedgen 1.0 drops `rel` on entry links, and two rel-less links would
        # be two alternates, which Atom forbids.
        entry.link(href=view.page_link(item) or view.jira_link(item))
        entry.category(term=item.theme or "overig", label=view.theme_name(item.theme))
    return feed.atom_str(pretty=False, encoding="UTF-8")
