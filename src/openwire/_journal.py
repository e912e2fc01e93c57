"""The journal of a bulk run: a JSONL file with one line per finished call, what a resumed run
finds in it, and the values it kept, typed again by replaying them through a client."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import threading
from collections.abc import Mapping
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import httpx

if TYPE_CHECKING:
    from ._client import AsyncClient, Client

__all__ = ["Journal", "Replay", "request_digest"]

Place = tuple[int, int]
"""Where a line is in the journal file: its offset and length."""


def request_digest(method: str, params: Mapping[str, Any]) -> str:
    """A short hash of a call, so that a journal line is used only for the request it was made for."""
    text = json.dumps([method, params], sort_keys=True, default=repr, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:24]


def _name(index: object, key: object) -> tuple[str, object] | None:
    if isinstance(key, str):
        return ("key", key)
    if isinstance(index, int) and not isinstance(index, bool):
        return ("index", index)
    return None


class Journal:
    """The journal file: which calls are done (by key, or else by position, and request), and the
    lines finished calls append.

    A line is `{"index", "key", "request", "request_id", "result"}` for a call that succeeded (the
    response body as it came; `content_type` and `body_base64` instead of `result` for a body that
    is not JSON), or `{"index", "key", "request", "error": {"type", "message", "status"}}` for one
    that failed: a resumed run sends those again. Only the place of each finished call's line is
    kept in memory; its result is read back when its call comes up.
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self._done: dict[tuple[str, object], tuple[str, Place]] = {}
        self._lock = threading.Lock()
        data = self.path.read_bytes() if self.path.exists() else b""
        offset = 0
        for line in data.split(b"\n"):
            self._learn(line, offset)
            offset += len(line) + 1
        self._reader: IO[bytes] | None = open(self.path, "rb") if self._done else None  # noqa: SIM115
        self._file = open(self.path, "ab")  # noqa: SIM115
        if data and not data.endswith(b"\n"):
            self._file.write(b"\n")  # a line cut short by an interruption stays alone on its line

    def _learn(self, line: bytes, offset: int) -> None:
        try:
            entry = json.loads(line)
        except ValueError:
            return  # a line cut short when a run was stopped
        if not isinstance(entry, dict) or not isinstance(entry.get("request"), str):
            return
        if "result" not in entry and "body_base64" not in entry:
            return  # a failure: it is run again
        name = _name(entry.get("index"), entry.get("key"))
        if name is not None:
            self._done[name] = (entry["request"], (offset, len(line)))

    def find(self, index: int, key: str | None, digest: str) -> Place | None:
        """Where the result of this call is, if a run before this one finished it."""
        found = self._done.get(("key", key) if key is not None else ("index", index))
        if found is None or found[0] != digest:
            return None  # not done, or done for a request that has changed since: run it
        return found[1]

    def response(self, place: Place) -> httpx.Response:
        """The response a finished call got, as the journal kept it (to replay)."""
        assert self._reader is not None
        with self._lock:
            self._reader.seek(place[0])
            entry = json.loads(self._reader.read(place[1]))
        if "body_base64" in entry:
            body = base64.b64decode(entry["body_base64"])
            content_type = str(entry.get("content_type") or "application/octet-stream")
        else:
            body = json.dumps(entry["result"], separators=(",", ":"), ensure_ascii=False).encode()
            content_type = "application/json"
        headers = {"content-type": content_type}
        if isinstance(entry.get("request_id"), str):
            headers["x-request-id"] = entry["request_id"]
        return httpx.Response(200, headers=headers, content=body)

    def succeeded(self, index: int, key: str | None, digest: str, response: httpx.Response) -> None:
        """Append the line of a call that succeeded."""
        head: dict[str, Any] = {"index": index, "key": key, "request": digest}
        request_id = response.headers.get("x-request-id")
        if request_id is not None:
            head["request_id"] = request_id
        start = _dumps(head)[:-1]
        body = response.content
        content_type = response.headers.get("content-type", "")
        if "json" in content_type and b"\n" not in body and b"\r" not in body:
            # The body has parsed as the method's type, so it is JSON: it goes in as it came.
            self._write(start + b',"result":' + body.strip() + b"}\n")
        elif "json" in content_type:
            self._write(start + b',"result":' + _dumps(json.loads(body)) + b"}\n")
        else:
            extra = {"content_type": content_type, "body_base64": base64.b64encode(body).decode()}
            self._write(start + b"," + _dumps(extra)[1:] + b"\n")

    def failed(self, index: int, key: str | None, digest: str, error: Exception) -> None:
        """Append the line of a call that failed."""
        status = getattr(error, "status_code", None)
        entry = {
            "index": index,
            "key": key,
            "request": digest,
            "error": {"type": type(error).__name__, "message": str(error), "status": status},
        }
        self._write(_dumps(entry) + b"\n")

    def _write(self, line: bytes) -> None:
        with self._lock:
            self._file.write(line)
            # Each line reaches the file as its call finishes: a run stopped at any moment loses
            # at most the calls in flight.
            self._file.flush()

    def close(self) -> None:
        """Close the file."""
        with self._lock:
            self._file.close()
            if self._reader is not None:
                self._reader.close()


def _dumps(value: object) -> bytes:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False, default=repr).encode()


class Replay:
    """A client whose transport answers each call with the response the journal kept for it, so
    that a restored value goes through the same parsing as a fresh one (and is the same type)."""

    _HEADER = "x-openwire-journal-replay"

    def __init__(self, asynchronous: bool) -> None:
        import openwire

        self._answers: dict[str, httpx.Response] = {}
        self._count = 0
        self._lock = threading.Lock()
        transport = httpx.MockTransport(self._answer)
        # No key of yours: these calls never leave the process.
        options: dict[str, Any] = {"api_key": "journal", "base_url": "http://journal.invalid/v1"}
        self.client: Client | AsyncClient
        if asynchronous:
            self.client = openwire.AsyncClient(http_client=httpx.AsyncClient(transport=transport), **options)
        else:
            self.client = openwire.Client(http_client=httpx.Client(transport=transport), **options)

    def _answer(self, request: httpx.Request) -> httpx.Response:
        return self._answers.pop(request.headers[self._HEADER])

    def arguments(self, params: Mapping[str, Any], response: httpx.Response) -> dict[str, Any]:
        """The call's keyword arguments, marked so that the transport answers it with `response`."""
        with self._lock:
            self._count += 1
            token = str(self._count)
            self._answers[token] = response
        return {**params, "extra_headers": {**(params.get("extra_headers") or {}), self._HEADER: token}}
