"""POST /webhooks/jira: verify, note which issue changed, queue its refresh, answer at once.

Never calls Jira: the outbox worker re-reads the issue (faq.refresh), so Jira never waits on
us and a late, repeated or out-of-order delivery cannot leave a stale FAQ entry.
"""

from __future__ import annotations

import hashlib
import hmac
import logging

from flask import Blueprint, current_app, jsonify, request

from faq.deliveries import QUEUED, record_delivery
from faq.jira_events import MalformedPayload, UnsupportedEvent, parse_event
from voelspriet.log import event
from webhooks.api import error_response

bp = Blueprint("jira_webhook", __name__)
log = logging.getLogger(__name__)

SIGNATURE_HEADER = "X-Hub-Signature"
IDENTIFIER_HEADER = "X-Atlassian-Webhook-Identifier"


def signature_valid(secret: str, body: bytes, header: str | None) -> bool:
    """`sha256=<hex HMAC-SHA256(secret, raw body)>`, compared in constant time."""
    method, _, received = (header or "").strip().partition("=")
    if method.strip().lower() != "sha256" or not received:
        return False
    expected = hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()
    # As bytes: compare_digest refuses str with non-ASCII characters, and a forged header may hold them.
    return hmac.compare_digest(expected.encode(), received.strip().lower().encode("utf-8"))


def delivery_identifier(body: bytes, header: str | None) -> str:
    """Jira Cloud's identifier is the same on retries; Data Center sends none: hash the body."""
    header = (header or "").strip()
    return header[:128] if header else "sha256:" + hashlib.sha256(body).hexdigest()


@bp.post("/webhooks/jira")
def receive():
    runtime = current_app.extensions["voelspriet"]
    secret = runtime.settings.webhook_secret
    if not secret:
        event(log, "jira_webhook_refused", logging.WARNING, reason="VOELSPRIET_WEBHOOK_SECRET is not set")
        return error_response(503, "webhooks_closed", "Jira webhooks are refused because VOELSPRIET_WEBHOOK_SECRET "
                              "is not set. Set it, and give Jira's webhook the same secret.")
    body = request.get_data(cache=False)
    if not signature_valid(secret, body, request.headers.get(SIGNATURE_HEADER)):
        event(log, "jira_webhook_bad_signature", logging.WARNING,
              has_signature=SIGNATURE_HEADER in request.headers)
        return error_response(401, "bad_signature", f"The {SIGNATURE_HEADER} header is missing or does not match "
                              "the body: check that Jira's webhook secret equals VOELSPRIET_WEBHOOK_SECRET.")
    try:
        jira_event = parse_event(body)
    except MalformedPayload as exc:
        event(log, "jira_webhook_malformed", logging.WARNING, reason=str(exc))
        return error_response(400, "malformed_payload", f"This is not a Jira webhook Voelspriet can read: {exc}.")
    except UnsupportedEvent as exc:
        event(log, "jira_webhook_ignored", event_name=exc.name[:64], reason="unsupported_event")
        return jsonify(status="ignored", reason="unsupported_event"), 200
    identifier = delivery_identifier(body, request.headers.get(IDENTIFIER_HEADER))
    outcome = record_delivery(runtime, identifier, jira_event)
    event(log, f"jira_webhook_{outcome.status}", event_name=jira_event.name[:64],
          jira_issue_id=jira_event.issue_id, reason=outcome.reason, delivery=identifier[:80])
    if outcome.status == QUEUED:
        return jsonify(status=QUEUED, jira_issue_id=jira_event.issue_id), 202
    return jsonify(status=outcome.status, **({"reason": outcome.reason} if outcome.reason else {})), 200
