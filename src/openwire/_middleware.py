"""Middleware: code of yours that every call passes through, in the one request pipeline.

A middleware sees each attempt's request (and may change it or replace it), each attempt's
response or error, and, as an observer, each event of a stream and the end of the call. Retries,
streams, raw responses and every resource go through it, because they all go through `call_flow`.

```python
class Timing(openwire.Middleware):
    def on_request(self, request, call):
        call.state["sent"] = time.perf_counter()

    def on_response(self, response, call):
        print(call.name, response.status_code, time.perf_counter() - call.state["sent"])

client = openwire.Client(middleware=[Timing()])
```
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Union

import httpx

if TYPE_CHECKING:
    from ._exceptions import APIError

__all__ = ["CallInfo", "Hooks", "Middleware", "Watch", "hooks_for", "middleware_in_context"]

_MaybeAwaitable = Union[Any, Awaitable[Any]]  # noqa: UP007 - an alias evaluated at run time on 3.10


@dataclass(eq=False, slots=True)
class CallInfo:
    """One call as middleware sees it: what was asked, and how it is going.

    The same object is passed to every hook of one call, so a middleware can keep what it needs
    between hooks in `state` (its own key, to stay out of other middleware's way).
    """

    name: str
    """The method called, e.g. `"chat.completions.create"` (the path, for an unnamed endpoint)."""
    method: str
    """The HTTP method."""
    path: str
    """The endpoint's path under the base URL, as declared (`"/chat/completions"`, `"/models/{}"`)."""
    params: Mapping[str, Any]
    """The parameters the method was called with, as given (no per-call options). Read only."""
    stream: bool
    """Whether the answer is an event stream."""
    base_url: str
    """The client's base URL, as it can be shown (credentials masked)."""
    attempt: int = 1
    """The attempt in progress, from 1 (a retry, or a repeat asked for by `on_error`, adds one)."""
    started: float = field(default_factory=time.perf_counter)
    """`time.perf_counter()` when the call began."""
    response: httpx.Response | None = None
    """The latest response received (headers only, for a stream), if any."""
    state: dict[str, Any] = field(default_factory=dict)
    """Room for middleware to keep values between the hooks of this call."""


class Middleware:
    """The base of middleware: override the hooks you need; the others do nothing.

    `on_request`, `on_response` and `on_error` may be `async def` for an `AsyncClient` (they are
    awaited there); on a `Client` they must be plain functions. `on_event` and `on_end` are
    observers and always plain functions (they run inside iteration and clean-up). Hooks run in
    the order the middleware were given for requests, and in reverse order for what comes back,
    like layers around the network.

    Duck typing works too: any object with some of these methods can be passed as middleware.
    """

    def on_request(self, request: httpx.Request, call: CallInfo) -> _MaybeAwaitable:
        """A request is about to be sent: an attempt, or a redirect an attempt follows. Change
        `request` in place (headers), or return another `httpx.Request` to send instead; return
        None to send it as it is. Raising stops the call with your exception. Runs again for each
        retry, with a fresh copy of the first request."""

    def on_response(self, response: httpx.Response, call: CallInfo) -> _MaybeAwaitable:
        """An attempt got an HTTP response (of any status; its body is read unless the call
        streams). Observe only: an error status is then turned into an `APIError`."""

    def on_error(self, error: APIError, call: CallInfo) -> _MaybeAwaitable:
        """An attempt failed (`error` is what the call would raise if it is the last). Return True
        to have the call sent again at once, not counted as a retry: for example after refreshing
        an expired token on a 401. Each middleware is granted that once per call."""

    def on_event(self, event: Any, call: CallInfo) -> None:
        """A streamed call delivered one event (a parsed chunk), before your code sees it."""

    def on_end(self, call: CallInfo, result: Any, error: BaseException | None) -> None:
        """The call is over: `result` is what it returned (a stream ends when it is read to its
        end, closed, or dropped; its `result` is then None), or `error` what ended it."""


_HOOKS = ("on_request", "on_response", "on_error", "on_event", "on_end")


@dataclass(frozen=True, slots=True)
class Hooks:
    """A client's middleware, resolved once into the hooks each actually defines (a hook left as
    the base class's no-op costs nothing per call)."""

    middleware: tuple[Any, ...]
    requests: tuple[Any, ...]
    responses: tuple[Any, ...]
    errors: tuple[tuple[int, Any], ...]
    events: tuple[Any, ...]
    ends: tuple[Any, ...]

    @classmethod
    def of(cls, middleware: Sequence[Any]) -> Hooks | None:
        """The hooks of `middleware`, or None when there are none to run."""
        found: dict[str, list[Any]] = {name: [] for name in _HOOKS}
        for item in middleware:
            defined = [name for name in _HOOKS if _defines(item, name)]
            if not defined:
                raise TypeError(
                    f"{item!r} is not middleware: it defines none of {', '.join(_HOOKS)}. Subclass "
                    "openwire.Middleware and override the hooks you need."
                )
            for name in defined:
                found[name].append(getattr(item, name))
        if not any(found.values()):
            return None
        return cls(
            middleware=tuple(middleware),
            requests=tuple(found["on_request"]),
            # What comes back meets the layers in reverse, the innermost first.
            responses=tuple(reversed(found["on_response"])),
            errors=tuple(enumerate(reversed(found["on_error"]))),
            events=tuple(found["on_event"]),
            ends=tuple(reversed(found["on_end"])),
        )

    def watch(self, call: CallInfo) -> Watch:
        """The observer of one call."""
        return Watch(self, call)


def _defines(item: object, name: str) -> bool:
    method = getattr(type(item), name, None)
    return callable(method) and method is not getattr(Middleware, name)


class Watch:
    """One call's hooks and its `CallInfo`: what `call_flow`, the client and a stream report to.
    `end` is reported once, however many ways a stream is finished (read out, closed, dropped)."""

    __slots__ = ("call", "ended", "hooks")

    def __init__(self, hooks: Hooks, call: CallInfo) -> None:
        self.hooks = hooks
        self.call = call
        self.ended = False

    def events(self, items: Sequence[Any]) -> None:
        call = self.call
        for hook in self.hooks.events:
            for item in items:
                hook(item, call)

    def end(self, result: Any = None, error: BaseException | None = None) -> None:
        if self.ended:
            return
        self.ended = True
        for hook in self.hooks.ends:
            hook(self.call, result, error)


_in_context: ContextVar[tuple[Any, ...]] = ContextVar("openwire_middleware_in_context", default=())
_combined: dict[tuple[int, ...], Hooks | None] = {}


@contextmanager
def middleware_in_context(*middleware: Any) -> Iterator[None]:
    """Run `middleware` on every call any client makes in this context (this thread, this task and
    the tasks it starts), after the client's own: how `openwire.track_usage()` sees every call
    without being given to each client."""
    Hooks.of(middleware)  # refuse what is not middleware now, not at the first call
    token = _in_context.set(_in_context.get() + middleware)
    try:
        yield
    finally:
        _in_context.reset(token)


def hooks_for(own: Hooks | None) -> Hooks | None:
    """The hooks of a call: the client's own, plus any middleware in context."""
    ambient = _in_context.get()
    if not ambient:
        return own
    wanted = (*(own.middleware if own is not None else ()), *ambient)
    key = tuple(map(id, wanted))
    hooks = _combined.get(key)
    # Ids can be reused once an object is gone: the cached hooks must be of these very objects.
    if hooks is None or any(a is not b for a, b in zip(hooks.middleware, wanted, strict=False)):
        hooks = Hooks.of(wanted)
        if len(_combined) > 64:  # a bounded cache: contexts come and go
            _combined.clear()
        _combined[key] = hooks
    return hooks
