"""A tiny Jira on 127.0.0.1 for tests that start real worker processes, and for the benchmark.

It records creates (single and bulk), answers searches with every issue it holds, takes
attachments, and can be slowed down: `latency` before every answer, and `create_delay` *after*
a create was stored and before it is answered (the case where a killed or timed-out client
never learns that Jira made the issue).
"""

from __future__ import annotations

import json
import re
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

PROJECT = {"id": "10000", "key": "ZAAK", "issueTypes": [{"id": "10001", "name": "Task", "subtask": False}]}
PRIORITIES = [{"id": str(i), "name": n} for i, n in enumerate(["Highest", "High", "Medium", "Low", "Lowest"], 1)]
FIELDS = [
    {"id": "summary", "name": "Summary", "custom": False, "schema": {"type": "string", "system": "summary"}},
    {"id": "customfield_10010", "name": "Team", "custom": True, "schema": {"type": "option"}},
    {"id": "customfield_10011", "name": "Thema", "custom": True, "schema": {"type": "option"}},
    {"id": "customfield_10012", "name": "Fase", "custom": True, "schema": {"type": "option"}},
    {"id": "customfield_10013", "name": "FAQ-antwoord", "custom": True, "schema": {"type": "string"}},
]


class FakeJira:
    def __init__(self, latency: float = 0.0) -> None:
        self.latency = latency
        self.create_delay = 0.0
        self.issues: list[dict[str, Any]] = []
        self.attachments: dict[str, list[dict[str, Any]]] = {}
        self.requests: list[tuple[str, str]] = []
        self.create_started = threading.Event()
        self.lock = threading.Lock()
        self._server = _QuietServer(("127.0.0.1", 0), _handler_for(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def __enter__(self) -> FakeJira:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def count(self, method: str, path_prefix: str) -> int:
        with self.lock:
            return sum(1 for m, p in self.requests if m == method and p.startswith(path_prefix))

    def store(self, fields: dict[str, Any]) -> dict[str, str]:
        with self.lock:
            number = len(self.issues) + 1
            issue = {"id": str(20000 + number), "key": f"ZAAK-{number}", "fields": fields}
            self.issues.append(issue)
        return {"id": issue["id"], "key": issue["key"], "self": f"{self.url}/rest/api/2/issue/{issue['id']}"}

    def question_ids(self) -> list[str]:
        """The marker of every stored issue, duplicates included."""
        with self.lock:
            return [m.group(0) for i in self.issues if (m := re.search(r"q_[0-9a-f]{16}", i["fields"]["description"]))]


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    jira: FakeJira  # set per server by `_handler_for`

    def setup(self) -> None:
        super().setup()
        # headers and body go out in two writes: without this, Nagle's algorithm and the
        # client's delayed ACK add ~40 ms to every answer
        self.request.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def log_message(self, *args: object) -> None:  # keep test output quiet
        pass

    def _send(self, status: int, body: Any) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _body(self) -> bytes:
        return self.rfile.read(int(self.headers.get("Content-Length") or 0))

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        self.jira.requests.append(("GET", url.path))
        time.sleep(self.jira.latency)
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        fixed = {"/rest/api/2/project/ZAAK": PROJECT, "/rest/api/2/priority": PRIORITIES,
                 "/rest/api/2/field": FIELDS, "/rest/api/2/serverInfo": {"deploymentType": "Cloud"},
                 "/rest/api/2/myself": {"displayName": "Voelspriet bot"}}
        if url.path in fixed:
            return self._send(200, fixed[url.path])
        if url.path in ("/rest/api/3/search/jql", "/rest/api/2/search"):
            return self._send(200, self._search(query))
        match = re.fullmatch(r"/rest/api/2/issue/(\d+)", url.path)
        if match:
            return self._send(200, {"id": match.group(1),
                                    "fields": {"attachment": self.jira.attachments.get(match.group(1), [])}})
        self._send(404, {"errorMessages": [f"no route {url.path}"], "errors": {}})

    def _search(self, query: dict[str, str]) -> dict[str, Any]:
        start = int(query.get("nextPageToken") or query.get("startAt") or 0)
        size = int(query.get("maxResults") or 50)
        with self.jira.lock:
            page = [{"id": i["id"], "key": i["key"], "fields": {"description": i["fields"]["description"]}}
                    for i in self.jira.issues[start:start + size]]
            total = len(self.jira.issues)
        last = start + size >= total
        return {"issues": page, "isLast": last, "startAt": start, "total": total,
                **({} if last else {"nextPageToken": str(start + size)})}

    def do_POST(self) -> None:
        path = urlsplit(self.path).path
        self.jira.requests.append(("POST", path))
        body = self._body()
        time.sleep(self.jira.latency)
        if path == "/rest/api/2/issue":
            created = self.jira.store(json.loads(body)["fields"])
            return self._answer_create(201, created)
        if path == "/rest/api/2/issue/bulk":
            updates = json.loads(body)["issueUpdates"]
            created = [self.jira.store(u["fields"]) for u in updates]
            return self._answer_create(201, {"issues": created, "errors": []})
        match = re.fullmatch(r"/rest/api/2/issue/(\d+)/attachments", path)
        if match:
            filename, content = _file_part(body, self.headers.get("Content-Type", ""))
            entry = {"id": str(30000 + len(self.jira.attachments)), "filename": filename, "size": len(content)}
            self.jira.attachments.setdefault(match.group(1), []).append(entry)
            return self._send(200, [entry])
        self._send(404, {"errorMessages": [f"no route {path}"], "errors": {}})

    def _answer_create(self, status: int, body: Any) -> None:
        self.jira.create_started.set()
        if self.jira.create_delay:
            time.sleep(self.jira.create_delay)  # stored already: a client killed now never learns the key
        self._send(status, body)


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a client killed mid-request is what some tests do on purpose


def _handler_for(jira: FakeJira) -> type[BaseHTTPRequestHandler]:
    return type("Handler", (_Handler,), {"jira": jira})


def _file_part(body: bytes, content_type: str) -> tuple[str, bytes]:
    boundary = content_type.partition("boundary=")[2].encode()
    for part in body.split(b"--" + boundary):
        head, _, content = part.partition(b"\r\n\r\n")
        name = re.search(rb'name="file"; filename="([^"]*)"', head)
        if name:
            return name.group(1).decode(), content.removesuffix(b"\r\n")
    return "?", b""
