"""Run the sandbox Jira as a real HTTP server: in a thread for tests, in the foreground for the CLI.

    with SandboxServer(tmp_path, deployment="cloud", webhook_url=url, webhook_secret="s") as jira:
        JIRA(jira.url, basic_auth=(jira.user, jira.token))
        jira.comment("ZAAK-1", "FAQ: restart the browser"); jira.resolve("ZAAK-1")
        jira.wait_for_webhooks()

The IT methods go through the same code as the IT view's buttons and fire the same webhooks.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server

from connector.sandbox import it_actions
from connector.sandbox.app import close_sandbox, create_sandbox_app, sandbox_of
from connector.sandbox.faults import FaultSpec
from connector.sandbox.issue_view import issue_json
from connector.sandbox.service import SandboxJira
from connector.sandbox.webhooks_out import Attempt

DB_NAME = "sandbox-jira.sqlite3"


class _QuietHandler(WSGIRequestHandler):
    """No access log line per request: tests make thousands, and bodies are nobody's business."""

    def log_request(self, *args, **kwargs) -> None:
        pass


def database_path(data: str | Path) -> Path:
    """A folder gets `sandbox-jira.sqlite3` inside it; a file path is used as it is."""
    path = Path(data)
    return path / DB_NAME if path.is_dir() or not path.suffix else path


class SandboxServer:
    def __init__(self, data: str | Path, deployment: str = "cloud", user: str = "sandbox@example.org",
                 token: str = "sandbox-token",  # noqa: S107 - the documented sandbox credential
                 webhook_url: str | None = None, webhook_secret: str | None = None,
                 faults: FaultSpec | str | None = None, host: str = "127.0.0.1", port: int = 0,
                 webhook_backoff: tuple[float, ...] = (0.05, 0.1, 0.2, 0.4)) -> None:
        self.db_path = database_path(data)
        self.deployment, self.user, self.token = deployment, user, token
        self.host, self.port = host, port
        self._app_options = {"webhook_url": webhook_url, "webhook_secret": webhook_secret, "faults": faults,
                             "webhook_backoff": webhook_backoff}
        self._server: BaseWSGIServer | None = None
        self._thread: threading.Thread | None = None

    # lifecycle
    def start(self) -> str:
        """Bind (port 0 = a free port), serve in a background thread, return the base URL."""
        self._bind()
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05},
                                        name="sandbox-jira", daemon=True)
        self._thread.start()
        return self.url

    def serve_forever(self, on_ready: Callable[[str], None] | None = None) -> None:
        """Serve in the calling thread until interrupted (the CLI); `on_ready` gets the URL once bound."""
        self._bind()
        if on_ready is not None:
            on_ready(self.url)
        try:
            self._server.serve_forever()
        finally:
            self._close()

    def stop(self) -> None:
        if self._server is None:
            return
        self._server.shutdown()
        if self._thread is not None:
            self._thread.join(timeout=10)
        self._close()

    def restart(self) -> str:
        """Stop and start again on the same port with a fresh app: only what is in SQLite survives."""
        self.stop()
        return self.start()

    def __enter__(self) -> SandboxServer:
        self.start()
        return self

    def __exit__(self, *_exc) -> None:
        self.stop()

    def _bind(self) -> None:
        app = create_sandbox_app(self.db_path, self.deployment, self.user, self.token, **self._app_options)
        self._server = make_server(self.host, self.port, app, threaded=True, request_handler=_QuietHandler)
        self.port = self._server.socket.getsockname()[1]
        sandbox_of(app).base_url = self.url
        sandbox_of(app).base_url_from_request = False

    def _close(self) -> None:
        self._server.server_close()
        close_sandbox(self._server.app)
        self._server = None

    # what tests need
    @property
    def url(self) -> str:
        host = "127.0.0.1" if self.host in ("0.0.0.0", "") else self.host  # noqa: S104 - only naming the address
        return f"http://{host}:{self.port}"

    @property
    def jira(self) -> SandboxJira:
        if self._server is None:
            raise RuntimeError("the sandbox Jira is not running; call start() first")
        return sandbox_of(self._server.app)

    def issues(self) -> list[dict]:
        """Every issue as REST v2 would return it (id, key, fields), oldest first."""
        return [self._issue_json(issue) for issue in self.jira.store.issues()]

    def issue(self, key: str) -> dict | None:
        found = self.jira.store.issue(key)
        return None if found is None else self._issue_json(found)

    def comments(self, key: str) -> list[dict]:
        found = self.jira.store.issue(key)
        return [] if found is None else [self.jira.renderer().comment(c) for c in self.jira.store.comments(found["id"])]

    def set_faults(self, spec: FaultSpec | str | None) -> FaultSpec:
        """Change faults at run time; None or "" switches them off."""
        self._app_options["faults"] = spec
        return self.jira.faults.set(spec)

    def set_webhook(self, url: str | None, secret: str | None = None) -> None:
        self._app_options.update(webhook_url=url, webhook_secret=secret)
        self.jira.hooks.configure(url, secret)

    def wait_for_webhooks(self, timeout: float = 10.0) -> bool:
        """True once every webhook fired so far was delivered (or given up on)."""
        return self.jira.hooks.wait_idle(timeout)

    @property
    def webhook_attempts(self) -> list[Attempt]:
        return list(self.jira.hooks.attempts)

    # acting as IT (same code path as the IT view)
    def comment(self, key: str, body: str) -> str:
        return it_actions.comment(self.jira, key, body)["id"]

    def edit_comment(self, key: str, comment_id: str, body: str) -> None:
        it_actions.edit_comment(self.jira, key, comment_id, body)

    def delete_comment(self, key: str, comment_id: str) -> None:
        it_actions.delete_comment(self.jira, key, comment_id)

    def edit_summary(self, key: str, summary: str) -> None:
        it_actions.edit_summary(self.jira, key, summary)

    def set_answer(self, key: str, text: str | None) -> None:
        it_actions.set_answer(self.jira, key, text)

    def add_label(self, key: str, label: str) -> None:
        it_actions.add_label(self.jira, key, label)

    def remove_label(self, key: str, label: str) -> None:
        it_actions.remove_label(self.jira, key, label)

    def resolve(self, key: str, resolution: str = "Done") -> None:
        it_actions.resolve(self.jira, key, resolution)

    def start_progress(self, key: str) -> None:
        it_actions.start_progress(self.jira, key)

    def reopen(self, key: str) -> None:
        it_actions.reopen(self.jira, key)

    def delete(self, key: str) -> None:
        it_actions.delete(self.jira, key)

    def _issue_json(self, issue: dict) -> dict:
        return issue_json(self.jira.renderer(), issue, self.jira.fields_of(issue))
