"""An app with a project lead who can log in, and logging in through the page."""

from __future__ import annotations

from pathlib import Path

from flask.testing import FlaskClient
from werkzeug.security import generate_password_hash

from tests.conftest import make_settings
from tests.web.helpers import csrf_token
from voelspriet.runtime import build_runtime
from webhooks.app import create_app

LEAD, PASSWORD = "projectleider", "lang-en-geheim-wachtwoord"
# Few iterations: the tests check the login, not the hash's strength.
USERS = f"{LEAD}:{generate_password_hash(PASSWORD, method='pbkdf2:sha256:1000')}"


def lead_runtime(tmp_path: Path, mappings, **env: str):
    env = {"VOELSPRIET_DASHBOARD_USERS": USERS} | env
    return build_runtime(make_settings(tmp_path, **{k: v for k, v in env.items() if v is not None}), mappings,
                         upgrade=True)


def lead_app(runtime):
    return create_app(runtime)


def log_in(client: FlaskClient, name: str = LEAD, password: str = PASSWORD, next_path: str = "/dashboard"):
    token = csrf_token(client, "/login")
    return client.post("/login", data={"csrf_token": token, "name": name, "password": password, "next": next_path})
