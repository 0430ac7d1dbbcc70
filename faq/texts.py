"""The FAQ's words in Dutch (default) and English.

Kept here rather than in the Babel catalogue because the same words go into files written
outside any web request (export, worker), where there is no request locale.
"""

from __future__ import annotations

from datetime import datetime, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

LANGUAGES = ("nl", "en")

TEXTS: dict[str, dict[str, str]] = {
    "nl": {
        "title": "Veelgestelde vragen",
        "intro": "Antwoorden van IT op vragen uit de teams van {organisation} over het nieuwe zaaksysteem.",
        "skip": "Naar de inhoud",
        "search_label": "Zoek in de vragen en antwoorden",
        "search_button": "Zoeken",
        "team_label": "Team",
        "all_teams": "Alle teams",
        "count_none": "Geen vragen gevonden.",
        "count_one": "1 vraag",
        "count_many": "{n} vragen",
        "empty": "Er zijn nog geen beantwoorde vragen.",
        "themes": "Thema's",
        "other_theme": "Overig",
        "phase": "Fase",
        "updated": "Bijgewerkt",
        "published": "Gepubliceerd",
        "in_jira": "In Jira",
        "permalink": "Link naar deze vraag",
        "downloads": "Ook als",
        "feed": "Atom-feed",
        "col_id": "Id",
        "col_theme": "Thema",
        "col_team": "Team",
        "col_phase": "Fase",
        "col_question": "Vraag",
        "col_answer": "Antwoord",
        "col_key": "Jira",
        "col_link": "Link",
        "col_published": "Gepubliceerd",
        "col_updated": "Bijgewerkt",
        "mail_subject": "Je vraag is beantwoord: {summary}",
        "mail_greeting": "Hallo {name},",
        "mail_greeting_anonymous": "Hallo,",
        "mail_intro": "IT heeft je vraag beantwoord:",
        "mail_question": "Vraag",
        "mail_answer": "Antwoord",
        "mail_tracking": "Je vraag volgen",
        "mail_footer": "Dit bericht is verstuurd door Voelspriet namens het livegangsteam van {organisation}.",
    },
    "en": {
        "title": "Frequently asked questions",
        "intro": "IT's answers to questions from the teams of {organisation} about the new case system.",
        "skip": "Skip to content",
        "search_label": "Search the questions and answers",
        "search_button": "Search",
        "team_label": "Team",
        "all_teams": "All teams",
        "count_none": "No questions found.",
        "count_one": "1 question",
        "count_many": "{n} questions",
        "empty": "There are no answered questions yet.",
        "themes": "Themes",
        "other_theme": "Other",
        "phase": "Phase",
        "updated": "Updated",
        "published": "Published",
        "in_jira": "In Jira",
        "permalink": "Link to this question",
        "downloads": "Also as",
        "feed": "Atom feed",
        "col_id": "Id",
        "col_theme": "Theme",
        "col_team": "Team",
        "col_phase": "Phase",
        "col_question": "Question",
        "col_answer": "Answer",
        "col_key": "Jira",
        "col_link": "Link",
        "col_published": "Published",
        "col_updated": "Updated",
        "mail_subject": "Your question has been answered: {summary}",
        "mail_greeting": "Hello {name},",
        "mail_greeting_anonymous": "Hello,",
        "mail_intro": "IT has answered your question:",
        "mail_question": "Question",
        "mail_answer": "Answer",
        "mail_tracking": "Follow your question",
        "mail_footer": "This message was sent by Voelspriet for the go-live team of {organisation}.",
    },
}


def language(value: str | None) -> str:
    """`en` when asked for, otherwise Dutch."""
    return "en" if (value or "").strip().lower().startswith("en") else "nl"


def texts(lang: str) -> dict[str, str]:
    return TEXTS[language(lang)]


def _display_zone() -> tzinfo | None:
    try:
        return ZoneInfo("Europe/Amsterdam")
    except ZoneInfoNotFoundError:  # no time-zone database on this machine: show UTC
        return None


DISPLAY_ZONE = _display_zone()


def local(moment: datetime) -> datetime:
    return moment.astimezone(DISPLAY_ZONE) if DISPLAY_ZONE is not None else moment
