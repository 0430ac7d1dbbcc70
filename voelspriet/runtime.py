"""Everything a process needs, built once from the settings: mappings, database, Jira client."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from mappings import Mappings, load_mappings
from store.db import Database
from voelspriet.config import Settings, load_settings
from voelspriet.log import register_secrets

if TYPE_CHECKING:
    from connector.client import JiraClient


@dataclass
class Runtime:
    settings: Settings
    mappings: Mappings
    db: Database
    _jira: JiraClient | None = field(default=None, repr=False)

    @property
    def jira(self) -> JiraClient:
        """The one Jira client of this process, made on first use (it needs JIRA settings)."""
        if self._jira is None:
            from connector.client import JiraClient

            self.settings.require_jira()
            self._jira = JiraClient(self.settings, self.mappings)
        return self._jira

    def close(self) -> None:
        self.db.dispose()


def _passwords_in(*urls: str | None) -> list[str]:
    return [urlsplit(url).password or "" for url in urls if url]


def build_runtime(settings: Settings | None = None, mappings: Mappings | None = None,
                  upgrade: bool = False) -> Runtime:
    """Load settings and mappings (raising ConfigError / MappingsError) and open the database."""
    settings = settings or load_settings()
    register_secrets(settings.jira_token, settings.webhook_secret, settings.secret_key,
                     settings.typeform_secret, settings.forms_token, *settings.api_tokens,
                     *_passwords_in(settings.database_url, settings.redis_url, settings.smtp_url))
    mappings = mappings or load_mappings(settings.mappings_path)
    db = Database(settings.database_url)
    if upgrade:
        db.upgrade()
    return Runtime(settings=settings, mappings=mappings, db=db)
