"""Before any REST request: injected faults first (they come from Jira's edge), then authentication.

Cloud accepts HTTP basic auth with the account e-mail and API token; Data Center accepts a
personal access token as `Bearer` (and basic auth). Anything else is a 401 in Jira's shape.
"""

from __future__ import annotations

import hmac
import time
from datetime import UTC, datetime, timedelta

from flask import Response, request

from connector.sandbox.errors import error_response
from connector.sandbox.faults import DROP_KEY
from connector.sandbox.service import SandboxJira

ANONYMOUS_OK = ("/serverInfo",)


def guard(sandbox: SandboxJira) -> Response | None:
    if not request.path.startswith("/rest/"):
        return None
    if sandbox.base_url_from_request:
        sandbox.base_url = request.host_url.rstrip("/")
    return _fault(sandbox) or authenticate(sandbox)


def _fault(sandbox: SandboxJira) -> Response | None:
    latency, kind = sandbox.faults.decide(request.method)
    if latency:
        time.sleep(latency)
    if kind == "error5xx":
        return error_response(503, ["Service Unavailable: the sandbox Jira is injecting faults."])
    if kind == "rate429":
        return _rate_limited(sandbox.faults.spec.retry_after)
    if kind in ("drop", "create_then_drop"):
        request.get_data()  # read the body so the client finishes sending before the socket closes
        request.environ[DROP_KEY] = True
        if kind == "drop":
            return Response(status=500)  # never sent: DropConnections closes the socket instead
    return None


def _rate_limited(retry_after: int) -> Response:
    reset = (datetime.now(UTC) + timedelta(seconds=retry_after)).strftime("%Y-%m-%dT%H:%MZ")
    return error_response(429, ["Rate limit exceeded."], headers={
        "Retry-After": str(retry_after), "X-RateLimit-Limit": "100", "X-RateLimit-Remaining": "0",
        "X-RateLimit-Reset": reset, "RateLimit-Reason": "jira-burst-based"})


def authenticate(sandbox: SandboxJira) -> Response | None:
    auth = request.authorization
    if auth is None:
        if request.method == "GET" and request.path.endswith(ANONYMOUS_OK):
            return None
        return _unauthorized("AUTHENTICATION_DENIED")
    if auth.type == "basic":
        ok = _same(auth.username, sandbox.user) and _same(auth.password, sandbox.token)
    elif auth.type == "bearer" and not sandbox.cloud:
        ok = _same(auth.token, sandbox.token)
    else:
        ok = False
    return None if ok else _unauthorized("AUTHENTICATED_FAILED")


def _same(given: str | None, expected: str) -> bool:
    return given is not None and hmac.compare_digest(given.encode(), expected.encode())


def _unauthorized(reason: str) -> Response:
    return error_response(401, ["You are not authenticated. Authentication required to perform this operation."],
                          headers={"X-Seraph-LoginReason": reason, "WWW-Authenticate": 'Basic realm="protected-area"'})
