"""Faults a test can script: an error status, a delay, a connection cut mid-body, a malformed body.

A fault applies to the next `times` requests it matches (all of them for `times=None`) and then
stops. Several can be pending at once: they are tried in the order they were added; delays add up
and combine with whatever else happens, while the first other fault that matches decides the answer
(the next request gets the next one).
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from typing import Literal

from ._wire import JSON_TYPE, Request, Response, error_response

__all__ = ["Fault", "apply_faults", "shape"]

FaultKind = Literal["status", "delay", "cut", "malformed", "stream_error"]

_DEFAULT_TYPES = {
    400: "invalid_request_error",
    401: "invalid_request_error",
    403: "invalid_request_error",
    404: "invalid_request_error",
    408: "timeout",
    409: "conflict",
    429: "requests",
}
_DEFAULT_CODES = {401: "invalid_api_key", 429: "rate_limit_exceeded"}
_DEFAULT_MESSAGES = {
    400: "The request was rejected (a fault scripted on the local server).",
    401: "Incorrect API key provided (a fault scripted on the local server).",
    403: "You are not allowed to sample from this model (a fault scripted on the local server).",
    404: "The resource was not found (a fault scripted on the local server).",
    408: "The request timed out (a fault scripted on the local server).",
    409: "The request conflicted with another one (a fault scripted on the local server).",
    429: "Rate limit reached for requests (a fault scripted on the local server).",
    500: "The server had an error while processing your request (a fault scripted on the local server).",
    502: "Bad gateway (a fault scripted on the local server).",
    503: "The engine is currently overloaded, please try again later (a fault scripted on the local server).",
}


@dataclass
class Fault:
    """One scripted fault; returned by `LocalServer.fail()` and friends so a test can check it fired.

    Attributes:
        kind: `"status"`, `"delay"`, `"cut"`, `"malformed"` or `"stream_error"`.
        times: how many matching requests it applies to (None: every one, until `clear_faults()`).
        path: a glob the request path must match (`"/chat/completions"`, `"/images/*"`), or None
            for any path. A leading `/v1` is ignored.
        method: the HTTP method it applies to, or None for any.
        hits: how many requests it has applied to so far.
    """

    kind: FaultKind
    times: int | None = 1
    path: str | None = None
    method: str | None = None
    status: int = 500
    retry_after: float | None = None
    message: str | None = None
    type: str | None = None
    code: str | None = None
    headers: Mapping[str, str] = field(default_factory=dict)
    seconds: float = 0.0
    per_chunk: float = 0.0
    after_events: int = 1
    body: bytes | None = None
    content_type: str = JSON_TYPE
    hits: int = 0

    def __post_init__(self) -> None:
        if self.times is not None and self.times < 1:
            raise ValueError(f"times must be at least 1 (or None for always), not {self.times}")
        if self.path is not None:
            path = self.path if self.path.startswith("/") else "/" + self.path
            if path == "/v1" or path.startswith("/v1/"):
                path = path[3:] or "/"
            self.path = path.rstrip("/") or "/"

    @property
    def active(self) -> bool:
        """Whether it will still apply to a matching request."""
        return self.times is None or self.hits < self.times

    def matches(self, request: Request) -> bool:
        """Whether it applies to this request (ignoring how many times it has fired)."""
        if self.method is not None and self.method.upper() != request.method:
            return False
        return self.path is None or fnmatchcase(request.path, self.path)

    def error(self) -> Response:
        """The answer of a `status` fault: an API-shaped error with the scripted headers."""
        status = self.status
        message = self.message or _DEFAULT_MESSAGES.get(status) or f"HTTP {status} (a scripted fault)."
        kind = self.type or _DEFAULT_TYPES.get(
            status, "server_error" if status >= 500 else "invalid_request_error"
        )
        response = error_response(status, message, type=kind, code=self.code or _DEFAULT_CODES.get(status))
        if self.retry_after is not None:
            response.set_header("retry-after", str(math.ceil(self.retry_after)))
            response.set_header("retry-after-ms", str(round(self.retry_after * 1000)))
        for name, value in self.headers.items():
            response.set_header(name, value)
        return response


def apply_faults(faults: list[Fault], request: Request) -> tuple[Response | None, list[Fault]]:
    """Consume the faults that apply to this request.

    Returns the error response of a `status` fault (or None to answer normally) and the other faults
    that fired, to be applied to the answer with `shape()`.
    """
    fired: list[Fault] = []
    decisive: Fault | None = None
    for fault in faults:
        if not fault.active or not fault.matches(request):
            continue
        if fault.kind != "delay":
            if decisive is not None:
                continue  # one decisive fault per request; the next request gets the next one
            decisive = fault
        fault.hits += 1
        fired.append(fault)
    faults[:] = [f for f in faults if f.active]
    if decisive is not None and decisive.kind == "status":
        fired.remove(decisive)
        response = decisive.error()
        _add_delays(response, fired)
        return response, []
    return None, fired


def shape(response: Response, fired: list[Fault], streaming: bool) -> Response:
    """Apply the delay, cut and malformed faults that fired to a normal answer."""
    for fault in fired:
        if fault.kind == "malformed":
            response = _malformed(fault, streaming)
        elif fault.kind == "stream_error":
            response = _stream_error(response, fault, streaming)
        elif fault.kind == "cut":
            response = _cut(response, fault.after_events)
    _add_delays(response, fired)
    return response


def _add_delays(response: Response, fired: list[Fault]) -> None:
    for fault in fired:
        if fault.kind == "delay":
            response.delay += fault.seconds
            response.chunk_delay += fault.per_chunk


def _malformed(fault: Fault, streaming: bool) -> Response:
    if fault.body is not None:
        body, content_type = fault.body, fault.content_type
    elif streaming:
        body = b"data: {this is not json\n\ndata: [DONE]\n\n"
        content_type = "text/event-stream; charset=utf-8"
    else:
        body = b"<html><body>Upstream proxy error: this body is not JSON.</body></html>"
        content_type = fault.content_type
    headers = [("content-type", content_type)]
    if not streaming:
        headers.append(("content-length", str(len(body))))
    return Response(200, headers, [body])


def _stream_error(response: Response, fault: Fault, streaming: bool) -> Response:
    """End a stream early with an error event, as the API does when it fails mid-answer (an
    ordinary answer gets the error as a 500 instead)."""
    if not streaming or response.status != 200:
        return Fault("status", status=500, message=fault.message, type=fault.type, code=fault.code).error()
    message = fault.message or "The server had an error while streaming the response (a scripted fault)."
    kept = response.chunks[: fault.after_events]
    if response.chunks and response.chunks[0].startswith(b"event: "):
        event = _typed_error_event(kept, message, fault.code)
    else:
        error = {
            "error": {
                "message": message,
                "type": fault.type or "server_error",
                "param": None,
                "code": fault.code,
            }
        }
        event = b"data: " + json.dumps(error, separators=(",", ":")).encode() + b"\n\n"
    response.chunks = [*kept, event]
    return response


def _typed_error_event(kept: list[bytes], message: str, code: str | None) -> bytes:
    """The Responses API's `error` event, numbered after the last event sent."""
    number = 0
    if kept:
        data = kept[-1].partition(b"data: ")[2]
        number = int(json.loads(data).get("sequence_number", -1)) + 1
    error = {
        "type": "error",
        "code": code or "server_error",
        "message": message,
        "param": None,
        "sequence_number": number,
    }
    return b"event: error\ndata: " + json.dumps(error, separators=(",", ":")).encode() + b"\n\n"


def _cut(response: Response, after_events: int) -> Response:
    """Keep the first `after_events` pieces whole, then half of the next one, then drop the line.

    For a stream the pieces are events, so the cut lands in the middle of a `data:` line; for an
    ordinary body it lands half way through the JSON.
    """
    chunks = [c for c in response.chunks if c]
    keep = min(after_events, max(len(chunks) - 1, 0))
    partial = chunks[keep][: max(len(chunks[keep]) // 2, 1)] if chunks else b""
    response.chunks = [*chunks[:keep], partial]
    response.cut = True
    return response
