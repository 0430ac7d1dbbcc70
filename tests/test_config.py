"""Settings: what an operator's secrets look like on disk and when settings are printed."""

from __future__ import annotations

import stat
from pathlib import Path

from voelspriet.config import load_settings


def test_a_generated_secret_key_is_private_and_kept(tmp_path: Path):
    first = load_settings({}, instance_path=tmp_path)

    key_file = tmp_path / "secret_key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert len(first.secret_key) == 64
    assert load_settings({}, instance_path=tmp_path).secret_key == first.secret_key  # survives a restart
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no draft left behind


def test_printed_settings_hold_no_password(tmp_path: Path):
    settings = load_settings({
        "VOELSPRIET_DATABASE_URL": "postgresql://voelspriet:db-pass-witness@db.example:5432/voelspriet",
        "VOELSPRIET_REDIS_URL": "redis://:redis-pass-witness@cache.example:6379/0",
        "VOELSPRIET_JIRA_TOKEN": "jira-token-witness",
    }, instance_path=tmp_path)

    shown = f"{settings!r} {settings.redacted()}"

    for witness in ("db-pass-witness", "redis-pass-witness", "jira-token-witness"):
        assert witness not in shown
    assert settings.redacted()["database_url"] == "postgresql://voelspriet:***@db.example:5432/voelspriet"


def test_passwords_in_service_urls_never_reach_a_log_line(tmp_path, example_mappings):
    import logging

    from tests.conftest import make_settings
    from voelspriet.log import JsonFormatter
    from voelspriet.runtime import build_runtime

    settings = make_settings(tmp_path, database_url=f"sqlite:///{tmp_path / 'x.db'}",
                             VOELSPRIET_REDIS_URL="redis://:redis-pass-witness@127.0.0.1:6379/0",
                             VOELSPRIET_SMTP_URL="smtp://mailer:smtp-pass-witness@127.0.0.1:2525")
    build_runtime(settings, example_mappings).close()
    record = logging.makeLogRecord({"msg": "connecting to redis://:redis-pass-witness@127.0.0.1 and "
                                           "smtp://mailer:smtp-pass-witness@127.0.0.1"})
    line = JsonFormatter().format(record)
    assert "redis-pass-witness" not in line and "smtp-pass-witness" not in line
