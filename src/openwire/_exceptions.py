"""Every error openwire raises, and the one place HTTP responses become status errors.

```
OpenwireError                      anything openwire raises on purpose (also: bad configuration)
 ├── InvalidInputError             an argument is wrong, found before anything is sent (a ValueError)
 │    ├── InvalidFileError         a file parameter got something that cannot be uploaded (a TypeError)
 │    ├── FileMissingError         a file parameter names a path with no file (a FileNotFoundError)
 │    ├── StrictSchemaError        a type strict structured outputs cannot express; has `.location`
 │    └── ToolDefinitionError      a function that cannot become a tool (`*args`, a missing annotation)
 ├── ToolArgumentsError            a tool call's arguments are not JSON, or do not fit its parameters
 ├── ToolRoundsExceededError       a tool runner's model still called tools after `max_rounds` calls
 ├── BatchNotDoneError             a batch job's batches had not ended in time (a TimeoutError)
 ├── BatchSubmitError              a batch job failed part way: has the `batch_ids` already created
 ├── StructuredOutputError         a `parse` helper's answer could not become its type; has the answer
 │    ├── LengthFinishReasonError        cut short by the token limit
 │    ├── ContentFilterFinishReasonError stopped by the content filter
 │    └── OutputValidationError          not JSON, or not the type's shape; has `.content`
 └── APIError                      something went wrong talking to the server; has `.request`
      ├── APIConnectionError       no usable response: DNS, refused, reset, TLS, protocol
      │    └── APITimeoutError     a connect / read / write / pool timeout, or the call's deadline
      ├── APIStatusError           the server answered with a status >= 400 (or a stray 3xx)
      │    ├── BadRequestError             400
      │    ├── AuthenticationError         401
      │    ├── PermissionDeniedError       403
      │    ├── NotFoundError               404
      │    ├── ConflictError               409
      │    ├── UnprocessableEntityError    422
      │    ├── RateLimitError              429
      │    └── InternalServerError         >= 500
      ├── APIResponseValidationError  a 2xx body that is not JSON, or not the shape expected
      └── APIStreamError           the server reported an error inside a 200 event stream
```
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import httpx

from ._redact import SECRET_PARAMS, redact_secrets, redact_text, redact_url

if TYPE_CHECKING:
    from pydantic import ValidationError

__all__ = [
    "APIConnectionError",
    "APIError",
    "APIResponseValidationError",
    "APIStatusError",
    "APIStreamError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "BatchNotDoneError",
    "BatchSubmitError",
    "ConflictError",
    "ContentFilterFinishReasonError",
    "FileMissingError",
    "InternalServerError",
    "InvalidFileError",
    "InvalidInputError",
    "LengthFinishReasonError",
    "NotFoundError",
    "OpenwireError",
    "OutputValidationError",
    "PermissionDeniedError",
    "RateLimitError",
    "StrictSchemaError",
    "StructuredOutputError",
    "ToolArgumentsError",
    "ToolDefinitionError",
    "ToolRoundsExceededError",
    "UnprocessableEntityError",
]

_MAX_MESSAGE = 600


class OpenwireError(Exception):
    """The root of every error openwire raises on purpose."""


class InvalidInputError(OpenwireError, ValueError):
    """An argument is wrong in a way openwire can tell before sending anything (an empty input to
    embed, say). Also a `ValueError`; the message says what was wrong and what to pass instead."""


class InvalidFileError(InvalidInputError, TypeError):
    """A file parameter got something that cannot be uploaded: a `str`, a file open in text mode, a
    closed file, a directory. Also a `TypeError`."""


class FileMissingError(InvalidInputError, FileNotFoundError):
    """A file parameter names a path where there is no file. Also a `FileNotFoundError`."""


class StrictSchemaError(InvalidInputError):
    """A type whose JSON schema strict mode (structured outputs, strict function tools) cannot
    express: a `dict`, `Any`, a tuple, a set, a keyword such as `minLength`, a root that is not an
    object, or a schema past the API's size limits. Also a `ValueError`.

    Attributes:
        location: where in the type the problem is, as `Order.lines[].extras` (`[]`: a list's items).
    """

    location: str

    def __init__(self, location: str, problem: str = "") -> None:
        # `problem` may be left out so that a pickled error, rebuilt from its message, loads.
        super().__init__(f"{location}: {problem}" if problem else location)
        self.location = location


class ToolDefinitionError(InvalidInputError):
    """A function that cannot become a tool: `*args` or `**kwargs`, a parameter without a type
    annotation, a name the API does not accept, or something that is not callable. Also a
    `ValueError`."""


class ToolArgumentsError(OpenwireError):
    """The arguments a model wrote for a tool call are not JSON, or do not fit the tool's parameters.

    Models do write such arguments now and then (less often with `strict=True`); the usual answer is
    to send the message back to the model as the tool's output, so that it can try again.

    Attributes:
        tool_name: the tool that was called.
        arguments: the arguments as the model wrote them.
        errors: what did not match, one `"location: problem"` line each (empty when not JSON).
    """

    tool_name: str
    arguments: str
    errors: list[str]

    def __init__(
        self, message: str, *, tool_name: str = "", arguments: str = "", errors: list[str] | None = None
    ) -> None:
        # Keywords with defaults: a pickled error is rebuilt from its message, then its attributes.
        super().__init__(message)
        self.tool_name = tool_name
        self.arguments = arguments
        self.errors = errors or []


class ToolRoundsExceededError(OpenwireError):
    """A tool runner (`chat.completions.run_tools`, `responses.run_tools`) made `max_rounds` model
    calls and the model still called tools in the last one. Those calls were run, so the
    conversation on `.messages` is whole: carry on from it with another `run_tools(...)`.

    Attributes:
        rounds: every round that was run (`ToolRound`s), the last one's calls included.
        messages: the conversation so far, ready to send again: chat messages, or, from
            `responses.run_tools`, the input items (the runner's `input`).
    """

    rounds: list[Any]
    messages: list[Any]

    def __init__(self, message: str, *, rounds: Sequence[Any] = (), messages: Sequence[Any] = ()) -> None:
        # Keywords with defaults: a pickled error is rebuilt from its message, then its attributes.
        super().__init__(message)
        self.rounds = list(rounds)
        self.messages = list(messages)


class StructuredOutputError(OpenwireError):
    """An answer the `parse` helpers could not turn into its output type: cut short, filtered, or
    not what the type says. Nothing is lost: the answer as it came is on the error.

    Attributes:
        completion: the `ChatCompletion` as it came (from chat), else `None`.
        response: the `Response` as it came (from the Responses API), else `None`.
        usage: its token usage (what the call cost), when the server sent it.
    """

    completion: Any
    response: Any
    usage: Any

    def __init__(self, message: str, *, completion: Any = None, response: Any = None) -> None:
        super().__init__(message)
        self.completion = completion
        self.response = response
        self.usage = getattr(completion if completion is not None else response, "usage", None)

    def __reduce__(self) -> tuple[Any, ...]:
        # The answer stays as it came, but for anything shaped like a credential a server echoed
        # into it (a pickle or copy must carry none).
        state = dict(self.__dict__)
        for name in ("completion", "response"):
            answer: Any = state.get(name)
            if answer is not None and hasattr(answer, "model_dump_json"):
                text = answer.model_dump_json()
                cleaned = redact_secrets(text)
                if cleaned != text:
                    state[name] = type(answer).model_validate_json(cleaned)
        if isinstance(state.get("content"), str):
            state["content"] = redact_secrets(state["content"])
        return (_rebuild, (type(self), self.args, state))


class LengthFinishReasonError(StructuredOutputError):
    """The answer was cut short by the token limit (`finish_reason="length"`; on the Responses API an
    `incomplete` response), so it cannot be parsed."""


class ContentFilterFinishReasonError(StructuredOutputError):
    """The answer was stopped by the content filter (`finish_reason="content_filter"`), so it cannot
    be parsed."""


class OutputValidationError(StructuredOutputError):
    """The answer's text is not JSON, or not the shape of the output type.

    Attributes:
        content: the text as the model wrote it.
        errors: what did not match, one `"location: problem"` line each (empty when not JSON).
    """

    content: str
    errors: list[str]

    def __init__(
        self,
        message: str,
        *,
        completion: Any = None,
        response: Any = None,
        content: str = "",
        errors: list[str] | None = None,
    ) -> None:
        super().__init__(message, completion=completion, response=response)
        self.content = content
        self.errors = errors or []


class BatchNotDoneError(OpenwireError, TimeoutError):
    """A batch job's batches had not all ended when its `timeout` was up (or its results were
    asked for too early). The batches go on running: resume them later by id."""

    def __init__(self, message: str, *, batch_ids: list[str], unfinished: list[str]) -> None:
        super().__init__(message)
        self.batch_ids = batch_ids
        """Every batch of the job (pass them to `client.batches.resume`)."""
        self.unfinished = unfinished
        """The batches that had not ended."""


class BatchSubmitError(OpenwireError):
    """Submitting a batch job failed after some of its batches were created: they run, and
    `batch_ids` names them (cancel them, or resume them as a job). The cause is `__cause__`."""

    def __init__(self, message: str, *, batch_ids: list[str]) -> None:
        super().__init__(message)
        self.batch_ids = batch_ids
        """The batches created before the failure."""


def batch_not_done(batch_ids: list[str], unfinished: list[str]) -> BatchNotDoneError:
    """The batches of a job that had not ended when they had to have."""
    return BatchNotDoneError(
        f"{len(unfinished)} of the job's {len(batch_ids)} batches have not ended yet "
        f"({', '.join(unfinished)}). "
        "They go on running on the server: wait longer, or save job.batch_ids and call "
        "client.batches.resume(batch_ids).wait() later.",
        batch_ids=list(batch_ids),
        unfinished=list(unfinished),
    )


def batch_submit_error(created: list[str], cause: BaseException) -> BatchSubmitError:
    """A job's submission failed after `created` batches were made."""
    return BatchSubmitError(
        f"Submitting the batch job failed after {len(created)} batch(es) were created "
        f"({', '.join(created)}): "
        f"{type(cause).__name__}: {cause}. Those batches run on: resume them with "
        "client.batches.resume(error.batch_ids), or cancel them.",
        batch_ids=list(created),
    )


class APIError(OpenwireError):
    """A call to the API failed.

    Attributes:
        message: what went wrong.
        request: the HTTP request that was being made.
        attempts: how many times the request was sent before openwire gave up.
    """

    message: str
    request: httpx.Request
    attempts: int = 1

    def __init__(self, message: str, *, request: httpx.Request) -> None:
        super().__init__(message)
        self.message = message
        self.request = request

    def __str__(self) -> str:
        if self.attempts > 1:
            return f"{self.message} (after {self.attempts} attempts)"
        return self.message

    def __reduce__(self) -> tuple[Any, ...]:
        # Pickled or copied (copy, deepcopy), an error keeps what it says but no credential: its
        # request and response are replaced by copies without credential headers, with the URL
        # masked and the response body as the error shows it (an echoed key masked).
        state = dict(self.__dict__)
        request = state.get("request")
        if isinstance(request, httpx.Request):
            state["request"] = _without_credentials(request)
        response = state.get("response")
        if isinstance(response, httpx.Response):
            state["response"] = _response_without_credentials(
                response, state.get("request"), state.get("body")
            )
        return (_rebuild, (type(self), self.args, state))


def _rebuild(cls: type[BaseException], args: tuple[Any, ...], state: dict[str, Any]) -> BaseException:
    error = cls.__new__(cls)
    error.args = args
    error.__dict__.update(state)
    return error


def _without_credentials(request: httpx.Request) -> httpx.Request:
    headers = [
        (name, "***" if name.lower() in _CREDENTIAL_HEADERS else value)
        for name, value in request.headers.items()
    ]
    try:
        content = request.content
    except httpx.RequestNotRead:  # a streamed upload: not kept
        content = b""
    return httpx.Request(request.method, redact_url(request.url), headers=headers, content=content)


def _response_without_credentials(response: httpx.Response, request: Any, shown: object) -> httpx.Response:
    """A copy of `response` to keep in a pickled error: its body as the error shows it (`shown`:
    masked with the client's own secrets when it was made), else as read, masked."""
    if isinstance(shown, str):
        text = shown
    elif shown is not None:
        text = json.dumps(shown)
    else:
        try:
            text = _redacted(response.text, response.request)
        except httpx.ResponseNotRead:  # a stream's response: its body went to the stream
            text = ""
    dropped = ("set-cookie", "content-length", "content-encoding")
    headers = [(name, value) for name, value in response.headers.items() if name.lower() not in dropped]
    return httpx.Response(
        response.status_code, headers=headers, content=redact_secrets(text).encode(), request=request
    )


_CREDENTIAL_HEADERS = frozenset({"authorization", "proxy-authorization", "api-key", "x-api-key", "cookie"})


class APIConnectionError(APIError):
    """No usable response arrived: the connection could not be made or broke off.

    `is_certificate_error` is true when the server's TLS certificate was rejected; such errors are
    not retried, since the next attempt would fail the same way.
    """

    is_certificate_error: bool

    def __init__(
        self, message: str | None = None, *, request: httpx.Request, is_certificate_error: bool = False
    ) -> None:
        super().__init__(message or "Connection error.", request=request)
        self.is_certificate_error = is_certificate_error


class APITimeoutError(APIConnectionError):
    """The request took longer than its timeout, or the call ran past its deadline."""

    def __init__(self, message: str | None = None, *, request: httpx.Request) -> None:
        super().__init__(message or "Request timed out.", request=request)


class _ServerReportedError(APIError):
    """An error the server described: its payload's fields and the response it came in."""

    request_id: str | None
    body: object
    code: str | None
    param: str | None
    type: str | None
    response: httpx.Response

    def __init__(
        self,
        message: str,
        *,
        response: httpx.Response,
        body: object = None,
        code: str | None = None,
        param: str | None = None,
        type: str | None = None,
    ) -> None:
        super().__init__(message, request=response.request)
        self.response = response
        self.request_id = request_id_of(response.headers)
        self.body = body
        self.code = code
        self.param = param
        self.type = type


class APIStatusError(_ServerReportedError):
    """The server answered with an error status. The subclasses name the common statuses.

    Attributes:
        status_code: the HTTP status.
        request_id: the server's `x-request-id`, to quote when asking the provider for help.
        body: the error body, parsed JSON where it was JSON, else the raw text.
        message: the human-readable message the server gave (or the status phrase).
        code, param, type: the fields of an OpenAI-style `{"error": {...}}` body, where present.
        retry_after: seconds the server asked the client to wait (`Retry-After`, `retry-after-ms`).
        response: the `httpx.Response` (its body already read).
    """

    status_code: int
    retry_after: float | None

    def __init__(
        self,
        message: str,
        *,
        response: httpx.Response,
        body: object = None,
        code: str | None = None,
        param: str | None = None,
        type: str | None = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(message, response=response, body=body, code=code, param=param, type=type)
        self.status_code = response.status_code
        self.retry_after = retry_after

    def __str__(self) -> str:
        reason = self.response.reason_phrase or httpx.codes.get_reason_phrase(self.status_code)
        lead = self._lead()
        message = f"{lead} The server said: {self.message}" if lead else self.message
        text = f"{self.status_code} {reason} from {where(self.request)}: {message}"
        details = [
            f"{name}={value}"
            for name, value in (
                ("type", self.type),
                ("code", self.code),
                ("param", self.param),
                ("request_id", self.request_id),
                ("attempts", self.attempts if self.attempts > 1 else None),
            )
            if value
        ]
        if details:
            text += f" [{', '.join(details)}]"
        advice = self._advice()
        return f"{text} {advice}" if advice else text

    def _lead(self) -> str:
        """What to say before the server's own message: the likely cause when that is not what the
        server's message suggests (a wrong `base_url` rather than a wrong model)."""
        status = self.status_code
        if status == 405:
            return f"The server does not take {self.request.method} here. {_base_url_hint(self, _CHECK_ROOT)}"
        if status == 501:
            return f"The server does not implement this endpoint. {_base_url_hint(self, _CHECK_ROOT)}"
        return ""

    def _advice(self) -> str:
        return ""


def _base_url_hint(error: APIStatusError, otherwise: str) -> str:
    """What an error that may come of a wrong `base_url` adds: the version path it lacks, or that
    the server answered like a web site rather than an API; `otherwise` when neither stands out."""
    url = error.request.url
    if not _VERSION_SEGMENT.search(url.path):
        root = f"{url.scheme}://{url.netloc.decode('ascii', 'replace')}/v1"  # netloc: no user info
        return (
            f"base_url has no version path such as /v1, under which most OpenAI-compatible servers "
            f"serve the API: try base_url={root!r}."
        )
    if "html" in error.response.headers.get("content-type", ""):
        return (
            "The server answered with a web page, not an API error: check that base_url points at an "
            "OpenAI-compatible API."
        )
    return otherwise


_CHECK_ROOT = "Check that base_url points at the API root of an OpenAI-compatible server."

# A path segment that names an API version (`/v1`, `/v1beta`, `/openai/...` on Azure).
_VERSION_SEGMENT = re.compile(r"/(?:v\d+[a-z0-9]*|openai)(?:/|$)")


class BadRequestError(APIStatusError):
    """400: the request was malformed or a parameter was not accepted (see `param`)."""


class AuthenticationError(APIStatusError):
    """401: the API key was missing, wrong or revoked."""

    def _advice(self) -> str:
        return "Check the API key: pass api_key=... or set OPENAI_API_KEY to a key this server accepts."


class PermissionDeniedError(APIStatusError):
    """403: the key is valid but may not do this (organization, project, region or model access)."""


class NotFoundError(APIStatusError):
    """404: no such model or object, or the base URL does not point at the API root."""

    def _lead(self) -> str:
        # An API's "no such model/object" is an error object with a type or code, or names what is
        # missing; a bare "Not Found" (or a web page) comes from a server that has no such path.
        if self.code is not None or self.type is not None:
            return ""
        page = "html" in self.response.headers.get("content-type", "")
        if not page and not _NOT_FOUND.fullmatch(self.message.strip(" .")):
            return ""
        return _base_url_hint(self, _NO_SUCH_PATH)

    def _advice(self) -> str:
        if self._lead():
            return ""
        return (
            "Check the model or object id, and that base_url points at the API root (for most "
            "servers it ends in /v1)."
        )


_NO_SUCH_PATH = (
    "The server has no such path: check that base_url points at the API root (for most servers it "
    "ends in /v1) and that the server offers this endpoint."
)
# "Not Found", "HTTP 404 Not Found", "404 page not found", "File not found", or nothing at all.
_NOT_FOUND = re.compile(r"(?:http\s*)?(?:404\s*)?(?:(?:page|file)\s+)?(?:not\s+found)?", re.IGNORECASE)


class ConflictError(APIStatusError):
    """409: the request conflicts with the state of the resource; retried by default."""


class UnprocessableEntityError(APIStatusError):
    """422: the body was well-formed but could not be processed."""


class RateLimitError(APIStatusError):
    """429: too many requests, or (with `code == "insufficient_quota"`) no quota left."""

    def _advice(self) -> str:
        if self.code == "insufficient_quota":
            return "The account's quota is exhausted; retrying will not help until it is raised."
        if self.retry_after is not None:
            return f"The server asked to wait {self.retry_after:g} s before retrying."
        return ""


class InternalServerError(APIStatusError):
    """A status of 500 or more: the server or a gateway in front of it failed."""


class APIResponseValidationError(APIError):
    """A successful response whose body is not JSON, or not the shape openwire expected.

    Attributes:
        status_code: the HTTP status of the response.
        body: the raw body text.
        errors: what did not match, one `"location: problem"` line each (empty when not JSON).
        response: the `httpx.Response`.
    """

    status_code: int
    body: str
    errors: list[str]
    request_id: str | None
    response: httpx.Response

    def __init__(self, message: str, *, response: httpx.Response, body: str, errors: list[str]) -> None:
        super().__init__(message, request=response.request)
        self.response = response
        self.status_code = response.status_code
        self.body = body
        self.errors = errors
        self.request_id = request_id_of(response.headers)


class APIStreamError(_ServerReportedError):
    """The server sent an error inside an event stream that had started with a 200.

    Attributes:
        code, type, param: from the error payload, where present.
        body: the parsed error payload.
        request_id: the `x-request-id` of the streaming response.
        response: the `httpx.Response` of the stream.
    """

    def __str__(self) -> str:
        details = [f"{k}={v}" for k, v in (("code", self.code), ("request_id", self.request_id)) if v]
        suffix = f" [{', '.join(details)}]" if details else ""
        return f"The server reported an error mid-stream: {self.message}{suffix}"


_STATUS_ERRORS: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}


def request_id_of(headers: httpx.Headers) -> str | None:
    """The request id a server put on a response (OpenAI, Azure and common gateways)."""
    for name in ("x-request-id", "request-id", "apim-request-id"):
        value = headers.get(name)
        if value:
            return str(value)
    return None


def status_error(
    response: httpx.Response, *, secrets: tuple[str, ...] = (), retry_after: float | None = None
) -> APIStatusError:
    """Turn an error response (body already read) into the matching `APIStatusError` subclass.

    Understands the error bodies providers really send: `{"error": {...}}`, `{"error": "text"}`,
    a list of those, `{"errors": [{...}]}`, `{"detail": ...}` (FastAPI-based servers),
    `{"message": ...}`, `{"msg": ...}`, plain text and HTML error pages; a gateway's report of the
    upstream provider's own error (OpenRouter's `metadata.raw`) is added to the message. Any of
    `secrets` echoed back by the server is masked.
    """
    text = redact_text(response.text, (*secrets, *_credentials_sent(response.request)))
    body, fields = describe_error_body(text)
    status = response.status_code
    cls = _STATUS_ERRORS.get(status) or (InternalServerError if status >= 500 else APIStatusError)
    message = fields.get("message") or f"HTTP {status} {httpx.codes.get_reason_phrase(status)}".strip()
    return cls(
        message,
        response=response,
        body=body,
        code=fields.get("code"),
        param=fields.get("param"),
        type=fields.get("type"),
        retry_after=retry_after,
    )


def describe_error_body(text: str) -> tuple[object, dict[str, str]]:
    """Parse an error body into `(body, {message, code, param, type})`, never raising."""
    stripped = text.strip()
    if stripped[:1] in ("{", "["):
        try:
            parsed: object = json.loads(stripped)
        except ValueError:
            pass
        else:
            return parsed, _json_error_fields(parsed)
    if not stripped:
        return text, {}
    if stripped[:1] == "<":
        title = _HTML_TITLE.search(stripped)
        heading = title or _HTML_H1.search(stripped)
        message = _TAGS.sub("", heading.group(1)).strip() if heading else "an HTML error page"
        return text, {"message": _shorten(" ".join(message.split()))}
    return text, {"message": _shorten(stripped)}


_HTML_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)
_HTML_H1 = re.compile(r"<h1[^>]*>(.*?)</h1>", re.IGNORECASE | re.DOTALL)
_TAGS = re.compile(r"<[^>]+>")


def _json_error_fields(parsed: object) -> dict[str, str]:
    if isinstance(parsed, list) and parsed and isinstance(parsed[0], dict):
        parsed = parsed[0]  # some gateways wrap the error in a one-element list
    if not isinstance(parsed, dict):
        return {}
    error: Any = parsed.get("error")
    if error is None:
        errors = parsed.get("errors")  # {"errors": [{"message": ...}]} (Cloudflare and others)
        first = errors[0] if isinstance(errors, list) and errors else None
        error = first if isinstance(first, dict) else parsed
    if isinstance(error, str):
        fields = {"message": _shorten(error)}
        kind = parsed.get("error_type")  # Hugging Face TGI: {"error": "...", "error_type": "..."}
        if isinstance(kind, str) and kind:
            fields["type"] = kind
        return fields
    if not isinstance(error, dict):
        return {}
    # LiteLLM's proxy writes missing values as the string "None".
    fields = {key: str(error[key]) for key in ("code", "param", "type") if error.get(key) not in _NO_VALUE}
    message = error.get("message")
    if message is None:
        message = error.get("detail", parsed.get("detail"))
    if message is None:
        message = error.get("msg")  # gateways answering {"code": ..., "msg": "..."}
    if isinstance(message, dict):  # {"detail": {"message": "..."}} and the like
        inner = message.get("message") or message.get("error") or message.get("msg")
        message = inner if isinstance(inner, str) else message
    if isinstance(message, list):  # FastAPI validation errors: [{"loc": [...], "msg": "..."}]
        message = "; ".join(_describe_detail(item) for item in message)
    if message is not None and not isinstance(message, str):
        message = json.dumps(message)
    upstream = _upstream_error(error.get("metadata"))
    if upstream and message and upstream not in message:
        message = f"{message} ({upstream})"
    if message:
        fields["message"] = _shorten(message)
    return fields


_NO_VALUE = (None, "", "None")


def _upstream_error(metadata: object) -> str:
    """What the model's own provider said, from a gateway that passes it on (OpenRouter's
    `metadata: {"provider_name": ..., "raw": ...}`), else ''."""
    if not isinstance(metadata, dict):
        return ""
    raw = metadata.get("raw")
    if raw is None or raw == "":
        return ""
    text = raw if isinstance(raw, str) else json.dumps(raw)
    provider = metadata.get("provider_name")
    return f"{provider}: {text}" if isinstance(provider, str) and provider else text


def _describe_detail(item: object) -> str:
    if isinstance(item, dict) and "msg" in item:
        loc = ".".join(str(part) for part in item.get("loc", ()) if part != "body")
        return f"{loc}: {item['msg']}" if loc else str(item["msg"])
    return str(item)


def _shorten(text: str) -> str:
    return text if len(text) <= _MAX_MESSAGE else text[: _MAX_MESSAGE - 1] + "…"


def where(request: httpx.Request) -> str:
    """`METHOD URL` of a request, with credentials in the URL masked: how every message names a call."""
    return f"{request.method} {redact_url(request.url)}"


def connection_error(exc: httpx.RequestError, request: httpx.Request) -> APIConnectionError:
    """The one place an httpx failure before a response becomes an openwire error."""
    if isinstance(exc, httpx.TimeoutException):
        phase = _TIMEOUT_PHASES.get(type(exc), "The request")
        return APITimeoutError(f"{phase} timed out on {where(request)}.", request=request)
    reason = redact_secrets(_redacted(str(exc), request)) or type(exc).__name__  # it may quote the URL
    if exc.args and reason != str(exc):
        exc.args = (reason,)  # it is the new error's cause: its traceback shows it too
    if is_certificate_failure(exc):
        return APIConnectionError(
            f"The server's TLS certificate was rejected on {where(request)}: {reason}. Fix the certificate, "
            "or give the client an http_client=httpx.Client(verify=...) that trusts it.",
            request=request,
            is_certificate_error=True,
        )
    return APIConnectionError(f"Could not get a response from {where(request)}: {reason}", request=request)


_TIMEOUT_PHASES: dict[type[Exception], str] = {
    httpx.ConnectTimeout: "Connecting",
    httpx.ReadTimeout: "Reading the response",
    httpx.WriteTimeout: "Sending the request",
    httpx.PoolTimeout: "Waiting for a free connection",
}


def is_certificate_failure(exc: BaseException) -> bool:
    """Whether a connection error was caused by a rejected TLS certificate."""
    import ssl

    seen: BaseException | None = exc
    for _ in range(16):  # exception chains can loop; a real one is a few links long
        if seen is None:
            break
        if isinstance(seen, ssl.SSLCertVerificationError) or "CERTIFICATE_VERIFY_FAILED" in str(seen):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def deadline_error(request: httpx.Request, deadline: float | None) -> APITimeoutError:
    """The call's overall deadline passed before it could finish."""
    return APITimeoutError(
        f"The call's deadline of {deadline:g} s passed on {where(request)}.", request=request
    )


def stream_broken(exc: httpx.RequestError, response: httpx.Response) -> APIConnectionError:
    """A stream whose connection failed part way (never retried: chunks may already be handed over)."""
    request = response.request
    if isinstance(exc, httpx.TimeoutException):
        return APITimeoutError(
            f"The stream from {where(request)} stopped sending (read timeout).", request=request
        )
    reason = str(exc) or type(exc).__name__
    return APIConnectionError(f"The stream from {where(request)} broke off: {reason}", request=request)


def stream_error(response: httpx.Response, data: bytes) -> APIStreamError:
    """An error the server reported inside an event stream (an `error` event, an event whose JSON
    has a top-level `error`, or a JSON error document answering `stream=True`)."""
    text = _redacted(data.decode("utf-8", "replace"), response.request)
    body, fields = describe_error_body(text)
    return APIStreamError(
        fields.get("message") or _shorten(text.strip()) or "(an empty error event)",
        response=response,
        body=body,
        code=fields.get("code"),
        type=fields.get("type"),
        param=fields.get("param"),
    )


def event_error(
    response: httpx.Response, data: bytes, error: ValidationError | None
) -> APIResponseValidationError:
    """An event of a stream that could not become a chunk: not UTF-8, not JSON, or the wrong shape."""
    problems = _problems(error, "(the event)")
    text = _redacted(data.decode("utf-8", "replace"), response.request)
    what = f"did not have the shape of a chunk: {_joined(problems)}" if problems else _not_json(data, text)
    return APIResponseValidationError(
        f"An event in the stream from {where(response.request)} {what}.",
        response=response,
        body=text,
        errors=problems,
    )


def not_a_stream(response: httpx.Response, body: bytes) -> APIError:
    """The answer to `stream=True` was one document instead of an event stream: the error it
    reports, or a validation error that says the server may not stream."""
    text = _redacted(body.decode("utf-8", "replace"), response.request)
    parsed, _ = describe_error_body(text)
    if isinstance(parsed, dict) and parsed.get("error") is not None:
        return stream_error(response, body)
    content_type = response.headers.get("content-type", "no content type")
    return APIResponseValidationError(
        f"Asked {where(response.request)} for an event stream (stream=True) but the server answered with "
        f"one {content_type} document instead; it may not support streaming. Call without stream=True, "
        "or check base_url. The body is on the error's .body.",
        response=response,
        body=text,
        errors=[],
    )


def validation_error(
    response: httpx.Response, expected: str, error: ValidationError | None = None
) -> APIResponseValidationError:
    """Describe a 2xx body that could not become `expected` (a model name)."""
    problems = _problems(error, "(the body)")
    body = _redacted(response.text, response.request)
    parsed, fields = describe_error_body(body) if problems else (None, {})
    if isinstance(parsed, dict) and parsed.get("error") and fields.get("message"):
        # Some servers (LM Studio's unknown routes, gateways) answer with an error document and a
        # 2xx status: their message says more than the shape it lacks.
        message = (
            f"The {response.status_code} response to {where(response.request)} is an error, not "
            f"{expected}: {fields['message']}. The raw body is on the error's .body."
        )
    elif problems:
        message = (
            f"The {response.status_code} response to {where(response.request)} did not match {expected}: "
            f"{_joined(problems)}. The raw body is on the error's .body."
        )
    else:
        content_type = response.headers.get("content-type", "no content type")
        message = (
            f"The {response.status_code} response to {where(response.request)} "
            f"{_not_json(response.content, body, content_type)}. "
            "Check that base_url points at an OpenAI-compatible API."
        )
    return APIResponseValidationError(message, response=response, body=body, errors=problems)


def tool_arguments_error(tool_name: str, arguments: str, error: ValidationError) -> ToolArgumentsError:
    """Arguments written for the tool `tool_name` that could not become its arguments model."""
    problems = _problems(error, "(the arguments)")
    if problems:
        what = f"did not fit its parameters: {_joined(problems)}"
    else:
        detail = next((item["msg"] for item in error.errors(include_url=False, include_input=False)), "")
        preview = _shorten(" ".join(arguments.split()))[:200]
        what = f"were not valid JSON ({detail}): {preview!r}"
    return ToolArgumentsError(
        f"The arguments for the tool {tool_name!r} {what}.",
        tool_name=tool_name,
        arguments=arguments,
        errors=problems,
    )


def tool_rounds_exceeded(
    max_rounds: int, called: Sequence[str], rounds: Sequence[Any], messages: Sequence[Any]
) -> ToolRoundsExceededError:
    """A tool runner whose model still called tools (`called`, their names) in its last round."""
    names = ", ".join(dict.fromkeys(called))  # each name once, in order
    return ToolRoundsExceededError(
        f"The model still called tools ({names}) in the last round allowed (max_rounds={max_rounds}); "
        "they were run and their outputs are on the error's .messages. Raise max_rounds, or carry on "
        "with another run_tools(...) from .messages; every round is on .rounds.",
        rounds=rounds,
        messages=messages,
    )


def tool_runner_input_error(problem: str, tool_name: str | None = None) -> InvalidInputError:
    """A `run_tools` call that cannot start: `problem` is one of `"async"` (an `async def` tool on
    `Client`), `"no_function"` (a tool with nothing to run), `"duplicate"` (two tools of one name),
    `"background"` (a background response) or `"max_rounds"` (fewer than one round)."""
    if problem == "async":
        message = (
            f"The tool {tool_name!r} runs an async function, which a Client's run_tools cannot await; "
            "use AsyncClient (its run_tools runs such tools, several at once), or give a plain function."
        )
    elif problem == "no_function":
        message = (
            f"The tool {tool_name!r} has no function to run (it was made from a model); run_tools runs "
            "every tool it is given. Give it function_tool(...)s, or handle such calls with parse()."
        )
    elif problem == "background":
        message = (
            "run_tools cannot run a background response: its answer is not there when the call "
            "returns. Leave out background=True, or poll the response yourself with responses.retrieve."
        )
    elif problem == "duplicate":
        message = (
            f"Two tools are named {tool_name!r}; give each tool its own name (function_tool(..., name=...))."
        )
    else:
        message = "max_rounds must be at least 1: it is the number of model calls the runner may make."
    return InvalidInputError(message)


UNION_LABEL = "(by type)"
"""How the two ways a union tagged by `type` chooses a member (`_models.by_type`) are named in a
pydantic error's location. Both report a member that does not match, so the report below leaves
the label out and says each problem once."""


def _answer(answer: Any) -> dict[str, Any]:
    """Where an answer goes on a `StructuredOutputError`: a chat completion has choices."""
    return {"completion": answer} if hasattr(answer, "choices") else {"response": answer}


def length_error(answer: Any) -> LengthFinishReasonError:
    """A `parse` helper's answer that hit the token limit."""
    kind = _answer(answer)
    tokens = getattr(
        getattr(answer, "usage", None), "completion_tokens" if "completion" in kind else "output_tokens", None
    )
    spent = f" after {tokens} tokens" if tokens is not None else ""
    limit = "max_completion_tokens" if "completion" in kind else "max_output_tokens"
    return LengthFinishReasonError(
        f"The answer was cut short by the token limit{spent}, so it cannot be parsed. Raise {limit}, "
        f"or ask for less. The partial answer is on the error's .{next(iter(kind))}, its usage on .usage.",
        **kind,
    )


def content_filter_error(answer: Any) -> ContentFilterFinishReasonError:
    """A `parse` helper's answer stopped by the content filter."""
    kind = _answer(answer)
    return ContentFilterFinishReasonError(
        "The answer was stopped by the content filter, so it cannot be parsed. The partial answer is "
        f"on the error's .{next(iter(kind))}, its usage on .usage.",
        **kind,
    )


def output_validation_error(answer: Any, content: str, error: Exception) -> OutputValidationError:
    """A `parse` helper's answer whose text does not fit the output type."""
    from pydantic import ValidationError

    kind = _answer(answer)
    problems = _problems(error, "(the answer)") if isinstance(error, ValidationError) else []
    what = f"does not fit the output type: {_joined(problems)}" if problems else "is not JSON"
    return OutputValidationError(
        f"The answer {what}. Its text is on the error's .content, the answer on .{next(iter(kind))}.",
        content=content,
        errors=problems,
        **kind,
    )


def _problems(error: ValidationError | None, whole: str) -> list[str]:
    """What did not match, one `location: problem` line each; empty when the input was not JSON at
    all (then the problem is the input, not its shape)."""
    if error is None:
        return []
    problems: dict[str, None] = {}  # in order, each once
    for item in error.errors(include_url=False, include_input=False):
        if item["type"] == "json_invalid":
            return []
        location = ".".join(str(part) for part in item["loc"] if part != UNION_LABEL) or whole
        problems[f"{location}: {item['msg']}"] = None
    return list(problems)


def _joined(problems: list[str]) -> str:
    more = len(problems) - 5
    return "; ".join(problems[:5]) + (f"; and {more} more" if more > 0 else "")


def _not_json(data: bytes, text: str, note: str = "") -> str:
    """Why bytes that should be JSON are not: invalid UTF-8 (where), or not JSON (a preview)."""
    note = f" ({note})" if note else ""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as bad:
        byte = data[bad.start]
        return (
            f"was not valid UTF-8{note}: byte 0x{byte:02x} at offset {bad.start} does not begin a character"
        )
    preview = _shorten(" ".join(text.split()))[:200] or "an empty body"
    return f"was not valid JSON{note}: {preview!r}"


def _redacted(text: str, request: httpx.Request) -> str:
    return redact_text(text, _credentials_sent(request))


def _credentials_sent(request: httpx.Request) -> tuple[str, ...]:
    """The credentials a request carried (the `Authorization` token, basic auth's password, the
    `api-key` headers, a password or credential-like query value in its URL), never to be quoted
    back in a message about its response: some pages echo them."""
    found = [request.url.password]
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    found.append(token.strip())
    if scheme.lower() == "basic":
        import base64  # only for basic auth: not worth its import for every client

        with contextlib.suppress(ValueError):
            found.append(base64.b64decode(token).decode("utf-8", "replace").partition(":")[2])
    found += [request.headers.get(name, "").strip() for name in ("api-key", "x-api-key")]
    found += [value for name, value in request.url.params.multi_items() if name.lower() in SECRET_PARAMS]
    return tuple(secret for secret in found if len(secret) >= 4)  # a short value is no secret to hide
