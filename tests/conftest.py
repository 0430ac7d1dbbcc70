"""Shared fixtures: settings, mappings, a migrated database on SQLite or PostgreSQL."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest

from mappings import Mappings, load_mappings
from store.db import Database
from voelspriet.config import DEFAULT_MAPPINGS, Settings, load_settings
from voelspriet.runtime import Runtime, build_runtime

PG_ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
FIXTURES = Path(__file__).parent / "fixtures"


def _postgres_available() -> str | None:
    """None when PostgreSQL answers, else the reason to skip."""
    try:
        import psycopg

        with psycopg.connect("host=127.0.0.1 port=5432 user=postgres dbname=test", connect_timeout=2):
            return None
    except Exception as exc:  # any failure means: no server for these tests here
        return f"PostgreSQL on 127.0.0.1:5432 not reachable ({type(exc).__name__}); start it to run these tests"


PG_SKIP_REASON = _postgres_available()


@pytest.fixture(scope="session")
def example_mappings() -> Mappings:
    return load_mappings(DEFAULT_MAPPINGS)


def make_settings(tmp_path: Path, database_url: str | None = None, **env: str) -> Settings:
    base = {
        "VOELSPRIET_SECRET_KEY": "test-secret-key-" + "x" * 16,
        "VOELSPRIET_JIRA_URL": "https://jira.example.test",
        "VOELSPRIET_JIRA_USER": "bot@example.org",
        "VOELSPRIET_JIRA_TOKEN": "jira-token-never-logged",
        "VOELSPRIET_JIRA_PROJECT": "ZAAK",
        "VOELSPRIET_API_TOKENS": "api-token-one,api-token-two",
        "VOELSPRIET_WEBHOOK_SECRET": "webhook-secret-never-logged",
        "VOELSPRIET_PUBLIC_URL": "https://voelspriet.example.test",
    }
    if database_url:
        base["VOELSPRIET_DATABASE_URL"] = database_url
    base.update(env)
    return load_settings(base, instance_path=tmp_path / "instance")


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return make_settings(tmp_path)


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A fresh, empty PostgreSQL database for one test, dropped afterwards."""
    if PG_SKIP_REASON:
        pytest.skip(PG_SKIP_REASON)
    import psycopg

    name = "voelspriet_t_" + secrets.token_hex(6)
    with psycopg.connect("host=127.0.0.1 port=5432 user=postgres dbname=test", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    with psycopg.connect("host=127.0.0.1 port=5432 user=postgres dbname=test", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request, tmp_path: Path) -> str:
    """Run the test once on SQLite and once on PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'voelspriet.db'}"
    return request.getfixturevalue("postgres_url")


@pytest.fixture
def runtime(tmp_path: Path, example_mappings: Mappings) -> Iterator[Runtime]:
    """SQLite runtime with the example mappings, migrated."""
    rt = build_runtime(make_settings(tmp_path), example_mappings, upgrade=True)
    yield rt
    rt.close()


@pytest.fixture
def any_runtime(tmp_path: Path, example_mappings: Mappings, database_url: str) -> Iterator[Runtime]:
    """The same, once per database kind."""
    rt = build_runtime(make_settings(tmp_path, database_url), example_mappings, upgrade=True)
    yield rt
    rt.close()


@pytest.fixture
def db(runtime: Runtime) -> Database:
    return runtime.db


@pytest.fixture
def app(runtime: Runtime):
    """The web app on the SQLite runtime."""
    from webhooks.app import create_app

    return create_app(runtime)


@pytest.fixture
def client(app):
    return app.test_client()
