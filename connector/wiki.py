"""Jira wiki markup: escaping people's text, and reading Cloud's document format (ADF) back.

Escaping keeps an ambassador's text looking like what they typed: characters that only format
in pairs or at the edge of a word (`*bold*`, `_italic_`, `-strike-`) are escaped only there, so
"e-mail" and "q_1234" stay untouched; characters that always have a meaning (`{` macros,
`[` links, `|` tables) are always escaped.
"""

from __future__ import annotations

import re
from typing import Any

_ALWAYS = re.compile(r"[{}\[\]|]")
_EDGE_EFFECTS = set("*_+-^~")
_LINE_START = re.compile(r"^(\s*)(#|h[1-6]\.|bq\.)", re.MULTILINE)


def escape_wiki(text: str) -> str:
    """The text as literal wiki markup: it renders as typed and cannot change the layout around it."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    # A backslash starts an escape or a line break (`\\`); its entity always renders as itself.
    text = text.replace("\\", "&#92;")
    text = _ALWAYS.sub(lambda m: "\\" + m.group(0), text)
    text = _escape_edges(text)
    text = _LINE_START.sub(_escape_line_start, text)
    return re.sub(r"\n{3,}", "\n\n", text)


def _escape_edges(text: str) -> str:
    out = []
    for i, char in enumerate(text):
        before = text[i - 1] if i else " "
        after = text[i + 1] if i + 1 < len(text) else " "
        if char in _EDGE_EFFECTS and not (before.isalnum() and after.isalnum()):
            out.append("\\" + char)
        elif char == "!" and not after.isspace() and after not in ".,;:?!)":
            out.append("\\!")  # `!name.png!` embeds an image
        elif char == "?" and "?" in (before, after):
            out.append("\\?")  # `??text??` is a citation
        else:
            out.append(char)
    return "".join(out)


def _escape_line_start(match: re.Match) -> str:
    indent, marker = match.groups()
    if marker == "#":
        return f"{indent}\\#"
    return f"{indent}{marker[:-1]}\\."


def one_line(text: str) -> str:
    return " ".join(text.split())


# --- Atlassian Document Format (Cloud's REST v3) to wiki markup -------------------------------

_MARKS = {"strong": "*", "em": "_", "strike": "-", "underline": "+"}


def adf_to_wiki(value: Any) -> str | None:
    """A v3 rich-text value as wiki markup (a string is returned as it is)."""
    if value is None or isinstance(value, str):
        return value
    if not isinstance(value, dict):
        return str(value)
    return _block(value, depth=0).strip("\n")


def _blocks(nodes: list[dict], depth: int, separator: str = "\n\n") -> str:
    return separator.join(part for part in (_block(n, depth) for n in nodes or []) if part)


def _block(node: dict, depth: int) -> str:
    kind = node.get("type")
    content = node.get("content") or []
    if kind in ("doc", "panel", "layoutSection", "layoutColumn", "expand", "nestedExpand"):
        return _blocks(content, depth)
    if kind == "paragraph":
        return _inline(content)
    if kind == "heading":
        return f"h{node.get('attrs', {}).get('level', 3)}. {_inline(content)}"
    if kind in ("bulletList", "orderedList"):
        bullet = ("*" if kind == "bulletList" else "#") * (depth + 1)
        return "\n".join(_list_item(item, bullet, depth) for item in content)
    if kind == "codeBlock":
        language = (node.get("attrs") or {}).get("language")
        return f"{{code{':' + language if language else ''}}}\n{_inline(content)}\n{{code}}"
    if kind == "blockquote":
        return f"{{quote}}\n{_blocks(content, depth)}\n{{quote}}"
    if kind == "rule":
        return "----"
    if kind == "table":
        return "\n".join(_table_row(row) for row in content)
    if kind in ("mediaSingle", "mediaGroup", "media"):
        return ""
    return _inline([node])


def _list_item(item: dict, bullet: str, depth: int) -> str:
    parts = []
    for child in item.get("content") or []:
        if child.get("type") in ("bulletList", "orderedList"):
            parts.append(_block(child, depth + 1))
        else:
            parts.append(f"{bullet} {_block(child, depth)}")
    return "\n".join(parts)


def _table_row(row: dict) -> str:
    cells = row.get("content") or []
    out = ""
    for cell in cells:
        bar = "||" if cell.get("type") == "tableHeader" else "|"
        out += bar + _blocks(cell.get("content") or [], 0, " ")
    return out + ("||" if cells and cells[-1].get("type") == "tableHeader" else "|")


def _inline(nodes: list[dict]) -> str:
    return "".join(_inline_node(n) for n in nodes or [])


def _inline_node(node: dict) -> str:
    kind = node.get("type")
    attrs = node.get("attrs") or {}
    if kind == "text":
        return _marked(node.get("text", ""), node.get("marks") or [])
    if kind == "hardBreak":
        return "\n"
    if kind in ("mention", "emoji", "status"):
        return attrs.get("text") or attrs.get("shortName") or ""
    if kind in ("inlineCard", "blockCard"):
        return f"[{attrs.get('url', '')}]"
    if kind == "date":
        return str(attrs.get("timestamp", ""))
    return _inline(node.get("content") or [])


def _marked(text: str, marks: list[dict]) -> str:
    for mark in marks:
        kind = mark.get("type")
        if kind in _MARKS:
            text = f"{_MARKS[kind]}{text}{_MARKS[kind]}"
        elif kind == "code":
            text = f"{{{{{text}}}}}"
        elif kind == "link":
            text = f"[{text}|{(mark.get('attrs') or {}).get('href', '')}]"
    return text
