"""What the sandbox Jira knows before anyone writes to it: project, types, statuses, fields.

Ids and names follow a fresh Jira Cloud site with a simplified workflow, so code that works
here meets the same shapes in a real Jira. Custom field options come from the example mappings.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from mappings import Mappings, load_mappings
from voelspriet.config import DEFAULT_MAPPINGS

PROJECT = {"id": "10000", "key": "ZAAK", "name": "Zaaksysteem livegang", "projectTypeKey": "software"}

ISSUE_TYPES = (
    {"id": "10001", "name": "Task", "description": "A small, distinct piece of work.", "subtask": False},
    {"id": "10002", "name": "Bug", "description": "A problem or error.", "subtask": False},
)

PRIORITIES = (
    {"id": "1", "name": "Highest", "statusColor": "#d04437", "icon": "highest"},
    {"id": "2", "name": "High", "statusColor": "#f15C75", "icon": "high"},
    {"id": "3", "name": "Medium", "statusColor": "#f79232", "icon": "medium"},
    {"id": "4", "name": "Low", "statusColor": "#707070", "icon": "low"},
    {"id": "5", "name": "Lowest", "statusColor": "#999999", "icon": "lowest"},
)
DEFAULT_PRIORITY = "3"

STATUS_CATEGORIES = {
    "new": {"id": 2, "key": "new", "colorName": "blue-gray", "name": "To Do"},
    "indeterminate": {"id": 4, "key": "indeterminate", "colorName": "yellow", "name": "In Progress"},
    "done": {"id": 3, "key": "done", "colorName": "green", "name": "Done"},
}

STATUSES = (
    {"id": "10000", "name": "To Do", "category": "new", "transition": "11"},
    {"id": "3", "name": "In Progress", "category": "indeterminate", "transition": "21"},
    {"id": "10001", "name": "Done", "category": "done", "transition": "31"},
)
INITIAL_STATUS = "10000"

RESOLUTIONS = (
    {"id": "10000", "name": "Done", "description": "Work has been completed on this issue."},
    {"id": "10001", "name": "Won't Do", "description": "This issue won't be actioned."},
    {"id": "10002", "name": "Duplicate", "description": "The problem is a duplicate of an existing issue."},
)
DEFAULT_RESOLUTION = "10000"


@dataclass(frozen=True)
class CustomField:
    id: str
    name: str
    kind: str  # "select" | "text"
    options: dict[str, str] = field(default_factory=dict)  # option id -> value

    @property
    def number(self) -> int:
        return int(self.id.removeprefix("customfield_"))

    def option_id(self, value: str) -> str | None:
        return next((oid for oid, v in self.options.items() if v == value), None)


# System fields: id -> (name, schema type, navigable, orderable, searchable, clause names)
SYSTEM_FIELDS = {
    "summary": ("Summary", "string", True, True, True, ["summary"]),
    "description": ("Description", "string", True, True, True, ["description"]),
    "labels": ("Labels", "array", True, True, True, ["labels"]),
    "issuetype": ("Issue Type", "issuetype", True, True, True, ["issuetype", "type"]),
    "project": ("Project", "project", True, False, True, ["project"]),
    "priority": ("Priority", "priority", True, True, True, ["priority"]),
    "status": ("Status", "status", True, False, True, ["status"]),
    "resolution": ("Resolution", "resolution", True, True, True, ["resolution"]),
    "resolutiondate": ("Resolved", "datetime", True, False, True, ["resolutiondate", "resolved"]),
    "created": ("Created", "datetime", True, False, True, ["created", "createdDate"]),
    "updated": ("Updated", "datetime", True, False, True, ["updated", "updatedDate"]),
    "statuscategorychangedate": ("Status Category Changed", "datetime", True, False, True,
                                 ["statusCategoryChangedDate"]),
    "reporter": ("Reporter", "user", True, True, True, ["reporter"]),
    "creator": ("Creator", "user", True, False, True, ["creator"]),
    "assignee": ("Assignee", "user", True, True, True, ["assignee"]),
    "comment": ("Comment", "comments-page", False, True, True, ["comment"]),
    "attachment": ("Attachment", "array", True, True, True, ["attachments"]),
    "issuekey": ("Key", "string", False, False, True, ["id", "issue", "issuekey", "key"]),
    "statusCategory": ("Status Category", "statusCategory", False, False, True, ["statusCategory"]),
}

# Fields a create or edit may set; the rest are read-only or need a transition.
SETTABLE = {"summary", "description", "labels", "issuetype", "project", "priority", "reporter", "assignee"}


class Catalog:
    """The sandbox's fixed metadata, with lookups by id or name."""

    def __init__(self, mappings: Mappings | None = None) -> None:
        self.custom_fields = _custom_fields(mappings or load_mappings(DEFAULT_MAPPINGS))

    def custom(self, field_id: str) -> CustomField | None:
        return next((f for f in self.custom_fields if f.id == field_id), None)

    def custom_by_name(self, name: str) -> CustomField | None:
        wanted = name.casefold()
        return next((f for f in self.custom_fields if f.name.casefold() == wanted), None)

    def option_owner(self, option_id: str) -> CustomField | None:
        return next((f for f in self.custom_fields if option_id in f.options), None)

    @staticmethod
    def issue_type(ref: dict) -> dict | None:
        return _by_id_or_name(ISSUE_TYPES, ref)

    @staticmethod
    def priority(ref: dict) -> dict | None:
        return _by_id_or_name(PRIORITIES, ref)

    @staticmethod
    def resolution(ref: dict) -> dict | None:
        return _by_id_or_name(RESOLUTIONS, ref)

    @staticmethod
    def status(status_id: str) -> dict:
        return next(s for s in STATUSES if s["id"] == status_id)

    @staticmethod
    def status_by_transition(transition_id: str) -> dict | None:
        return next((s for s in STATUSES if s["transition"] == str(transition_id)), None)

    @staticmethod
    def is_project(ref: dict) -> bool:
        return str(ref.get("id", "")) == PROJECT["id"] or ref.get("key") == PROJECT["key"]


def _by_id_or_name(items: tuple[dict, ...], ref: dict) -> dict | None:
    if not isinstance(ref, dict):
        return None
    if "id" in ref:
        return next((i for i in items if i["id"] == str(ref["id"])), None)
    if "name" in ref:
        return next((i for i in items if i["name"] == ref["name"]), None)
    return None


def _custom_fields(mappings: Mappings) -> tuple[CustomField, ...]:
    """Team/Thema/Fase select fields with the mappings' option values, and the answer text field."""
    names = mappings.jira_fields
    option_id = iter(range(10200, 10999))

    def options(values) -> dict[str, str]:
        return {str(next(option_id)): v for v in dict.fromkeys(values)}

    return (
        CustomField("customfield_10100", names.team or "Team", "select",
                    options(o.jira_option or o.name("nl") for o in mappings.teams)),
        CustomField("customfield_10101", names.theme or "Thema", "select",
                    options(o.jira_option or o.name("nl") for o in mappings.themes)),
        CustomField("customfield_10102", names.phase or "Fase", "select",
                    options(o.jira_option or o.name("nl") for o in mappings.phases)),
        CustomField("customfield_10103", names.answer or "FAQ-antwoord", "text"),
    )
