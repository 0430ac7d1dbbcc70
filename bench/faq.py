"""FAQ outputs: an FAQ of 10,000 entries.

Targets: all five exports (html, json, md, csv, atom) written in under 2 s in total, and
/faq.json served in under 200 ms, both the first time after a change (one query, render) and
from the per-version cache. The floor printed beside it is `json.dumps` of the same entries as
plain dicts: no database, no HTTP. Also shown: how long POST /webhooks/jira takes to answer.

Run: `python -m bench.faq` (or `make bench`).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert

from faq.entries import bump_version, published_items
from faq.export import export_faq
from faq.markup import markdown_to_html, wiki_to_markdown
from faq.renderers import FORMATS, jsonfile
from faq.view import FaqView
from store.models import FaqEntry, Question
from voelspriet.config import load_settings
from voelspriet.runtime import Runtime, build_runtime

ENTRIES = 10_000
EXPORT_TARGET = 2.0
SERVE_TARGET = 0.2
SECRET = "bench-webhook-secret"  # noqa: S105 - a throw-away secret for the local benchmark
ANSWER = """Open de zaak en kies *Overdragen*. Let op:
* alleen zaken met status _In behandeling_
* de nieuwe behandelaar krijgt een melding

Zie de [handleiding|https://intranet.example/zaaksysteem/overdragen] of bel de servicedesk ({{1234}})."""


def _runtime(folder: Path) -> Runtime:
    env = {"VOELSPRIET_SECRET_KEY": "bench" * 8, "VOELSPRIET_JIRA_URL": "https://jira.example.test",
           "VOELSPRIET_WEBHOOK_SECRET": SECRET, "VOELSPRIET_PUBLIC_URL": "https://voelspriet.example.test"}
    return build_runtime(load_settings(env, instance_path=folder / "instance"), upgrade=True)


def _seed(runtime: Runtime) -> None:
    markdown = wiki_to_markdown(ANSWER)
    html = markdown_to_html(markdown)
    teams, themes, phases = runtime.mappings.teams, runtime.mappings.themes, runtime.mappings.phases
    start = datetime(2027, 2, 1, tzinfo=UTC)
    rows = [{
        "jira_issue_id": str(100_000 + n), "jira_key": f"ZAAK-{n}",
        "summary": f"Hoe draag ik zaak {n} over naar een collega van een ander team?",
        "answer_markdown": markdown, "answer_html": html, "team": teams[n % len(teams)].slug,
        "theme": themes[n % len(themes)].slug, "phase": phases[n % len(phases)].slug, "published": True,
        "first_published_at": start + timedelta(minutes=n), "updated_at": start + timedelta(minutes=n),
    } for n in range(ENTRIES)]
    with runtime.db.transaction() as session:
        session.execute(insert(FaqEntry), rows)
        bump_version(session)


def _exports(runtime: Runtime, folder: Path) -> float:
    started = time.perf_counter()
    export_faq(runtime, folder)
    total = time.perf_counter() - started
    view = FaqView(published_items(runtime.db), runtime.mappings, runtime.settings.jira_url or "")
    for name, fmt in FORMATS.items():
        one = time.perf_counter()
        size = len(fmt.render(view))
        print(f"  render {name:<5} {time.perf_counter() - one:6.3f} s  {size / 1e6:5.1f} MB")
    return total


def _serve_json(runtime: Runtime) -> tuple[float, float]:
    from webhooks.app import create_app

    client = create_app(runtime).test_client()
    started = time.perf_counter()
    first = client.get("/faq.json")
    cold = time.perf_counter() - started
    assert first.status_code == 200 and first.get_json()["count"] == ENTRIES
    warm = []
    for _ in range(20):
        started = time.perf_counter()
        client.get("/faq.json")
        warm.append(time.perf_counter() - started)
    return cold, statistics.median(warm)


def _floor(runtime: Runtime) -> float:
    view = FaqView(published_items(runtime.db), runtime.mappings, runtime.settings.jira_url or "")
    entries = [jsonfile.entry(view, item) for item in view.ordered]
    started = time.perf_counter()
    json.dumps(entries, ensure_ascii=False)
    return time.perf_counter() - started


def _webhook_latency(runtime: Runtime, deliveries: int = 200) -> tuple[float, float]:
    from webhooks.app import create_app

    with runtime.db.transaction() as session:
        session.add(Question(id="q_bench", tracking_token="t" * 32, team="kcc", theme="koppelingen",
                             phase="livegang", urgency="normaal", jira_id="100001", jira_key="ZAAK-1"))
    client = create_app(runtime).test_client()
    timings = []
    for n in range(deliveries):
        body = json.dumps({"webhookEvent": "comment_created", "timestamp": n,
                           "issue": {"id": str(100_001 + n % 50)}, "comment": {"id": str(n)}}).encode()
        signature = "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
        started = time.perf_counter()
        response = client.post("/webhooks/jira", data=body, headers={"X-Hub-Signature": signature,
                                                                     "X-Atlassian-Webhook-Identifier": f"b-{n}"})
        timings.append(time.perf_counter() - started)
        assert response.status_code in (200, 202), response.get_data(as_text=True)
    timings.sort()
    return statistics.median(timings), timings[int(len(timings) * 0.95)]


def main() -> bool:
    logging.disable(logging.INFO)  # one log line per request would measure the terminal
    try:
        with tempfile.TemporaryDirectory() as tmp:
            runtime = _runtime(Path(tmp))
            try:
                _seed(runtime)
                print(f"FAQ of {ENTRIES:,} entries (SQLite)")
                export_total = _exports(runtime, Path(tmp) / "export")
                cold, warm = _serve_json(runtime)
                floor = _floor(runtime)
                median, p95 = _webhook_latency(runtime)
            finally:
                runtime.close()
    finally:
        logging.disable(logging.NOTSET)
    print(f"all five exports written:  {export_total:6.3f} s   (target < {EXPORT_TARGET} s)")
    print(f"/faq.json first after a change: {cold * 1000:6.1f} ms   (target < {SERVE_TARGET * 1000:.0f} ms)")
    print(f"/faq.json from the cache:   {warm * 1000:6.1f} ms")
    print(f"floor, json.dumps of the same entries: {floor * 1000:6.1f} ms  "
          f"→ served first/cached = {cold / floor:4.1f}× / {warm / floor:4.2f}× the floor")
    print(f"POST /webhooks/jira answered in {median * 1000:.1f} ms (median), {p95 * 1000:.1f} ms (95th pct.)")
    return export_total < EXPORT_TARGET and cold < SERVE_TARGET and warm < SERVE_TARGET


if __name__ == "__main__":
    raise SystemExit(0 if main() else 1)
