"""Posting signed Jira deliveries to the app, and running the refresh jobs they queue."""

from __future__ import annotations

import hashlib
import hmac
from pathlib import Path

from flask.testing import FlaskClient
from sqlalchemy import func, select, update

from faq.refresh import refresh_issues
from store.models import JobKind, JobState, OutboxJob, WebhookDelivery
from store.types import utcnow
from voelspriet.runtime import Runtime

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "jira-webhooks"
SECRET = "webhook-secret-never-logged"  # the one tests/conftest.make_settings sets


def sign(body: bytes, secret: str = SECRET) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def post(client: FlaskClient, body: bytes, identifier: str | None = None, signature: str | None = "sign"):
    headers = {"Content-Type": "application/json"}
    if signature == "sign":
        headers["X-Hub-Signature"] = sign(body)
    elif signature is not None:
        headers["X-Hub-Signature"] = signature
    if identifier:
        headers["X-Atlassian-Webhook-Identifier"] = identifier
    return client.post("/webhooks/jira", data=body, headers=headers)


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def counts(runtime: Runtime) -> tuple[int, int]:
    """(webhook deliveries recorded, refresh jobs queued)."""
    with runtime.db.sessions() as session:
        return (session.scalar(select(func.count()).select_from(WebhookDelivery)),
                session.scalar(select(func.count()).select_from(OutboxJob)
                               .where(OutboxJob.kind == JobKind.REFRESH_ISSUE)))


def run_refresh_jobs(runtime: Runtime) -> dict[int, BaseException | None]:
    """What the worker does with the pending refresh jobs (and marking them done)."""
    with runtime.db.sessions() as session:
        pending = list(session.scalars(select(OutboxJob).where(
            OutboxJob.kind == JobKind.REFRESH_ISSUE, OutboxJob.state == JobState.PENDING)))
    results = refresh_issues(runtime, pending)
    done = [job_id for job_id, error in results.items() if error is None]
    with runtime.db.transaction() as session:
        session.execute(update(OutboxJob).where(OutboxJob.id.in_(done))
                        .values(state=JobState.DONE, done_at=utcnow()))
    return results
