"""`voelspriet check`: is this installation able to do its job? One line per check, with the fix.

Checks run in order of dependence: settings, mappings, database, then Jira (reachable, login,
project, issue type, priorities, custom fields and their options, the create screen).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import text

from connector.client import JiraClient
from connector.errors import JiraError
from mappings import Mappings, MappingsError, load_mappings
from store.db import Database
from voelspriet.config import ConfigError, Settings, load_settings

OK, FAIL, WARN = "ok", "FAIL", "warn"


@dataclass(frozen=True)
class Check:
    status: str  # ok | FAIL | warn (a warning does not change the exit status)
    name: str
    message: str

    def line(self) -> str:
        return f"{self.status:<4}  {self.name}: {self.message}"


def run_checks(env: Mapping[str, str] | None = None) -> Iterator[Check]:
    try:
        settings = load_settings(env)
    except ConfigError as exc:
        yield Check(FAIL, "settings", str(exc))
        return
    yield from _settings_checks(settings)
    try:
        mappings: Mappings | None = load_mappings(settings.mappings_path)
        yield Check(OK, "mappings", f"{settings.mappings_path} ({len(mappings.teams)} teams, "
                                    f"{len(mappings.themes)} themes)")
    except MappingsError as exc:
        mappings = None
        for problem in exc.problems:
            yield Check(FAIL, "mappings", problem)
    yield _database_check(settings)
    if settings.jira_url and settings.jira_token and settings.jira_project:
        yield from JiraChecks(settings, mappings).run()


def _settings_checks(settings: Settings) -> Iterator[Check]:
    for variable, value, why in (
        ("VOELSPRIET_JIRA_URL", settings.jira_url, "the address of your Jira, e.g. https://example.atlassian.net"),
        ("VOELSPRIET_JIRA_TOKEN", settings.jira_token, "an API token (Cloud) or personal access token (Data Center)"),
        ("VOELSPRIET_JIRA_PROJECT", settings.jira_project, "the key of the Jira project for the questions"),
    ):
        yield Check(OK, variable, "set") if value else Check(FAIL, variable, f"not set; set it to {why}")
    yield Check(OK, "VOELSPRIET_JIRA_USER", "set: logging in to Jira Cloud with e-mail and API token"
                if settings.jira_user else "not set: logging in to Jira Data Center with a personal access token "
                "(for Jira Cloud set it to the account's e-mail address)")
    if settings.webhook_secret:
        yield Check(OK, "VOELSPRIET_WEBHOOK_SECRET", "set")
    else:
        yield Check(WARN, "VOELSPRIET_WEBHOOK_SECRET", "not set: Jira webhooks will be refused and answers reach "
                    "the FAQ only through reconciliation; set it to the secret of the Jira webhook")
    if not settings.public_url:
        yield Check(WARN, "VOELSPRIET_PUBLIC_URL", "not set: Jira issues get no tracking link; set it to the "
                    "address ambassadors use, e.g. https://voelspriet.example.nl")


def _database_check(settings: Settings) -> Check:
    database = Database(settings.database_url)
    try:
        with database.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        return Check(OK, "database", f"reachable ({database.engine.dialect.name})")
    except Exception as exc:  # any driver error means the same to the operator
        return Check(FAIL, "database", f"cannot connect ({type(exc).__name__}); check VOELSPRIET_DATABASE_URL")
    finally:
        database.dispose()


def _attempt(name: str, action: Callable[[], Check | list[Check]]) -> list[Check]:
    try:
        result = action()
    except JiraError as exc:
        return [Check(FAIL, name, str(exc))]
    return result if isinstance(result, list) else [result]


class JiraChecks:
    def __init__(self, settings: Settings, mappings: Mappings | None) -> None:
        self.settings = settings
        self.mappings = mappings
        # Connection, login, project and issue type do not need the mappings.
        self.jira = JiraClient(settings, mappings)  # type: ignore[arg-type]

    def run(self) -> Iterator[Check]:
        try:
            for name, action in (("Jira server", self._server), ("Jira login", self._login)):
                checks = _attempt(name, action)
                yield from checks
                if any(c.status == FAIL for c in checks):
                    return  # nothing further can work
            project = _attempt("Jira project", self._project)
            yield from project
            if any(c.status == FAIL for c in project):
                return
            issue_type = _attempt("Jira issue type", self._issue_type)
            yield from issue_type
            if self.mappings is None:
                return
            yield from _attempt("Jira priorities", self._priorities)
            if not any(c.status == FAIL for c in issue_type):
                yield from _attempt("Jira fields", self._fields)
        finally:
            self.jira.close()

    def _server(self) -> Check:
        info = self.jira.server_info()
        deployment = info.get("deploymentType") or "Server"
        where = f"{self.settings.jira_url} ({deployment} {info.get('version', '')})".replace(" )", ")")
        if deployment == "Cloud" and not self.settings.jira_user:
            return Check(FAIL, "Jira server", f"{where} is Jira Cloud: set VOELSPRIET_JIRA_USER to the account's "
                         "e-mail address and VOELSPRIET_JIRA_TOKEN to its API token")
        return Check(OK, "Jira server", f"reached {where}")

    def _login(self) -> Check:
        me = self.jira.myself()
        return Check(OK, "Jira login", f"logged in as {me.get('displayName') or me.get('name') or 'the API user'}")

    def _project(self) -> Check:
        project = self.jira.project(refresh=True)
        return Check(OK, "Jira project", f"{project.key} (id {project.id})")

    def _issue_type(self) -> Check:
        return Check(OK, "Jira issue type", f"{self.settings.jira_issue_type} (id {self.jira.issue_type_id()})")

    def _priorities(self) -> list[Check]:
        assert self.mappings is not None
        known = self.jira.priority_ids(refresh=True)
        checks = []
        for urgency, priority in sorted(self.mappings.urgency_priority.items()):
            if priority in known:
                checks.append(Check(OK, f"Jira priority for {urgency}", f"{priority} (id {known[priority]})"))
            else:
                checks.append(Check(FAIL, f"Jira priority for {urgency}", f"Jira has no priority {priority!r} "
                                    f"(it has: {', '.join(sorted(known))}); fix `urgency` in the mappings"))
        return checks

    def _fields(self) -> list[Check]:
        assert self.mappings is not None
        wanted = self.mappings.jira_fields
        screen = self.jira.create_screen_fields()
        checks = []
        for role, name in (("team", wanted.team), ("theme", wanted.theme), ("phase", wanted.phase)):
            if name:
                checks.append(self._option_field(role, name, screen))
        if wanted.answer:
            found = self.jira.field(wanted.answer, refresh=True)
            checks.append(Check(OK, "Jira field for the answer", f"{wanted.answer} ({found.id})") if found else
                          Check(FAIL, "Jira field for the answer", f"Jira has no field {wanted.answer!r}; create a "
                                "text field with that name or fix jira_fields.answer in the mappings"))
        checks.extend(self._required_fields(screen))
        return checks

    def _option_field(self, role: str, name: str, screen: dict[str, dict[str, Any]] | None) -> Check:
        assert self.mappings is not None
        label = f"Jira field for the {role}"
        found = self.jira.field(name, refresh=True)
        if found is None:
            return Check(FAIL, label, f"Jira has no field {name!r}; create a select list field with that name or "
                         f"fix jira_fields.{role} in the mappings")
        if screen is None:
            return Check(OK, label, f"{name} ({found.id}); this Jira does not show its options, not checked")
        if found.id not in screen:
            return Check(FAIL, label, f"{name} ({found.id}) is not on the create screen of "
                         f"{self.settings.jira_issue_type} in {self.settings.jira_project}; add it to that screen")
        allowed = {str(v.get("value") or v.get("name")) for v in screen[found.id].get("allowedValues") or []}
        options = {"team": self.mappings.teams, "theme": self.mappings.themes, "phase": self.mappings.phases}[role]
        needed = [o.jira_option or o.name("nl") for o in options]
        missing = [value for value in needed if allowed and value not in allowed]
        if missing:
            return Check(FAIL, label, f"{name} has no option(s) {', '.join(map(repr, missing))}; add them in Jira "
                         f"or fix jira_option in the mappings")
        return Check(OK, label, f"{name} ({found.id}), {len(needed)} options present")

    def _required_fields(self, screen: dict[str, dict[str, Any]] | None) -> list[Check]:
        if screen is None:
            return []
        filled = {"summary", "description", "labels", "priority", "project", "issuetype", "reporter",
                  *self.jira.field_ids().values()}
        blocking = [str(meta.get("name") or fid) for fid, meta in screen.items()
                    if meta.get("required") and not meta.get("hasDefaultValue") and fid not in filled]
        if blocking:
            return [Check(FAIL, "Jira create screen", f"required field(s) Voelspriet does not fill: "
                          f"{', '.join(blocking)}; make them optional or give them a default")]
        return [Check(OK, "Jira create screen", "no required field left empty")]
