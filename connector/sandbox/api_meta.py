"""Read-only metadata: serverInfo, myself, fields, project, issue types, priorities, create metadata."""

from __future__ import annotations

from typing import Any

from flask import jsonify

from connector.sandbox.api_common import api_blueprint, sandbox
from connector.sandbox.catalog import ISSUE_TYPES, PRIORITIES, PROJECT, RESOLUTIONS
from connector.sandbox.errors import JiraApiError
from connector.sandbox.render import jira_time

bp = api_blueprint("sandbox_meta", __name__)
CLOUD_VERSION = ("1001.0.0-SNAPSHOT", [1001, 0, 0], 100296)
DC_VERSION = ("9.12.15", [9, 12, 15], 9120015)


@bp.get("/serverInfo")
def server_info():
    jira = sandbox()
    version, numbers, build = CLOUD_VERSION if jira.cloud else DC_VERSION
    return jsonify({"baseUrl": jira.base_url, "version": version, "versionNumbers": numbers,
                    "deploymentType": "Cloud" if jira.cloud else "Server", "buildNumber": build,
                    "buildDate": "2025-06-02T00:00:00.000+0000", "serverTime": jira_time(),
                    "scmInfo": "sandbox", "serverTitle": "Voelspriet sandbox Jira"})


@bp.get("/myself")
def myself():
    user = sandbox().renderer().user("api")
    return jsonify({**user, "locale": "nl_NL", "groups": {"size": 1, "items": []},
                    "applicationRoles": {"size": 1, "items": []}, "expand": "groups,applicationRoles"})


@bp.get("/field")
def field_list():
    return jsonify(sandbox().renderer().field_list())


@bp.get("/project")
def projects():
    return jsonify([sandbox().renderer().project()])


@bp.get("/project/<ref>")
def project(ref: str):
    _require_project(ref)
    r = sandbox().renderer()
    return jsonify({**r.project(), "description": "Vragen van ambassadeurs over de livegang.",
                    "lead": r.user("it"), "components": [], "versions": [], "roles": {},
                    "issueTypes": [r.issue_type(t["id"]) for t in ISSUE_TYPES], "assigneeType": "UNASSIGNED",
                    "isPrivate": False, "properties": {},
                    "expand": "description,lead,issueTypes,url,projectKeys,permissions,insight"})


@bp.get("/issuetype")
def issue_types():
    r = sandbox().renderer()
    return jsonify([r.issue_type(t["id"]) for t in ISSUE_TYPES])


@bp.get("/priority")
def priorities():
    r = sandbox().renderer()
    return jsonify([r.priority_details(p["id"]) for p in PRIORITIES])


@bp.get("/resolution")
def resolutions():
    r = sandbox().renderer()
    return jsonify([r.resolution(res["id"]) for res in RESOLUTIONS])


@bp.get("/issue/createmeta/<ref>/issuetypes")
def createmeta_issue_types(ref: str):
    _require_project(ref)
    r = sandbox().renderer()
    return jsonify(_page("issueTypes", [r.issue_type(t["id"]) for t in ISSUE_TYPES]))


@bp.get("/issue/createmeta/<ref>/issuetypes/<type_id>")
def createmeta_fields(ref: str, type_id: str):
    _require_project(ref)
    if not any(t["id"] == type_id for t in ISSUE_TYPES):
        raise JiraApiError(404, [f"Issue type with id '{type_id}' does not exist."])
    return jsonify(_page("fields", _create_fields()))


def _require_project(ref: str) -> None:
    if ref not in (PROJECT["id"], PROJECT["key"]):
        raise JiraApiError(404, [f"No project could be found with key '{ref}'."])


def _page(cloud_key: str, values: list) -> dict[str, Any]:
    """Cloud names the list after its content; Data Center calls it `values` and adds `isLast`."""
    page: dict[str, Any] = {"maxResults": 50, "startAt": 0, "total": len(values)}
    if sandbox().cloud:
        return {cloud_key: values, **page}
    return {**page, "isLast": True, "values": values}


def _create_fields() -> list[dict[str, Any]]:
    r = sandbox().renderer()
    by_id = {f["id"]: f for f in r.field_list()}

    def meta(field_id: str, required: bool, allowed: list | None = None) -> dict[str, Any]:
        entry = {"required": required, "schema": by_id[field_id]["schema"], "name": by_id[field_id]["name"],
                 "key": field_id, "fieldId": field_id, "hasDefaultValue": field_id == "priority",
                 "operations": ["set"] if field_id != "labels" else ["add", "set", "remove"]}
        if allowed is not None:
            entry["allowedValues"] = allowed
        return entry

    fields = [meta("summary", True), meta("issuetype", True, [r.issue_type(t["id"]) for t in ISSUE_TYPES]),
              meta("project", True, [r.project()]), meta("description", False), meta("labels", False),
              meta("priority", False, [r.priority(p["id"]) for p in PRIORITIES]), meta("reporter", False),
              meta("assignee", False)]
    for custom in r.catalog.custom_fields:
        options = [r.option(custom.id, oid) for oid in custom.options] if custom.kind == "select" else None
        fields.append(meta(custom.id, False, options))
    return fields
