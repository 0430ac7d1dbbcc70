"""The digest's words, by key. The Dutch is in the app's catalogue; read with `babel.support`, because
`voelspriet digest` renders outside any web request."""

from __future__ import annotations

from functools import lru_cache

from babel.support import NullTranslations, Translations

from faq.texts import CATALOGUE, N_, language

TEXTS: dict[str, str] = {
    "title": N_("Meeting digest"),
    "intro": N_("For the ambassadors' meeting of {organisation}: questions per team since {since}."),
    "made": N_("Made on {moment}."),
    "came_in": N_("Came in"),
    "answered": N_("Answered"),
    "still_open": N_("Still open"),
    "nothing": N_("Nothing."),
    "quiet": N_("No questions since {since} and none open."),
    "blocker": N_("blocks work"),
    "age_one": N_("open for 1 day"),
    "age_many": N_("open for {n} days"),
    "age_today": N_("asked today"),
    "in_faq": N_("in the FAQ"),
    "not_in_jira": N_("not yet in Jira"),
}


def digest_texts(lang: str) -> dict[str, str]:
    catalogue = _catalogue(language(lang))
    return {key: catalogue.gettext(message) for key, message in TEXTS.items()}


def age_text(t: dict[str, str], days: int) -> str:
    if days <= 0:
        return t["age_today"]
    return t["age_one"] if days == 1 else t["age_many"].format(n=days)


@lru_cache(maxsize=2)
def _catalogue(lang: str) -> NullTranslations:
    return Translations.load(str(CATALOGUE), [lang])
