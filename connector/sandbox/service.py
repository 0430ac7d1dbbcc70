"""What happens to the sandbox's issues, whoever asks: the REST API, the IT view or a test.

Every change is stored in one transaction and then announced as a webhook, so the REST API
and the IT view behave the same and a test acting as IT goes through the same code.
"""

from __future__ import annotations

import functools
import threading
from datetime import UTC, datetime

from connector.sandbox import changelog
from connector.sandbox.catalog import (
    DEFAULT_PRIORITY,
    DEFAULT_RESOLUTION,
    INITIAL_STATUS,
    PROJECT,
    Catalog,
)
from connector.sandbox.errors import bad_request, not_found_issue
from connector.sandbox.faults import FaultInjector
from connector.sandbox.issue_view import issue_fields
from connector.sandbox.render import Renderer, jira_time
from connector.sandbox.state import Store
from connector.sandbox.webhook_payloads import comment_event, issue_event
from connector.sandbox.webhooks_out import WebhookSender


def _one_at_a_time(method):
    """Changes run one at a time, on the issue as stored now, so a concurrent change is never undone
    and webhooks leave in the order the changes happened."""

    @functools.wraps(method)
    def wrapper(self, issue: dict, *args, **kwargs):
        with self._lock:
            fresh = self.store.issue(issue["id"])
            if fresh is None:
                raise not_found_issue()
            return method(self, fresh, *args, **kwargs)

    return wrapper


class SandboxJira:
    def __init__(self, store: Store, deployment: str, user: str, token: str, hooks: WebhookSender,
                 faults: FaultInjector, catalog: Catalog | None = None, base_url: str | None = None) -> None:
        if deployment not in ("cloud", "datacenter"):
            raise ValueError(f"deployment must be 'cloud' or 'datacenter', not {deployment!r}")
        self.store = store
        self.deployment = deployment
        self.user = user
        self.token = token
        self.hooks = hooks
        self.faults = faults
        self.catalog = catalog or Catalog()
        self.base_url = (base_url or "http://127.0.0.1").rstrip("/")
        self.base_url_from_request = base_url is None  # then `self` links follow the host the client used
        self._lock = threading.RLock()

    @property
    def cloud(self) -> bool:
        return self.deployment == "cloud"

    def renderer(self) -> Renderer:
        return Renderer(self.base_url, self.deployment, self.user, self.catalog)

    def fields_of(self, issue: dict, version: str = "2", in_webhook: bool = False) -> dict:
        return issue_fields(self.renderer(), issue, self.store.comments(issue["id"]),
                            self.store.attachments(issue["id"]), version, in_webhook)

    # issues
    def create_issue(self, changes: dict, actor: str = "api", properties: dict | None = None) -> dict:
        now = jira_time()
        with self._lock:
            with self.store.transaction() as store:
                issue_id, number = store.next_id("issue"), store.next_id("issue_number")
                issue = {"id": str(issue_id), "key": f"{PROJECT['key']}-{number}", "summary": changes["summary"],
                         "description": changes.get("description"), "labels": changes.get("labels", []),
                         "issuetype": changes["issuetype"], "priority": changes.get("priority") or DEFAULT_PRIORITY,
                         "assignee": changes.get("assignee"), "status": INITIAL_STATUS, "resolution": None,
                         "resolutiondate": None, "created": now, "updated": now, "statuscategorychangedate": now,
                         "custom": {k: v for k, v in changes.items() if k.startswith("customfield_")},
                         "properties": properties or {}}
                store.put_issue(issue)
                log_id = store.next_id("changelog")
            items = changelog.created(issue, self._reporter_change()) if self.cloud else None
            self._issue_hook("jira:issue_created", "issue_created", issue, actor, items, log_id)
        return issue

    @_one_at_a_time
    def edit_issue(self, issue: dict, changes: dict, actor: str = "api") -> dict:
        updated = {**issue, "custom": {**issue["custom"]}}
        for field_id, value in changes.items():
            target = updated["custom"] if field_id.startswith("customfield_") else updated
            target[field_id] = value
        items = changelog.diff(issue, updated, self.catalog, with_field_id=self.cloud)
        if not items:
            return issue
        updated["updated"] = jira_time()
        with self.store.transaction() as store:
            store.put_issue(updated)
            log_id = store.next_id("changelog")
        self._issue_hook("jira:issue_updated", "issue_updated", updated, actor, items, log_id)
        return updated

    @_one_at_a_time
    def transition(self, issue: dict, status: dict, resolution_id: str | None = None, actor: str = "api") -> dict:
        """Move to `status`; Done sets a resolution (default Done), leaving Done clears it."""
        done = status["category"] == "done"
        if resolution_id and not done:
            raise bad_request(errors={"resolution": "Field 'resolution' cannot be set. It is not on the "
                                                    "appropriate screen, or unknown."})
        now = jira_time()
        updated = {**issue, "status": status["id"], "updated": now,
                   "resolution": (resolution_id or issue["resolution"] or DEFAULT_RESOLUTION) if done else None}
        updated["resolutiondate"] = (issue["resolutiondate"] or now) if done else None
        if Catalog.status(issue["status"])["category"] != status["category"]:
            updated["statuscategorychangedate"] = now
        items = changelog.diff(issue, updated, self.catalog, with_field_id=self.cloud)
        if not self.cloud:  # Jira Server lists the status first, as in its real payloads
            items.sort(key=lambda i: i["field"] != "status")
        with self.store.transaction() as store:
            store.put_issue(updated)
            log_id = store.next_id("changelog")
        self._issue_hook("jira:issue_updated", self._transition_event(issue, updated), updated, actor, items, log_id)
        return updated

    @_one_at_a_time
    def delete_issue(self, issue: dict, actor: str = "api") -> None:
        fields = self.fields_of(issue, in_webhook=True)
        with self.store.transaction() as store:
            store.delete_issue(issue["id"])
        r = self.renderer()
        self.hooks.send(issue_event(r, "jira:issue_deleted", None if self.cloud else "issue_deleted", issue, fields,
                                    actor))

    @_one_at_a_time
    def add_attachment(self, issue: dict, filename: str, content: bytes, mime_type: str, actor: str = "api") -> dict:
        now = jira_time()
        with self.store.transaction() as store:
            meta = {"id": str(store.next_id("attachment")), "filename": filename, "author": actor, "created": now,
                    "size": len(content), "mimeType": mime_type}
            store.add_attachment(issue["id"], meta, content)
            updated = {**issue, "updated": now}
            store.put_issue(updated)
            log_id = store.next_id("changelog")
        items = [changelog.attachment_added(meta, with_field_id=self.cloud)]
        self._issue_hook("jira:issue_updated", "issue_updated", updated, actor, items, log_id)
        return meta

    # comments
    @_one_at_a_time
    def add_comment(self, issue: dict, body: str, actor: str = "api") -> dict:
        now = jira_time()
        with self.store.transaction() as store:
            comment = {"id": str(store.next_id("comment")), "issue_id": issue["id"], "body": body, "author": actor,
                       "update_author": actor, "created": now, "updated": now}
            store.put_comment(issue["id"], comment)
            store.put_issue({**issue, "updated": now})
        self._comment_hook("comment_created", comment, issue["id"])
        return comment

    @_one_at_a_time
    def update_comment(self, issue: dict, comment: dict, body: str, actor: str = "api") -> dict:
        now = jira_time()
        updated = {**comment, "body": body, "update_author": actor, "updated": now}
        with self.store.transaction() as store:
            store.put_comment(issue["id"], updated)
            store.put_issue({**issue, "updated": now})
        self._comment_hook("comment_updated", updated, issue["id"])
        return updated

    @_one_at_a_time
    def delete_comment(self, issue: dict, comment: dict, actor: str = "api") -> None:
        with self.store.transaction() as store:
            store.delete_comment(comment["id"])
            store.put_issue({**issue, "updated": jira_time()})
        self._comment_hook("comment_deleted", comment, issue["id"])

    # filters
    def create_filter(self, name: str, jql: str, description: str | None, favourite: bool,
                      shares: list[dict] | None = None) -> dict:
        with self._lock:
            self._check_filter_name(name)
            with self.store.transaction() as store:
                saved = {"id": str(store.next_id("filter")), "name": name, "jql": jql, "description": description,
                         "favourite": favourite, "created": datetime.now(UTC).isoformat(),
                         "shares": self._numbered(shares or [])}
                store.put_filter(saved)
        return saved

    def saved_filter(self, filter_id: str) -> dict:
        found = self.store.filter(filter_id)
        if found is None:  # Jira answers 400, not 404, for a filter that is gone
            raise bad_request([f"The selected filter is not available to you, perhaps it has been deleted or had "
                               f"its permissions changed. (id {filter_id})"])
        return found

    def update_filter(self, filter_id: str, changes: dict) -> dict:
        """`changes` may hold name, jql, description, favourite and shares (which replace the old ones)."""
        with self._lock:
            saved = self.saved_filter(filter_id)
            if "name" in changes:
                self._check_filter_name(changes["name"], but=filter_id)
            updated = {**saved, **changes}
            if "shares" in changes:
                updated["shares"] = self._numbered(changes["shares"])
            self.store.put_filter(updated)
        return updated

    def add_filter_share(self, filter_id: str, share: dict) -> dict:
        """Sharing with everyone (global, loggedin) replaces the other shares, as in Jira."""
        with self._lock:
            saved = self.saved_filter(filter_id)
            kept = [] if share["type"] in ("global", "loggedin") else saved.get("shares") or []
            if any({**s, "id": None} == {**share, "id": None} for s in kept):
                return saved
            updated = {**saved, "shares": [*kept, *self._numbered([share])]}
            self.store.put_filter(updated)
        return updated

    def _check_filter_name(self, name: str, but: str | None = None) -> None:
        if any(f["name"].casefold() == name.casefold() and f["id"] != but for f in self.store.filters()):
            raise bad_request(errors={"filterName": "Filter with same name already exists."})

    def _numbered(self, shares: list[dict]) -> list[dict]:
        return [{**share, "id": self.store.next_id("share")} for share in shares]

    # webhooks
    def _transition_event(self, before: dict, after: dict) -> str:
        if self.cloud:
            return "issue_generic"  # Jira Cloud names resolve and reopen this way
        if before["resolution"] is None and after["resolution"] is not None:
            return "issue_resolved"
        if before["resolution"] is not None and after["resolution"] is None:
            return "issue_reopened"
        return "issue_generic"

    def _reporter_change(self) -> tuple[str, str]:
        reporter = self.renderer().user("api")
        return reporter.get("accountId") or reporter["name"], reporter["displayName"]

    def _issue_hook(self, event: str, type_name: str, issue: dict, actor: str, items: list[dict] | None,
                    log_id: int) -> None:
        fields = self.fields_of(issue, in_webhook=True)
        changes = (log_id, items) if items is not None else None
        self.hooks.send(issue_event(self.renderer(), event, type_name, issue, fields, actor, changes))

    def _comment_hook(self, event: str, comment: dict, issue_id: str) -> None:
        issue = self.store.issue(issue_id)
        if issue is not None:
            fields = self.fields_of(issue, in_webhook=True)
            self.hooks.send(comment_event(self.renderer(), event, comment, issue, fields))
