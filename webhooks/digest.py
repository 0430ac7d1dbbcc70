"""`/digest?since=YYYY-MM-DD[&format=md]`: the ambassadors' meeting digest (same login as the dashboard)."""

from __future__ import annotations

from datetime import date, timedelta

from flask import Blueprint, Response, current_app, render_template, request, url_for
from flask_babel import gettext as _

from faq.texts import local
from rollout.digest import build_digest
from rollout.digest_render import DigestLinks, context, render_markdown
from store.types import utcnow
from webhooks.i18n import current_language
from webhooks.lead_auth import PRIVATE, current_lead, login_required

bp = Blueprint("digest", __name__)
DEFAULT_DAYS = 14  # a fortnightly meeting is the usual rhythm


@bp.get("/digest")
@login_required
def show():
    runtime = current_app.extensions["voelspriet"]
    lang, raw = current_language(), (request.args.get("since") or "").strip()
    page = {"since_value": raw, "since_error": None, "d": None, "user": current_lead(), "lang": lang}
    try:
        since = date.fromisoformat(raw) if raw else local(utcnow()).date() - timedelta(days=DEFAULT_DAYS)
    except ValueError:
        page["since_error"] = _("Give the date as YYYY-MM-DD, for example 2027-03-01.")
        return render_template("digest.html", **page), 400, PRIVATE
    digest = build_digest(runtime.db, runtime.mappings, since, lang)
    links = DigestLinks(_faq_url(runtime.settings.public_url), runtime.settings.jira_url)
    if request.args.get("format") == "md":
        body = render_markdown(digest, links, lang)
        return Response(body, content_type="text/markdown; charset=utf-8", headers=PRIVATE)
    md_url = url_for("digest.show", since=since.isoformat(), format="md", lang=lang)
    page.update(context(digest, links, lang), since_value=since.isoformat(), md_url=md_url)
    return render_template("digest.html", **page), 200, PRIVATE


def _faq_url(public_url: str | None) -> str:
    return f"{public_url or request.url_root.rstrip('/')}/faq"
