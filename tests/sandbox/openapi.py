"""Atlassian's Jira Cloud REST v3 schemas, as JSON Schema validators for the contract tests.

The full spec (2.4 MB) lives in the shared fixtures; the repo keeps only the schemas the
sandbox answers with, plus everything they reference, extracted unchanged by `extract()`.
`python -m tests.sandbox.openapi` rewrites the subset from the shared file.
"""

from __future__ import annotations

import copy
import json
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft4Validator

REPO = Path(__file__).resolve().parents[2]
SHARED_SPEC = REPO.parent / "shared" / "jira-fixtures" / "openapi" / "jira-cloud-platform-v3.swagger-v3.v3.json"
SUBSET = REPO / "tests" / "fixtures" / "jira-openapi" / "jira-cloud-v3-schemas.json"
ROOTS = ("CreatedIssue", "CreatedIssues", "ErrorCollection", "IssueBean", "SearchResults", "SearchAndReconcileResults",
         "FieldDetails", "ServerInformation", "Comment", "PageOfComments", "Transitions", "Attachment", "Filter",
         "User", "UserDetails", "Project", "Priority", "IssueTypeDetails", "StatusDetails", "Resolution",
         "PageOfCreateMetaIssueTypes")


def extract(spec: dict[str, Any], roots: tuple[str, ...] = ROOTS) -> dict[str, Any]:
    """The named schemas and every schema they reach through `$ref`, unchanged."""
    schemas = spec["components"]["schemas"]
    found: dict[str, Any] = {}
    todo = list(roots)
    while todo:
        name = todo.pop()
        if name in found:
            continue
        found[name] = schemas[name]
        todo += [ref.rsplit("/", 1)[1] for ref in _refs(schemas[name])]
    return {"info": {"title": spec["info"]["title"], "version": spec["info"]["version"],
                     "license": spec["info"].get("license")},
            "components": {"schemas": dict(sorted(found.items()))}}


def _refs(node: Any) -> list[str]:
    if isinstance(node, dict):
        own = [node["$ref"]] if isinstance(node.get("$ref"), str) else []
        return own + [r for value in node.values() for r in _refs(value)]
    if isinstance(node, list):
        return [r for value in node for r in _refs(value)]
    return []


def _nullable(node: Any) -> Any:
    """OpenAPI 3.0 `nullable: true` means null is allowed too; JSON Schema says so with a type list."""
    if isinstance(node, list):
        return [_nullable(value) for value in node]
    if not isinstance(node, dict):
        return node
    node = {key: _nullable(value) for key, value in node.items()}
    if node.pop("nullable", False):
        if isinstance(node.get("type"), str):
            node["type"] = [node["type"], "null"]
        else:
            node = {"anyOf": [node, {"type": "null"}]}
    return node


@cache
def _components() -> dict[str, Any]:
    return _nullable(copy.deepcopy(json.loads(SUBSET.read_text())["components"]))


def validator(schema: str | dict[str, Any]) -> Draft4Validator:
    """A validator for a named schema (or an inline one using `#/components/schemas/...` refs)."""
    root = {"$ref": f"#/components/schemas/{schema}"} if isinstance(schema, str) else dict(schema)
    return Draft4Validator({**root, "components": _components()})


def problems(schema: str | dict[str, Any], body: Any) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator(schema).iter_errors(body)]


if __name__ == "__main__":
    SUBSET.parent.mkdir(parents=True, exist_ok=True)
    SUBSET.write_text(json.dumps(extract(json.loads(SHARED_SPEC.read_text())), indent=1, ensure_ascii=False) + "\n")
    print(f"wrote {SUBSET} ({SUBSET.stat().st_size} bytes)")
