"""The only code that sends, reads and sleeps: one blocking and one awaiting driver of `call_flow`.

The two functions below must stay line-for-line alike but for `await`; all decisions are in
`_flow.py`.
"""

from __future__ import annotations

import inspect
import time
from typing import Any

import httpx

from ._flow import Flow, Hook, Read, Send, Sleep

__all__ = ["drive", "drive_async"]

_sleep = time.sleep


async def _async_sleep(seconds: float) -> None:
    import anyio  # imported on first async use: the blocking client never needs it

    await anyio.sleep(seconds)


def _refuse_awaitable(outcome: Any, action: Hook) -> None:
    if hasattr(outcome, "close"):
        outcome.close()  # a coroutine never awaited would warn on top of this error
    raise TypeError(
        f"{action.function.__qualname__} is async, and a blocking openwire.Client cannot await it: "
        "use it with openwire.AsyncClient, or give the Client a middleware with plain (def) hooks."
    )


def drive(flow: Flow, http: httpx.Client) -> httpx.Response:
    """Run a call's flow with blocking I/O and return its final response."""
    outcome: Any = None
    failure: httpx.RequestError | None = None
    pending: httpx.Response | None = None  # sent but not yet read or handed over
    try:
        while True:
            try:
                action = flow.throw(failure) if failure is not None else flow.send(outcome)
            except StopIteration as done:
                pending = None
                return done.value  # type: ignore[no-any-return]
            outcome = failure = None
            try:
                if isinstance(action, Send):
                    # Redirects are the flow's to follow: it decides which headers go on.
                    outcome = pending = http.send(action.request, stream=True, follow_redirects=False)
                elif isinstance(action, Read):
                    action.response.read()
                    pending = None
                elif isinstance(action, Sleep):
                    _sleep(action.seconds)
                else:
                    outcome = action.function(*action.arguments)
                    if inspect.isawaitable(outcome):
                        _refuse_awaitable(outcome, action)
            except httpx.RequestError as exc:
                failure = exc
                if pending is not None:  # a body that broke off: give its connection back now
                    pending.close()
                    pending = None
    finally:
        flow.close()
        if pending is not None:  # interrupted between sending and reading
            pending.close()


async def drive_async(flow: Flow, http: httpx.AsyncClient) -> httpx.Response:
    """Run a call's flow with awaiting I/O and return its final response."""
    outcome: Any = None
    failure: httpx.RequestError | None = None
    pending: httpx.Response | None = None
    try:
        while True:
            try:
                action = flow.throw(failure) if failure is not None else flow.send(outcome)
            except StopIteration as done:
                pending = None
                return done.value  # type: ignore[no-any-return]
            outcome = failure = None
            try:
                if isinstance(action, Send):
                    # Redirects are the flow's to follow: it decides which headers go on.
                    outcome = pending = await http.send(action.request, stream=True, follow_redirects=False)
                elif isinstance(action, Read):
                    await action.response.aread()
                    pending = None
                elif isinstance(action, Sleep):
                    await _async_sleep(action.seconds)
                else:
                    outcome = action.function(*action.arguments)
                    if inspect.isawaitable(outcome):
                        outcome = await outcome
            except httpx.RequestError as exc:
                failure = exc
                if pending is not None:  # a body that broke off: give its connection back now
                    await pending.aclose()
                    pending = None
    finally:
        flow.close()
        if pending is not None:
            import anyio

            with anyio.CancelScope(shield=True):
                await pending.aclose()
