"""Languages: Dutch by default, English by Accept-Language or by the switch (`?lang=en`, kept in a cookie).

Msgids are English; `translations/nl/LC_MESSAGES/messages.po` holds the Dutch. See
`translations/README.md` for how to add strings.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlencode

from flask import Flask, Response, has_request_context, request
from flask_babel import Babel, get_locale

from mappings.model import MUNICIPAL_ZONE

LANGUAGES = ("nl", "en")
DEFAULT_LANGUAGE = "nl"
COOKIE = "voelspriet_lang"
TRANSLATIONS = Path(__file__).resolve().parent / "translations"
# Machine clients get English errors whatever their Accept-Language says.
ENGLISH_ONLY_BLUEPRINTS = frozenset({"api", "api_similar", "form_tools"})
LANGUAGE_NAMES = {"nl": "Nederlands", "en": "English"}


def init_i18n(app: Flask) -> None:
    app.config.setdefault("BABEL_DEFAULT_LOCALE", DEFAULT_LANGUAGE)
    app.config.setdefault("BABEL_DEFAULT_TIMEZONE", MUNICIPAL_ZONE.key)
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = str(TRANSLATIONS)
    Babel(app, locale_selector=select_language)
    app.after_request(_remember_choice)
    app.context_processor(_template_language)


def select_language() -> str:
    if not has_request_context():
        return DEFAULT_LANGUAGE
    if request.blueprint in ENGLISH_ONLY_BLUEPRINTS:
        return "en"
    chosen = request.args.get("lang")
    if chosen in LANGUAGES:
        return chosen
    remembered = request.cookies.get(COOKIE)
    if remembered in LANGUAGES:
        return remembered
    return request.accept_languages.best_match(LANGUAGES, default=DEFAULT_LANGUAGE)


def current_language() -> str:
    locale = get_locale()
    return locale.language if locale is not None else DEFAULT_LANGUAGE


def _remember_choice(response: Response) -> Response:
    if response.mimetype == "text/html":
        response.vary.update(("Accept-Language", "Cookie"))  # caches must not mix the languages
    chosen = request.args.get("lang")
    if chosen in LANGUAGES and request.blueprint not in ENGLISH_ONLY_BLUEPRINTS:
        response.set_cookie(COOKIE, chosen, max_age=365 * 24 * 3600, httponly=True, samesite="Lax",
                            secure=request.is_secure)
    return response


def switch_url(language: str) -> str:
    """The current page in `language` (other query parameters kept)."""
    args = [(k, v) for k, v in request.args.items(multi=True) if k != "lang"] + [("lang", language)]
    return f"{request.path}?{urlencode(args)}"


def _template_language() -> dict[str, object]:
    lang = current_language()
    if not has_request_context():  # e.g. files rendered by a command: no page to switch
        return {"lang": lang, "other_languages": []}
    others = [(code, LANGUAGE_NAMES[code], switch_url(code)) for code in LANGUAGES if code != lang]
    return {"lang": lang, "other_languages": others}
