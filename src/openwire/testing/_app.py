"""The application: routes a `Request` to its endpoint and wraps every answer the same way.

Order of business for each request: record it, let scripted faults speak first (a rate limit comes
before any check, as with the real API), check the API key, parse the body, run the endpoint, then
apply delays, cuts and malformed bodies, and stamp an `x-request-id`.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable
from typing import Any

from ._audio import create_speech, create_transcription
from ._batches import cancel_batch, create_batch, list_batches, retrieve_batch
from ._chat import create_completion
from ._conversations import (
    add_items,
    create_conversation,
    delete_conversation,
    delete_item,
    list_items,
    retrieve_conversation,
    retrieve_item,
    update_conversation,
)
from ._embeddings import create_embeddings
from ._faults import apply_faults, shape
from ._files import (
    add_part,
    cancel_upload,
    complete_upload,
    create_file,
    create_upload,
    delete_file,
    file_content,
    list_files,
    retrieve_file,
)
from ._images import create_image, edit_image, image_variation
from ._moderation import create_moderation
from ._response_store import cancel_response, delete_response, list_input_items, retrieve_response
from ._responses import compact, count_tokens_of, create_response
from ._state import State
from ._stored import (
    delete_completion,
    list_completions,
    list_messages,
    retrieve_completion,
    update_completion,
)
from ._wire import (
    ApiError,
    RecordedRequest,
    Request,
    Response,
    error_response,
    json_response,
    parse_multipart,
)

__all__ = ["App"]

Handler = Callable[[State, Request, tuple[str, ...]], Response]
_log = logging.getLogger("openwire.testing")


def _json_body(request: Request) -> dict[str, Any]:
    if not request.body.strip():
        raise ApiError(400, "The request has no body; this endpoint expects a JSON object.")
    try:
        body = json.loads(request.body)
    except ValueError as exc:
        raise ApiError(
            400,
            f"The body of the request is not valid JSON ({exc}). Send a JSON object with "
            "Content-Type: application/json.",
        ) from None
    if not isinstance(body, dict):
        raise ApiError(400, "The JSON body must be an object, not " + type(body).__name__ + ".")
    return body


def _form(request: Request) -> tuple[dict[str, list[str]], dict[str, Any]]:
    content_type = request.headers.get("content-type", "")
    if not content_type.startswith("multipart/form-data"):
        raise ApiError(
            400,
            f"This endpoint expects a multipart/form-data body, not {content_type or 'no content type'!r}.",
        )
    return parse_multipart(request.body, content_type)


def _json(endpoint: Callable[[State, Request, dict[str, Any]], Response]) -> Handler:
    return lambda state, request, args: endpoint(state, request, _json_body(request))


def _multipart(endpoint: Callable[..., Response], **extra: Any) -> Handler:
    def handle(state: State, request: Request, args: tuple[str, ...]) -> Response:
        fields, files = _form(request)
        return endpoint(state, request, fields, files, **extra)

    return handle


def _list_models(state: State, request: Request, args: tuple[str, ...]) -> Response:
    with state.lock:
        data = list(state.models.values())
    return json_response({"object": "list", "data": data})


def _model_or_404(state: State, model: str) -> dict[str, Any]:
    with state.lock:
        found = state.models.get(model)
    if found is None:
        raise ApiError(
            404,
            f"The model '{model}' does not exist or you do not have access to it.",
            param="model",
            code="model_not_found",
        )
    return found


def _retrieve_model(state: State, request: Request, args: tuple[str, ...]) -> Response:
    return json_response(_model_or_404(state, args[0]))


def _delete_model(state: State, request: Request, args: tuple[str, ...]) -> Response:
    model = _model_or_404(state, args[0])
    if not model["id"].startswith("ft:"):
        raise ApiError(
            403,
            f"You have insufficient permissions to delete the model '{model['id']}': only fine-tuned models "
            "you own can be deleted.",
            type="invalid_request_error",
            code="insufficient_permissions",
        )
    with state.lock:
        state.models.pop(model["id"], None)
    return json_response({"id": model["id"], "object": "model", "deleted": True})


def _served_file(state: State, request: Request, args: tuple[str, ...]) -> Response:
    with state.lock:
        found = state.files.get(args[0])
    if found is None:
        raise ApiError(404, f"No file named '{args[0]}' (files are kept for the 64 most recent images).")
    data, content_type = found
    return Response(200, [("content-type", content_type), ("content-length", str(len(data)))], [data])


_ID = r"([^/]+)"
_ROUTES: list[tuple[str, re.Pattern[str], Handler]] = [
    ("GET", re.compile(r"/models"), _list_models),
    ("GET", re.compile(rf"/models/{_ID}"), _retrieve_model),
    ("DELETE", re.compile(rf"/models/{_ID}"), _delete_model),
    ("POST", re.compile(r"/chat/completions"), _json(create_completion)),
    ("GET", re.compile(r"/chat/completions"), lambda s, r, a: list_completions(s, r)),
    ("GET", re.compile(rf"/chat/completions/{_ID}"), lambda s, r, a: retrieve_completion(s, r, a[0])),
    (
        "POST",
        re.compile(rf"/chat/completions/{_ID}"),
        lambda s, r, a: update_completion(s, r, a[0], _json_body(r)),
    ),
    ("DELETE", re.compile(rf"/chat/completions/{_ID}"), lambda s, r, a: delete_completion(s, r, a[0])),
    ("GET", re.compile(rf"/chat/completions/{_ID}/messages"), lambda s, r, a: list_messages(s, r, a[0])),
    ("POST", re.compile(r"/responses"), _json(create_response)),
    ("POST", re.compile(r"/responses/input_tokens"), _json(count_tokens_of)),
    ("POST", re.compile(r"/responses/compact"), _json(compact)),
    ("GET", re.compile(rf"/responses/{_ID}"), lambda s, r, a: retrieve_response(s, r, a[0])),
    ("DELETE", re.compile(rf"/responses/{_ID}"), lambda s, r, a: delete_response(s, r, a[0])),
    ("POST", re.compile(rf"/responses/{_ID}/cancel"), lambda s, r, a: cancel_response(s, r, a[0])),
    ("GET", re.compile(rf"/responses/{_ID}/input_items"), lambda s, r, a: list_input_items(s, r, a[0])),
    ("POST", re.compile(r"/conversations"), _json(create_conversation)),
    ("GET", re.compile(rf"/conversations/{_ID}"), lambda s, r, a: retrieve_conversation(s, r, a[0])),
    (
        "POST",
        re.compile(rf"/conversations/{_ID}"),
        lambda s, r, a: update_conversation(s, r, a[0], _json_body(r)),
    ),
    ("DELETE", re.compile(rf"/conversations/{_ID}"), lambda s, r, a: delete_conversation(s, r, a[0])),
    (
        "POST",
        re.compile(rf"/conversations/{_ID}/items"),
        lambda s, r, a: add_items(s, r, a[0], _json_body(r)),
    ),
    ("GET", re.compile(rf"/conversations/{_ID}/items"), lambda s, r, a: list_items(s, r, a[0])),
    (
        "GET",
        re.compile(rf"/conversations/{_ID}/items/{_ID}"),
        lambda s, r, a: retrieve_item(s, r, a[0], a[1]),
    ),
    (
        "DELETE",
        re.compile(rf"/conversations/{_ID}/items/{_ID}"),
        lambda s, r, a: delete_item(s, r, a[0], a[1]),
    ),
    ("POST", re.compile(r"/embeddings"), _json(create_embeddings)),
    ("POST", re.compile(r"/moderations"), _json(create_moderation)),
    ("POST", re.compile(r"/images/generations"), _json(create_image)),
    ("POST", re.compile(r"/images/edits"), _multipart(edit_image)),
    ("POST", re.compile(r"/images/variations"), _multipart(image_variation)),
    ("POST", re.compile(r"/audio/speech"), _json(create_speech)),
    ("POST", re.compile(r"/audio/transcriptions"), _multipart(create_transcription)),
    ("POST", re.compile(r"/audio/translations"), _multipart(create_transcription, translate=True)),
    ("GET", re.compile(r"/files-served/([A-Za-z0-9._-]+)"), _served_file),
    ("POST", re.compile(r"/files"), _multipart(create_file)),
    ("GET", re.compile(r"/files"), list_files),
    ("GET", re.compile(rf"/files/{_ID}"), retrieve_file),
    ("DELETE", re.compile(rf"/files/{_ID}"), delete_file),
    ("GET", re.compile(rf"/files/{_ID}/content"), file_content),
    ("POST", re.compile(r"/uploads"), _json(create_upload)),
    (
        "POST",
        re.compile(rf"/uploads/{_ID}/parts"),
        lambda s, r, a: add_part(s, r, a[0], *_form(r)),
    ),
    (
        "POST",
        re.compile(rf"/uploads/{_ID}/complete"),
        lambda s, r, a: complete_upload(s, r, a[0], _json_body(r)),
    ),
    ("POST", re.compile(rf"/uploads/{_ID}/cancel"), lambda s, r, a: cancel_upload(s, r, a[0])),
    ("POST", re.compile(r"/batches"), _json(create_batch)),
    ("GET", re.compile(r"/batches"), list_batches),
    ("GET", re.compile(rf"/batches/{_ID}"), retrieve_batch),
    ("POST", re.compile(rf"/batches/{_ID}/cancel"), cancel_batch),
]
_PUBLIC_PATHS = re.compile(r"/files-served/.*")  # image links work without a key, like signed URLs


class App:
    """The sans-I/O server: `handle(request) -> response`, over a `State` a test can script."""

    def __init__(self, state: State) -> None:
        self.state = state

    def handle(self, request: Request) -> Response:
        """Answer one request (never raises for a bad request: that is a 4xx answer)."""
        state = self.state
        with state.lock:
            state.requests.append(RecordedRequest.of(request))
            request_id = "req_" + state.next_id("", 32).lower()
            failure, fired = apply_faults(state.faults, request)
        if failure is not None:
            response = failure
        else:
            try:
                response = self._route(request)
            except ApiError as error:
                response = error.response()
            except Exception as exc:  # a scripted responder that raised, or a bug: a 500, as a server would
                _log.exception("The local server failed on %s %s", request.method, request.path)
                response = error_response(
                    500, f"The local server failed: {type(exc).__name__}: {exc}", type="server_error"
                )
            response = shape(response, fired, streaming=_wants_stream(request))
        response.set_header("x-request-id", request_id)
        response.set_header("openai-version", "2020-10-01")
        response.set_header("openai-processing-ms", "1")
        self.state.rate_limit.stamp(response)
        return response

    def _route(self, request: Request) -> Response:
        self._check_key(request)
        limited = self.state.rate_limit.admit(request)  # after the key: the API limits known callers
        if limited is not None:
            return limited
        allowed = []
        for method, pattern, handler in _ROUTES:
            match = pattern.fullmatch(request.path)
            if match is None:
                continue
            if method != request.method:
                allowed.append(method)
                continue
            return handler(self.state, request, match.groups())
        if allowed:
            refused = error_response(
                405,
                f"Method {request.method} is not allowed on {request.path}; use {' or '.join(allowed)}.",
            )
            refused.set_header("allow", ", ".join(dict.fromkeys(allowed)))  # RFC 9110: a 405 says what is
            return refused
        return error_response(
            404,
            f"Invalid URL ({request.method} {request.path}): this local server has no such endpoint.",
            code="unknown_url",
        )

    def _check_key(self, request: Request) -> None:
        key = self.state.api_key
        if key is None or _PUBLIC_PATHS.fullmatch(request.path):
            return
        if request.deployment is not None and not request.query_value("api-version"):
            raise ApiError(
                404, "Resource not found: a deployment route needs the api-version query parameter."
            )
        azure_key = request.headers.get("api-key")
        if azure_key is not None and azure_key.strip() == key:
            return  # Azure OpenAI's header for keys
        header = request.headers.get("authorization", "")
        if not header:
            if azure_key is not None:
                raise ApiError(401, "Access denied due to invalid subscription key (api-key header).")
            raise ApiError(
                401,
                "You didn't provide an API key. Send it in the Authorization header: 'Bearer YOUR_KEY'.",
            )
        scheme, _, given = header.partition(" ")
        if scheme.lower() != "bearer" or (given.strip() != key and given.strip() not in self.state.tokens):
            shown = given.strip()
            shown = shown[:3] + "*" * 4 + shown[-4:] if len(shown) > 8 else "*" * len(shown)
            raise ApiError(401, f"Incorrect API key provided: {shown}.", code="invalid_api_key")


def _wants_stream(request: Request) -> bool:
    if request.method == "GET":  # a stored response replayed: GET /responses/{id}?stream=true
        return request.query_value("stream") == "true"
    if request.method != "POST" or b'"stream"' not in request.body:
        return False
    try:
        body = json.loads(request.body)
    except ValueError:
        return False
    return isinstance(body, dict) and body.get("stream") is True
