"""From an endpoint declaration and keyword arguments to an `httpx.Request`. No I/O here.

A resource method is a declaration: it names an `Endpoint` and hands over its keyword arguments.
Everything they have in common (checking parameter names, separating per-call options, leaving out
`NOT_GIVEN`, encoding the body and the query, headers, timeouts) happens once, here.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, Literal, TypeVar
from urllib.parse import quote

import httpx

from ._config import USER_AGENT, to_timeout
from ._exceptions import InvalidInputError
from ._pydantic import NonFiniteNumberError, dumps, typeddict_bool_keys, typeddict_keys
from ._types import Headers, NotGiven

if TYPE_CHECKING:
    from ._config import ClientConfig
    from ._middleware import Watch
    from ._pydantic import JsonValidator

__all__ = ["Endpoint", "Plan", "build_plan"]

T = TypeVar("T")

OPTION_KEYS = frozenset({"extra_headers", "extra_query", "extra_body", "timeout", "deadline"})


@dataclass(frozen=True, slots=True)
class Endpoint(Generic[T]):
    """One API operation: how to call it and how to read its answer.

    Attributes:
        method: the HTTP method.
        path: the path under the base URL, with `{}` for each path argument (an id, escaped); or
            just `{url}` for a whole URL the API gave out.
        parse: turns a successful response into the value the method returns.
        params: the TypedDict of the parameters the method accepts (None for none); its keys are
            checked at call time so that a misspelt parameter fails loudly instead of being sent.
        body: where the parameters go: a JSON body, the query string, or a multipart form.
        in_query: parameters that go in the query string although the others make a JSON body
            (`include` of `conversations.items.create`).
        stream_parse: for operations that can stream, turns one event's data into a chunk.
        name: the method as users call it (`"models.retrieve"`), for error messages.
        files: for a multipart body, the parameters that are file uploads (see `_files.py`).
        stream_when: the parameter and value that ask for an event stream (`stream=True`, or
            `stream_format="sse"` for speech).
        check: checks the parameters before anything is sent, raising `InvalidInputError` for a
            value the API is known to reject (an empty input to embed).
        accept: the `Accept` header for a body that is not JSON (audio from `speech.create`).
    """

    method: Literal["GET", "POST", "DELETE"]
    path: str
    parse: Callable[[httpx.Response], T]
    params: type | None = None
    body: Literal["json", "query", "multipart"] = "json"
    in_query: tuple[str, ...] = ()
    stream_parse: JsonValidator[Any] | None = None
    name: str = ""
    files: tuple[str, ...] = ()
    stream_when: tuple[str, object] = ("stream", True)
    check: Callable[[Mapping[str, Any]], None] | None = None
    accept: str | None = None

    def checked(self, body: dict[str, Any]) -> dict[str, Any]:
        """`body`, once `check` (if any) has found nothing the API would reject."""
        if self.check is not None:
            self.check(body)
        return body

    def streams(self, body: Mapping[str, Any]) -> bool:
        """Whether a request body asks this endpoint for an event stream."""
        if self.stream_parse is None:
            return False
        key, on = self.stream_when
        value = body.get(key)
        # The exact value, of the exact type: `stream=1` is not `stream=True`.
        return type(value) is type(on) and value == on

    @property
    def stream_parser(self) -> JsonValidator[Any]:
        """`stream_parse`, for an endpoint known to stream."""
        assert self.stream_parse is not None, f"{self.name} does not stream"
        return self.stream_parse

    _required: frozenset[str] = field(init=False, repr=False)
    _allowed: frozenset[str] = field(init=False, repr=False)

    _booleans: frozenset[str] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        required, optional = typeddict_keys(self.params)
        object.__setattr__(self, "_required", required)
        object.__setattr__(self, "_allowed", required | optional | OPTION_KEYS)
        object.__setattr__(self, "_booleans", typeddict_bool_keys(self.params))


@dataclass(slots=True)
class Plan:
    """One call, ready to send: the request plus what the sending loop needs to know about it."""

    endpoint: Endpoint[Any]
    request: httpx.Request
    stream: bool
    """Whether the answer is an event stream (`stream=True` on an endpoint that can stream)."""
    deadline: float | None
    read_body: bool = True
    """Whether a successful response is read before it is returned (not for streams, and not for
    `with_streaming_response`)."""
    follow_redirects: bool = True
    """Whether a redirect is followed (as the `httpx` client says: its own pool always does)."""
    watch: Watch | None = None
    """The client's middleware and this call's `CallInfo`, when the client has middleware."""


def build_plan(
    config: ClientConfig,
    http: httpx.Client | httpx.AsyncClient,
    endpoint: Endpoint[Any],
    params: Mapping[str, Any],
    path_args: tuple[str, ...],
) -> Plan:
    """Check `params` (a method's keyword arguments) against the endpoint and build its request."""
    caller = endpoint.name or endpoint.path
    _check_keywords(endpoint, params, caller)
    extra_headers = params.get("extra_headers")
    extra_query = params.get("extra_query")
    extra_body = params.get("extra_body")
    timeout = params.get("timeout", config.timeout)
    deadline = params.get("deadline", config.deadline)
    body = endpoint.checked(
        {k: v for k, v in params.items() if k not in OPTION_KEYS and not isinstance(v, NotGiven)}
    )
    if extra_body:
        if endpoint.method != "POST":
            raise TypeError(
                f"{caller}() sends a {endpoint.method} request, which has no body: pass extra fields "
                "as extra_query={...} instead of extra_body."
            )
        body.update(extra_body)
    stream = endpoint.streams(body)

    path = endpoint.path
    if path == "{url}":
        url, own_origin = _given_url(config, caller, path_args)
    else:
        if path_args:
            path = path.format(*(_path_segment(caller, value) for value in path_args))
        url, own_origin = config.base_url + path, True
    # The client's credentials and default headers go to the API's own host only: a URL the API
    # handed out (an image on a storage host) gets none of them.
    base_headers = config.headers if own_origin else _ANONYMOUS_HEADERS
    headers = _headers(base_headers, "text/event-stream" if stream else endpoint.accept, extra_headers)
    if endpoint.method != "GET" and not (
        config.idempotency_key_given or (extra_headers and _names_idempotency_key(extra_headers))
    ):
        # One key per call, the same on every retry of it: a server that honours it applies a
        # POST once however many times it arrives.
        headers = {**headers, "Idempotency-Key": f"openwire-{os.urandom(16).hex()}"}

    query: dict[str, object] | None = None
    default_query = config.default_query if own_origin else {}
    if default_query or extra_query or endpoint.body == "query" or endpoint.in_query:
        query = {**default_query}
        if endpoint.body == "query":
            query.update(body)
        for name in endpoint.in_query:
            if name in body:
                query[name] = body.pop(name)
        if extra_query:
            query.update(extra_query)

    content: bytes | None = None
    data: dict[str, Any] | None = None
    files: list[tuple[str, Any]] | None = None
    if endpoint.body == "json" and endpoint.method == "POST":
        content = _to_json(body, caller)
        headers = {**headers, "Content-Type": "application/json"}
    elif endpoint.body == "multipart":
        from ._files import multipart_fields

        data, files = multipart_fields(body, caller, endpoint.files)

    request = http.build_request(
        endpoint.method,
        url,
        params=encode_query(query) if query else None,
        headers=headers,
        content=content,
        data=data,
        files=files,
        timeout=timeout if isinstance(timeout, httpx.Timeout) else to_timeout(timeout),
    )
    return Plan(
        endpoint=endpoint,
        request=request,
        stream=stream,
        deadline=deadline,
        read_body=not stream,
        follow_redirects=http.follow_redirects,
    )


def _check_keywords(endpoint: Endpoint[Any], params: Mapping[str, Any], caller: str) -> None:
    """A misspelt or missing keyword is a `TypeError`, as for any Python function; a boolean
    parameter given something else is refused before anything is sent."""
    unknown = params.keys() - endpoint._allowed
    if unknown:
        raise TypeError(_unknown_message(caller, unknown, endpoint))
    missing = endpoint._required - params.keys()
    if missing:
        names = ", ".join(repr(name) for name in sorted(missing))
        raise TypeError(f"{caller}() missing required keyword argument(s): {names}")
    for key in endpoint._booleans:
        value = params.get(key)
        if value.__class__ is not bool and value is not None and not isinstance(value, NotGiven):
            raise InvalidInputError(
                f"{caller}() got {key}={value!r} ({type(value).__name__}); the API takes True or False "
                f"there. Pass {key}=bool(...) if you meant its truth value."
            )


def _given_url(config: ClientConfig, caller: str, path_args: tuple[str, ...]) -> tuple[str, bool]:
    """A whole URL the API gave out (the path `{url}`: where a generated image lies), and whether
    it is on the API's own origin. (In other paths, each `{}` is an id, escaped into one segment
    under the base URL.)"""
    url = path_args[0] if path_args else None
    if not isinstance(url, str) or not url.startswith(("http://", "https://")):
        raise InvalidInputError(f"{caller}() needs an http:// or https:// URL, not {url!r}")
    return url, _origin(url) == _origin(config.base_url)


def _names_idempotency_key(headers: Headers) -> bool:
    return any(name.lower() == "idempotency-key" for name in headers)


def _origin(url: str) -> tuple[str, str, int | None]:
    parsed = httpx.URL(url)
    return parsed.scheme, parsed.host, parsed.port


_ANONYMOUS_HEADERS = {"User-Agent": USER_AGENT, "Accept": "*/*"}


def _headers(base: dict[str, str], accept: str | None, extra: Headers | None) -> dict[str, str]:
    """The client's headers with this call's `Accept` and `extra_headers` applied (the shared base
    dict is returned as is when nothing changes)."""
    if accept is None and not extra:
        return base
    headers = dict(base)
    if accept is not None:
        headers["Accept"] = accept
    for name, value in (extra or {}).items():
        # Case-insensitive: an extra header replaces a default one however it is spelt.
        for key in [k for k in headers if k.lower() == name.lower()]:
            del headers[key]
        if not isinstance(value, NotGiven):
            headers[name] = value
    return headers


def encode_query(query: Mapping[str, object]) -> list[tuple[str, str | int | float | bool | None]]:
    """Query parameters as the API expects them: booleans as `true`/`false`, objects as `key[sub]`,
    lists as repeated keys; `None` and `NOT_GIVEN` values are left out."""
    pairs: list[tuple[str, str | int | float | bool | None]] = []
    for key, value in query.items():
        _add_query_value(pairs, key, value)
    return pairs


def _add_query_value(
    pairs: list[tuple[str, str | int | float | bool | None]], key: str, value: object
) -> None:
    if value is None or isinstance(value, NotGiven):
        return
    if isinstance(value, bool):
        pairs.append((key, "true" if value else "false"))
    elif isinstance(value, Mapping):
        for sub, item in value.items():
            _add_query_value(pairs, f"{key}[{sub}]", item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            _add_query_value(pairs, key, item)
    else:
        pairs.append((key, str(value)))


def _path_segment(caller: str, value: object) -> str:
    # "." and ".." survive escaping and are then resolved by URL normalization: `delete("..")` would
    # go to the parent path instead of failing.
    if not isinstance(value, str) or not value or value in (".", ".."):
        raise ValueError(f"{caller}() needs a non-empty string id, not {value!r}")
    return quote(value, safe="")


def _to_json(body: dict[str, Any], caller: str) -> bytes:
    try:
        return dumps(body, allow_nan=False)
    except NonFiniteNumberError as error:
        # Written as `null`, a NaN temperature would silently become the default one.
        where, _ = _unsendable(body)
        raise InvalidInputError(
            f"{caller}() got a number JSON cannot hold in {where} ({error}); pass a finite number, "
            "or None for null."
        ) from None
    except ValueError as error:  # pydantic-core's PydanticSerializationError
        where, value = _unsendable(body)
        if "UnicodeEncodeError" in str(error):  # a str with a lone surrogate is of the right type
            raise InvalidInputError(
                f"{caller}() got a string that is not valid Unicode in {where} (it cannot be sent as "
                f"UTF-8): {error}"
            ) from None
        raise TypeError(
            f"{caller}() got a value that cannot be sent as JSON in {where}: {_shown(value)}"
        ) from None


def _unsendable(body: dict[str, Any]) -> tuple[str, object]:
    """Where in `body` the value `dumps` refuses is (`messages[0].content[1]`), and that value.

    Only on the error path: each level is tried part by part, and the walk goes into the first part
    that fails on its own.
    """
    path = ""
    value: object = body
    while True:
        for step, part in _parts(value, top=value is body):
            try:
                dumps(part, allow_nan=False)
            except ValueError:
                path += step
                value = part
                break
        else:  # no part fails alone: the value itself is what JSON cannot hold
            return path or "the request body", value


def _parts(value: object, *, top: bool) -> list[tuple[str, object]]:
    from pydantic import BaseModel

    if isinstance(value, BaseModel):
        value = dict(value)
    if isinstance(value, Mapping):
        return [(_key_step(key, top=top), part) for key, part in value.items()]
    if isinstance(value, (list, tuple)):
        return [(f"[{index}]", part) for index, part in enumerate(value)]
    return []  # an iterator would be used up by walking it; the path stops at it


def _key_step(key: object, *, top: bool) -> str:
    if isinstance(key, str) and key.isidentifier():
        return key if top else f".{key}"
    return f"[{key!r}]"


def _shown(value: object) -> str:
    if value is Ellipsis:
        return "`...` (Ellipsis), a placeholder: put the real value there."
    shown = repr(value)
    if len(shown) > 60:
        shown = shown[:59] + "…"
    return (
        f"{shown}, of type {type(value).__name__}. JSON holds dicts, lists, strings, numbers, booleans "
        "and None (and pydantic models, which are sent as such)."
    )


def _unknown_message(caller: str, unknown: set[str], endpoint: Endpoint[Any]) -> str:
    import difflib

    parts = []
    for name in sorted(unknown):
        close = difflib.get_close_matches(name, endpoint._allowed, n=1)
        parts.append(f"{name!r}" + (f" (did you mean {close[0]!r}?)" if close else ""))
    return (
        f"{caller}() got unexpected keyword argument(s): {', '.join(parts)}. To send a field openwire "
        "does not know, pass it in extra_body={...} (or extra_query / extra_headers)."
    )
