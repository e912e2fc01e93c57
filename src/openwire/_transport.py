"""The only code that sends, reads and sleeps: one blocking and one awaiting driver of `call_flow`.

The two functions below must stay line-for-line alike but for `await`; all decisions are in
`_flow.py`.
"""

from __future__ import annotations

import time
from typing import Any

import anyio
import httpx

from ._flow import Flow, Read, Send

__all__ = ["drive", "drive_async"]


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
                    outcome = pending = http.send(action.request, stream=True)
                elif isinstance(action, Read):
                    action.response.read()
                    pending = None
                else:
                    time.sleep(action.seconds)
            except httpx.RequestError as exc:
                failure = exc
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
                    outcome = pending = await http.send(action.request, stream=True)
                elif isinstance(action, Read):
                    await action.response.aread()
                    pending = None
                else:
                    await anyio.sleep(action.seconds)
            except httpx.RequestError as exc:
                failure = exc
    finally:
        flow.close()
        if pending is not None:
            with anyio.CancelScope(shield=True):
                await pending.aclose()
