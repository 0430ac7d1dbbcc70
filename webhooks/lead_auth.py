"""Who may see the project lead's views (dashboard, digest): a login page, or a single-sign-on proxy.

Users come from `VOELSPRIET_DASHBOARD_USERS` (`name:password-hash`, hashes from
`voelspriet hash-password`). With `VOELSPRIET_TRUSTED_USER_HEADER` set, a request that carries that
header is logged in as the user it names: the proxy in front of Voelspriet MUST remove that header
from every client request, or anyone could name themselves.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import Blueprint, current_app, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import TooManyRequests
from werkzeug.security import check_password_hash, generate_password_hash

from voelspriet.config import Settings
from voelspriet.log import event
from webhooks.error_pages import message_page
from webhooks.security import csrf

log = logging.getLogger(__name__)
bp = Blueprint("lead_auth", __name__)
SESSION_KEY = "lead_user"
PRIVATE = {"Cache-Control": "no-store"}
# Checked when the name is unknown, so a wrong name takes as long as a wrong password.
_UNKNOWN_USER_HASH = generate_password_hash("no user has this password")


def _settings() -> Settings:
    return current_app.extensions["voelspriet"].settings


def current_lead() -> str | None:
    """The logged-in project lead's name, from the proxy's header or the session."""
    header = _settings().trusted_user_header
    if header and request.headers.get(header, "").strip():
        return request.headers[header].strip()
    name = session.get(SESSION_KEY)
    return name if name in dict(_settings().dashboard_users) else None


def login_required(view: Callable[..., Any]) -> Callable[..., Any]:
    @wraps(view)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        settings = _settings()
        if not settings.dashboard_users and not settings.trusted_user_header:
            return _switched_off()
        if current_lead() is not None:
            return view(*args, **kwargs)
        if not settings.dashboard_users:  # only the proxy can log people in
            return message_page(_("Log in first"), _("Open this page through your organisation's login portal."),
                                401)
        return redirect(url_for("lead_auth.login", next=request.full_path.rstrip("?")))
    return guarded


def _switched_off():
    return message_page(
        _("This page is switched off"),
        _("The project lead's views need a login. The administrator switches them on by setting "
          "VOELSPRIET_DASHBOARD_USERS (name:password-hash pairs, made with `voelspriet hash-password`) "
          "or VOELSPRIET_TRUSTED_USER_HEADER (behind a single-sign-on proxy)."), 404)


@bp.get("/login")
def login():
    if not _settings().dashboard_users:
        return _switched_off()
    return render_template("login.html", next=_safe_next(request.args.get("next")), error=None), 200, PRIVATE


@bp.post("/login")
def login_submit():
    if not _settings().dashboard_users:
        return _switched_off()
    target = _safe_next(request.form.get("next"))
    try:
        csrf.protect()
    except CSRFError:
        error = _("The login page was open too long or your browser blocked its cookie. Log in again.")
        return render_template("login.html", next=target, error=error), 400, PRIVATE
    name = request.form.get("name", "").strip()
    if not _password_matches(name, request.form.get("password", "")):
        event(log, "lead_login_refused")
        return render_template("login.html", next=target, error=_("The name or password is wrong."),
                               name=name), 401, PRIVATE
    session.clear()
    session[SESSION_KEY] = name
    event(log, "lead_logged_in")
    return redirect(target, code=303)


@bp.post("/logout")
def logout():
    try:
        csrf.protect()
    except CSRFError:
        return redirect(url_for("dashboard.show"), code=303)
    session.pop(SESSION_KEY, None)
    return redirect(url_for("lead_auth.login") if _settings().dashboard_users else url_for("form.show"), code=303)


def _password_matches(name: str, password: str) -> bool:
    stored = dict(_settings().dashboard_users).get(name)
    try:
        matches = check_password_hash(stored or _UNKNOWN_USER_HASH, password)
    except ValueError:  # not a hash werkzeug knows: configured wrongly, so nobody gets in with it
        event(log, "lead_password_hash_unreadable", logging.WARNING)
        return False
    return matches and stored is not None


def _safe_next(target: str | None) -> str:
    """Only a path on this site: never a redirect to another host (`//evil`, `https://…`)."""
    if target and target.startswith("/") and not target.startswith(("//", "/\\")):
        return target
    return url_for("dashboard.show")


@bp.errorhandler(TooManyRequests)
def too_many(_exc):
    return message_page(_("Please wait a moment"),
                        _("Too many login attempts from your network. Wait a minute and try again."), 429)
