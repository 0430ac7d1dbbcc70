"""Pages for when a request cannot be served: a message an ambassador can act on, never a traceback."""

from __future__ import annotations

import logging

from flask import render_template, request
from flask_babel import gettext as _
from werkzeug.exceptions import HTTPException

from voelspriet.log import event

log = logging.getLogger(__name__)


def message_page(title: str, message: str, status: int, link_text: str | None = None):
    body = render_template("message.html", title=title, message=message, link_text=link_text)
    return body, status


def unexpected_error(exc: Exception):
    """App-wide handler; the API's blueprint answers its own errors in JSON before this is asked."""
    if isinstance(exc, HTTPException):  # 404, 405 …: Flask's own handling (or a blueprint's) stays
        return exc
    # Only the type: a database error's message carries the statement's values, the ambassador's text among them.
    event(log, "web_internal_error", logging.ERROR, error_type=type(exc).__name__, path=request.path)
    return message_page(
        _("Something went wrong on our side"),
        _("Try again in a minute. If you were sending a question, use your browser's back button to keep what "
          "you typed and send it again: it is not stored twice. If it keeps going wrong, tell the project team."),
        500, link_text=_("Back to the form"))
