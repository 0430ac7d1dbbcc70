"""Saved filters in the sandbox: update, sharing, and Jira's answers for what it refuses."""

from __future__ import annotations

import requests

from tests.sandbox.openapi import problems

PROJECT_SHARE = [{"type": "project", "project": {"id": "10000"}}]


def _call(server, method: str, path: str, body: dict | None = None) -> requests.Response:
    return requests.request(method, f"{server.url}/rest/api/2/{path}", json=body, auth=(server.user, server.token),
                            timeout=5)


def _create(server, name: str = "Team KCC", **extra) -> dict:
    response = _call(server, "POST", "filter", {"name": name, "jql": "labels = team-kcc", "favourite": True, **extra})
    assert response.status_code == 200, response.text
    return response.json()


def test_cloud_shares_on_create_and_data_center_ignores_it(any_jira):
    saved = _create(any_jira, sharePermissions=PROJECT_SHARE)

    shares = [(s["type"], s.get("project", {}).get("key")) for s in saved["sharePermissions"]]
    assert shares == ([("project", "ZAAK")] if any_jira.deployment == "cloud" else [])
    assert problems("Filter", saved) == []


def test_share_permission_is_added_once_and_everyone_replaces_the_rest(any_jira):
    saved = _create(any_jira)
    path = f"filter/{saved['id']}/permission"

    first = _call(any_jira, "POST", path, {"type": "project", "projectId": "10000"})
    again = _call(any_jira, "POST", path, {"type": "project", "projectId": "10000"})
    everyone = _call(any_jira, "POST", path, {"type": "authenticated"})

    assert (first.status_code, [s["type"] for s in first.json()]) == (201, ["project"])
    assert again.json() == first.json()
    assert [s["type"] for s in everyone.json()] == ["loggedin"]
    assert [s["type"] for s in _call(any_jira, "GET", path).json()] == ["loggedin"]
    assert _call(any_jira, "POST", path, {"type": "project", "projectId": "99"}).status_code == 400


def test_update_changes_what_is_sent_and_keeps_the_rest(cloud):
    saved = _create(cloud, description="vragen van KCC", sharePermissions=PROJECT_SHARE)

    response = _call(cloud, "PUT", f"filter/{saved['id']}", {"name": "Team KCC", "jql": "labels = team-kcc-2"})

    assert response.status_code == 200
    updated = response.json()
    assert (updated["jql"], updated["description"]) == ("labels = team-kcc-2", "vragen van KCC")
    assert updated["sharePermissions"] == saved["sharePermissions"]
    assert _call(cloud, "GET", f"filter/{saved['id']}").json()["jql"] == "labels = team-kcc-2"


def test_update_refuses_what_jira_refuses(cloud):
    kcc, other = _create(cloud), _create(cloud, "Team Burgerzaken")

    taken = _call(cloud, "PUT", f"filter/{other['id']}", {"name": "team kcc"})
    nameless = _call(cloud, "PUT", f"filter/{kcc['id']}", {"jql": "labels = x"})
    bad_jql = _call(cloud, "PUT", f"filter/{kcc['id']}", {"name": "Team KCC", "jql": "labelz = x"})
    gone = _call(cloud, "PUT", "filter/99999", {"name": "Weg"})

    assert (taken.status_code, list(taken.json()["errors"])) == (400, ["filterName"])
    assert (nameless.status_code, list(nameless.json()["errors"])) == (400, ["filterName"])
    assert bad_jql.status_code == 400 and "labelz" in bad_jql.json()["errorMessages"][0]
    assert gone.status_code == 400 and "not available to you" in gone.json()["errorMessages"][0]
    assert _call(cloud, "GET", f"filter/{kcc['id']}").json()["jql"] == "labels = team-kcc"
