"""`RateLimiter`: a client-side budget of requests and tokens per minute that follows the
`x-ratelimit-*` headers the API sends. No I/O: it says how long to wait, the caller sleeps."""

from __future__ import annotations

import math
import re
import threading
import time
from collections.abc import Callable, Mapping

__all__ = ["RateLimiter", "parse_duration"]

_DURATION = re.compile(r"(\d+(?:\.\d+)?)(ms|h|m|s)")
_UNIT_SECONDS = {"h": 3600.0, "m": 60.0, "s": 1.0, "ms": 0.001}
_MARGIN = 0.01


def parse_duration(text: str) -> float | None:
    """Seconds in a reset header: Go-style durations (`"1s"`, `"6m0s"`, `"20ms"`, `"1h2m3.5s"`)
    or a plain number of seconds; None for anything else."""
    text = text.strip()
    try:
        seconds = float(text)
    except ValueError:
        pass
    else:
        return seconds if math.isfinite(seconds) and seconds >= 0 else None
    parts = _DURATION.findall(text)
    if not parts or "".join(number + unit for number, unit in parts) != text:
        return None
    return sum(float(number) * _UNIT_SECONDS[unit] for number, unit in parts)


def _number(headers: Mapping[str, str], name: str) -> float | None:
    value = headers.get(name)
    if value is None:
        return None
    try:
        number = float(value)
    except ValueError:
        return None
    return number if math.isfinite(number) and number >= 0 else None


class _Bucket:
    """One budget (requests or tokens): a bucket that refills at `rate` per second up to
    `capacity`. Its level may go below zero: callers reserve ahead and wait off the debt."""

    __slots__ = ("capacity", "configured", "level", "rate", "stamp", "untracked")

    def __init__(self, per_minute: float | None, now: float) -> None:
        self.configured = per_minute
        self.capacity = per_minute  # None: no limit known yet
        self.level = per_minute or 0.0
        self.rate = per_minute / 60.0 if per_minute else 0.0
        self.stamp = now
        self.untracked = 0.0  # taken while no limit was known

    def refill(self, now: float) -> None:
        if self.capacity is not None and now > self.stamp:
            self.level = min(self.capacity, self.level + (now - self.stamp) * self.rate)
        self.stamp = max(self.stamp, now)

    def take(self, cost: float, now: float) -> float:
        """Reserve `cost` and return how long to wait before it is covered."""
        if self.capacity is None:
            self.untracked += cost
            return 0.0
        self.refill(now)
        # A request larger than the whole budget could never go: it waits for a full bucket.
        self.level -= min(cost, self.capacity)
        if self.level >= 0 or self.rate <= 0:
            return 0.0
        return -self.level / self.rate

    def learn(self, limit: float | None, remaining: float | None, reset: float | None, now: float) -> None:
        """Take in what the server said: its limit, what is left, and when it is full again."""
        self.refill(now)
        if limit is not None and limit > 0:
            known = self.capacity is not None
            self.capacity = limit if self.configured is None else min(limit, self.configured)
            if not known:
                # What went out before the limit was known may not be in the server's count yet.
                self.level = self.capacity - self.untracked
            # The server refills what was used by the time it says the budget is full again; without
            # that, a per-minute limit refills evenly over a minute.
            rate = limit / 60.0
            if remaining is not None and reset is not None and reset > 0 and remaining < limit:
                rate = (limit - remaining) / reset
            if self.configured is not None:
                rate = min(rate, self.configured / 60.0)
            self.rate = rate
        if remaining is not None and self.capacity is not None:
            # The server's count wins when it is lower: it saw callers this process cannot see (other
            # processes on the same key). Requests still in flight are already taken here.
            self.level = min(self.level, remaining)


class RateLimiter:
    """A budget of requests and tokens per minute, shared by every call of a bulk run (or of
    several runs, and threads). Limits you give are a ceiling; the server's `x-ratelimit-limit-*`,
    `x-ratelimit-remaining-*` and `x-ratelimit-reset-*` headers tighten them as answers arrive, so
    with no limits given it learns them from the first answer.

    ```python
    limiter = openwire.RateLimiter(requests_per_minute=500, tokens_per_minute=200_000)
    results = openwire.bulk(client, requests, method="embeddings.create", rate_limit=limiter)
    ```

    It does no I/O: `reserve()` takes a request's share of the budget and says how long to wait
    before sending it; the caller sleeps.

    Args:
        requests_per_minute: the most requests to send per minute (None: what the server says).
        tokens_per_minute: the most tokens per minute, counted from each request's estimate.
        follow_headers: learn limits and what is left of them from the response headers.
        clock: the time source, in seconds (`time.monotonic`); tests pass a fake one.
    """

    def __init__(
        self,
        requests_per_minute: float | None = None,
        tokens_per_minute: float | None = None,
        *,
        follow_headers: bool = True,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        for name, value in (
            ("requests_per_minute", requests_per_minute),
            ("tokens_per_minute", tokens_per_minute),
        ):
            if value is not None and not value > 0:
                raise ValueError(f"{name} must be a positive number (or None for no limit), not {value!r}")
        self._clock = clock
        now = clock()
        self._requests = _Bucket(requests_per_minute, now)
        self._tokens = _Bucket(tokens_per_minute, now)
        self._paused_until = now
        self._follow = follow_headers
        self._lock = threading.Lock()

    @property
    def requests_per_minute(self) -> float | None:
        """The request limit in force (given, or learned from the server), or None if none is known."""
        return self._requests.capacity

    @property
    def tokens_per_minute(self) -> float | None:
        """The token limit in force (given, or learned from the server), or None if none is known."""
        return self._tokens.capacity

    def reserve(self, tokens: int = 0) -> float:
        """Take one request and `tokens` from the budget; returns the seconds to wait before sending."""
        with self._lock:
            now = self._clock()
            wait = max(self._requests.take(1, now), self._tokens.take(tokens, now))
            if wait > 0:
                # A hair more than the arithmetic says: the server refills by its own clock and
                # rounding, and a call that arrives a microsecond early is refused whole.
                wait += _MARGIN
            return max(wait, self._paused_until - now)

    def observe(self, headers: Mapping[str, str]) -> bool:
        """Learn from a response's headers (`httpx.Headers`, or any mapping with lower-case names).
        Returns whether they reported tokens (then `settle` has nothing to correct)."""
        if not self._follow:
            return False
        with self._lock:
            now = self._clock()
            for kind, bucket in (("requests", self._requests), ("tokens", self._tokens)):
                reset = headers.get(f"x-ratelimit-reset-{kind}")
                bucket.learn(
                    _number(headers, f"x-ratelimit-limit-{kind}"),
                    _number(headers, f"x-ratelimit-remaining-{kind}"),
                    parse_duration(reset) if reset is not None else None,
                    now,
                )
        return "x-ratelimit-remaining-tokens" in headers

    def settle(self, estimated: int, used: int) -> None:
        """Give back (or take more of) the token budget once a call's real usage is known."""
        with self._lock:
            if self._tokens.capacity is not None:
                self._tokens.refill(self._clock())
                self._tokens.level = min(self._tokens.capacity, self._tokens.level + estimated - used)

    def pause(self, seconds: float) -> None:
        """Hold every call back for `seconds` from now (after a 429 that said when to come back)."""
        with self._lock:
            self._paused_until = max(self._paused_until, self._clock() + seconds)

    def __repr__(self) -> str:
        def shown(value: float | None) -> str:
            return "unknown" if value is None else f"{value:g}"

        return (
            f"<openwire.RateLimiter requests_per_minute={shown(self.requests_per_minute)} "
            f"tokens_per_minute={shown(self.tokens_per_minute)}>"
        )
