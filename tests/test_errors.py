"""Error responses: status code to class, the attributes of each error, and the error bodies servers send."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
import respx

import openwire
from conftest import BASE_URL, Flavor
from openwire import (
    APIConnectionError,
    APIError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    InternalServerError,
    NotFoundError,
    OpenwireError,
    PermissionDeniedError,
    RateLimitError,
    UnprocessableEntityError,
)


def _list(c: Any) -> Any:
    return c.models.list()


def _fail(flavor: Flavor, **client_kwargs: Any) -> APIError:
    """Run `models.list()` without retries and return the error it raised."""
    client_kwargs.setdefault("max_retries", 0)
    client = flavor.client(**client_kwargs)
    with pytest.raises(APIError) as info:
        flavor.run(_list, client)
    return info.value


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (400, BadRequestError),
        (401, AuthenticationError),
        (403, PermissionDeniedError),
        (404, NotFoundError),
        (409, ConflictError),
        (422, UnprocessableEntityError),
        (429, RateLimitError),
        (500, InternalServerError),
        (502, InternalServerError),
        (503, InternalServerError),
        (504, InternalServerError),
        (529, InternalServerError),
        (402, APIStatusError),
        (405, APIStatusError),
        (413, APIStatusError),
        (418, APIStatusError),
    ],
)
def test_status_code_maps_to_error_class(
    flavor: Flavor, mock_api: respx.MockRouter, status: int, cls: type[APIStatusError]
) -> None:
    mock_api.get("/models").respond(status, json={"error": {"message": "nope"}})
    error = _fail(flavor)
    assert type(error) is cls
    assert isinstance(error, APIStatusError)
    assert isinstance(error, APIError)
    assert isinstance(error, OpenwireError)
    assert error.status_code == status
    assert error.message == "nope"


def test_status_error_attributes(flavor: Flavor, mock_api: respx.MockRouter) -> None:
    body = {
        "error": {
            "message": "The model 'gpt-5-turbo' does not exist",
            "type": "invalid_request_error",
            "param": "model",
            "code": "model_not_found",
        }
    }
    route = mock_api.get("/models").respond(404, json=body, headers={"x-request-id": "req_abc123"})
    error = _fail(flavor)
    assert isinstance(error, NotFoundError)
    assert error.status_code == 404
    assert error.request_id == "req_abc123"
    assert error.body == body
    assert error.message == "The model 'gpt-5-turbo' does not exist"
    assert error.code == "model_not_found"
    assert error.param == "model"
    assert error.type == "invalid_request_error"
    assert isinstance(error.response, httpx.Response)
    assert error.response.status_code == 404
    assert error.response.json() == body  # the body has been read
    assert error.request.method == "GET"
    assert error.request.url == f"{BASE_URL}/models"
    assert error.attempts == 1
    assert error.retry_after is None
    assert route.call_count == 1


def test_str_of_a_status_error_is_a_sentence(flavor: Flavor, mock_api: respx.MockRouter) -> None:
    mock_api.get("/models").respond(
        400,
        json={"error": {"message": "Invalid value for 'n'.", "type": "invalid_request_error", "param": "n"}},
        headers={"x-request-id": "req_1"},
    )
    error = _fail(flavor)
    text = str(error)
    assert text.startswith(f"400 Bad Request from GET {BASE_URL}/models: Invalid value for 'n'.")
    assert "type=invalid_request_error" in text
    assert "param=n" in text
    assert "request_id=req_1" in text
    assert "\n" not in text
    assert "{" not in text  # not a dict dump


def test_str_gives_advice_for_auth_and_not_found(flavor: Flavor, mock_api: respx.MockRouter) -> None:
    mock_api.get("/models").respond(401, json={"error": {"message": "Incorrect API key provided"}})
    assert "OPENAI_API_KEY" in str(_fail(flavor))
    mock_api.get("/models").respond(404, json={"error": {"message": "Not found"}})
    assert "/v1" in str(_fail(flavor))


def test_request_id_from_other_gateway_headers(flavor: Flavor, mock_api: respx.MockRouter) -> None:
    mock_api.get("/models").respond(500, text="oops", headers={"apim-request-id": "azure-1"})
    assert _fail(flavor).request_id == "azure-1"


def test_request_id_is_none_without_header(flavor: Flavor, mock_api: respx.MockRouter) -> None:
    mock_api.get("/models").respond(400, json={"error": {"message": "x"}})
    assert _fail(flavor).request_id is None


# --- error bodies --------------------------------------------------------------------------------


def _respond(mock_api: respx.MockRouter, status: int, content: str | bytes, content_type: str) -> None:
    mock_api.get("/models").respond(status, content=content, headers={"content-type": content_type})


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        pytest.param(
            {"error": {"message": "Bad thing", "type": "invalid_request_error", "code": "bad", "param": "x"}},
            {"message": "Bad thing", "type": "invalid_request_error", "code": "bad", "param": "x"},
            id="openai-object",
        ),
        pytest.param(
            {"error": "model is required"},
            {"message": "model is required", "type": None, "code": None, "param": None},
            id="error-string",
        ),
        pytest.param(
            [{"error": {"message": "Quota exceeded", "code": "quota", "type": "rate"}}],
            {"message": "Quota exceeded", "type": "rate", "code": "quota", "param": None},
            id="list-of-error-object",
        ),
        pytest.param(
            [{"error": "listed text"}],
            {"message": "listed text", "type": None, "code": None, "param": None},
            id="list-of-error-string",
        ),
        pytest.param(
            {"detail": "Not authenticated"},
            {"message": "Not authenticated", "type": None, "code": None, "param": None},
            id="fastapi-detail-string",
        ),
        pytest.param(
            {
                "detail": [
                    {"loc": ["body", "messages", 0, "content"], "msg": "field required", "type": "missing"},
                    {"loc": ["body", "model"], "msg": "str type expected", "type": "type_error"},
                ]
            },
            {
                "message": "messages.0.content: field required; model: str type expected",
                "type": None,
                "code": None,
                "param": None,
            },
            id="fastapi-validation-list",
        ),
        pytest.param(
            {
                "object": "error",
                "message": "This model's maximum context length is 4096 tokens.",
                "type": "BadRequestError",
                "param": None,
                "code": 400,
            },
            {
                "message": "This model's maximum context length is 4096 tokens.",
                "type": "BadRequestError",
                "code": "400",
                "param": None,
            },
            id="vllm-message",
        ),
    ],
)
def test_json_error_bodies(
    flavor: Flavor, mock_api: respx.MockRouter, body: object, expected: dict[str, str | None]
) -> None:
    _respond(mock_api, 400, json.dumps(body), "application/json")
    error = _fail(flavor)
    assert isinstance(error, BadRequestError)
    assert error.body == body
    assert error.message == expected["message"]
    assert error.type == expected["type"]
    assert error.code == expected["code"]
    assert error.param == expected["param"]
    assert expected["message"] in str(error)


def test_plain_text_error_body(flavor: Flavor, mock_api: respx.MockRouter) -> None:
    _respond(mock_api, 502, "upstream connect error or disconnect/reset before headers\n", "text/plain")
    error = _fail(flavor)
    assert isinstance(error, InternalServerError)
    assert error.message == "upstream connect error or disconnect/reset before headers"
    assert error.body == "upstream connect error or disconnect/reset before headers\n"
    assert error.code is None
    assert error.type is None


def test_html_error_page_uses_title(flavor: Flavor, mock_api: respx.MockRouter) -> None:
    page = (
        "<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head>"
        "<body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>"
    )
    _respond(mock_api, 502, page, "text/html")
    error = _fail(flavor)
    assert isinstance(error, InternalServerError)
    assert error.message == "502 Bad Gateway"
    assert error.body == page
    assert "<" not in str(error)


def test_html_error_page_without_title_uses_h1(flavor: Flavor, mock_api: respx.MockRouter) -> None:
    _respond(mock_api, 403, "<html><body><h1>Access <b>denied</b></h1></body></html>", "text/html")
    error = _fail(flavor)
    assert isinstance(error, PermissionDeniedError)
    assert error.message == "Access denied"


def test_empty_error_body(flavor: Flavor, mock_api: respx.MockRouter) -> None:
    _respond(mock_api, 500, b"", "text/plain")
    error = _fail(flavor)
    assert isinstance(error, InternalServerError)
    assert error.message == "HTTP 500 Internal Server Error"
    assert error.body == ""
    assert str(error).startswith(f"500 Internal Server Error from GET {BASE_URL}/models: HTTP 500")


def test_malformed_json_error_body_falls_back_to_text(flavor: Flavor, mock_api: respx.MockRouter) -> None:
    _respond(mock_api, 400, '{"error": {"message": "cut off', "application/json")
    error = _fail(flavor)
    assert isinstance(error, BadRequestError)
    assert error.body == '{"error": {"message": "cut off'
    assert error.message == '{"error": {"message": "cut off'


def test_very_long_error_message_is_shortened(flavor: Flavor, mock_api: respx.MockRouter) -> None:
    _respond(mock_api, 400, json.dumps({"error": {"message": "x" * 5000}}), "application/json")
    error = _fail(flavor)
    assert len(error.message) <= 600
    assert error.message.endswith("…")
    assert error.body == {"error": {"message": "x" * 5000}}  # the body itself is kept whole


# --- connection failures -------------------------------------------------------------------------


def test_connect_error_becomes_api_connection_error(flavor: Flavor, mock_api: respx.MockRouter) -> None:
    mock_api.get("/models").mock(side_effect=httpx.ConnectError("Connection refused"))
    error = _fail(flavor)
    assert type(error) is APIConnectionError
    assert not error.is_certificate_error
    assert isinstance(error.__cause__, httpx.ConnectError)
    assert str(error) == f"Could not get a response from GET {BASE_URL}/models: Connection refused"
    assert error.request.url == f"{BASE_URL}/models"


@pytest.mark.parametrize(
    ("exc", "phase"),
    [
        (httpx.ReadTimeout, "Reading the response"),
        (httpx.ConnectTimeout, "Connecting"),
        (httpx.WriteTimeout, "Sending the request"),
        (httpx.PoolTimeout, "Waiting for a free connection"),
    ],
)
def test_timeouts_become_api_timeout_error(
    flavor: Flavor, mock_api: respx.MockRouter, exc: type[httpx.TimeoutException], phase: str
) -> None:
    mock_api.get("/models").mock(side_effect=exc)
    error = _fail(flavor)
    assert type(error) is APITimeoutError
    assert isinstance(error, APIConnectionError)
    assert str(error) == f"{phase} timed out on GET {BASE_URL}/models."
    assert isinstance(error.__cause__, exc)


def test_other_transport_errors_become_api_connection_error(
    flavor: Flavor, mock_api: respx.MockRouter
) -> None:
    mock_api.get("/models").mock(side_effect=httpx.RemoteProtocolError("Server disconnected"))
    error = _fail(flavor)
    assert type(error) is APIConnectionError
    assert "Server disconnected" in str(error)


def test_errors_are_importable_from_the_package() -> None:
    for name in (
        "APIConnectionError",
        "APIError",
        "APIResponseValidationError",
        "APIStatusError",
        "APIStreamError",
        "APITimeoutError",
        "AuthenticationError",
        "BadRequestError",
        "ConflictError",
        "InternalServerError",
        "NotFoundError",
        "OpenwireError",
        "PermissionDeniedError",
        "RateLimitError",
        "UnprocessableEntityError",
    ):
        cls = getattr(openwire, name)
        assert issubclass(cls, OpenwireError)
        assert name in openwire.__all__
