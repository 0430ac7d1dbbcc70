"""The outbox worker: claims due jobs, hands them to their handler in batches, settles the results.

It runs as a thread in every `voelspriet serve` process (`start_worker_thread`) and as a process
of its own (`voelspriet worker`, `run_worker_process`); any number may run at once, because each
job is claimed with a lease in the database. A claimed round is handed out as batches (at most
50 per batch, Jira's bulk limit) to a few threads, so one slow Jira call does not hold up the
rest; leases are renewed while the handlers work, and a crashed worker's lease simply runs out.

Handler contract: `handler(runtime, jobs) -> {job_id: None | exception}`, called outside any
transaction with detached rows. None = done; `JiraRetryable` = try again with backoff (honouring
its `retry_after`); anything else = failed, with `str(error)` kept as the job's last error.
"""

from __future__ import annotations

import importlib
import logging
import os
import secrets
import signal
import socket
import threading
import time
import traceback
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from connector.errors import JiraError, JiraRetryable
from store import outbox
from store.models import JobKind, OutboxJob
from voelspriet.config import ConfigError, Settings
from voelspriet.log import event
from voelspriet.runtime import Runtime

log = logging.getLogger(__name__)

Handler = Callable[[Runtime, list[OutboxJob]], dict[int, BaseException | None]]

# Dotted names are imported on first use: the FAQ side provides those modules.
JOB_HANDLERS: dict[str, Handler | str] = {
    JobKind.CREATE_ISSUE: "connector.delivery.deliver_questions",
    JobKind.REFRESH_ISSUE: "faq.refresh.refresh_issues",
    JobKind.NOTIFY_AMBASSADOR: "faq.notify.notify_ambassadors",
}
BATCH_SIZE = 50  # Jira's bulk-create limit
CONCURRENCY = 2  # batches in flight at once per worker


@dataclass(frozen=True)
class PeriodicHook:
    """Work the worker also does every `interval(settings)` seconds (e.g. reconcile with Jira).

    Every running worker runs its hooks, so a hook must be safe to run in several places at once.
    """

    name: str
    target: str | Callable[[Runtime], Any]  # callable or "module.function", called with the runtime
    interval: Callable[[Settings], float]


PERIODIC_HOOKS: list[PeriodicHook] = [
    # Checked every minute at most; reconcile_if_due itself keeps the configured interval across
    # all workers (it reads the time of the last reconcile from the database).
    PeriodicHook("reconcile", "faq.reconcile.reconcile_if_due",
                 lambda settings: min(60.0, settings.reconcile_interval_seconds)),
    # Retention is counted in days: a few runs a day keep the promise.
    PeriodicHook("purge", "voelspriet.privacy.purge", lambda _settings: 6 * 3600.0),
]


class HandlerUnavailable(JiraRetryable):
    """The handler could not run (not importable, or it crashed); the jobs wait and are retried."""


def _resolve(target: str | Callable) -> Callable:
    if callable(target):
        return target
    module, _, name = target.rpartition(".")
    return getattr(importlib.import_module(module), name)


def _where(exc: BaseException) -> str:
    """Where an unexpected error was raised, without its message (which may hold people's text)."""
    frames = traceback.extract_tb(exc.__traceback__)
    return f"{frames[-1].filename}:{frames[-1].lineno} in {frames[-1].name}" if frames else "?"


class Worker:
    def __init__(self, runtime: Runtime, *, worker_id: str | None = None, batch_size: int = BATCH_SIZE,
                 concurrency: int = CONCURRENCY, handlers: dict[str, Handler | str] | None = None,
                 hooks: list[PeriodicHook] | None = None) -> None:
        self.runtime = runtime
        self.id = worker_id or f"{socket.gethostname()[:40]}:{os.getpid()}:{secrets.token_hex(3)}"
        self.batch_size = batch_size
        self.concurrency = concurrency
        self.handlers = JOB_HANDLERS if handlers is None else handlers
        self.hooks = PERIODIC_HOOKS if hooks is None else hooks
        self.lease_seconds = runtime.settings.worker_lease_seconds
        self._pool = ThreadPoolExecutor(max_workers=concurrency, thread_name_prefix="outbox-batch")
        self._hook_due: dict[str, float] = {}

    def close(self) -> None:
        self._pool.shutdown(wait=True)

    # -- one round ------------------------------------------------------------------------------

    def run_once(self) -> int:
        """Claim what is due, deliver it, settle every job; returns how many jobs were handled."""
        jobs = outbox.claim_due(self.runtime.db, self.id, self.batch_size * self.concurrency, self.lease_seconds)
        if not jobs:
            return 0
        with self._leases_kept([job.id for job in jobs]):
            futures = [self._pool.submit(self._dispatch, kind, batch) for kind, batch in self._batches(jobs)]
            for future in futures:
                future.result()
        return len(jobs)

    def _batches(self, jobs: list[OutboxJob]) -> Iterator[tuple[str, list[OutboxJob]]]:
        by_kind: dict[str, list[OutboxJob]] = {}
        for job in jobs:
            by_kind.setdefault(job.kind, []).append(job)
        for kind, same in by_kind.items():
            for start in range(0, len(same), self.batch_size):
                yield kind, same[start:start + self.batch_size]

    def _dispatch(self, kind: str, batch: list[OutboxJob]) -> None:
        try:
            results = _resolve(self.handlers[kind])(self.runtime, batch)
        except Exception as exc:  # a handler bug or missing module must not lose or fail the jobs
            event(log, "outbox_handler_unavailable", logging.ERROR, kind=kind, jobs=len(batch),
                  error=type(exc).__name__, where=_where(exc))
            trouble = HandlerUnavailable(f"the {kind} handler could not run ({type(exc).__name__}); "
                                         "see the worker log")
            results = dict.fromkeys((job.id for job in batch), trouble)
        try:
            self._settle(batch, results)
        except Exception as exc:  # e.g. the database went away: the leases run out, jobs come back
            event(log, "outbox_settle_failed", logging.ERROR, kind=kind, error=type(exc).__name__, where=_where(exc))

    def _settle(self, batch: list[OutboxJob], results: dict[int, BaseException | None]) -> None:
        done = []
        for job in batch:
            outcome = results.get(job.id, HandlerUnavailable("the handler gave no result for this job"))
            if outcome is None:
                done.append(job)
            elif isinstance(outcome, JiraRetryable):
                delay = outbox.reschedule(self.runtime.db, job, str(outcome), outcome.retry_after)
                event(log, "delivery_retry_scheduled", logging.WARNING, job_id=job.id, kind=job.kind,
                      question_id=job.question_id, attempt=job.attempts, delay=round(delay, 1),
                      status=outcome.status, error_keys=list(outcome.error_keys) or None, reason=outcome.summary)
            else:
                outbox.fail(self.runtime.db, job, str(outcome))
                event(log, "delivery_failed", logging.ERROR, job_id=job.id, kind=job.kind,
                      question_id=job.question_id, attempt=job.attempts,
                      status=getattr(outcome, "status", None), error_keys=list(getattr(outcome, "error_keys", ())),
                      reason=outcome.summary if isinstance(outcome, JiraError) else type(outcome).__name__)
        outbox.complete(self.runtime.db, done)

    @contextmanager
    def _leases_kept(self, job_ids: list[int]) -> Iterator[None]:
        stop = threading.Event()

        def renew() -> None:
            while not stop.wait(self.lease_seconds / 3):
                try:
                    outbox.renew(self.runtime.db, job_ids, self.id, self.lease_seconds)
                except Exception as exc:  # the next renewal may work; the lease covers a gap
                    event(log, "outbox_lease_renewal_failed", logging.WARNING, error=type(exc).__name__)

        keeper = threading.Thread(target=renew, name="outbox-lease", daemon=True)
        keeper.start()
        try:
            yield
        finally:
            stop.set()
            keeper.join(timeout=5)

    # -- periodic hooks -------------------------------------------------------------------------

    def run_due_hooks(self) -> None:
        now = time.monotonic()
        for hook in list(self.hooks):
            if now < self._hook_due.get(hook.name, now):
                continue
            self._hook_due[hook.name] = now + hook.interval(self.runtime.settings)
            try:
                _resolve(hook.target)(self.runtime)
            except Exception as exc:
                event(log, "periodic_hook_failed", logging.ERROR, hook=hook.name, error=type(exc).__name__,
                      where=_where(exc))

    # -- the loop -------------------------------------------------------------------------------

    def run(self, stop: threading.Event) -> None:
        """Work until `stop` is set; the round in progress is finished first."""
        try:
            self.runtime.jira  # noqa: B018 - made here, once, before batch threads share it
        except ConfigError as exc:
            event(log, "outbox_worker_not_configured", logging.ERROR, problem=str(exc))
            return
        event(log, "outbox_worker_started", worker=self.id, concurrency=self.concurrency)
        poll = self.runtime.settings.worker_poll_seconds
        try:
            while not stop.is_set():
                try:
                    busy = self.run_once()
                    self.run_due_hooks()
                except Exception as exc:  # database unreachable and the like: wait, then try again
                    event(log, "outbox_worker_error", logging.ERROR, error=type(exc).__name__, where=_where(exc))
                    busy = 0
                    stop.wait(min(30.0, poll * 10))
                if not busy:
                    stop.wait(poll)
        finally:
            self.close()
            event(log, "outbox_worker_stopped", worker=self.id)


def start_worker_thread(runtime: Runtime, **worker_options: Any) -> Callable[[], None]:
    """Run a worker in a background thread; returns the function that stops it (and waits)."""
    stop = threading.Event()
    worker = Worker(runtime, **worker_options)
    thread = threading.Thread(target=worker.run, args=(stop,), name="outbox-worker", daemon=True)
    thread.start()

    def stop_worker(timeout: float = 30.0) -> None:
        stop.set()
        thread.join(timeout)

    return stop_worker


def run_worker_process(runtime: Runtime, **worker_options: Any) -> None:
    """`voelspriet worker`: work until SIGTERM or SIGINT, finishing the round in progress."""
    stop = threading.Event()

    def on_signal(signum: int, _frame: Any) -> None:
        event(log, "outbox_worker_stopping", signal=signal.Signals(signum).name)
        stop.set()
        signal.signal(signum, signal.SIG_DFL)  # a second Ctrl-C stops at once (leases cover the rest)

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    Worker(runtime, **worker_options).run(stop)
