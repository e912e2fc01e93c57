"""Helpers for the local server's own tests: reading event streams and building requests."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx

Send = Callable[..., httpx.Response]
"""`send(method, path, **kwargs) -> httpx.Response`, through one of the in-process transports."""


async def drain(response: httpx.Response, into: list[bytes]) -> None:
    """Read a streamed async response's raw body into `into`, piece by piece (what was read before
    an error stays there)."""
    async for chunk in response.aiter_raw():
        into.append(chunk)


def events(text: str) -> list[Any]:
    """The data of each event in an event-stream body, JSON-decoded except `[DONE]`."""
    found: list[Any] = []
    for block in text.split("\n\n"):
        if not block.strip():
            continue
        assert block.startswith("data: "), block
        data = block[len("data: ") :]
        found.append(data if data == "[DONE]" else json.loads(data))
    return found


def chat(**body: Any) -> dict[str, Any]:
    """A chat completion request body with defaults for model and messages."""
    body.setdefault("model", "gpt-4o")
    body.setdefault("messages", [{"role": "user", "content": "Hello there"}])
    return body


def typed_events(text: str) -> list[dict[str, Any]]:
    """The events of a Responses API stream (`event: <type>` then `data: {...}`), checking that
    each event's name matches the `type` in its data."""
    found: list[dict[str, Any]] = []
    for block in text.split("\n\n"):
        if not block.strip():
            continue
        head, _, data = block.partition("\n")
        assert head.startswith("event: "), block
        assert data.startswith("data: "), block
        event = json.loads(data[len("data: ") :])
        assert event["type"] == head[len("event: ") :]
        found.append(event)
    return found


def resp(**body: Any) -> dict[str, Any]:
    """A `POST /responses` body with defaults for model and input."""
    body.setdefault("model", "gpt-4o")
    body.setdefault("input", "Hello there")
    return body
