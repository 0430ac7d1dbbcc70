"""The one door to Jira: the only module that imports `jira`.

The library is configured so that it decides nothing by itself:
- `max_retries=0`: its ResilientSession would re-send even a POST on 429/503 and sleep in the
  calling thread (a duplicate issue, a web request hanging for a minute). The outbox decides.
- `timeout=settings.jira_timeout`: the library has no timeout unless given one.
- `get_server_info=False`: the constructor makes no call (it would otherwise fetch serverInfo).
- `create_issue(fields, prefetch=False)` with project and issue-type *ids*: exactly one POST
  (names make it GET the project and issue types first; prefetch GETs the new issue again).
- `logging=False`: the library logs response bodies on some errors.

Every failure becomes one of the few kinds in `connector.errors`, classified by status code and
Jira's error keys, never by message text (Jira translates its messages), and raised `from None`:
`str(JIRAError)` holds request and response headers and bodies (the token, ambassadors' text),
which must not reach a log through a chained traceback.
"""

from __future__ import annotations

import io
import json
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from math import ceil
from typing import Any, TypeVar
from urllib.parse import quote, urlsplit

import requests
from jira import JIRA, JIRAError
from urllib3.exceptions import ConnectTimeoutError, MaxRetryError, NewConnectionError

from connector.errors import JiraError, JiraOutcomeUnknown, JiraPermanent, JiraRetryable
from connector.issue_builder import IssueDraft, question_id_in
from connector.jira_json import error_detail, retry_after_seconds, snapshot_of
from connector.snapshot import IssueSnapshot
from connector.wiki import adf_to_wiki
from mappings import Mappings
from store.types import utcnow
from voelspriet import __version__
from voelspriet.config import Settings

MAX_BULK = 50  # Jira's limit for POST issue/bulk
PAGE_SIZE = 100
MAX_PAGES = 1000  # a runaway pagination stops somewhere
METADATA_TTL_SECONDS = 900.0  # project, priorities and fields are re-read now and then
# 408 (the request did not arrive in time) and 425 (too early) mean nothing was done: try again.
RETRYABLE_STATUSES = (408, 425, 429)
SEARCH_MARGIN_MINUTES = 5  # covers clock skew between Voelspriet and Jira
SNAPSHOT_FIELDS = ("summary", "labels", "status", "resolution", "resolutiondate", "updated", "created",
                   "description", "comment")
T = TypeVar("T")


@dataclass(frozen=True)
class CreateResult:
    """The outcome of one issue in a create call: an issue, or the error for this one element."""

    question_id: str
    issue_id: str | None = None
    key: str | None = None
    error: JiraError | None = None


@dataclass(frozen=True)
class JiraField:
    id: str
    name: str
    custom: bool
    schema_type: str | None = None  # "option", "string", "array", …
    items: str | None = None  # element type of an array field
    custom_type: str | None = None  # e.g. com.atlassian.jira.plugin.system.customfieldtypes:select


@dataclass(frozen=True)
class ProjectInfo:
    id: str
    key: str
    issue_types: dict[str, str]  # name → id (no sub-task types)


@dataclass(frozen=True)
class SavedFilter:
    """A saved filter ("filter" in Jira's API) as `voelspriet setup-jira` compares it."""

    id: str
    name: str
    jql: str
    description: str | None = None
    shared: bool = False  # visible to more people than its owner (a project, group, everyone)


def _saved_filter(raw: Mapping[str, Any]) -> SavedFilter:
    return SavedFilter(id=str(raw["id"]), name=str(raw.get("name") or ""), jql=str(raw.get("jql") or ""),
                       description=raw.get("description"), shared=bool(raw.get("sharePermissions")))


def _filter_answer(raw: Any, what: str) -> SavedFilter:
    if not isinstance(raw, Mapping) or not raw.get("id"):
        raise JiraOutcomeUnknown(f"{what}: Jira's answer names no filter")
    return _saved_filter(raw)


def _field_value(field: JiraField, value: str) -> Any:
    """A value in the shape Jira expects for the field's type."""
    if field.schema_type == "option":
        return {"value": value}
    if field.schema_type == "array":
        return [{"value": value}] if field.items == "option" else [value]
    return value


def jql_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def minutes_since(moment: datetime) -> int:
    """For JQL's relative dates (`created >= "-17m"`), which, unlike absolute dates, do not
    depend on the time zone in the Jira user's profile."""
    return max(1, ceil((utcnow() - moment).total_seconds() / 60)) + SEARCH_MARGIN_MINUTES


class JiraClient:
    def __init__(self, settings: Settings, mappings: Mappings) -> None:
        self.settings = settings
        self.mappings = mappings
        self.deployment = settings.jira_deployment_auth  # "cloud" | "datacenter"
        auth: dict[str, Any] = (
            {"basic_auth": (settings.jira_user, settings.jira_token)} if settings.jira_user
            else {"token_auth": settings.jira_token}
        )
        self._jira = JIRA(
            server=settings.jira_url,
            options={"check_update": False, "headers": {"User-Agent": f"voelspriet/{__version__}"}},
            get_server_info=False, max_retries=0, timeout=settings.jira_timeout, logging=False, **auth,
        )
        self._lock = threading.RLock()
        self._cache: dict[str, tuple[float, Any]] = {}

    def close(self) -> None:
        self._jira.close()

    # --- plumbing -------------------------------------------------------------------------------

    def _url(self, path: str, api: int = 2) -> str:
        return f"{self.settings.jira_url}/rest/api/{api}/{path}"

    def _request(self, method: str, path: str, what: str, *, api: int = 2, write: bool = False,
                 **kwargs: Any) -> Any:
        with self._translated(what, write):
            response = self._jira._session.request(method, self._url(path, api), **kwargs)
        return self._json(response, what, write)

    def _json(self, response: requests.Response, what: str, write: bool) -> Any:
        if not response.content:
            return None
        try:
            return response.json()
        except ValueError:
            cls = JiraOutcomeUnknown if write else JiraRetryable
            raise cls(f"{what}: Jira answered with something that is not JSON (a proxy or login page?)",
                      status=response.status_code) from None

    @contextmanager
    def _translated(self, what: str, write: bool) -> Iterator[None]:
        try:
            yield
        except JIRAError as exc:
            raise self._http_error(exc, what, write) from None
        except requests.RequestException as exc:
            raise self._transport_error(exc, what, write) from None

    def _http_error(self, exc: JIRAError, what: str, write: bool) -> JiraError:
        status = exc.status_code
        response = exc.response
        try:
            body = response.json() if response is not None and response.content else None
        except ValueError:
            body = None
        detail, keys = error_detail(body)
        if status is None or status < 400:
            # The library rejected an answer that looked successful (no key, empty attachment).
            cls = JiraOutcomeUnknown if write else JiraRetryable
            return cls(f"{what}: Jira's answer could not be used", status=status)
        summary = f"{what}: {self._status_hint(status)}"
        if status in RETRYABLE_STATUSES or status >= 500:
            retry_after = retry_after_seconds(response.headers.get("Retry-After")) if response is not None else None
            # A 500/502/504 to a write may come from a proxy that gave up while Jira went on.
            cls = JiraOutcomeUnknown if write and status in (500, 502, 504) else JiraRetryable
            return cls(summary, status=status, retry_after=retry_after, error_keys=keys, detail=detail)
        return JiraPermanent(summary, status=status, error_keys=keys, detail=detail)

    def _status_hint(self, status: int) -> str:
        credentials = ("VOELSPRIET_JIRA_USER and VOELSPRIET_JIRA_TOKEN (an API token)" if self.deployment == "cloud"
                       else "VOELSPRIET_JIRA_TOKEN (a personal access token)")
        return {
            400: "Jira refused it (HTTP 400)",
            401: f"Jira did not accept the login (HTTP 401); check {credentials}",
            403: f"the Jira account may not do this (HTTP 403); give it access to project "
                 f"{self.settings.jira_project}",
            404: "Jira could not find it (HTTP 404)",
            410: "Jira no longer offers this API (HTTP 410)",
            413: "too large for Jira (HTTP 413)",
            429: "Jira asks Voelspriet to slow down (HTTP 429)",
        }.get(status, f"Jira is not available (HTTP {status})" if status >= 500 else f"Jira answered HTTP {status}")

    def _transport_error(self, exc: requests.RequestException, what: str, write: bool) -> JiraError:
        host = urlsplit(self.settings.jira_url or "").netloc.rpartition("@")[2]  # no user:password@
        if _nothing_sent(exc):
            return JiraRetryable(f"{what}: cannot reach Jira at {host}")
        if isinstance(exc, _UNSENDABLE):
            return JiraPermanent(f"{what}: cannot call Jira at {host} ({type(exc).__name__}); "
                                 "check VOELSPRIET_JIRA_URL")
        # The request went out: for a write, Jira may have done the work whatever broke afterwards.
        if isinstance(exc, requests.Timeout):
            message = f"{what}: Jira did not answer within {self.settings.jira_timeout:g} s"
        elif isinstance(exc, requests.JSONDecodeError):  # the library parses some answers itself
            message = f"{what}: Jira answered with something that is not JSON (a proxy or login page?)"
        elif isinstance(exc, requests.ConnectionError | requests.exceptions.ChunkedEncodingError):
            message = f"{what}: the connection to Jira broke off before its answer arrived"
        else:
            message = f"{what}: Jira's answer could not be read ({type(exc).__name__})"
        return (JiraOutcomeUnknown if write else JiraRetryable)(message)

    def _cached(self, name: str, load: Callable[[], T], refresh: bool = False) -> T:
        with self._lock:
            found = self._cache.get(name)
            if refresh or found is None or time.monotonic() - found[0] > METADATA_TTL_SECONDS:
                found = (time.monotonic(), load())
                self._cache[name] = found
            return found[1]

    # --- metadata, looked up once and cached ----------------------------------------------------

    def project(self, refresh: bool = False) -> ProjectInfo:
        key = self.settings.jira_project or ""

        def load() -> ProjectInfo:
            raw = self._request("GET", f"project/{quote(key)}", f"reading Jira project {key}")
            types = {t["name"]: str(t["id"]) for t in raw.get("issueTypes") or [] if not t.get("subtask")}
            return ProjectInfo(id=str(raw["id"]), key=str(raw.get("key") or key), issue_types=types)

        return self._cached("project", load, refresh)

    def issue_type_id(self) -> str:
        wanted = self.settings.jira_issue_type
        for refresh in (False, True):
            types = self.project(refresh).issue_types
            found = types.get(wanted) or next((i for n, i in types.items() if n.casefold() == wanted.casefold()), None)
            if found:
                return found
        raise JiraPermanent(
            f"Jira project {self.settings.jira_project} has no issue type {wanted!r} "
            f"(it has: {', '.join(sorted(types)) or 'none'}); set VOELSPRIET_JIRA_ISSUE_TYPE",
            error_keys=("issuetype",))

    def priority_ids(self, refresh: bool = False) -> dict[str, str]:
        def load() -> dict[str, str]:
            raw = self._request("GET", "priority", "reading Jira priorities") or []
            return {p["name"]: str(p["id"]) for p in raw}

        return self._cached("priorities", load, refresh)

    def _priority_id(self, name: str) -> str:
        for refresh in (False, True):
            found = self.priority_ids(refresh).get(name)
            if found:
                return found
        raise JiraPermanent(f"Jira has no priority named {name!r}; fix `urgency` in the mappings or add the "
                            "priority in Jira", error_keys=("priority",))

    def fields(self, refresh: bool = False) -> dict[str, list[JiraField]]:
        """All fields by name (names are not unique in Jira)."""
        def load() -> dict[str, list[JiraField]]:
            by_name: dict[str, list[JiraField]] = {}
            for raw in self._request("GET", "field", "reading Jira fields") or []:
                schema = raw.get("schema") or {}
                field = JiraField(id=str(raw["id"]), name=str(raw.get("name")), custom=bool(raw.get("custom")),
                                  schema_type=schema.get("type"), items=schema.get("items"),
                                  custom_type=schema.get("custom"))
                by_name.setdefault(field.name, []).append(field)
            return by_name

        return self._cached("fields", load, refresh)

    def field(self, name: str, refresh: bool = False) -> JiraField | None:
        candidates = self.fields(refresh).get(name) or []
        return next((f for f in candidates if f.custom), candidates[0] if candidates else None)

    def _require_field(self, name: str) -> JiraField:
        found = self.field(name) or self.field(name, refresh=True)
        if found is None:
            raise JiraPermanent(f"Jira has no field named {name!r}; fix `jira_fields` in the mappings or create "
                                "the field in Jira", error_keys=(name,))
        return found

    def field_ids(self) -> dict[str, str]:
        """The custom fields named in the mappings that exist in Jira: name → customfield_… id."""
        wanted = self.mappings.jira_fields
        names = [n for n in (wanted.team, wanted.theme, wanted.phase, wanted.answer) if n]
        return {name: found.id for name in names if (found := self.field(name)) is not None}

    # --- creating issues ------------------------------------------------------------------------

    def issue_fields(self, draft: IssueDraft) -> dict[str, Any]:
        """The `fields` object Jira gets for a draft (ids instead of names)."""
        fields: dict[str, Any] = {
            "project": {"id": self.project().id},
            "issuetype": {"id": self.issue_type_id()},
            "summary": draft.summary,
            "description": draft.description,
            "labels": list(draft.labels),
        }
        if draft.priority:
            fields["priority"] = {"id": self._priority_id(draft.priority)}
        for name, value in draft.custom_fields.items():
            field = self._require_field(name)
            fields[field.id] = _field_value(field, value)
        return fields

    def create_issues(self, drafts: Sequence[IssueDraft]) -> list[CreateResult]:
        """Create up to 50 issues in one call; one result per draft, in order.

        Raises a JiraError when the call as a whole failed (nothing or, for JiraOutcomeUnknown,
        possibly everything was created); element errors are in the results.
        """
        if len(drafts) > MAX_BULK:
            raise ValueError(f"at most {MAX_BULK} issues per call, got {len(drafts)}")
        if not drafts:
            return []
        payloads = [self.issue_fields(d) for d in drafts]
        if len(drafts) == 1:
            with self._translated("creating the Jira issue", write=True):
                issue = self._jira.create_issue(fields=payloads[0], prefetch=False)
            return [CreateResult(drafts[0].question_id, str(issue.id), str(issue.key))]
        return self._create_bulk(drafts, payloads)

    def _create_bulk(self, drafts: Sequence[IssueDraft], payloads: list[dict[str, Any]]) -> list[CreateResult]:
        # The library's create_issues keeps only `elementErrors.errors` (no status, no
        # errorMessages), so the bulk call goes through the library's session directly.
        what = f"creating {len(drafts)} Jira issues in bulk"
        body = json.dumps({"issueUpdates": [{"fields": p} for p in payloads]})
        with self._translated(what, write=True):
            try:
                answer = self._json(self._jira._session.post(self._url("issue/bulk"), data=body), what, True)
            except JIRAError as exc:
                answer = _all_failed_body(exc)  # 400 = every element failed, each with its own error
                if answer is None:
                    raise
        return _bulk_results(drafts, answer or {})

    def add_attachment(self, issue_id: str, filename: str, data: bytes) -> None:
        if not data:
            raise ValueError("an empty attachment cannot be uploaded (the jira library rejects size 0)")
        with self._translated("attaching the screenshot", write=True):
            # the library sends the multipart body with `X-Atlassian-Token: no-check`
            self._jira.add_attachment(issue_id, io.BytesIO(data), filename=filename)

    def attachments_of(self, issue_id: str) -> list[tuple[str, int]]:
        raw = self._request("GET", f"issue/{quote(issue_id)}", f"reading the attachments of issue {issue_id}",
                            params={"fields": "attachment"})
        return [(a.get("filename", ""), int(a.get("size") or 0)) for a in (raw["fields"].get("attachment") or [])]

    def find_created_issues(self, question_ids: Sequence[str], since: datetime) -> dict[str, tuple[str, str]]:
        """Issues Voelspriet created since `since` for these questions: question id → (issue id, key).

        Matches the marker line in the description exactly; the oldest issue wins.
        """
        wanted = set(question_ids)
        found: dict[str, tuple[str, str]] = {}
        if not wanted:
            return found
        jql = (f"{self._voelspriet_issues()} AND created >= \"-{minutes_since(since)}m\" ORDER BY created ASC")
        for raw in self._search(jql, ("description",), "looking for issues made by an unanswered create"):
            question_id = question_id_in(adf_to_wiki((raw.get("fields") or {}).get("description")))
            if question_id in wanted and question_id not in found:
                found[question_id] = (str(raw["id"]), str(raw["key"]))
                if len(found) == len(wanted):
                    break
        return found

    # --- reading issues (the FAQ side) ----------------------------------------------------------

    def _voelspriet_issues(self) -> str:
        return (f"project = {jql_string(self.settings.jira_project or '')} AND labels = "
                f"{jql_string(self.mappings.labels.base)}")

    def _snapshot_field_ids(self) -> tuple[str | None, dict[str, str]]:
        names = self.mappings.jira_fields
        ids = self.field_ids()
        options = {logical: ids[name] for logical, name in
                   (("team", names.team), ("theme", names.theme), ("phase", names.phase)) if name and name in ids}
        return (ids.get(names.answer) if names.answer else None), options

    def _snapshot_fields(self) -> tuple[str | None, dict[str, str], str]:
        answer_id, options = self._snapshot_field_ids()
        wanted = [*SNAPSHOT_FIELDS, *([answer_id] if answer_id else []), *options.values()]
        return answer_id, options, ",".join(wanted)

    def get_issue_snapshot(self, issue_id: str) -> IssueSnapshot | None:
        """The issue as Jira holds it now; None when it was deleted (or is no longer visible)."""
        answer_id, options, fields = self._snapshot_fields()
        try:
            raw = self._request("GET", f"issue/{quote(issue_id)}", f"reading issue {issue_id}",
                                params={"fields": fields})
        except JiraPermanent as exc:
            if exc.status == 404:
                return None
            raise
        return snapshot_of(raw, answer_id, options, self._all_comments(raw))

    def search_updated_issues(self, since: datetime | None) -> Iterator[IssueSnapshot]:
        """Voelspriet's issues updated since `since` (all of them for None), oldest update first."""
        answer_id, options, fields = self._snapshot_fields()
        jql = self._voelspriet_issues()
        if since is not None:
            jql += f' AND updated >= "-{minutes_since(since)}m"'
        for raw in self._search(f"{jql} ORDER BY updated ASC", tuple(fields.split(",")),
                                "searching for updated Voelspriet issues"):
            yield snapshot_of(raw, answer_id, options, self._all_comments(raw))

    def _all_comments(self, raw: Mapping[str, Any]) -> list[Mapping[str, Any]]:
        block = (raw.get("fields") or {}).get("comment") or {}
        comments = list(block.get("comments") or [])
        total = int(block.get("total") or len(comments))
        while len(comments) < total:
            page = self._request("GET", f"issue/{quote(str(raw['id']))}/comment", f"reading comments of {raw['id']}",
                                 params={"startAt": len(comments), "maxResults": PAGE_SIZE})
            more = (page or {}).get("comments") or []
            if not more:
                break
            comments.extend(more)
        return comments

    def _search(self, jql: str, fields: Sequence[str], what: str) -> Iterator[dict[str, Any]]:
        """Every issue of a JQL search, page by page (Cloud: /rest/api/3/search/jql with
        nextPageToken, as the old search answers 410 there; Data Center: /rest/api/2/search)."""
        params: dict[str, Any] = {"jql": jql, "fields": ",".join(fields), "maxResults": PAGE_SIZE}
        if self.deployment == "cloud":
            for _ in range(MAX_PAGES):
                page = self._request("GET", "search/jql", what, api=3, params=params) or {}
                yield from page.get("issues") or []
                token = page.get("nextPageToken")
                if page.get("isLast") or not token:
                    return
                params["nextPageToken"] = token
            return
        start = 0
        for _ in range(MAX_PAGES):
            page = self._request("GET", "search", what, params={**params, "startAt": start}) or {}
            issues = page.get("issues") or []
            yield from issues
            start += len(issues)
            if not issues or start >= int(page.get("total") or 0):
                return

    # --- saved filters (`voelspriet setup-jira`) ------------------------------------------------
    # Through the library's session rather than its filter methods: `create_filter` cannot send share
    # permissions, and `update_filter` GETs the filter first and cannot clear a value (`new or old`).

    def saved_filters(self) -> list[SavedFilter]:
        """The Jira account's favourite filters (Voelspriet saves its filters as favourites to find them again)."""
        raw = self._request("GET", "filter/favourite", "reading the saved filters") or []
        return [_saved_filter(f) for f in raw if isinstance(f, Mapping) and f.get("id")]

    def create_saved_filter(self, name: str, jql: str, description: str) -> SavedFilter:
        """A new favourite filter shared with the project (Data Center ignores the sharing here:
        `SavedFilter.shared` tells, and `share_saved_filter` does it afterwards)."""
        body = {"name": name, "jql": jql, "description": description, "favourite": True,
                "sharePermissions": [{"type": "project", "project": {"id": self.project().id}}]}
        what = f"saving filter {name!r}"
        return _filter_answer(self._request("POST", "filter", what, write=True, data=json.dumps(body)), what)

    def update_saved_filter(self, filter_id: str, name: str, jql: str, description: str) -> SavedFilter:
        body = {"name": name, "jql": jql, "description": description}
        what = f"updating filter {name!r}"
        raw = self._request("PUT", f"filter/{quote(filter_id)}", what, write=True, data=json.dumps(body))
        return _filter_answer(raw, what)

    def share_saved_filter(self, filter_id: str) -> None:
        """Let everyone who may browse the project see the filter."""
        body = {"type": "project", "projectId": self.project().id}
        self._request("POST", f"filter/{quote(filter_id)}/permission", f"sharing filter {filter_id}", write=True,
                      data=json.dumps(body))

    # --- what `voelspriet check` needs ----------------------------------------------------------

    def server_info(self) -> dict[str, Any]:
        return self._request("GET", "serverInfo", "reading Jira's server information") or {}

    def myself(self) -> dict[str, Any]:
        return self._request("GET", "myself", "logging in to Jira") or {}

    def create_screen_fields(self) -> dict[str, dict[str, Any]] | None:
        """Fields on the create screen of the project's issue type (with allowed values), by field id;
        None when this Jira does not expose that (older Data Center)."""
        path = f"issue/createmeta/{quote(self.project().key)}/issuetypes/{quote(self.issue_type_id())}"
        found: dict[str, dict[str, Any]] = {}
        start = 0
        for _ in range(MAX_PAGES):
            try:
                page = self._request("GET", path, "reading the create screen",
                                     params={"startAt": start, "maxResults": PAGE_SIZE}) or {}
            except JiraPermanent as exc:
                if exc.status == 404:
                    return None
                raise
            values = page.get("values") or page.get("fields") or []
            for value in values:
                found[str(value.get("fieldId") or value.get("key"))] = value
            start += len(values)
            if not values or page.get("isLast", True) or start >= int(page.get("total") or 0):
                break
        return found


# Problems with the request itself: it never left, and sending it again will not help.
_UNSENDABLE = (requests.exceptions.URLRequired, requests.exceptions.MissingSchema, requests.exceptions.InvalidSchema,
               requests.exceptions.InvalidURL, requests.exceptions.InvalidHeader)


def _nothing_sent(exc: requests.RequestException) -> bool:
    """True when the request never left: connecting failed, so Jira cannot have acted on it."""
    if isinstance(exc, requests.ConnectTimeout | requests.exceptions.SSLError):
        return True
    reason = exc.args[0] if exc.args else None
    if isinstance(reason, MaxRetryError):
        reason = reason.reason
    return isinstance(exc, requests.ConnectionError) and isinstance(reason, NewConnectionError | ConnectTimeoutError)


def _all_failed_body(exc: JIRAError) -> dict[str, Any] | None:
    if exc.status_code != 400 or exc.response is None:
        return None
    try:
        body = exc.response.json()
    except ValueError:
        return None
    return body if isinstance(body, dict) and isinstance(body.get("errors"), list) and body["errors"] else None


def _element_error(raw: Mapping[str, Any]) -> JiraError:
    status = int(raw.get("status") or 400)
    detail, keys = error_detail(raw.get("elementErrors"))
    if status in RETRYABLE_STATUSES or status >= 500:
        return JiraRetryable(f"creating the Jira issue: Jira could not take it now (HTTP {status})", status=status,
                             error_keys=keys, detail=detail)
    return JiraPermanent(f"creating the Jira issue: Jira refused it (HTTP {status})", status=status,
                         error_keys=keys, detail=detail)


def _bulk_results(drafts: Sequence[IssueDraft], answer: Mapping[str, Any]) -> list[CreateResult]:
    """Map Jira's bulk answer back to the drafts by index: `errors` name their element number,
    `issues` lists the created ones in the order they were sent."""
    failures = {int(e["failedElementNumber"]): e for e in answer.get("errors") or []
                if isinstance(e, Mapping) and e.get("failedElementNumber") is not None}
    issues = list(answer.get("issues") or [])
    results = []
    for index, draft in enumerate(drafts):
        if index in failures:
            results.append(CreateResult(draft.question_id, error=_element_error(failures[index])))
        elif issues:
            issue = issues.pop(0)
            results.append(CreateResult(draft.question_id, str(issue["id"]), str(issue["key"])))
        else:
            results.append(CreateResult(draft.question_id, error=JiraOutcomeUnknown(
                "creating Jira issues in bulk: Jira's answer lists fewer issues than were sent")))
    return results
