"""Read the YAML, validate it, and turn problems into one readable line each."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from marshmallow import ValidationError

from mappings.model import JiraFields, Labels, Mappings, Option, Phase
from mappings.schema import MappingsSchema


class MappingsError(ValueError):
    """The mappings file is unusable; `problems` holds one 'file: path: message' per problem."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def flatten_errors(messages: Any, path: str = "") -> list[tuple[str, str]]:
    """Marshmallow's nested error dict → [("teams[3].slug", "message"), …]."""
    if isinstance(messages, list) and all(isinstance(m, str) for m in messages):
        return [(path or "(top)", m) for m in messages]
    if isinstance(messages, dict):
        out = []
        for key, value in messages.items():
            if isinstance(key, int):
                child = f"{path}[{key}]"
            elif key == "_schema" or (key in ("key", "value") and isinstance(value, list)):
                child = path  # marshmallow files a dict entry's errors under "key"/"value"
            else:
                child = f"{path}.{key}" if path else str(key)
            out.extend(flatten_errors(value, child))
        return out
    return [(path or "(top)", str(messages))]


def _friendly(message: str) -> str:
    return {
        "Missing data for required field.": "required; add it",
        "Unknown field.": "unknown key; remove it or check the spelling",
    }.get(message, message)


def _option(raw: dict, cls: type[Option] = Option, **extra: Any) -> Option:
    return cls(slug=raw["slug"], names=dict(raw["name"]), jira_option=raw.get("jira_option"), **extra)


def parse_mappings(data: Any, source: str) -> Mappings:
    if not isinstance(data, dict):
        raise MappingsError([f"{source}: the file must be a YAML mapping with keys such as organisation and teams"])
    try:
        loaded = MappingsSchema().load(data)
    except ValidationError as exc:
        raise MappingsError(
            [f"{source}: {path}: {_friendly(msg)}" for path, msg in flatten_errors(exc.messages)]
        ) from None
    return Mappings(
        organisation=loaded["organisation"],
        go_live=loaded["go_live"]["date"],
        window_days=loaded["go_live"]["window_days"],
        teams=tuple(_option(t) for t in loaded["teams"]),
        themes=tuple(_option(t) for t in loaded["themes"]),
        phases=tuple(_option(p, Phase, when=p["when"]) for p in loaded["phases"]),  # type: ignore[misc]
        urgency_priority=dict(loaded["urgency"]),
        labels=Labels(**loaded["labels"]),
        jira_fields=JiraFields(**loaded["jira_fields"]),
        answer_marker=loaded["faq"]["answer_marker"],
        no_faq_label=loaded["faq"]["no_faq_label"],
        retention_days=loaded["privacy"]["retention_days"],
        silent_days=loaded["dashboard"]["silent_days"],
        generic_form=dict(loaded["generic_form"]),
        source=source,
    )


def load_mappings(path: Path) -> Mappings:
    source = Path(path).name
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise MappingsError(
            [f"{path}: cannot read the mappings file ({exc.strerror}); check VOELSPRIET_MAPPINGS"]
        ) from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "somewhere"
        raise MappingsError([f"{source}: {where}: not valid YAML ({getattr(exc, 'problem', exc)})"]) from None
    return parse_mappings(data, source)
