"""`/dashboard`: the project lead's overview. The figures come from `rollout.dashboard`."""

from __future__ import annotations

from datetime import timedelta

from flask import Blueprint, current_app, render_template
from flask_babel import format_decimal
from flask_babel import gettext as _

from rollout.dashboard import build_dashboard
from rollout.jira_links import ANSWERED_STATE, OPEN_STATE, JiraLinks
from webhooks.i18n import current_language
from webhooks.lead_auth import PRIVATE, current_lead, login_required

bp = Blueprint("dashboard", __name__)


def jira_links() -> JiraLinks:
    settings = current_app.extensions["voelspriet"].settings
    return JiraLinks(current_app.extensions["voelspriet"].mappings, settings.jira_url, settings.jira_project)


@bp.get("/dashboard")
@login_required
def show():
    runtime = current_app.extensions["voelspriet"]
    mappings, lang = runtime.mappings, current_language()
    context = {
        "board": build_dashboard(runtime.db, mappings),
        "teams": [(t.slug, t.name(lang)) for t in mappings.teams],
        "themes": [(t.slug, t.name(lang)) for t in mappings.themes],
        "go_live": mappings.go_live, "silent_days": mappings.silent_days,
        "jira": jira_links(), "OPEN": OPEN_STATE, "ANSWERED": ANSWERED_STATE,
        "duration": duration, "user": current_lead(),
    }
    return render_template("dashboard.html", **context), 200, PRIVATE


def duration(value: timedelta | None) -> str:
    """Hours under two days, days from there: precise where it matters, short where it does not."""
    if value is None:
        return "–"
    hours = value.total_seconds() / 3600
    if hours < 48:
        return _("%(n)s hours", n=format_decimal(hours, "0"))
    return _("%(n)s days", n=format_decimal(hours / 24, "0.#"))
