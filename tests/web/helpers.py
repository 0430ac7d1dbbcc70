"""Helpers to fill in the form and the API body, and to count what was stored."""

from __future__ import annotations

import io
import re
from typing import Any

from flask.testing import FlaskClient
from PIL import Image
from sqlalchemy import func, select

from store.models import OutboxJob, Question
from voelspriet.runtime import Runtime

API_TOKEN = "api-token-one"
AUTH = {"Authorization": f"Bearer {API_TOKEN}"}


def csrf_token(client: FlaskClient, path: str = "/", **kwargs: Any) -> str:
    page = client.get(path, **kwargs).get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def form_data(**changes: Any) -> dict[str, Any]:
    data = {
        "name": "Anouk de Vries", "email": "anouk@wijkerveen.example", "team": "burgerzaken",
        "theme": "inloggen-en-rechten", "question": "Hoe zet ik een zaak over naar een collega?",
        "details": "Ik zie de knop Overdragen niet.", "urgency": "normaal", "colleagues": "3",
        "phase": "", "submission_key": "key-" + "a" * 20,
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def post_form(client: FlaskClient, headers: dict[str, str] | None = None, **changes: Any):
    data = form_data(**changes)
    data.setdefault("csrf_token", csrf_token(client, headers=headers))
    return client.post("/", data=data, headers=headers, content_type="multipart/form-data")


def api_body(**changes: Any) -> dict[str, Any]:
    body = {
        "ambassador": {"name": "Anouk de Vries", "email": "anouk@wijkerveen.example"},
        "team": "Burgerzaken", "theme": "inloggen-en-rechten",
        "question": "Hoe zet ik een zaak over naar een collega?", "details": "De knop ontbreekt.",
        "urgency": "normaal", "colleagues": 3,
    }
    body.update(changes)
    return {k: v for k, v in body.items() if v is not None}


def stored(runtime: Runtime) -> tuple[int, int]:
    """(questions, outbox jobs) in the database."""
    with runtime.db.transaction() as session:
        return (session.scalar(select(func.count()).select_from(Question)),
                session.scalar(select(func.count()).select_from(OutboxJob)))


def png_bytes(size: tuple[int, int] = (40, 30), fmt: str = "PNG") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, fmt)
    return buffer.getvalue()
