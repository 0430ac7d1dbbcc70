"""Fixtures for the sandbox Jira: running servers (Cloud and Data Center), a webhook receiver, clients."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from jira import JIRA

from connector.sandbox import SandboxServer
from tests.sandbox.receiver import WebhookReceiver

WEBHOOK_SECRET = "It's a Secret to Everybody"


@pytest.fixture
def receiver() -> Iterator[WebhookReceiver]:
    hooks = WebhookReceiver()
    yield hooks
    hooks.stop()


@pytest.fixture
def cloud(tmp_path: Path, receiver: WebhookReceiver) -> Iterator[SandboxServer]:
    with SandboxServer(tmp_path, deployment="cloud", webhook_url=receiver.url, webhook_secret=WEBHOOK_SECRET) as jira:
        yield jira


@pytest.fixture
def datacenter(tmp_path: Path, receiver: WebhookReceiver) -> Iterator[SandboxServer]:
    with SandboxServer(tmp_path, deployment="datacenter", webhook_url=receiver.url,
                       webhook_secret=WEBHOOK_SECRET) as jira:
        yield jira


@pytest.fixture(params=["cloud", "datacenter"])
def any_jira(request, tmp_path: Path, receiver: WebhookReceiver) -> Iterator[SandboxServer]:
    with SandboxServer(tmp_path, deployment=request.param, webhook_url=receiver.url,
                       webhook_secret=WEBHOOK_SECRET) as jira:
        yield jira


def client(server: SandboxServer) -> JIRA:
    """The `jira` library as Voelspriet sets it up: basic auth on Cloud, a PAT on Data Center."""
    if server.deployment == "cloud":
        return JIRA(server.url, basic_auth=(server.user, server.token), get_server_info=True, timeout=5,
                    max_retries=0)
    return JIRA(server.url, token_auth=server.token, get_server_info=True, timeout=5, max_retries=0)


def question_fields(summary: str = "Hoe koppel ik een document aan een zaak?", **extra) -> dict:
    fields = {"project": {"id": "10000"}, "issuetype": {"id": "10001"}, "summary": summary,
              "description": "h3. Vraag\nDetails van de ambassadeur.",
              "labels": ["voelspriet", "team-kcc", "thema-koppelingen", "fase-voor-livegang"],
              "priority": {"name": "Medium"}}
    fields.update(extra)
    return fields
