"""The sandbox's own admin endpoints (not Jira's): change faults at run time, see webhook attempts.

Same credentials as the REST API. `POST /_sandbox/faults` takes a spec string (text/plain or
`{"spec": "..."}`) or the settings as a JSON object; an empty spec switches faults off.
"""

from __future__ import annotations

from dataclasses import asdict

from flask import Blueprint, current_app, jsonify, request

from connector.sandbox.errors import JiraApiError
from connector.sandbox.faults import FaultSpec, FaultSpecError
from connector.sandbox.guard import authenticate

bp = Blueprint("sandbox_admin", __name__, url_prefix="/_sandbox")


@bp.before_request
def _authenticated():
    return authenticate(current_app.extensions["sandbox"])


@bp.get("/faults")
def get_faults():
    return jsonify(current_app.extensions["sandbox"].faults.spec.to_dict())


@bp.post("/faults")
def set_faults():
    try:
        spec = _spec_from_request()
    except FaultSpecError as problem:
        raise JiraApiError(400, [str(problem)], {"faults": str(problem)}) from None
    return jsonify(current_app.extensions["sandbox"].faults.set(spec).to_dict())


@bp.get("/webhooks")
def webhook_attempts():
    return jsonify([asdict(a) for a in current_app.extensions["sandbox"].hooks.attempts])


def _spec_from_request() -> FaultSpec:
    if request.is_json:
        body = request.get_json(silent=True)
        if isinstance(body, dict) and set(body) == {"spec"}:
            return FaultSpec.parse(body["spec"])
        if isinstance(body, dict):
            return FaultSpec.from_dict(body)
        raise FaultSpecError("send {\"spec\": \"error5xx=0.1,seed=7\"} or the settings as a JSON object")
    return FaultSpec.parse(request.get_data(as_text=True))
