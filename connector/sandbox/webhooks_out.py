"""Sends the sandbox's webhooks the way Jira Cloud does, from a background thread.

One identifier per event, the same on every retry; `X-Atlassian-Webhook-Retry` counts the
retries; `X-Hub-Signature: sha256=<hmac>` over the raw body when a secret is set. Cloud retries
408, 409, 425, 429, 5xx, timeouts and connection failures a bounded number of times; Data
Center sends once. Events leave in the order they happened, one at a time.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import queue
import threading
import uuid
from dataclasses import dataclass

import requests

from voelspriet.log import event

log = logging.getLogger(__name__)
RETRY_STATUSES = frozenset({408, 409, 425, 429})


@dataclass(frozen=True)
class Attempt:
    """One HTTP attempt, kept so tests and the IT view can see what was sent and how it went."""

    identifier: str
    webhook_event: str
    retry: int
    status: int | None
    error: str | None


def signature(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def should_retry(status: int | None) -> bool:
    """None means no answer (timeout or connection failure)."""
    return status is None or status in RETRY_STATUSES or status >= 500


class WebhookSender:
    def __init__(self, url: str | None, secret: str | None, retries: bool = True,
                 backoff: tuple[float, ...] = (0.2, 0.5, 1.0, 2.0), timeout: float = 10.0) -> None:
        self.url = url
        self.secret = secret
        self.backoff = backoff if retries else ()
        self.timeout = timeout
        self.attempts: list[Attempt] = []
        self._queue: queue.Queue[tuple[str, bytes, str] | None] = queue.Queue()
        self._pending = 0
        self._idle = threading.Condition()
        self._stopping = threading.Event()
        self._session = requests.Session()
        self._thread = threading.Thread(target=self._run, name="sandbox-webhooks", daemon=True)
        self._thread.start()

    def configure(self, url: str | None, secret: str | None) -> None:
        self.url, self.secret = url, secret

    def send(self, payload: dict) -> str | None:
        """Queue one event; returns its delivery identifier (None when no URL is set)."""
        if not self.url:
            return None
        identifier = str(uuid.uuid4())
        body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        with self._idle:
            self._pending += 1
        self._queue.put((identifier, body, payload.get("webhookEvent", "")))
        return identifier

    def wait_idle(self, timeout: float = 10.0) -> bool:
        """True once every queued event was delivered or given up on."""
        with self._idle:
            return self._idle.wait_for(lambda: self._pending == 0, timeout=timeout)

    def stop(self, timeout: float = 5.0) -> None:
        self._stopping.set()
        self._queue.put(None)
        self._thread.join(timeout)
        self._session.close()

    def _run(self) -> None:
        while (item := self._queue.get()) is not None:
            try:
                self._deliver(*item)
            finally:
                with self._idle:
                    self._pending -= 1
                    self._idle.notify_all()

    def _deliver(self, identifier: str, body: bytes, webhook_event: str) -> None:
        for retry in range(len(self.backoff) + 1):
            status, error = self._post(identifier, body, retry)
            self.attempts.append(Attempt(identifier, webhook_event, retry, status, error))
            event(log, "sandbox_webhook_attempt", delivery=identifier, webhook_event=webhook_event,
                  retry=retry, status=status, error=error)
            if not should_retry(status) or retry == len(self.backoff):
                return
            if self._stopping.wait(self.backoff[retry]):
                return

    def _post(self, identifier: str, body: bytes, retry: int) -> tuple[int | None, str | None]:
        headers = {"Content-Type": "application/json; charset=utf-8", "User-Agent": "Atlassian Webhook HTTP Client",
                   "X-Atlassian-Webhook-Identifier": identifier, "X-Atlassian-Webhook-Flow": "Primary"}
        if retry:
            headers["X-Atlassian-Webhook-Retry"] = str(retry)
        if self.secret:
            headers["X-Hub-Signature"] = signature(self.secret, body)
        try:
            response = self._session.post(self.url, data=body, headers=headers, timeout=self.timeout)
        except requests.RequestException as exc:
            return None, type(exc).__name__
        response.close()
        return response.status_code, None
