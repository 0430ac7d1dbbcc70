"""Changelog items as Jira puts them in webhooks: one per changed field, old and new value."""

from __future__ import annotations

from typing import Any

from connector.sandbox.catalog import ISSUE_TYPES, PRIORITIES, RESOLUTIONS, Catalog


def item(field: str, field_id: str, old: tuple[Any, Any], new: tuple[Any, Any], fieldtype: str = "jira",
         with_field_id: bool = True) -> dict[str, Any]:
    """`old`/`new` are (raw id or None, display string or None), like Jira's from/fromString."""
    entry: dict[str, Any] = {"field": field, "fieldtype": fieldtype}
    if with_field_id:  # Jira Server leaves fieldId out
        entry["fieldId"] = field_id
    entry.update({"from": old[0], "fromString": old[1], "to": new[0], "toString": new[1]})
    return entry


def _name(items: tuple[dict, ...], item_id: str | None) -> str | None:
    return next((i["name"] for i in items if i["id"] == item_id), None)


def _labels(labels: list[str]) -> str | None:
    return " ".join(labels) if labels else None


def _system_value(field: str, issue: dict) -> tuple[Any, Any]:
    value = issue.get(field)
    if field in ("summary", "description"):
        return None, value
    if field == "labels":
        return None, _labels(value)
    if field == "priority":
        return value, _name(PRIORITIES, value)
    if field == "issuetype":
        return value, _name(ISSUE_TYPES, value)
    if field == "status":
        return value, Catalog.status(value)["name"]
    if field == "resolution":
        return value, _name(RESOLUTIONS, value)
    return value, value


def diff(old: dict, new: dict, catalog: Catalog, with_field_id: bool = True) -> list[dict[str, Any]]:
    """Items for every field that differs between two versions of an issue."""
    items = []
    for field in ("summary", "description", "labels", "priority", "issuetype", "status", "resolution"):
        if old.get(field) != new.get(field):
            items.append(item(field, field, _system_value(field, old), _system_value(field, new),
                              with_field_id=with_field_id))
    for custom in catalog.custom_fields:
        before, after = old["custom"].get(custom.id), new["custom"].get(custom.id)
        if before == after:
            continue
        if custom.kind == "select":
            values = (before, custom.options.get(before or "")), (after, custom.options.get(after or ""))
        else:
            values = (None, before), (None, after)
        items.append(item(custom.name, custom.id, *values, fieldtype="custom", with_field_id=with_field_id))
    return items


def created(issue: dict, reporter: tuple[str, str]) -> list[dict[str, Any]]:
    """What a real Jira Cloud create carries: description, priority, reporter, Status, summary."""
    items = []
    if issue["description"]:
        items.append(item("description", "description", (None, None), (None, issue["description"])))
    items.append(item("priority", "priority", (None, None), _system_value("priority", issue)))
    items.append(item("reporter", "reporter", (None, None), reporter))
    items.append(item("Status", "status", (None, None), _system_value("status", issue)))
    items.append(item("summary", "summary", (None, None), (None, issue["summary"])))
    return items


def attachment_added(meta: dict, with_field_id: bool = True) -> dict[str, Any]:
    return item("Attachment", "attachment", (None, None), (meta["id"], meta["filename"]),
                with_field_id=with_field_id)
