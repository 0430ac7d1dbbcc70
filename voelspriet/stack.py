"""The whole loop on one machine: sandbox Jira, web app and outbox worker on loopback.

Used by `voelspriet demo` and by the end-to-end tests, so the demo is exactly what is tested.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server

from connector.sandbox import SandboxServer
from mappings import Mappings
from voelspriet.config import load_settings
from voelspriet.runtime import Runtime, build_runtime

SANDBOX_USER = "sandbox@example.org"
SANDBOX_TOKEN = "sandbox-token"  # noqa: S105 - the sandbox's documented credential


class _Quiet(WSGIRequestHandler):
    def log_request(self, *args, **kwargs) -> None:
        pass


class _LateBoundApp:
    """Lets the server bind (and learn its port) before the app that needs that URL exists."""

    def __init__(self) -> None:
        self.app: Callable | None = None

    def __call__(self, environ, start_response):
        return self.app(environ, start_response)


def wait_until(condition: Callable[[], Any], timeout: float, what: str, interval: float = 0.05) -> Any:
    """Poll `condition` until it returns something truthy; raise TimeoutError naming `what`."""
    deadline = time.monotonic() + timeout
    while True:
        result = condition()
        if result:
            return result
        if time.monotonic() > deadline:
            raise TimeoutError(f"waited {timeout:.0f} s for {what}")
        time.sleep(interval)


class LocalStack:
    def __init__(self, folder: Path, *, host: str = "127.0.0.1", app_port: int = 0, sandbox_port: int = 0,
                 deployment: str = "cloud", mappings: Mappings | None = None, env: dict[str, str] | None = None,
                 worker: bool = True, database_url: str | None = None,
                 worker_options: dict[str, Any] | None = None) -> None:
        self.folder = Path(folder)
        self.host, self.app_port, self.sandbox_port = host, app_port, sandbox_port
        self.deployment, self.mappings, self.extra_env = deployment, mappings, env or {}
        self.with_worker, self.database_url = worker, database_url
        self.worker_options = worker_options or {}
        self.webhook_secret = secrets.token_hex(16)
        self.api_token = secrets.token_urlsafe(24)
        self.sandbox: SandboxServer | None = None
        self.runtime: Runtime | None = None
        self._server: BaseWSGIServer | None = None
        self._threads: list[threading.Thread] = []
        self._stop_worker: Callable[[], None] | None = None

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self._server.socket.getsockname()[1]}"

    def start(self) -> LocalStack:
        self.folder.mkdir(parents=True, exist_ok=True)
        self.sandbox = SandboxServer(self.folder / "sandbox", deployment=self.deployment, host=self.host,
                                     port=self.sandbox_port)
        (self.folder / "sandbox").mkdir(exist_ok=True)
        self.sandbox.start()
        late = _LateBoundApp()
        self._server = make_server(self.host, self.app_port, late, threaded=True, request_handler=_Quiet)
        self.runtime = build_runtime(load_settings(self._env(), self.folder / "instance"), self.mappings,
                                     upgrade=True)
        from webhooks.app import create_app

        late.app = create_app(self.runtime)
        self._serve(self._server.serve_forever, "web-app")
        self.sandbox.set_webhook(f"{self.url}/webhooks/jira", self.webhook_secret)
        if self.with_worker:
            self.start_worker()
        return self

    def start_worker(self) -> None:
        from connector.worker import start_worker_thread

        self._stop_worker = start_worker_thread(self.runtime, **self.worker_options)

    def stop_worker(self) -> None:
        if self._stop_worker is not None:
            self._stop_worker()
            self._stop_worker = None

    def _env(self) -> dict[str, str]:
        env = {
            "VOELSPRIET_DATABASE_URL": self.database_url or f"sqlite:///{self.folder / 'voelspriet.db'}",
            "VOELSPRIET_JIRA_URL": self.sandbox.url,
            "VOELSPRIET_JIRA_USER": SANDBOX_USER if self.deployment == "cloud" else "",
            "VOELSPRIET_JIRA_TOKEN": SANDBOX_TOKEN,
            "VOELSPRIET_JIRA_PROJECT": "ZAAK",
            "VOELSPRIET_WEBHOOK_SECRET": self.webhook_secret,
            "VOELSPRIET_API_TOKENS": self.api_token,
            "VOELSPRIET_PUBLIC_URL": self.url,
            "VOELSPRIET_FAQ_DIR": str(self.folder / "faq"),
            "VOELSPRIET_WORKER_POLL": "0.05",
            "VOELSPRIET_JIRA_SETTLE": "1",
            "VOELSPRIET_JIRA_TIMEOUT": "5",
        }
        env.update(self.extra_env)
        return env

    def _serve(self, target: Callable[[], None], name: str) -> None:
        thread = threading.Thread(target=target, name=name, daemon=True)
        thread.start()
        self._threads.append(thread)

    def stop(self) -> None:
        self.stop_worker()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        for thread in self._threads:
            thread.join(timeout=10)
        if self.sandbox is not None:
            self.sandbox.stop()
        if self.runtime is not None:
            self.runtime.close()

    def __enter__(self) -> LocalStack:
        return self.start()

    def __exit__(self, *_exc) -> None:
        self.stop()
