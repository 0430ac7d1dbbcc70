"""`voelspriet serve` as operators run it: gunicorn processes, each with an outbox worker thread."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys

import pytest
import requests

from connector.sandbox import SandboxServer
from voelspriet.stack import SANDBOX_TOKEN, SANDBOX_USER, wait_until

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

WITNESS_NAME = "Wietske Getuige-Vandenberg"
WITNESS_EMAIL = "wietske.getuige@wijkerveen.example"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_serve_delivers_and_keeps_secrets_and_names_out_of_the_logs(tmp_path):
    port = _free_port()
    api_token, hook_secret = "api-witness-token-8c1f", "hook-witness-secret-51aa"
    with SandboxServer(tmp_path / "sandbox.sqlite3", webhook_url=f"http://127.0.0.1:{port}/webhooks/jira",
                       webhook_secret=hook_secret) as jira:
        env = dict(os.environ, VOELSPRIET_INSTANCE=str(tmp_path / "instance"), VOELSPRIET_JIRA_URL=jira.url,
                   VOELSPRIET_JIRA_USER=SANDBOX_USER, VOELSPRIET_JIRA_TOKEN=SANDBOX_TOKEN,
                   VOELSPRIET_JIRA_PROJECT="ZAAK", VOELSPRIET_API_TOKENS=api_token,
                   VOELSPRIET_WEBHOOK_SECRET=hook_secret, VOELSPRIET_WORKER_POLL="0.05")
        log_file = (tmp_path / "serve.log").open("w")
        server = subprocess.Popen([sys.executable, "-m", "voelspriet", "serve", "--port", str(port)],
                                  env=env, stdout=log_file, stderr=subprocess.STDOUT, cwd=tmp_path)
        base = f"http://127.0.0.1:{port}"
        try:
            wait_until(lambda: _ready(base), 30, "voelspriet serve to answer /readyz")
            body = {"ambassador": {"name": WITNESS_NAME, "email": WITNESS_EMAIL}, "team": "Belastingen",
                    "theme": "Rapportages", "question": "Waar staat het rapport met openstaande aanslagen?",
                    "details": "Wekelijks nodig.", "urgency": "normaal", "colleagues": 2}
            headers = {"Authorization": f"Bearer {api_token}"}
            accepted = requests.post(f"{base}/api/v1/questions", json=body, headers=headers, timeout=10)
            assert accepted.status_code == 202
            status_url = f"{base}/api/v1/questions/{accepted.json()['id']}"
            synced = wait_until(lambda: _status(status_url, headers, "synced"), 10, "the question to reach Jira")
            assert synced["jira_key"] == jira.issues()[0]["key"]
            assert jira.wait_for_webhooks(10)
        finally:
            server.send_signal(signal.SIGTERM)
            assert server.wait(timeout=30) == 0
            log_file.close()
    log = (tmp_path / "serve.log").read_text()
    assert '"event": "issue_created"' in log
    for secret in (api_token, hook_secret, SANDBOX_TOKEN, WITNESS_NAME, WITNESS_EMAIL):
        assert secret not in log


def _ready(base: str) -> bool:
    try:
        return requests.get(f"{base}/readyz", timeout=2).status_code == 200
    except requests.ConnectionError:
        return False


def _status(url: str, headers: dict, wanted: str) -> dict | None:
    body = requests.get(url, headers=headers, timeout=5).json()
    return body if body["status"] == wanted else None
