"""Faults a real Jira shows under load, injected on purpose and reproducibly (seeded).

Spec: `latency=50ms,error5xx=0.1,rate429=0.1,retry_after=1,drop=0.05,create_then_drop=0.05,seed=7,scope=writes`
(plus `search_lag=2s`: new issues stay out of search results that long, as Jira's index lags).
One random draw per request in scope decides between 503, 429 (with Retry-After), a dropped
connection before any work, and a dropped connection after the work is committed. Writes
(POST/PUT/DELETE) are in scope by default; `scope=all` adds reads.
"""

from __future__ import annotations

import contextlib
import random
import socket
import threading
from collections import Counter
from dataclasses import asdict, dataclass, fields

DROP_KEY = "sandbox.drop_connection"
KINDS = ("error5xx", "rate429", "drop", "create_then_drop")
WRITES = frozenset({"POST", "PUT", "DELETE", "PATCH"})


class FaultSpecError(ValueError):
    pass


@dataclass(frozen=True)
class FaultSpec:
    latency: float = 0.0  # seconds added to every request in scope
    error5xx: float = 0.0
    rate429: float = 0.0
    retry_after: int = 1
    drop: float = 0.0
    create_then_drop: float = 0.0
    seed: int | None = None
    scope: str = "writes"
    search_lag: float = 0.0  # seconds a new issue stays invisible to search, like Jira's index

    @classmethod
    def parse(cls, text: str | None) -> FaultSpec:
        values: dict[str, object] = {}
        for part in filter(None, (p.strip() for p in (text or "").split(","))):
            name, sep, raw = part.partition("=")
            values[name.strip()] = _value(name.strip(), raw.strip(), sep)
        spec = cls(**values)  # type: ignore[arg-type]
        if sum(getattr(spec, kind) for kind in KINDS) > 1:
            raise FaultSpecError("fault probabilities add up to more than 1; "
                                 "lower error5xx/rate429/drop/create_then_drop")
        return spec

    @classmethod
    def from_dict(cls, data: dict) -> FaultSpec:
        return cls.parse(",".join(f"{k}={v}" for k, v in data.items() if v is not None))

    def to_dict(self) -> dict:
        return asdict(self)


def _value(name: str, raw: str, sep: str) -> object:
    known = {f.name for f in fields(FaultSpec)}
    if name not in known or not sep:
        raise FaultSpecError(f"unknown fault setting {name!r}; use name=value with names {', '.join(sorted(known))}")
    try:
        if name in ("latency", "search_lag"):
            return float(raw[:-2]) / 1000 if raw.endswith("ms") else float(raw.removesuffix("s"))
        if name in ("retry_after", "seed"):
            return int(raw)
        if name == "scope":
            if raw not in ("writes", "all"):
                raise ValueError(raw)
            return raw
        probability = float(raw)
    except ValueError:
        raise FaultSpecError(f"fault setting {name}={raw!r} is not valid") from None
    if not 0 <= probability <= 1:
        raise FaultSpecError(f"fault setting {name}={raw} must be a probability between 0 and 1")
    return probability


class FaultInjector:
    """Decides per request which fault (if any) to show; thread-safe, seeded, changeable at run time."""

    def __init__(self, spec: FaultSpec | str | None = None) -> None:
        self._lock = threading.Lock()
        self.injected: Counter[str] = Counter()
        self.set(spec)

    def set(self, spec: FaultSpec | str | None) -> FaultSpec:
        spec = spec if isinstance(spec, FaultSpec) else FaultSpec.parse(spec)
        with self._lock:
            self.spec = spec
            self._random = random.Random(spec.seed)
        return spec

    def decide(self, method: str) -> tuple[float, str | None]:
        """(latency in seconds, fault kind or None) for one request."""
        with self._lock:
            spec = self.spec
            if spec.scope == "writes" and method.upper() not in WRITES:
                return 0.0, None
            draw, threshold = self._random.random(), 0.0
            for kind in KINDS:
                threshold += getattr(spec, kind)
                if draw < threshold:
                    self.injected[kind] += 1
                    return spec.latency, kind
            return spec.latency, None


class DropConnections:
    """WSGI wrapper: when a request was marked, close the socket instead of answering.

    Raising a ConnectionError makes werkzeug's server skip the response; shutting the socket
    down first makes sure the client sees the connection end rather than a kept-alive silence.
    """

    def __init__(self, wsgi_app) -> None:
        self.wsgi_app = wsgi_app

    def __call__(self, environ, start_response):
        result = self.wsgi_app(environ, start_response)
        if not environ.get(DROP_KEY):
            return result
        if hasattr(result, "close"):
            result.close()
        connection = environ.get("werkzeug.socket")
        if connection is not None:
            with contextlib.suppress(OSError):  # the client may have gone first
                connection.shutdown(socket.SHUT_RDWR)
        raise ConnectionAbortedError("sandbox fault: connection dropped without a response")
