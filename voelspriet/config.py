"""Settings read once from the environment and validated at start-up.

Every secret lives only here and in the process environment; `Settings.redacted()` is what
may be printed or logged.
"""

from __future__ import annotations

import os
import re
import secrets
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

DEFAULT_MAPPINGS = Path(__file__).resolve().parent.parent / "mappings" / "example.yaml"
SECRET_FIELDS = {
    "jira_token", "api_tokens", "webhook_secret", "secret_key", "smtp_url",
    "dashboard_users", "typeform_secret", "forms_token",
}


_PASSWORD_IN_URL = re.compile(r"(//[^/@:]*:)[^/@]*@")


class ConfigError(ValueError):
    """A setting is missing or malformed; the message names the variable and the fix."""


@dataclass(frozen=True)
class Settings:
    instance_path: Path
    database_url: str = field(repr=False)  # may hold the database password
    mappings_path: Path
    faq_dir: Path
    jira_url: str | None = None
    jira_user: str | None = None
    jira_token: str | None = field(default=None, repr=False)
    jira_project: str | None = None
    jira_issue_type: str = "Task"
    api_tokens: tuple[str, ...] = field(default=(), repr=False)
    webhook_secret: str | None = field(default=None, repr=False)
    public_url: str | None = None
    secret_key: str = field(default="", repr=False)
    smtp_url: str | None = field(default=None, repr=False)
    mail_from: str | None = None
    dashboard_users: tuple[tuple[str, str], ...] = field(default=(), repr=False)
    trusted_user_header: str | None = None
    typeform_secret: str | None = field(default=None, repr=False)
    forms_token: str | None = field(default=None, repr=False)
    redis_url: str | None = field(default=None, repr=False)
    jira_timeout: float = 10.0
    worker_poll_seconds: float = 0.5
    reconcile_interval_seconds: float = 300.0
    worker_lease_seconds: float = 60.0  # a crashed worker's jobs are picked up again after this
    jira_settle_seconds: float = 30.0  # after an unanswered create: how long Jira's search may lag
    # Flask-Limiter strings per area, e.g. {"VOELSPRIET_RATE_LIMIT_API": "600 per minute"}
    rate_limits: dict[str, str] = field(default_factory=dict)

    @property
    def jira_deployment_auth(self) -> str:
        """`cloud` when an account e-mail is set (basic auth), else `datacenter` (PAT)."""
        return "cloud" if self.jira_user else "datacenter"

    def require_jira(self) -> None:
        missing = [name for name, value in (
            ("VOELSPRIET_JIRA_URL", self.jira_url),
            ("VOELSPRIET_JIRA_TOKEN", self.jira_token),
            ("VOELSPRIET_JIRA_PROJECT", self.jira_project),
        ) if not value]
        if missing:
            raise ConfigError(
                f"{', '.join(missing)} not set: Voelspriet needs them to reach Jira. "
                "Set them in the environment (see README, 'Configuration')."
            )

    def with_overrides(self, **changes: object) -> Settings:
        return replace(self, **changes)

    def redacted(self) -> dict[str, object]:
        """All settings with secrets replaced by whether they are set."""
        out: dict[str, object] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name in SECRET_FIELDS:
                value = "set" if value else "not set"
            elif f.name in ("database_url", "redis_url") and value:
                value = _PASSWORD_IN_URL.sub(r"\1***@", value)
            out[f.name] = value
        return out


def _split(value: str | None) -> tuple[str, ...]:
    return tuple(part.strip() for part in (value or "").split(",") if part.strip())


def _dashboard_users(value: str | None) -> tuple[tuple[str, str], ...]:
    users = []
    for pair in _split(value):
        name, sep, pw_hash = pair.partition(":")
        if not sep or not name or not pw_hash:
            raise ConfigError(
                "VOELSPRIET_DASHBOARD_USERS: each entry must be name:password-hash "
                "(make a hash with `voelspriet hash-password`)."
            )
        users.append((name, pw_hash))
    return tuple(users)


def _secret_key(instance_path: Path, value: str | None) -> str:
    if value:
        return value
    key_file = instance_path / "secret_key"
    if not key_file.exists():
        _create_private_file(key_file, secrets.token_hex(32))
    return key_file.read_text().strip()


def _create_private_file(path: Path, text: str) -> None:
    """Write `path` readable by its owner only from the first byte on. When several processes
    start at once, the first file wins, so they all end up with the same content."""
    handle, draft = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")  # mode 0600
    with os.fdopen(handle, "w") as out:
        out.write(text)
    try:
        os.link(draft, path)  # atomic, and never replaces a file another process made first
    except FileExistsError:
        pass
    except OSError:  # a file system without hard links: the last process to start wins
        os.replace(draft, path)
        return
    os.unlink(draft)


def _float(env: Mapping[str, str], name: str, default: float) -> float:
    raw = env.get(name)
    if raw in (None, ""):
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ConfigError(f"{name}: {raw!r} is not a number of seconds.") from None
    if value <= 0:
        raise ConfigError(f"{name}: must be more than 0 seconds.")
    return value


def load_settings(env: Mapping[str, str] | None = None, instance_path: Path | None = None) -> Settings:
    """Read and check the environment once; raises ConfigError naming the variable."""
    env = os.environ if env is None else env
    instance = Path(instance_path or env.get("VOELSPRIET_INSTANCE") or Path.cwd() / "instance")
    instance.mkdir(parents=True, exist_ok=True)
    database_url = env.get("VOELSPRIET_DATABASE_URL") or f"sqlite:///{instance / 'voelspriet.db'}"
    mappings = Path(env.get("VOELSPRIET_MAPPINGS") or DEFAULT_MAPPINGS)
    jira_url = (env.get("VOELSPRIET_JIRA_URL") or "").rstrip("/") or None
    if jira_url and not jira_url.startswith(("http://", "https://")):
        raise ConfigError(f"VOELSPRIET_JIRA_URL: {jira_url!r} must start with https:// (or http://).")
    public_url = (env.get("VOELSPRIET_PUBLIC_URL") or "").rstrip("/") or None
    return Settings(
        instance_path=instance,
        database_url=database_url,
        mappings_path=mappings,
        faq_dir=Path(env.get("VOELSPRIET_FAQ_DIR") or instance / "faq"),
        jira_url=jira_url,
        jira_user=env.get("VOELSPRIET_JIRA_USER") or None,
        jira_token=env.get("VOELSPRIET_JIRA_TOKEN") or None,
        jira_project=env.get("VOELSPRIET_JIRA_PROJECT") or None,
        jira_issue_type=env.get("VOELSPRIET_JIRA_ISSUE_TYPE") or "Task",
        api_tokens=_split(env.get("VOELSPRIET_API_TOKENS")),
        webhook_secret=env.get("VOELSPRIET_WEBHOOK_SECRET") or None,
        public_url=public_url,
        secret_key=_secret_key(instance, env.get("VOELSPRIET_SECRET_KEY")),
        smtp_url=env.get("VOELSPRIET_SMTP_URL") or None,
        mail_from=env.get("VOELSPRIET_MAIL_FROM") or None,
        dashboard_users=_dashboard_users(env.get("VOELSPRIET_DASHBOARD_USERS")),
        trusted_user_header=env.get("VOELSPRIET_TRUSTED_USER_HEADER") or None,
        typeform_secret=env.get("VOELSPRIET_TYPEFORM_SECRET") or None,
        forms_token=env.get("VOELSPRIET_FORMS_TOKEN") or None,
        redis_url=env.get("VOELSPRIET_REDIS_URL") or None,
        jira_timeout=_float(env, "VOELSPRIET_JIRA_TIMEOUT", 10.0),
        worker_poll_seconds=_float(env, "VOELSPRIET_WORKER_POLL", 0.5),
        reconcile_interval_seconds=_float(env, "VOELSPRIET_RECONCILE_INTERVAL", 300.0),
        worker_lease_seconds=_float(env, "VOELSPRIET_WORKER_LEASE", 60.0),
        jira_settle_seconds=_float(env, "VOELSPRIET_JIRA_SETTLE", 30.0),
        rate_limits={k: v for k, v in env.items() if k.startswith("VOELSPRIET_RATE_LIMIT_") and v},
    )
