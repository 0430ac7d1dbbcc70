"""The ambassador's personal tracking page, reached only through the unguessable link."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template, request
from flask_babel import gettext as _

from intake.status import question_by_token, tracking_url
from store.models import QuestionStatus

bp = Blueprint("tracking", __name__)

# Private pages: never sent on as a referrer, never indexed, never cached by a shared cache.
PRIVATE_HEADERS = {"Referrer-Policy": "no-referrer", "X-Robots-Tag": "noindex, nofollow",
                   "Cache-Control": "private, no-store"}


def base_url() -> str:
    """VOELSPRIET_PUBLIC_URL when set, else the host the request came to."""
    return current_app.extensions["voelspriet"].settings.public_url or request.host_url.rstrip("/")


def personal_link(tracking_token: str) -> str:
    return tracking_url(base_url(), tracking_token)


@bp.get("/q/<token>")
def track(token: str):
    view = question_by_token(current_app.extensions["voelspriet"].db, token) if len(token) <= 64 else None
    if view is None:
        return not_found_page()
    return render_template("tracking.html", q=view, Status=QuestionStatus), 200, PRIVATE_HEADERS


def not_found_page():
    body = render_template(
        "message.html", title=_("We cannot find this question"),
        message=_("Check that you copied the whole link from the thank-you page or the e-mail. "
                  "If it still does not work, ask the project team."),
        link_text=_("Ask a question"),
    )
    return body, 404, PRIVATE_HEADERS
