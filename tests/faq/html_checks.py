"""Parse HTML the way a browser would and list what could run: scripts, handlers, bad URLs."""

from __future__ import annotations

from html.parser import HTMLParser

from markdown_it import MarkdownIt

DANGEROUS_TAGS = {"script", "style", "iframe", "object", "embed", "img", "svg", "base", "frame"}


class _Finder(HTMLParser):
    def __init__(self, own: dict[str, int]) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.own = dict(own)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.own.get(tag, 0) > 0:
            self.own[tag] -= 1
        elif tag in DANGEROUS_TAGS:
            self.problems.append(f"<{tag}>")
        for name, value in attrs:
            if name.lower().startswith("on"):
                self.problems.append(f"{tag}[{name}]")
            if name.lower() in ("href", "src", "action") and (value or "").strip().lower().startswith(
                    ("javascript:", "vbscript:", "data:")):
                self.problems.append(f"{tag}[{name}={value}]")


def active_content(html: str, own_script: int = 0, own_style: int = 0) -> list[str]:
    """Everything in `html` that could run code, apart from the page's own script and style blocks."""
    finder = _Finder({"script": own_script, "style": own_style})
    finder.feed(html)
    finder.close()
    return finder.problems


def markdown_active_content(markdown: str) -> list[str]:
    """Render Markdown as the most permissive renderer would (raw HTML on) and look for code."""
    return active_content(MarkdownIt("commonmark", {"html": True}).enable("table").render(markdown))


def parse_xml(data: bytes | str):
    """Our own feed output, parsed to check its structure."""
    import xml.etree.ElementTree as ET

    return ET.fromstring(data)  # noqa: S314 - the document is Voelspriet's own output
