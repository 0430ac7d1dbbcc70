"""Injected faults look to a client like a struggling real Jira, and repeat exactly with a seed."""

from __future__ import annotations

import time

import pytest
import requests

from connector.sandbox.faults import FaultInjector, FaultSpec, FaultSpecError
from tests.sandbox.conftest import question_fields

pytestmark = pytest.mark.e2e


def _create(server, summary: str = "vraag") -> requests.Response:
    return requests.post(f"{server.url}/rest/api/2/issue", json={"fields": question_fields(summary)},
                         auth=(server.user, server.token), timeout=5)


def test_dropped_connection_is_a_connection_error_and_creates_nothing(cloud):
    cloud.set_faults("drop=1")
    with pytest.raises(requests.ConnectionError):
        _create(cloud)
    assert cloud.issues() == []


def test_create_then_drop_makes_the_issue_but_the_answer_never_arrives(cloud):
    cloud.set_faults("create_then_drop=1")
    with pytest.raises(requests.ConnectionError):
        _create(cloud, "Komt deze aan?")
    assert [i["fields"]["summary"] for i in cloud.issues()] == ["Komt deze aan?"]


def test_rate_limit_is_429_with_retry_after(cloud):
    cloud.set_faults("rate429=1,retry_after=7")
    response = _create(cloud)
    assert response.status_code == 429
    assert response.headers["Retry-After"] == "7"
    assert response.json()["errorMessages"] == ["Rate limit exceeded."]
    assert cloud.issues() == []


def test_server_error_is_503(cloud):
    cloud.set_faults("error5xx=1")
    response = _create(cloud)
    assert response.status_code == 503
    assert cloud.issues() == []


def test_faults_hit_writes_only_unless_scope_all(cloud):
    cloud.set_faults("error5xx=1")
    read = requests.get(f"{cloud.url}/rest/api/2/myself", auth=(cloud.user, cloud.token), timeout=5)
    assert read.status_code == 200
    cloud.set_faults("error5xx=1,scope=all")
    read = requests.get(f"{cloud.url}/rest/api/2/myself", auth=(cloud.user, cloud.token), timeout=5)
    assert read.status_code == 503


def test_latency_delays_the_answer(cloud):
    cloud.set_faults("latency=300ms")
    started = time.monotonic()
    assert _create(cloud).status_code == 201
    assert time.monotonic() - started >= 0.3


def _outcomes(server, count: int) -> list[str]:
    outcomes = []
    for n in range(count):
        try:
            outcomes.append(str(_create(server, f"q{n}").status_code))
        except requests.ConnectionError:
            outcomes.append("dropped")
    return outcomes


def test_the_same_seed_gives_the_same_faults(cloud):
    spec = "error5xx=0.2,rate429=0.2,drop=0.1,create_then_drop=0.1,seed=7"
    cloud.set_faults(spec)
    first = _outcomes(cloud, 20)
    cloud.set_faults(spec)
    second = _outcomes(cloud, 20)
    assert first == second
    assert {"201", "503", "429", "dropped"} <= set(first)


def test_faults_can_be_changed_over_http(cloud):
    url = f"{cloud.url}/_sandbox/faults"
    assert requests.post(url, data="error5xx=1", timeout=5).status_code == 401
    response = requests.post(url, json={"spec": "error5xx=1,seed=3"}, auth=(cloud.user, cloud.token), timeout=5)
    assert response.json()["error5xx"] == 1.0
    assert _create(cloud).status_code == 503
    requests.post(url, json={"spec": ""}, auth=(cloud.user, cloud.token), timeout=5)
    assert _create(cloud).status_code == 201


def test_bad_fault_spec_over_http_is_400(cloud):
    response = requests.post(f"{cloud.url}/_sandbox/faults", json={"spec": "explode=1"},
                             auth=(cloud.user, cloud.token), timeout=5)
    assert response.status_code == 400
    assert "unknown fault setting 'explode'" in response.json()["errorMessages"][0]


def test_spec_parsing():
    spec = FaultSpec.parse("latency=50ms,error5xx=0.1,rate429=0.1,retry_after=2,drop=0.05,create_then_drop=0.05,"
                           "seed=7,scope=all")
    assert (spec.latency, spec.retry_after, spec.seed, spec.scope) == (0.05, 2, 7, "all")
    for bad in ("error5xx=2", "drop=0.6,error5xx=0.6", "scope=reads", "seed=x", "latency"):
        with pytest.raises(FaultSpecError):
            FaultSpec.parse(bad)


def test_injector_counts_what_it_injected():
    injector = FaultInjector("error5xx=1")
    assert injector.decide("GET") == (0.0, None)
    assert injector.decide("POST") == (0.0, "error5xx")
    assert injector.injected["error5xx"] == 1
