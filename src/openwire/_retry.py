"""When to try a failed request again, and how long to wait first. No I/O here."""

from __future__ import annotations

import random
import time
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime

import httpx

from ._exceptions import APIConnectionError, APIError, APIStatusError

__all__ = ["RetryPolicy", "parse_retry_after"]


@dataclass(frozen=True)
class RetryPolicy:
    """Which failures are retried and how long to wait between attempts.

    The defaults retry 408, 409, 429, every 5xx, connection errors and timeouts, twice, waiting about
    0.5 s, then 1 s (doubling, capped at `max_delay`, less up to `jitter` of it at random). A server's
    `Retry-After` / `retry-after-ms` is honoured up to `max_retry_after` seconds; a longer wait is not
    sat out: the error is raised at once, carrying `retry_after`. `x-should-retry: true|false` from the
    server overrides the status rules. A 429 whose code is `insufficient_quota`, a 501 (not
    implemented) or 505, and a rejected TLS certificate are never retried, since the next attempt
    would fail the same way.

    Tune it, or subclass it and override `delay_for`:

    ```python
    client = openwire.Client(retry=openwire.RetryPolicy(max_retries=5, max_delay=20))
    client = openwire.Client(max_retries=0)  # shorthand for RetryPolicy(max_retries=0)
    ```
    """

    max_retries: int = 2
    initial_delay: float = 0.5
    max_delay: float = 8.0
    jitter: float = 0.25
    max_retry_after: float = 60.0
    retry_statuses: frozenset[int] = field(default=frozenset({408, 409, 429}))
    retry_server_errors: bool = True

    def __post_init__(self) -> None:
        if self.max_retries < 0:
            raise ValueError(f"max_retries must be 0 or more, not {self.max_retries}")
        if self.initial_delay < 0 or self.max_delay < 0 or not 0 <= self.jitter <= 1:
            raise ValueError("initial_delay and max_delay must be >= 0, and jitter between 0 and 1")

    def delay_for(self, error: APIError, retries_done: int) -> float | None:
        """Seconds to wait before the next attempt after `error`, or `None` to give up now.

        `retries_done` counts the retries already made (0 after the first attempt fails).
        """
        if retries_done >= self.max_retries:
            return None
        if isinstance(error, APIStatusError):
            hint = error.response.headers.get("x-should-retry")
            if hint == "false":
                return None
            if hint != "true" and not self._status_is_retryable(error):
                return None
            if error.retry_after is not None:
                return error.retry_after if error.retry_after <= self.max_retry_after else None
        elif isinstance(error, APIConnectionError):
            if error.is_certificate_error:
                return None
        else:
            return None
        return self.backoff(retries_done)

    def backoff(self, retries_done: int) -> float:
        """The jittered exponential delay before retry number `retries_done + 1`."""
        delay = min(self.initial_delay * 2.0**retries_done, self.max_delay)
        return delay * (1.0 - self.jitter * random.random())

    def _status_is_retryable(self, error: APIStatusError) -> bool:
        if error.status_code == 429 and error.code == "insufficient_quota":
            return False
        if error.status_code in (501, 505):  # not implemented, not supported: the same next time
            return False
        return error.status_code in self.retry_statuses or (
            self.retry_server_errors and error.status_code >= 500
        )


def parse_retry_after(headers: httpx.Headers, now: float | None = None) -> float | None:
    """Seconds the server asked to wait: `retry-after-ms`, else `Retry-After` in seconds or as an
    HTTP date. `None` when absent or unreadable."""
    millis = headers.get("retry-after-ms")
    if millis is not None:
        try:
            return max(float(millis) / 1000.0, 0.0)
        except ValueError:
            pass
    value = headers.get("retry-after")
    if value is None:
        return None
    try:
        return max(float(value), 0.0)
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return max(when.timestamp() - (time.time() if now is None else now), 0.0)
