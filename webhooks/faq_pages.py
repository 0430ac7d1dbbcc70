"""The FAQ on the web: /faq (page) and /faq.json, /faq.md, /faq.csv, /faq.atom.

Query parameters: `lang=en` (Dutch by default), `team=<slug or name>`, `theme=<slug or name>`
and, on the page, `q=<words>` (server-side search, so it works without JavaScript).
"""

from __future__ import annotations

from flask import Blueprint, Flask, Response, current_app, render_template, request

from faq.outputs import FaqOutputs
from faq.renderers.html import page_context
from faq.texts import language
from webhooks.i18n import current_language

bp = Blueprint("faq_pages", __name__)


@bp.record_once
def _attach_cache(state) -> None:
    app: Flask = state.app
    app.extensions["voelspriet_faq"] = FaqOutputs(app.extensions["voelspriet"])


def _outputs() -> FaqOutputs:
    return current_app.extensions["voelspriet_faq"]


def _slug(kind: str) -> str | None:
    value = (request.args.get(kind) or "").strip()
    if not value:
        return None
    mappings = current_app.extensions["voelspriet"].mappings
    option = mappings.team(value) if kind == "team" else mappings.theme(value)
    return option.slug if option is not None else value  # unknown: matches nothing


@bp.get("/faq")
def faq_page() -> Response:
    lang = current_language()  # the site's choice: ?lang=, then the remembered switch, then the browser
    outputs = _outputs()
    version = outputs.version()
    view = outputs.view(version, lang, request.url_root, theme=_slug("theme"))
    context = page_context(view, request.args.get("q"), _slug("team"), "?lang=en" if lang == "en" else "")
    response = Response(render_template("faq.html", standalone=False, **context), mimetype="text/html")
    response.headers["Cache-Control"] = "no-cache"
    response.headers["Content-Language"] = lang
    return response


def _file(fmt: str) -> Response:
    lang = language(request.args.get("lang"))
    rendered = _outputs().render(fmt, lang, request.url_root, _slug("team"), _slug("theme"))
    response = Response(rendered.body, content_type=rendered.media_type)
    response.set_etag(rendered.etag)
    response.headers["Cache-Control"] = "no-cache"  # may keep a copy, must ask (ETag) before using it
    if fmt == "csv":
        response.headers["Content-Disposition"] = 'attachment; filename="faq.csv"'
    return response.make_conditional(request)


@bp.get("/faq.json")
def faq_json() -> Response:
    return _file("json")


@bp.get("/faq.md")
def faq_md() -> Response:
    return _file("md")


@bp.get("/faq.csv")
def faq_csv() -> Response:
    return _file("csv")


@bp.get("/faq.atom")
def faq_atom() -> Response:
    return _file("atom")
