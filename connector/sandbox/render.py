"""Stored sandbox records → the JSON Jira's REST API v2 (and v3) returns for them."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from connector.sandbox.adf import to_adf
from connector.sandbox.catalog import (
    ISSUE_TYPES,
    PRIORITIES,
    PROJECT,
    RESOLUTIONS,
    STATUS_CATEGORIES,
    SYSTEM_FIELDS,
    Catalog,
)

CLOUD_ACCOUNT_IDS = {"api": "712020:5a1d7e0b-0b1c-4a3e-9d55-5a4db0x00001",
                     "it": "712020:5a1d7e0b-0b1c-4a3e-9d55-5a4db0x00002"}
IT_PERSON = {"name": "it-beheer", "email": "it-beheer@example.org", "display": "IT-beheer (sandbox)"}
NON_NAVIGABLE = {"comment", "worklog"}
USER_TIME_ZONE = "Europe/Amsterdam"  # JQL dates are read in the searching user's zone, as in Jira


def jira_time(moment: datetime | None = None) -> str:
    """Jira's timestamp format: `2019-02-15T19:01:52.971+0000`."""
    moment = (moment or datetime.now(UTC)).astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}+0000"


def parse_jira_time(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%f%z")


def requested_fields(values: list[str], default: str) -> list[str]:
    """The tokens of `fields=` (repeated or comma-separated), or the endpoint's default."""
    return [t.strip() for v in values for t in v.split(",") if t.strip()] or [default]


def select_fields(fields: dict[str, Any], tokens: list[str]) -> dict[str, Any]:
    """Apply Jira's field selection: ids, `*all`, `*navigable`, and `-id` to leave one out."""
    excluded = {t[1:] for t in tokens if t.startswith("-")}
    names = {t for t in tokens if not t.startswith("-")}
    if "*all" in names:
        keep = set(fields)
    elif "*navigable" in names:
        keep = {k for k in fields if k not in NON_NAVIGABLE} | names
    else:
        keep = names
    return {k: v for k, v in fields.items() if k in keep and k not in excluded}


class Renderer:
    def __init__(self, base_url: str, deployment: str, user_email: str, catalog: Catalog) -> None:
        self.base = base_url.rstrip("/")
        self.cloud = deployment == "cloud"
        self.user_email = user_email
        self.catalog = catalog

    def api(self, path: str, version: str = "2") -> str:
        return f"{self.base}/rest/api/{version}/{path}"

    def user(self, who: str = "api", in_webhook: bool = False) -> dict[str, Any]:
        email, name, display = ((self.user_email, self.user_email, "Voelspriet (sandbox API user)") if who == "api"
                                else (IT_PERSON["email"], IT_PERSON["name"], IT_PERSON["display"]))
        avatars = {size: f"{self.base}/secure/useravatar?size={size}" for size in ("48x48", "24x24", "16x16", "32x32")}
        if self.cloud:
            account = CLOUD_ACCOUNT_IDS[who]
            user = {"self": self.api(f"user?accountId={account}"), "accountId": account, "avatarUrls": avatars,
                    "displayName": display, "active": True, "timeZone": USER_TIME_ZONE, "accountType": "atlassian"}
            if not in_webhook:  # Cloud webhooks leave out e-mail addresses (GDPR)
                user["emailAddress"] = email
            return user
        return {"self": self.api(f"user?username={name}"), "name": name, "key": f"JIRAUSER{10000 + (who == 'it')}",
                "emailAddress": email, "avatarUrls": avatars, "displayName": display, "active": True,
                "timeZone": USER_TIME_ZONE}

    def status(self, status_id: str) -> dict[str, Any]:
        status = Catalog.status(status_id)
        category = STATUS_CATEGORIES[status["category"]]
        return {"self": self.api(f"status/{status_id}"), "description": "", "iconUrl": f"{self.base}/",
                "name": status["name"], "id": status_id,
                "statusCategory": {"self": self.api(f"statuscategory/{category['id']}"), **category}}

    def priority(self, priority_id: str) -> dict[str, Any]:
        p = next(p for p in PRIORITIES if p["id"] == priority_id)
        icon = f"{self.base}/images/icons/priorities/{p['icon']}.svg"
        return {"self": self.api(f"priority/{p['id']}"), "iconUrl": icon, "name": p["name"], "id": p["id"]}

    def priority_details(self, priority_id: str) -> dict[str, Any]:
        p = next(p for p in PRIORITIES if p["id"] == priority_id)
        return {**self.priority(priority_id), "statusColor": p["statusColor"], "description": p["name"],
                "isDefault": p["id"] == "3"}

    def issue_type(self, type_id: str) -> dict[str, Any]:
        t = next(t for t in ISSUE_TYPES if t["id"] == type_id)
        return {"self": self.api(f"issuetype/{t['id']}"), "id": t["id"], "description": t["description"],
                "iconUrl": f"{self.base}/secure/viewavatar?size=medium&avatarId=10318&avatarType=issuetype",
                "name": t["name"], "subtask": t["subtask"], "avatarId": 10318, "hierarchyLevel": 0}

    def project(self) -> dict[str, Any]:
        sizes = ("48x48", "24x24", "16x16", "32x32")
        avatars = {size: f"{self.base}/secure/projectavatar?size={size}" for size in sizes}
        return {"self": self.api(f"project/{PROJECT['id']}"), "id": PROJECT["id"], "key": PROJECT["key"],
                "name": PROJECT["name"], "projectTypeKey": PROJECT["projectTypeKey"], "simplified": False,
                "avatarUrls": avatars}

    def resolution(self, resolution_id: str | None) -> dict[str, Any] | None:
        if resolution_id is None:
            return None
        r = next(r for r in RESOLUTIONS if r["id"] == resolution_id)
        return {"self": self.api(f"resolution/{r['id']}"), "id": r["id"], "description": r["description"],
                "name": r["name"]}

    def option(self, field_id: str, option_id: str | None) -> dict[str, Any] | None:
        custom = self.catalog.custom(field_id)
        if option_id is None or custom is None:
            return None
        return {"self": self.api(f"customFieldOption/{option_id}"), "value": custom.options[option_id], "id": option_id}

    def text(self, value: str | None, version: str) -> Any:
        return to_adf(value) if version == "3" else value

    def comment(self, comment: dict, version: str = "2", in_webhook: bool = False) -> dict[str, Any]:
        return {"self": self.api(f"issue/{comment['issue_id']}/comment/{comment['id']}", version),
                "id": comment["id"], "author": self.user(comment["author"], in_webhook),
                "body": self.text(comment["body"], version),
                "updateAuthor": self.user(comment["update_author"], in_webhook),
                "created": comment["created"], "updated": comment["updated"], "jsdPublic": True}

    def attachment(self, meta: dict) -> dict[str, Any]:
        return {"self": self.api(f"attachment/{meta['id']}"), "id": meta["id"], "filename": meta["filename"],
                "author": self.user(meta["author"]), "created": meta["created"], "size": meta["size"],
                "mimeType": meta["mimeType"], "content": self.api(f"attachment/content/{meta['id']}")}

    def field_list(self) -> list[dict[str, Any]]:
        fields = [{"id": fid, "key": fid, "name": name, "custom": False, "orderable": orderable,
                   "navigable": navigable, "searchable": searchable, "clauseNames": clauses,
                   "schema": {"type": kind, "system": fid}}
                  for fid, (name, kind, navigable, orderable, searchable, clauses) in SYSTEM_FIELDS.items()]
        for custom in self.catalog.custom_fields:
            plugin = "select" if custom.kind == "select" else "textarea"
            fields.append({"id": custom.id, "key": custom.id, "name": custom.name, "custom": True,
                           "orderable": True, "navigable": True, "searchable": True,
                           "clauseNames": [f"cf[{custom.number}]", custom.name],
                           "schema": {"type": "option" if custom.kind == "select" else "string",
                                      "custom": f"com.atlassian.jira.plugin.system.customfieldtypes:{plugin}",
                                      "customId": custom.number}})
        return fields
