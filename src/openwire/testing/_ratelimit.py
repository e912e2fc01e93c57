"""The local server's rate limits: the API's `x-ratelimit-*` headers on every answer, and a 429
with `Retry-After` once a configured budget of requests or tokens per minute is spent.

Budgets refill evenly, a minute's worth per minute, up to the limit (a request may use one as soon
as enough has refilled, as with the API). Without a configured limit the server still reports
generous ones, and never refuses.
"""

from __future__ import annotations

import json
import math
import threading
import time
from collections.abc import Callable, Mapping

from ._text import count_tokens
from ._wire import Request, Response, error_response

__all__ = ["DEFAULT_LIMITS", "RateLimit", "format_duration", "request_tokens"]

DEFAULT_LIMITS: Mapping[str, int] = {"requests": 30_000, "tokens": 150_000_000}
"""What the server reports when no limit is configured (a high usage tier); never enforced."""

_KINDS = ("requests", "tokens")
_OUTPUT_LIMITS = ("max_completion_tokens", "max_tokens", "max_output_tokens")
_NAMES = {"requests": "requests per min (RPM)", "tokens": "tokens per min (TPM)"}


def format_duration(seconds: float) -> str:
    """A reset time as the API writes it: `"20ms"`, `"1.5s"`, `"6m0s"`, `"1h2m3s"`."""
    if seconds < 1:
        return f"{math.ceil(seconds * 1000)}ms"
    if seconds < 60:
        return f"{math.ceil(seconds * 1000) / 1000:g}s"
    whole = math.ceil(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return (f"{hours}h" if hours else "") + f"{minutes}m{secs}s"


def request_tokens(request: Request) -> int:
    """What a request counts against the token budget: the tokens of the text it sends (the local
    server's own count, words and punctuation marks), plus the most it may write."""
    if request.method != "POST" or not request.body.startswith(b"{"):
        return 0
    try:
        body = json.loads(request.body)
    except ValueError:
        return 0
    if not isinstance(body, dict):
        return 0
    total = 0
    stack: list[object] = [value for name, value in body.items() if name != "model"]
    while stack:
        value = stack.pop()
        if isinstance(value, str):
            total += count_tokens(value)
        elif isinstance(value, dict):
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
    for name in _OUTPUT_LIMITS:
        limit = body.get(name)
        if isinstance(limit, int) and not isinstance(limit, bool):
            return total + limit
    return total


class RateLimit:
    """The budgets of a local server: what it reports, and what it enforces.

    Args:
        requests: requests per minute to enforce (None: report the default, never refuse).
        tokens: tokens per minute to enforce (None: likewise).
        clock: the time source in seconds; a test passes a fake one to move time by hand.
    """

    def __init__(
        self,
        requests: int | None = None,
        tokens: int | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        given: dict[str, object] = {"requests": requests, "tokens": tokens}
        for kind, value in given.items():
            if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 1):
                raise ValueError(f"the {kind} limit must be a whole number of at least 1, not {value!r}")
        self.enforced = frozenset(kind for kind, value in given.items() if value is not None)
        self.limits = {
            "requests": requests or DEFAULT_LIMITS["requests"],
            "tokens": tokens or DEFAULT_LIMITS["tokens"],
        }
        self.refused = 0
        """How many requests it answered with a 429."""
        self._clock = clock
        self._lock = threading.Lock()
        self.restart()

    @classmethod
    def of(cls, limits: Mapping[str, int] | None) -> RateLimit:
        """From `LocalServer(rate_limits={"requests": 60, "tokens": 10_000})`."""
        limits = dict(limits or {})
        unknown = set(limits) - set(_KINDS)
        if unknown:
            raise ValueError(
                f"unknown rate limit(s) {', '.join(sorted(unknown))}; give 'requests' and/or 'tokens' "
                "(per minute)"
            )
        return cls(limits.get("requests"), limits.get("tokens"))

    def restart(self) -> None:
        """Full budgets, as for a fresh server."""
        with self._lock:
            self._levels = {kind: float(self.limits[kind]) for kind in _KINDS}
            self._stamp = self._clock()

    def _refill(self) -> None:
        now = self._clock()
        elapsed = max(0.0, now - self._stamp)
        self._stamp = max(self._stamp, now)
        for kind in _KINDS:
            self._levels[kind] = min(self.limits[kind], self._levels[kind] + elapsed * self.limits[kind] / 60)

    def admit(self, request: Request) -> Response | None:
        """Take the request's share of the budgets, or refuse it with a 429 if an enforced one
        cannot cover it (it then takes nothing)."""
        cost = {"requests": 1, "tokens": request_tokens(request)}
        with self._lock:
            self._refill()
            for kind in _KINDS:
                # A request larger than the whole budget waits for all of it.
                need = min(cost[kind], self.limits[kind])
                if kind in self.enforced and self._levels[kind] < need:
                    self.refused += 1
                    return self._refusal(kind, need, cost[kind])
            for kind in _KINDS:
                self._levels[kind] -= cost[kind]
        return None

    def _refusal(self, kind: str, need: float, asked: int) -> Response:
        limit = self.limits[kind]
        wait = (need - self._levels[kind]) / (limit / 60)
        used = math.ceil(limit - self._levels[kind])
        response = error_response(
            429,
            f"Rate limit reached on {_NAMES[kind]} (the local server's): Limit {limit}, Used {used}, "
            f"Requested {asked}. Please try again in {format_duration(wait)}.",
            type=kind,
            code="rate_limit_exceeded",
        )
        response.set_header("retry-after", str(max(1, math.ceil(wait))))
        response.set_header("retry-after-ms", str(math.ceil(wait * 1000)))
        return response

    def stamp(self, response: Response) -> None:
        """Put the budgets as they stand on an answer: limit, remaining, and time to full."""
        with self._lock:
            self._refill()
            for kind in _KINDS:
                limit = self.limits[kind]
                level = self._levels[kind]
                response.set_header(f"x-ratelimit-limit-{kind}", str(limit))
                response.set_header(f"x-ratelimit-remaining-{kind}", str(max(0, math.floor(level))))
                full_in = (limit - level) / (limit / 60)
                response.set_header(f"x-ratelimit-reset-{kind}", format_duration(full_in))
