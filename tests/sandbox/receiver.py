"""A webhook receiver for the tests: records every delivery and answers with the statuses it is told."""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass

from werkzeug.serving import WSGIRequestHandler, make_server


class _Quiet(WSGIRequestHandler):
    def log_request(self, *args, **kwargs) -> None:
        pass


@dataclass(frozen=True)
class Received:
    headers: dict[str, str]
    body: bytes

    @property
    def json(self) -> dict:
        return json.loads(self.body)


class WebhookReceiver:
    def __init__(self) -> None:
        self.received: list[Received] = []
        self.answers: list[int] = []  # statuses to answer with, in order; 200 once used up
        self.delays: list[float] = []  # seconds to wait before answering, in order; none once used up
        self._changed = threading.Condition()
        self._server = make_server("127.0.0.1", 0, self._app, threaded=True, request_handler=_Quiet)
        self.url = f"http://127.0.0.1:{self._server.socket.getsockname()[1]}/webhooks/jira"
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05},
                                        daemon=True)
        self._thread.start()

    def _app(self, environ, start_response):
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(length)
        headers = {k[5:].replace("_", "-").title(): v for k, v in environ.items() if k.startswith("HTTP_")}
        with self._changed:
            self.received.append(Received(headers, body))
            status = self.answers.pop(0) if self.answers else 200
            delay = self.delays.pop(0) if self.delays else 0.0
            self._changed.notify_all()
        time.sleep(delay)  # only to play a slow receiver, so the sender's timeout fires
        start_response(f"{status} X", [("Content-Type", "text/plain")])
        return [b"ok"]

    def wait_for(self, count: int, timeout: float = 10.0) -> list[Received]:
        with self._changed:
            if not self._changed.wait_for(lambda: len(self.received) >= count, timeout=timeout):
                raise AssertionError(f"expected {count} webhook deliveries, got {len(self.received)}")
            return list(self.received)

    def events(self) -> list[tuple[str, str | None]]:
        return [(r.json["webhookEvent"], r.json.get("issue_event_type_name")) for r in self.received]

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)
