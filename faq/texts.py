"""The FAQ's words (page, files, e-mail), by key; the Dutch is in the app's Babel catalogue.

The files and e-mails are also made outside any web request (export, worker), so the catalogue
is read with `babel.support` for the language asked for, not through Flask-Babel's request locale.
"""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from pathlib import Path

from babel.support import NullTranslations, Translations

from mappings.model import MUNICIPAL_ZONE

LANGUAGES = ("nl", "en")
CATALOGUE = Path(__file__).resolve().parents[1] / "webhooks" / "translations"


def N_(message: str) -> str:  # the name `pybabel extract` looks for (a default keyword)
    """Marks an English msgid for the catalogue; translated later, in `texts()`."""
    return message


TEXTS: dict[str, str] = {
    "title": N_("Frequently asked questions"),
    "intro": N_("IT's answers to questions from the teams of {organisation} about the new case system."),
    "skip": N_("Skip to content"),
    "search_label": N_("Search the questions and answers"),
    "search_button": N_("Search"),
    "team_label": N_("Team"),
    "all_teams": N_("All teams"),
    "count_none": N_("No questions found."),
    "count_one": N_("1 question"),
    "count_many": N_("{n} questions"),
    "empty": N_("There are no answered questions yet."),
    "themes": N_("Themes"),
    "other_theme": N_("Other"),
    "phase": N_("Phase"),
    "updated": N_("Updated"),
    "published": N_("Published"),
    "in_jira": N_("In Jira"),
    "permalink": N_("Link to this question"),
    "downloads": N_("Also as"),
    "feed": N_("Atom feed"),
    "col_id": N_("Id"),
    "col_theme": N_("Theme"),
    "col_team": N_("Team"),
    "col_phase": N_("Phase"),
    "col_question": N_("Question"),
    "col_answer": N_("Answer"),
    "col_key": N_("Jira"),
    "col_link": N_("Link"),
    "col_published": N_("Published"),
    "col_updated": N_("Updated"),
    "mail_subject": N_("Your question has been answered: {summary}"),
    "mail_greeting": N_("Hello {name},"),
    "mail_greeting_anonymous": N_("Hello,"),
    "mail_intro": N_("IT has answered your question:"),
    "mail_question": N_("Question"),
    "mail_answer": N_("Answer"),
    "mail_tracking": N_("Follow your question"),
    "mail_footer": N_("This message was sent by Voelspriet for the go-live team of {organisation}."),
}


def language(value: str | None) -> str:
    """`en` when asked for, otherwise Dutch."""
    return "en" if (value or "").strip().lower().startswith("en") else "nl"


def texts(lang: str) -> dict[str, str]:
    catalogue = _catalogue(language(lang))
    return {key: catalogue.gettext(message) for key, message in TEXTS.items()}


@lru_cache(maxsize=len(LANGUAGES))
def _catalogue(lang: str) -> NullTranslations:
    # English has no catalogue: the msgids are English, so load() hands back NullTranslations.
    return Translations.load(str(CATALOGUE), [lang])


def local(moment: datetime) -> datetime:
    return moment.astimezone(MUNICIPAL_ZONE)
