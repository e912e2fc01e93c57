"""Middleware: a request signer and a timing logger, on every call a client makes.

Run it: `python examples/middleware.py` (uses the built-in server unless OPENAI_BASE_URL is set).
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import time
from typing import Any

import httpx
from _local import client as make_client

import openwire


class Signer(openwire.Middleware):
    """Signs each attempt's method, path and body with a shared secret, as a gateway might ask.
    Runs again on every retry, so each attempt carries its own timestamp and signature."""

    def __init__(self, secret: bytes) -> None:
        self._secret = secret
        self.signed = 0

    def on_request(self, request: httpx.Request, call: openwire.CallInfo) -> None:
        stamp = str(int(time.time()))
        message = b"\n".join([request.method.encode(), request.url.raw_path, stamp.encode(), request.content])
        request.headers["X-Timestamp"] = stamp
        request.headers["X-Signature"] = hmac.new(self._secret, message, hashlib.sha256).hexdigest()
        self.signed += 1


class Timing(openwire.Middleware):
    """Prints how long each call took, from the first attempt to its end (a stream's last event)."""

    def on_end(self, call: openwire.CallInfo, result: Any, error: BaseException | None) -> None:
        took = (time.perf_counter() - call.started) * 1000
        outcome = type(error).__name__ if error else "ok"
        print(f"{call.name}: {outcome} in {took:.1f} ms after {call.attempt} attempt(s)")


def main() -> None:
    signer = Signer(b"shared-secret")
    client = make_client().with_options(middleware=[signer, Timing()])
    with client:
        client.models.list()
        client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "Hi"}])
        stream = client.chat.completions.create(
            model="gpt-4o-mini", messages=[{"role": "user", "content": "Count to three"}], stream=True
        )
        for _ in stream:
            pass  # Timing prints when the stream has ended
        with contextlib.suppress(openwire.NotFoundError):  # Timing prints the error too
            client.models.retrieve("no-such-model")
        print(f"signed {signer.signed} requests")


if __name__ == "__main__":
    main()
