"""The web app on a fresh SQLite database."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from voelspriet.runtime import Runtime
from webhooks.app import create_app


@pytest.fixture
def app(runtime: Runtime) -> Flask:
    return create_app(runtime)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()
