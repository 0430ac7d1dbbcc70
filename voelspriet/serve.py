"""`voelspriet serve`: gunicorn in front of the app, an outbox worker thread in each process.

Several worker threads (one per gunicorn process, or more instances) are safe: jobs are claimed
with a lease in the database, so each job has exactly one owner at a time.
"""

from __future__ import annotations

import logging

from gunicorn.app.base import BaseApplication

from voelspriet.log import event
from voelspriet.runtime import Runtime, build_runtime

log = logging.getLogger(__name__)

# gunicorn's own lines in the same one-JSON-object-per-line shape as everything else.
GUNICORN_LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "voelspriet.log.JsonFormatter"}},
    "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stderr"}},
    "root": {"level": "INFO", "handlers": ["stderr"]},
    "loggers": {
        "gunicorn.error": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
        "gunicorn.access": {"handlers": ["stderr"], "level": "WARNING", "propagate": False},
    },
}


class VoelsprietServer(BaseApplication):
    def __init__(self, runtime: Runtime, host: str, port: int, with_worker: bool, processes: int = 2) -> None:
        self.runtime = runtime
        self.with_worker = with_worker
        self.bind = f"{host}:{port}"
        self.processes = processes
        super().__init__()

    def load_config(self) -> None:
        self.cfg.set("bind", self.bind)
        self.cfg.set("workers", self.processes)
        self.cfg.set("threads", 8)
        self.cfg.set("worker_class", "gthread")
        self.cfg.set("timeout", 60)
        self.cfg.set("graceful_timeout", 20)
        self.cfg.set("accesslog", None)
        self.cfg.set("logconfig_dict", GUNICORN_LOGGING)
        self.cfg.set("post_worker_init", self._post_worker_init)
        self.cfg.set("worker_exit", self._worker_exit)

    def load(self):
        from webhooks.app import create_app

        # Each gunicorn process gets its own engine: connections must not cross a fork.
        runtime = build_runtime(self.runtime.settings, self.runtime.mappings)
        return create_app(runtime)

    def _post_worker_init(self, worker) -> None:
        if not self.with_worker:
            return
        from connector.worker import start_worker_thread

        runtime = worker.wsgi.extensions["voelspriet"]
        worker.outbox_stop = start_worker_thread(runtime)
        event(log, "outbox_worker_thread_started", pid=worker.pid)

    def _worker_exit(self, server, worker) -> None:
        stop = getattr(worker, "outbox_stop", None)
        if stop is not None:
            stop()


def serve(runtime: Runtime, host: str, port: int, with_worker: bool) -> None:
    """Serve until stopped; the caller has checked the settings and migrated the database."""
    runtime.db.dispose()  # the master keeps no connection across the fork
    event(log, "serving", bind=f"{host}:{port}", outbox_worker=with_worker)
    VoelsprietServer(runtime, host, port, with_worker).run()
