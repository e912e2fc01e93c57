"""What the local server receives and sends, with no I/O: `Request` in, `Response` out.

Both transports (in-process httpx and ASGI over uvicorn) turn their native request into a `Request`,
hand it to the app, and play back the `Response`: status and headers, then the body piece by piece,
sleeping where it says and dropping the connection where it says.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from email.message import Message
from typing import Any
from urllib.parse import parse_qsl

__all__ = [
    "ApiError",
    "RecordedRequest",
    "Request",
    "Response",
    "UploadedFile",
    "error_response",
    "json_response",
    "parse_multipart",
    "sse",
    "text_response",
]

JSON_TYPE = "application/json"
SSE_TYPE = "text/event-stream; charset=utf-8"


@dataclass(frozen=True)
class UploadedFile:
    """A file sent in a multipart form: its name, declared content type and bytes."""

    filename: str
    content_type: str
    data: bytes


@dataclass
class Request:
    """One HTTP request as the app sees it.

    `path` is under the API root (`/chat/completions`, whether or not the client put `/v1` in front);
    `root` is the URL of that root as the client reached it (for links the server hands out).
    """

    method: str
    path: str
    query: list[tuple[str, str]] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    root: str = "http://localhost/v1"
    peer: str | None = None
    """`host:port` of the client's end of the connection (live HTTP only; None in process)."""
    deployment: str | None = None
    """The Azure OpenAI deployment named in the path (`/openai/deployments/{name}/...`), if any."""

    def query_value(self, name: str) -> str | None:
        """The last value of a query parameter, or None."""
        found = None
        for key, value in self.query:
            if key == name:
                found = value
        return found

    @classmethod
    def from_parts(
        cls,
        method: str,
        raw_path: str,
        *,
        query: str,
        headers: Mapping[str, str],
        body: bytes,
        origin: str,
        peer: str | None = None,
    ) -> Request:
        """Build a request from a URL path, its query string and lower- or mixed-case headers.

        A leading `/v1` is taken as the API root, so both `http://host/v1` and `http://host` work
        as base URLs; so are Azure OpenAI's roots, `/openai/v1` and `/openai/deployments/{name}`.
        """
        azure = _AZURE_ROOT.match(raw_path)
        deployment = None
        if azure is not None:
            prefix, deployment = azure.group(0), azure.group("deployment")
        else:
            prefix = "/v1" if raw_path == "/v1" or raw_path.startswith("/v1/") else ""
        path = raw_path[len(prefix) :] or "/"
        return cls(
            method=method.upper(),
            path=path.rstrip("/") or "/",
            query=parse_qsl(query, keep_blank_values=True),
            headers={k.lower(): v for k, v in headers.items()},
            body=body,
            root=origin + prefix,
            peer=peer,
            deployment=deployment,
        )


_AZURE_ROOT = re.compile(r"/openai(?:/v1|/deployments/(?P<deployment>[^/]+))(?=/|$)")


@dataclass
class Response:
    """What the app answers: played back by a transport.

    Attributes:
        status, headers: the status line and headers.
        chunks: the body, in the pieces it is sent in (one piece for an ordinary body, one per event
            for a stream).
        delay: seconds to wait before the status line.
        chunk_delay: seconds to wait before each piece after the first.
        cut: drop the connection after the last piece instead of ending the body properly.
    """

    status: int
    headers: list[tuple[str, str]]
    chunks: list[bytes]
    delay: float = 0.0
    chunk_delay: float = 0.0
    cut: bool = False

    @property
    def body(self) -> bytes:
        """The whole body (as far as it is sent)."""
        return b"".join(self.chunks)

    def header(self, name: str) -> str | None:
        """The value of a header, or None."""
        name = name.lower()
        for key, value in self.headers:
            if key.lower() == name:
                return value
        return None

    def set_header(self, name: str, value: str) -> None:
        """Replace (or add) a header."""
        self.headers = [(k, v) for k, v in self.headers if k.lower() != name.lower()]
        self.headers.append((name, value))


class ApiError(Exception):
    """Raised inside a handler to answer with the API's error shape."""

    def __init__(
        self,
        status: int,
        message: str,
        *,
        type: str = "invalid_request_error",
        param: str | None = None,
        code: str | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.type = type
        self.param = param
        self.code = code

    def response(self) -> Response:
        """This error as a response."""
        return error_response(self.status, self.message, type=self.type, param=self.param, code=self.code)


def json_response(payload: object, status: int = 200) -> Response:
    """A JSON body."""
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
    return Response(status, [("content-type", JSON_TYPE), ("content-length", str(len(body)))], [body])


def text_response(text: str | bytes, content_type: str = "text/plain; charset=utf-8") -> Response:
    """A body of another type (plain text, subtitles, audio, images)."""
    body = text.encode() if isinstance(text, str) else text
    return Response(200, [("content-type", content_type), ("content-length", str(len(body)))], [body])


def error_response(
    status: int,
    message: str,
    *,
    type: str = "invalid_request_error",
    param: str | None = None,
    code: str | None = None,
) -> Response:
    """An error in the API's shape: `{"error": {"message", "type", "param", "code"}}`."""
    return json_response({"error": {"message": message, "type": type, "param": param, "code": code}}, status)


def sse(events: list[Any], *, named: bool = False) -> Response:
    """An event stream: one `data:` event per item (JSON-encoded unless already a string).

    `named=True` writes the Responses API's style: each event's `type` also on an `event:` line.
    """
    chunks = []
    for event in events:
        data = event if isinstance(event, str) else json.dumps(event, separators=(",", ":"))
        head = f"event: {event['type']}\n" if named and isinstance(event, dict) else ""
        chunks.append(f"{head}data: {data}\n\n".encode())
    return Response(200, [("content-type", SSE_TYPE), ("cache-control", "no-cache")], chunks)


def parse_multipart(
    body: bytes, content_type: str
) -> tuple[dict[str, list[str]], dict[str, list[UploadedFile]]]:
    """Split a `multipart/form-data` body into text fields and files (each name may repeat).

    Raises `ApiError` when the body is not well-formed multipart.
    """
    boundary = _header_param(content_type, "boundary")
    if not boundary:
        raise ApiError(400, "Expected a multipart/form-data body with a boundary.")
    fields: dict[str, list[str]] = {}
    files: dict[str, list[UploadedFile]] = {}
    delimiter = b"--" + boundary.encode("latin-1")
    sections = body.split(delimiter)
    if len(sections) < 3:
        raise ApiError(400, "Could not parse the multipart form.")
    for section in sections[1:-1]:
        # Each part is "\r\n" headers "\r\n\r\n" content "\r\n" before the next delimiter.
        part = section.removeprefix(b"\r\n").removesuffix(b"\r\n")
        head, sep, content = part.partition(b"\r\n\r\n")
        if not sep:
            raise ApiError(400, "Could not parse the multipart form: a part has no header block.")
        headers = {}
        for line in head.decode("utf-8", "replace").split("\r\n"):
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        disposition = headers.get("content-disposition", "")
        field_name = _header_param(disposition, "name")
        if field_name is None:
            raise ApiError(400, "Could not parse the multipart form: a part has no name.")
        filename = _header_param(disposition, "filename")
        if filename is not None:
            kind = headers.get("content-type", "application/octet-stream")
            files.setdefault(field_name, []).append(UploadedFile(filename, kind, content))
        else:
            fields.setdefault(field_name, []).append(content.decode("utf-8", "replace"))
    return fields, files


def _header_param(value: str, param: str) -> str | None:
    message = Message()
    message["content-type"] = value
    found = message.get_param(param, header="content-type")
    if found is None or isinstance(found, tuple):
        return None
    return str(found)


@dataclass
class RecordedRequest:
    """A request the server received, kept for tests to inspect (`server.requests`).

    Attributes:
        method, path: e.g. `"POST"`, `"/chat/completions"` (under the API root, without `/v1`).
        query: the query parameters, last value winning.
        headers: the headers, with lower-case names.
        body: the raw body.
        json: the parsed JSON body (None when the body was not JSON).
        form: the text fields of a multipart body: a string, or a list of strings for a field sent
            more than once or named with `[]` (`timestamp_granularities[]`).
        files: the files of a multipart body, by field name (`image[]` for several).
        peer: `host:port` of the connection the request came on, over live HTTP (`None` in
            process): requests with the same peer shared one connection.
        deployment: the Azure OpenAI deployment named in the path, if any.
    """

    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: bytes
    json: Any = None
    form: dict[str, str | list[str]] = field(default_factory=dict)
    files: dict[str, list[UploadedFile]] = field(default_factory=dict)
    peer: str | None = None
    deployment: str | None = None

    @classmethod
    def of(cls, request: Request) -> RecordedRequest:
        """Record a request, parsing its body as JSON or multipart when it is one."""
        recorded = cls(
            request.method,
            request.path,
            dict(request.query),
            request.headers,
            request.body,
            peer=request.peer,
            deployment=request.deployment,
        )
        content_type = request.headers.get("content-type", "")
        if content_type.startswith("multipart/form-data"):
            try:
                fields, recorded.files = parse_multipart(request.body, content_type)
            except ApiError:
                return recorded
            recorded.form = {
                name: values if len(values) > 1 or name.endswith("[]") else values[0]
                for name, values in fields.items()
            }
        elif request.body:
            with contextlib.suppress(ValueError):
                recorded.json = json.loads(request.body)
        return recorded
