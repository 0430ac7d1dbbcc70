"""Turns a parsed JQL query into a filter and an ordering over the sandbox's issues.

Fields, operators and values are checked once, before any issue is looked at, with Jira's
messages: an unknown field, an operator the field does not support, a status that does not
exist or a key that names no issue make the whole search a 400, as in Jira.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from typing import Any

from connector.sandbox.catalog import ISSUE_TYPES, PRIORITIES, PROJECT, RESOLUTIONS, STATUS_CATEGORIES, STATUSES
from connector.sandbox.jql import EMPTY, Clause, JqlError, Node, Query
from connector.sandbox.jql_match import OPERATORS, Doc, Field, matcher, sort_key
from connector.sandbox.render import parse_jira_time


def _aliases(item: dict | None) -> set[str] | None:
    return None if item is None else {item["id"], item["name"].casefold()}


def _find(items, item_id):
    return next((i for i in items if i["id"] == item_id), None)


def _all_aliases(items) -> frozenset[str]:
    return frozenset(a for i in items for a in _aliases(i))


def _date(name: str) -> Callable[[dict, list[str]], datetime | None]:
    return lambda issue, _c: parse_jira_time(issue[name]) if issue.get(name) else None


def _category(issue: dict, _c) -> set[str]:
    category = STATUS_CATEGORIES[_find(STATUSES, issue["status"])["category"]]
    return {category["key"], category["name"].casefold(), str(category["id"])}


class Compiler:
    def __init__(self, catalog, now: datetime, issue_refs: set[str], validate_keys: bool = True) -> None:
        self.catalog = catalog
        self.now = now
        self.issue_refs = frozenset(issue_refs) if validate_keys else None
        self.fields = self._system_fields()

    def _system_fields(self) -> dict[str, Field]:
        project = {PROJECT["id"], PROJECT["key"].casefold(), PROJECT["name"].casefold()}
        categories = frozenset(a for c in STATUS_CATEGORIES.values() for a in (c["key"], c["name"].casefold(),
                                                                                 str(c["id"])))
        key = Field("key", "values", lambda i, _c: {i["key"].casefold(), i["id"]}, self.issue_refs)
        summary = Field("summary", "text", lambda i, _c: i["summary"])
        fields = {
            "project": Field("project", "values", lambda _i, _c: project, frozenset(project)),
            "labels": Field("labels", "values", lambda i, _c: set(i["labels"]) or None, fold=False),
            "status": Field("status", "values", lambda i, _c: _aliases(_find(STATUSES, i["status"])),
                            _all_aliases(STATUSES)),
            "statuscategory": Field("statusCategory", "values", _category, categories),
            "resolution": Field("resolution", "values", lambda i, _c: _aliases(_find(RESOLUTIONS, i["resolution"])),
                                _all_aliases(RESOLUTIONS) | {"unresolved"}),
            "priority": Field("priority", "values", lambda i, _c: _aliases(_find(PRIORITIES, i["priority"])),
                              _all_aliases(PRIORITIES)),
            "issuetype": Field("issuetype", "values", lambda i, _c: _aliases(_find(ISSUE_TYPES, i["issuetype"])),
                               _all_aliases(ISSUE_TYPES)),
            "key": key, "issuekey": key, "issue": key, "id": key,
            "created": Field("created", "date", _date("created")),
            "updated": Field("updated", "date", _date("updated")),
            "resolved": Field("resolved", "date", _date("resolutiondate")),
            "statuscategorychangeddate": Field("statusCategoryChangedDate", "date", _date("statuscategorychangedate")),
            "summary": summary,
            "description": Field("description", "text", lambda i, _c: i["description"]),
            "comment": Field("comment", "text", lambda _i, c: "\n".join(c) or None),
            "text": Field("text", "text", self._all_text),
            "assignee": Field("assignee", "values", lambda i, _c: {"currentuser"} if i.get("assignee") else None),
            "reporter": Field("reporter", "values", lambda _i, _c: {"currentuser"}),
        }
        aliases = {"type": "issuetype", "createddate": "created", "updateddate": "updated",
                   "resolutiondate": "resolved"}
        fields.update({alias: fields[target] for alias, target in aliases.items()})
        return fields

    def _all_text(self, issue: dict, comments: list[str]) -> str:
        texts = [issue["summary"], issue["description"] or "", *comments]
        texts += [v for k, v in issue["custom"].items() if v and getattr(self.catalog.custom(k), "kind", "") == "text"]
        return "\n".join(texts)

    def field(self, name: str) -> Field:
        found = self.fields.get(name.casefold())
        if found is not None:
            return found
        match = re.fullmatch(r"(?:cf\[(\d+)\]|customfield_(\d+))", name.casefold())
        custom = (self.catalog.custom(f"customfield_{match.group(1) or match.group(2)}") if match
                  else self.catalog.custom_by_name(name))
        if custom is None:
            raise JqlError(f"Field '{name}' does not exist or you do not have permission to view it.")
        if custom.kind == "text":
            return Field(name, "text", lambda i, _c: i["custom"].get(custom.id))
        values = frozenset(a for oid, v in custom.options.items() for a in (oid, v.casefold()))
        return Field(name, "values", lambda i, _c: _option_aliases(custom, i), values)

    def predicate(self, query: Query) -> Callable[[Doc], bool]:
        if query.where is None:
            return lambda _doc: True
        return self._compile(query.where)

    def _compile(self, node: Clause | Node) -> Callable[[Doc], bool]:
        if isinstance(node, Clause):
            return self._clause(node)
        parts = [self._compile(child) for child in node.children]
        if node.kind == "and":
            return lambda doc: all(p(doc) for p in parts)
        if node.kind == "or":
            return lambda doc: any(p(doc) for p in parts)
        return lambda doc: not parts[0](doc)

    def _clause(self, clause: Clause) -> Callable[[Doc], bool]:
        field = self.field(clause.field)
        if clause.op not in OPERATORS[field.kind]:
            raise JqlError(f"The operator '{clause.op}' is not supported by the '{clause.field}' field.")
        if clause.op in ("is", "is not") and clause.value is not EMPTY:
            raise JqlError(f"The operator '{clause.op}' only supports searching for EMPTY or NULL values.")
        return matcher(field, clause, self.now)

    def sort_key(self, name: str) -> Callable[[Doc], Any]:
        return sort_key(self.field(name))


def _option_aliases(custom, issue: dict) -> set[str] | None:
    option_id = issue["custom"].get(custom.id)
    return None if option_id is None else {option_id, custom.options[option_id].casefold()}
