"""Links from the project lead's numbers to the matching Jira search.

The JQL is built from the same pieces as `voelspriet setup-jira`'s saved filters, so a number on the
dashboard and the saved filter for it always ask Jira the same question.
"""

from __future__ import annotations

from datetime import date
from urllib.parse import quote

from connector.client import jql_string
from connector.saved_filters import OPEN, answered_clause, base_jql, blocker_clause, label_clause
from mappings import Mappings

OPEN_STATE, ANSWERED_STATE = "open", "answered"


class JiraLinks:
    """`None` for every link when Jira's address or project is not configured."""

    def __init__(self, mappings: Mappings, jira_url: str | None, project: str | None) -> None:
        self.mappings, self.jira_url, self.project = mappings, jira_url, project

    def jql(self, *, team: str | None = None, theme: str | None = None, state: str | None = None,
            blocker: bool = False, created: tuple[date, date] | None = None) -> str:
        clauses = [base_jql(self.mappings, self.project or "")]
        if team:
            clauses.append(label_clause(self.mappings, "team", team))
        if theme:
            clauses.append(label_clause(self.mappings, "theme", theme))
        if blocker:
            clauses.append(blocker_clause(self.mappings))
        if state == OPEN_STATE:
            clauses.append(OPEN)
        elif state == ANSWERED_STATE:
            clauses.append(answered_clause(self.mappings))
        if created:
            first, after_last = (jql_string(day.isoformat()) for day in created)
            clauses.append(f"created >= {first} AND created < {after_last}")
        return " AND ".join(clauses) + " ORDER BY created DESC"

    def url(self, **criteria: object) -> str | None:
        if not (self.jira_url and self.project):
            return None
        return f"{self.jira_url}/issues/?jql={quote(self.jql(**criteria), safe='')}"
