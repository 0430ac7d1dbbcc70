"""Plain text ↔ Atlassian Document Format, enough for REST v3 descriptions and comment bodies.

REST v2 speaks wiki-markup strings; v3 wraps the same text in ADF paragraphs. The sandbox
stores the string and converts at the edge.
"""

from __future__ import annotations

from typing import Any


def to_adf(text: str | None) -> dict[str, Any] | None:
    if text is None:
        return None
    paragraphs = text.split("\n\n") if text else []
    return {"type": "doc", "version": 1, "content": [_paragraph(p) for p in paragraphs]}


def _paragraph(text: str) -> dict[str, Any]:
    content: list[dict[str, Any]] = []
    for i, line in enumerate(text.split("\n")):
        if i:
            content.append({"type": "hardBreak"})
        if line:
            content.append({"type": "text", "text": line})
    return {"type": "paragraph", "content": content}


def from_adf(doc: Any) -> str | None:
    """The text of an ADF document; None when `doc` is not ADF."""
    if not isinstance(doc, dict) or doc.get("type") != "doc":
        return None
    return "\n\n".join(_text_of(block) for block in doc.get("content", []))


def _text_of(node: dict[str, Any]) -> str:
    if node.get("type") == "text":
        return str(node.get("text", ""))
    if node.get("type") == "hardBreak":
        return "\n"
    return "".join(_text_of(child) for child in node.get("content", []) if isinstance(child, dict))
