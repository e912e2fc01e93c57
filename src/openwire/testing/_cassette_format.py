"""How a cassette writes an HTTP exchange down, readably, with its secrets taken out, and how it
turns what it wrote back into a response. No I/O.

A body is stored as what it is: `{"json": ...}`, `{"events": [...]}` (an event stream, one entry
per event, its data as JSON when it is JSON), `{"multipart": {"fields": ..., "files": ...}}`
(files as name, type, size and digest), `{"text": ...}`, or `{"base64": ...}`.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import textwrap
from collections.abc import AsyncIterator, Iterable, Iterator
from typing import Any

import httpx

from openwire._redact import redact_secrets, redact_url

__all__ = [
    "REDACTED",
    "Redactor",
    "body_pieces",
    "document",
    "dumps",
    "store_request",
    "store_response",
    "to_response",
]

REDACTED = "***"

# Headers whose values are credentials, always written as `***`.
_SECRET_HEADERS = frozenset(
    {"authorization", "proxy-authorization", "api-key", "x-api-key", "cookie", "set-cookie"}
)
# Request headers left out: they change from run to run (or with the library's version) and say
# nothing about what was asked.
_VOLATILE_REQUEST_HEADERS = frozenset(
    {
        "host",
        "content-length",
        "accept-encoding",
        "connection",
        "user-agent",
        "idempotency-key",
        "x-retry-count",
    }
)
# Response headers about the bytes on the wire, which a stored (decoded) body no longer has.
_WIRE_RESPONSE_HEADERS = frozenset(
    {"content-length", "content-encoding", "transfer-encoding", "connection", "keep-alive"}
)
_SCHEME_TOKEN = re.compile(r"^\s*(?:bearer|basic|token)\s+(\S+)\s*$", re.IGNORECASE)
# A secret this short would be replaced inside ordinary words.
_SHORTEST_SECRET = 8


class Redactor:
    """Takes secrets out of what a cassette writes: the credential headers, the configured header
    names and body field paths, every occurrence of a known secret (the API key of each request,
    learned from its headers, and `OPENAI_API_KEY`), and anything shaped like a key or token."""

    def __init__(self, headers: Iterable[str] = (), fields: Iterable[str] = (), secrets: Iterable[str] = ()):
        self.headers = _SECRET_HEADERS | {name.lower() for name in headers}
        self.fields = [tuple(path.split(".")) for path in fields]
        self._secrets: set[str] = set()
        for secret in (*secrets, os.environ.get("OPENAI_API_KEY", "")):
            self.add_secret(secret)

    @property
    def secrets(self) -> list[str]:
        """The known secrets, longest first (so that one holding another is replaced whole)."""
        return sorted(self._secrets, key=len, reverse=True)

    def add_secret(self, secret: str) -> None:
        secret = secret.strip()
        if len(secret) >= _SHORTEST_SECRET:
            self._secrets.add(secret)

    def learn(self, headers: httpx.Headers) -> None:
        """Remember the credentials a request carries, to take them out wherever they appear."""
        for name, value in headers.items():
            if name in _SECRET_HEADERS and name not in ("cookie", "set-cookie"):
                token = _SCHEME_TOKEN.match(value)
                self.add_secret(token.group(1) if token else value)

    def text(self, text: str) -> str:
        for secret in self.secrets:
            if secret in text:
                text = text.replace(secret, REDACTED)
        return redact_secrets(text)

    def value(self, value: Any) -> Any:
        """A JSON value with every string redacted."""
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, dict):
            return {key: self.value(item) for key, item in value.items()}
        if isinstance(value, list):
            return [self.value(item) for item in value]
        return value

    def body(self, value: Any) -> Any:
        """A JSON body with the configured field paths blanked and every string redacted."""
        for path in self.fields:
            value = _blank(value, path)
        return self.value(value)

    def header(self, name: str, value: str) -> str:
        return REDACTED if name in self.headers else self.text(value)


def _blank(value: Any, path: tuple[str, ...]) -> Any:
    """`value` with what `path` names replaced by `***` (`*` stands for any key or index)."""
    if not path:
        return REDACTED
    head, rest = path[0], path[1:]
    if isinstance(value, dict):
        return {key: _blank(item, rest) if head in ("*", key) else item for key, item in value.items()}
    if isinstance(value, list):
        return [
            _blank(item, rest) if head == "*" or head == str(index) else item
            for index, item in enumerate(value)
        ]
    return value


def _headers(headers: httpx.Headers, leave_out: frozenset[str], redactor: Redactor) -> dict[str, str]:
    kept: dict[str, str] = {}
    for name, value in headers.multi_items():
        lowered = name.lower()
        if lowered in leave_out:
            continue
        shown = redactor.header(lowered, value)
        kept[lowered] = f"{kept[lowered]}, {shown}" if lowered in kept else shown
    return kept


def _is_json(content_type: str) -> bool:
    kind = content_type.partition(";")[0].strip().lower()
    return kind == "application/json" or kind.endswith("+json")


def _plain(content: bytes, redactor: Redactor) -> dict[str, Any]:
    try:
        return {"text": redactor.text(content.decode("utf-8"))}
    except UnicodeDecodeError:
        return {"base64": base64.b64encode(content).decode("ascii")}


def _json_or_plain(content: bytes, redactor: Redactor) -> dict[str, Any]:
    try:
        return {"json": redactor.body(json.loads(content))}
    except ValueError:  # not JSON after all (a broken answer is kept as it came)
        return _plain(content, redactor)


def _multipart(content: bytes, content_type: str, redactor: Redactor) -> dict[str, Any]:
    from ._wire import ApiError, parse_multipart

    try:
        fields, files = parse_multipart(content, content_type)
    except ApiError:
        return _plain(content, redactor)
    form = redactor.body({name: values[0] if len(values) == 1 else values for name, values in fields.items()})
    described = {
        name: [
            {
                "filename": upload.filename,
                "content_type": upload.content_type,
                "size": len(upload.data),
                "sha256": hashlib.sha256(upload.data).hexdigest(),
            }
            for upload in uploads
        ]
        for name, uploads in files.items()
    }
    return {
        "multipart": {
            "fields": form,
            "files": {name: items[0] if len(items) == 1 else items for name, items in described.items()},
        }
    }


def store_request(request: httpx.Request, content: bytes, redactor: Redactor) -> dict[str, Any]:
    """A request as a cassette writes it (its body already read into `content`)."""
    redactor.learn(request.headers)
    content_type = request.headers.get("content-type", "")
    body: dict[str, Any] | None
    if not content:
        body = None
    elif _is_json(content_type):
        body = _json_or_plain(content, redactor)
    elif content_type.lower().startswith("multipart/form-data"):
        body = _multipart(content, content_type, redactor)
    else:
        body = _plain(content, redactor)
    return {
        "method": request.method,
        "url": redactor.text(redact_url(request.url)),  # credential-like query values are masked too
        "headers": _headers(request.headers, _VOLATILE_REQUEST_HEADERS, redactor),
        "body": body,
    }


def _events(content: bytes, redactor: Redactor) -> list[dict[str, Any]]:
    from openwire._sse import SSEDecoder

    decoder = SSEDecoder()
    stored: list[dict[str, Any]] = []
    for event in [*decoder.feed(content), *decoder.flush()]:
        entry: dict[str, Any] = {}
        if event.event is not None:
            entry["event"] = event.event
        if event.id is not None:
            entry["id"] = event.id
        if event.retry is not None:
            entry["retry"] = event.retry
        try:
            entry["data"] = redactor.body(json.loads(event.data))
        except ValueError:  # `[DONE]`, or text
            entry["text"] = redactor.text(event.text)
        stored.append(entry)
    return stored


def store_response(response: httpx.Response, redactor: Redactor) -> dict[str, Any]:
    """A response (its body read and decoded) as a cassette writes it."""
    content = response.content
    content_type = response.headers.get("content-type", "")
    body: dict[str, Any] | None
    if not content:
        body = None
    elif content_type.lower().startswith("text/event-stream"):
        body = {"events": _events(content, redactor)}
    elif _is_json(content_type):
        body = _json_or_plain(content, redactor)
    elif content_type.lower().startswith("text/"):
        body = _plain(content, redactor)
    else:
        body = {"base64": base64.b64encode(content).decode("ascii")}
    return {
        "status": response.status_code,
        "headers": _headers(response.headers, _WIRE_RESPONSE_HEADERS, redactor),
        "body": body,
    }


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def dumps(value: Any) -> str:
    """`value` as indented JSON, but each stream event and each list of numbers (an embedding) on
    one line: a file a person can read and a diff can show."""
    compact: list[str] = []

    def mark(value: Any, one_line: bool = False) -> Any:
        if one_line or (
            isinstance(value, list) and value and all(isinstance(item, (int, float)) for item in value)
        ):
            compact.append(json.dumps(value, ensure_ascii=False))
            return f"\x00cassette:{len(compact) - 1}\x00"
        if isinstance(value, dict):
            return {
                key: [mark(event, True) for event in item]
                if key == "events" and isinstance(item, list)
                else mark(item)
                for key, item in value.items()
            }
        if isinstance(value, list):
            return [mark(item) for item in value]
        return value

    text = json.dumps(mark(value), indent=2, ensure_ascii=False)
    return re.sub(r'"\\u0000cassette:(\d+)\\u0000"', lambda found: compact[int(found.group(1))], text)


def document(version: int, interactions: list[str]) -> str:
    """The text of a cassette file from its interactions' texts (each `dumps`'d once, when it is
    recorded or first written: rewriting the file after each exchange stays cheap)."""
    items = ",\n".join(textwrap.indent(text, "    ") for text in interactions)
    body = f"[\n{items}\n  ]" if interactions else "[]"
    return f'{{\n  "openwire_cassette": {version},\n  "interactions": {body}\n}}\n'


def _event_bytes(event: dict[str, Any]) -> bytes:
    lines = [f"{field}: {event[field]}" for field in ("event", "id", "retry") if field in event]
    data = _dump(event["data"]) if "data" in event else str(event.get("text", ""))
    lines += [f"data: {line}" for line in data.split("\n")]
    return ("\n".join(lines) + "\n\n").encode()


def body_pieces(body: dict[str, Any] | None) -> list[bytes]:
    """The bytes a stored body is sent back as: one piece per event for a stream, else one."""
    if not body:
        return []
    if "events" in body:
        return [_event_bytes(event) for event in body["events"]]
    if "json" in body:
        return [_dump(body["json"]).encode()]
    if "text" in body:
        return [str(body["text"]).encode()]
    if "base64" in body:
        return [base64.b64decode(body["base64"])]
    raise ValueError(f"a stored response body must hold json, events, text or base64, not {sorted(body)}")


class _Pieces(httpx.SyncByteStream, httpx.AsyncByteStream):
    """A replayed body, handed over a piece (an event) at a time, as it came over the network."""

    def __init__(self, pieces: list[bytes]) -> None:
        self._pieces = pieces

    def __iter__(self) -> Iterator[bytes]:
        yield from self._pieces

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for piece in self._pieces:
            yield piece


def to_response(stored: dict[str, Any]) -> httpx.Response:
    """The `httpx.Response` a stored response replays as."""
    pieces = body_pieces(stored.get("body"))
    headers = [(k, v) for k, v in stored.get("headers", {}).items() if k != "set-cookie"]
    if not (stored.get("body") or {}).get("events"):
        headers.append(("content-length", str(sum(map(len, pieces)))))
    return httpx.Response(
        int(stored["status"]),
        headers=headers,
        stream=_Pieces(pieces),
        extensions={"http_version": b"HTTP/1.1"},
    )
