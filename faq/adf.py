"""Atlassian Document Format (REST v3 JSON) → Markdown, for the nodes answers actually use.

Text is escaped so it stays text (`*`, `_`, `[`, `<` … never turn into markup); unknown nodes
contribute their children's text; media is left out (Jira attachments are not public).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

Node = dict[str, Any]

SAFE_SCHEMES = ("http://", "https://", "mailto:")
_SPECIAL = re.compile(r"([\\`*_\[\]|~])")
_BLOCK_START = re.compile(r"^(\s*)([#>+=-])")
_NUMBER_START = re.compile(r"^(\s*\d+)([.)])")
_SKIPPED = {"media", "mediaSingle", "mediaGroup", "mediaInline"}


def is_adf(value: object) -> bool:
    return isinstance(value, dict) and value.get("type") == "doc" and isinstance(value.get("content"), list)


def adf_to_markdown(doc: Node) -> str:
    return _blocks(doc.get("content") or [])


def _blocks(nodes: list[Node], separator: str = "\n\n") -> str:
    rendered = (_block(node) for node in nodes if isinstance(node, dict))
    return separator.join(part for part in rendered if part.strip())


def _block(node: Node) -> str:
    kind = node.get("type")
    handler = _BLOCK_HANDLERS.get(kind)
    if handler is not None:
        return handler(node)
    if kind in _SKIPPED:
        return ""
    if kind in _INLINE_KINDS:
        return _paragraph({"content": [node]})
    return _blocks(node.get("content") or [])  # panel, expand, layouts …: keep what is inside


def _paragraph(node: Node) -> str:
    text = _inline(node.get("content") or [])
    return "\n".join(_protect_line_start(line) for line in text.split("\n"))


def _heading(node: Node) -> str:
    level = min(max(int((node.get("attrs") or {}).get("level") or 1), 1), 6)
    return "#" * level + " " + _inline(node.get("content") or []).replace("\\\n", " ")


def _bullet_list(node: Node) -> str:
    return _list_items(node, lambda _i: "- ")


def _ordered_list(node: Node) -> str:
    start = int((node.get("attrs") or {}).get("order") or 1)
    return _list_items(node, lambda i: f"{start + i}. ")


def _list_items(node: Node, marker) -> str:
    lines: list[str] = []
    for i, item in enumerate(n for n in node.get("content") or [] if isinstance(n, dict)):
        prefix = marker(i)
        body = _item_body([n for n in item.get("content") or [] if isinstance(n, dict)])
        first, *rest = body.split("\n")
        lines.append(prefix + first)
        lines.extend((" " * len(prefix) + line) if line else "" for line in rest)
    return "\n".join(lines)


def _item_body(nodes: list[Node]) -> str:
    """Blocks of one list item, tight; an ordered list not starting at 1 needs a blank line first."""
    parts: list[str] = []
    for node in nodes:
        text = _block(node)
        if not text.strip():
            continue
        if parts:
            order = (node.get("attrs") or {}).get("order") or 1
            parts.append("\n\n" if node.get("type") == "orderedList" and order != 1 else "\n")
        parts.append(text)
    return "".join(parts)


def _code_block(node: Node) -> str:
    code = "".join(n.get("text", "") for n in node.get("content") or [] if isinstance(n, dict))
    longest = max((len(run) for run in re.findall(r"`+", code)), default=0)
    fence = "`" * max(3, longest + 1)
    language = str((node.get("attrs") or {}).get("language") or "").split()[0:1]
    return f"{fence}{language[0] if language else ''}\n{code}\n{fence}"


def _blockquote(node: Node) -> str:
    inner = _blocks(node.get("content") or [])
    return "\n".join(("> " + line) if line else ">" for line in inner.split("\n"))


def _table(node: Node) -> str:
    rows = [row for row in node.get("content") or [] if isinstance(row, dict)]
    cells = [[_cell(c) for c in row.get("content") or [] if isinstance(c, dict)] for row in rows]
    cells = [row for row in cells if row]
    if not cells:
        return ""
    width = max(len(row) for row in cells)
    padded = [row + [""] * (width - len(row)) for row in cells]
    header, *body = padded
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * width]
    lines.extend("| " + " | ".join(row) + " |" for row in body)
    return "\n".join(lines)


def _cell(cell: Node) -> str:
    text = " ".join(_inline(p.get("content") or []) if p.get("type") == "paragraph" else _block(p)
                    for p in cell.get("content") or [] if isinstance(p, dict))
    return " ".join(text.replace("\\\n", " ").split())


_BLOCK_HANDLERS = {
    "paragraph": _paragraph,
    "heading": _heading,
    "bulletList": _bullet_list,
    "orderedList": _ordered_list,
    "codeBlock": _code_block,
    "blockquote": _blockquote,
    "table": _table,
    "rule": lambda _node: "---",
}


def _inline(nodes: list[Node]) -> str:
    return "".join(_inline_node(node) for node in _merge_text(nodes))


def _merge_text(nodes: list[Node]) -> list[Node]:
    """Join neighbouring text nodes with the same marks, so `**a****b**` never happens."""
    merged: list[Node] = []
    for node in nodes:
        if not isinstance(node, dict):
            continue
        last = merged[-1] if merged else None
        if (last is not None and node.get("type") == "text" == last.get("type")
                and node.get("marks") == last.get("marks")):
            merged[-1] = {**last, "text": last.get("text", "") + node.get("text", "")}
        else:
            merged.append(node)
    return merged


def _inline_node(node: Node) -> str:
    kind = node.get("type")
    attrs = node.get("attrs") or {}
    if kind == "text":
        return _marked(str(node.get("text", "")), node.get("marks") or [])
    if kind == "hardBreak":
        return "\\\n"
    if kind in ("mention", "emoji", "status"):
        return escape_text(str(attrs.get("text") or attrs.get("shortName") or ""))
    if kind in ("inlineCard", "blockCard", "embedCard"):
        url = str(attrs.get("url") or "")
        return f"<{url}>" if url.startswith(SAFE_SCHEMES) and " " not in url else ""
    if kind == "date":
        return _date(attrs.get("timestamp"))
    return _inline(node.get("content") or [])


def _date(timestamp: object) -> str:
    try:
        return datetime.fromtimestamp(int(str(timestamp)) / 1000, UTC).date().isoformat()
    except (TypeError, ValueError, OverflowError, OSError):
        return ""


def _marked(text: str, marks: list[Node]) -> str:
    if not text:
        return ""
    kinds = {m.get("type"): m for m in marks if isinstance(m, dict)}
    core = _code_span(text) if "code" in kinds else escape_text(text)
    stripped = core.strip()
    if not stripped:
        return core
    lead, trail = core[: len(core) - len(core.lstrip())], core[len(core.rstrip()):]
    for kind, wrap in (("strike", "~~"), ("em", "*"), ("strong", "**")):
        if kind in kinds:
            stripped = f"{wrap}{stripped}{wrap}"
    href = str((kinds.get("link") or {}).get("attrs", {}).get("href") or "")
    if href.startswith(SAFE_SCHEMES):
        stripped = f"[{stripped}]({_url(href)})"
    return lead + stripped + trail


def _code_span(text: str) -> str:
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    ticks = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{ticks}{pad}{text}{pad}{ticks}"


def _url(href: str) -> str:
    return href.replace(" ", "%20").replace("(", "%28").replace(")", "%29").replace("<", "%3C")


def escape_text(text: str) -> str:
    """Plain text → Markdown that shows exactly this text."""
    return _SPECIAL.sub(r"\\\1", text).replace("<", "&lt;")


def _protect_line_start(line: str) -> str:
    """A paragraph line starting with `#`, `>`, `-`, `1.` … would become a heading, quote or list."""
    line = _BLOCK_START.sub(r"\1\\\2", line, count=1)
    return _NUMBER_START.sub(r"\1\\\2", line, count=1)


_INLINE_KINDS = {"text", "hardBreak", "mention", "emoji", "status", "inlineCard", "date"}
