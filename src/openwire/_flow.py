"""The life of one call, written once for both clients: send, read, decide, wait, try again.

`call_flow` is a generator that never does I/O itself. It yields what it needs done (`Send`,
`Read`, `Sleep`, and `Hook` to run a middleware hook, which may be async) and receives the
outcome; `_transport.py` drives it with a blocking loop for `Client` and an awaiting loop for
`AsyncClient`. Policy (retries, deadlines, errors, logging, middleware) lives here once; only the
forty lines that touch the network exist twice.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Generator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import httpx

from ._exceptions import APIError, connection_error, deadline_error, request_id_of, status_error, where
from ._retry import parse_retry_after

if TYPE_CHECKING:
    from collections.abc import Callable

    from ._config import ClientConfig
    from ._middleware import Watch
    from ._request import Plan
    from ._retry import RetryPolicy

__all__ = ["Action", "Hook", "Read", "Send", "Sleep", "call_flow"]

log = logging.getLogger("openwire")

MAX_REDIRECTS = 20
"""Redirects followed in one attempt, as httpx allows; the next one is answered as a status error."""

RETRY_HEADER = "X-Retry-Count"
"""Sent on retries only, with the number of retries so far: the first attempt goes out unmarked."""


@dataclass(slots=True)
class Send:
    """Send this request; the body of the response is not read yet."""

    request: httpx.Request


@dataclass(slots=True)
class Read:
    """Read the whole body of this response."""

    response: httpx.Response


@dataclass(slots=True)
class Sleep:
    """Wait this many seconds."""

    seconds: float


@dataclass(slots=True)
class Hook:
    """Run a middleware hook with these arguments; an awaitable it returns is awaited (by the async
    driver; the blocking driver refuses one)."""

    function: Callable[..., Any]
    arguments: tuple[Any, ...]


Action = Send | Read | Sleep | Hook
Flow = Generator[Action, Any, httpx.Response]


def call_flow(plan: Plan, config: ClientConfig) -> Flow:
    """Drive one call to a usable response, retrying as the client's policy says.

    Every attempt sends its own `httpx.Request`: the plan's for the first, a copy with the retry
    count for each retry, so that nothing which saw an earlier attempt (a transport, an event hook,
    a test's call history) sees it change afterwards. Returns the response: read, unless the plan
    says not to, in which case its body is left to the caller (and from then on nothing is
    retried). Raises the `APIError` that ended the call.
    """
    request = plan.request
    policy = config.retry
    watch = plan.watch
    deadline_at = time.monotonic() + plan.deadline if plan.deadline is not None else None
    base_timeout: dict[str, float | None] = request.extensions.get("timeout", {})
    retries = redirects = repeats = 0
    granted: set[int] = set()  # the middleware that have had a repeat of this call
    while True:
        if watch is not None:
            request = yield from _before(watch, request, retries + repeats + 1)
        if deadline_at is not None:
            _cap_timeouts(request, base_timeout, deadline_at, plan.deadline)
        if log.isEnabledFor(logging.DEBUG):
            _log_request(request, retries)
        started = time.perf_counter()
        try:
            response: httpx.Response = yield Send(request)
            if plan.follow_redirects and response.has_redirect_location and redirects < MAX_REDIRECTS:
                yield Read(response)
                _log_response(request, response, retries, started)
                redirects += 1
                request = _redirected(request, response)
                continue
            if response.is_success and not plan.read_body:
                yield from _received(watch, request, response, retries, started)
                return response
            yield Read(response)
        except httpx.RequestError as exc:
            error: APIError = connection_error(exc, request)
            error.__cause__ = exc
            log_line = f"{type(exc).__name__}: {exc}"
        else:
            yield from _received(watch, request, response, retries, started)
            if response.is_success:
                return response
            error = status_error(
                response, secrets=config.secrets, retry_after=parse_retry_after(response.headers)
            )
            log_line = f"{response.status_code} {response.reason_phrase}"
        error.attempts = retries + repeats + 1
        if watch is not None and (yield from _failed(watch, error, granted)):
            repeats += 1
            log.info("sending %s again, as middleware asked after %s", where(request), log_line)
            request = _next_attempt(plan.request, retries)
            continue
        delay = _retry_delay(policy, error, retries, deadline_at, request)
        retries += 1
        log.info(
            "retrying %s in %.2f s (retry %d of %d) after %s",
            where(request), delay, retries, policy.max_retries, log_line,
        )  # fmt: skip
        yield Sleep(delay)
        request = _next_attempt(plan.request, retries)


def _retry_delay(
    policy: RetryPolicy, error: APIError, retries: int, deadline_at: float | None, request: httpx.Request
) -> float:
    """How long to wait before retrying; raises `error` when the call is not to be retried."""
    delay = policy.delay_for(error, retries)
    if delay is None:
        raise error
    if deadline_at is not None and time.monotonic() + delay >= deadline_at:
        log.info("not retrying %s: the deadline would pass first", where(request))
        raise error
    return delay


def _received(
    watch: Watch | None, request: httpx.Request, response: httpx.Response, retries: int, started: float
) -> Generator[Action, Any, None]:
    """An attempt got its response: log it, and show it to the middleware."""
    _log_response(request, response, retries, started)
    if watch is not None:
        yield from _after(watch, response)


def _before(watch: Watch, request: httpx.Request, attempt: int) -> Generator[Action, Any, httpx.Request]:
    """Pass an attempt's request through the middleware's `on_request`, in order."""
    call = watch.call
    call.attempt = attempt
    for hook in watch.hooks.requests:
        replaced = yield Hook(hook, (request, call))
        if replaced is not None:
            if not isinstance(replaced, httpx.Request):
                raise TypeError(
                    f"{hook.__qualname__} returned {type(replaced).__name__}; on_request returns an "
                    "httpx.Request to send instead, or None to send the request it was given."
                )
            request = replaced
    return request


def _after(watch: Watch, response: httpx.Response) -> Generator[Action, Any, None]:
    """Show an attempt's response to the middleware's `on_response`, innermost first."""
    call = watch.call
    call.response = response
    for hook in watch.hooks.responses:
        yield Hook(hook, (response, call))


def _failed(watch: Watch, error: APIError, granted: set[int]) -> Generator[Action, Any, bool]:
    """Show a failed attempt to the middleware's `on_error`; whether one asks (for the first time
    in this call) to send it again."""
    again = False
    for index, hook in watch.hooks.errors:
        if (yield Hook(hook, (error, watch.call))) is True and index not in granted:
            granted.add(index)
            again = True
    return again


def _redirected(request: httpx.Request, response: httpx.Response) -> httpx.Request:
    """The request a redirect asks for. A 303 (and a 301 or 302 after a POST) becomes a GET
    without a body, as browsers and httpx do; 307 and 308 repeat the request. Credentials go only
    where the call was sent: to another origin (scheme, host or port), the `Authorization`,
    `api-key` and other credential headers are dropped, not only the one httpx would drop."""
    url = request.url.join(response.headers["location"])
    method = request.method
    if (response.status_code == 303 and method != "HEAD") or (
        response.status_code in (301, 302) and method == "POST"
    ):
        method = "GET"
    headers = request.headers.copy()
    headers.pop("host", None)  # httpx sets it from the new URL
    if url.scheme != request.url.scheme or url.host != request.url.host or url.port != request.url.port:
        for name in _SECRET_HEADERS:
            headers.pop(name, None)
    if method != request.method:
        for name in ("content-length", "content-type", "transfer-encoding"):
            headers.pop(name, None)
        return httpx.Request(method, url, headers=headers, extensions=dict(request.extensions))
    return httpx.Request(
        method, url, headers=headers, stream=request.stream, extensions=dict(request.extensions)
    )


def _next_attempt(first: httpx.Request, retries: int) -> httpx.Request:
    """A new request for retry number `retries`: the first one's method, URL, headers (plus the
    retry count, from the first retry) and body, which httpx can send again (bytes, or a multipart
    stream it re-reads)."""
    headers = first.headers.copy()
    if retries:
        headers[RETRY_HEADER] = str(retries)
    return httpx.Request(
        first.method, first.url, headers=headers, stream=first.stream, extensions=dict(first.extensions)
    )


def _cap_timeouts(
    request: httpx.Request, base: dict[str, float | None], deadline_at: float, deadline: float | None
) -> None:
    remaining = deadline_at - time.monotonic()
    if remaining <= 0:
        raise deadline_error(request, deadline)
    request.extensions["timeout"] = {
        phase: remaining if limit is None else min(limit, remaining)
        for phase, limit in {**dict.fromkeys(("connect", "read", "write", "pool")), **base}.items()
    }


def _log_response(request: httpx.Request, response: httpx.Response, retries: int, started: float) -> None:
    if log.isEnabledFor(logging.INFO):
        log.info(
            "%s -> %d (attempt %d, %.1f ms, request id %s)",
            where(request), response.status_code, retries + 1,
            (time.perf_counter() - started) * 1000, request_id_of(response.headers),
        )  # fmt: skip


def _log_request(request: httpx.Request, retries: int) -> None:
    headers = {name: "***" if name in _SECRET_HEADERS else value for name, value in request.headers.items()}
    size = request.headers.get("content-length")
    body = (
        "no body"
        if size in (None, "0") and "transfer-encoding" not in request.headers
        else f"{size or 'streamed'} body bytes"
    )
    log.debug("sending %s (attempt %d, %s) headers=%s", where(request), retries + 1, body, headers)


_SECRET_HEADERS = frozenset({"authorization", "api-key", "x-api-key", "proxy-authorization", "cookie"})
