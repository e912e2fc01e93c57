"""The API key never shows: not in reprs, error messages, or log lines (with OPENWIRE_LOG set)."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import respx

import openwire
from conftest import API_KEY, BASE_URL, Flavor, page_json
from openwire import (
    APIConnectionError,
    APIError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    OpenwireError,
)
from openwire._logging import setup_from_env

AZURE_KEY = "azure-0123456789abcdef0123456789"


def _list(c: Any) -> Any:
    return c.models.list()


def _assert_hidden(text: str, *secrets: str) -> None:
    for secret in secrets or (API_KEY,):
        assert secret not in text
        assert secret[4:-4] not in text  # not even a middle part of it


def _assert_error_hidden(error: BaseException, *secrets: str) -> None:
    _assert_hidden(str(error), *secrets)
    _assert_hidden(repr(error), *secrets)
    for arg in error.args:
        _assert_hidden(str(arg), *secrets)


# --- reprs ---------------------------------------------------------------------------------------


def test_client_repr_masks_key(flavor: Flavor) -> None:
    client = flavor.client()
    for text in (repr(client), str(client)):
        _assert_hidden(text)
        assert "api_key='***'" in text
        assert BASE_URL in text


def test_clone_repr_masks_key(flavor: Flavor) -> None:
    clone = flavor.client().with_options(api_key="sk-clone-secret-value-0001")
    _assert_hidden(repr(clone), "sk-clone-secret-value-0001")


def test_config_repr_masks_key(flavor: Flavor) -> None:
    config = flavor.client(organization="org-1", project="proj-1").config
    for text in (repr(config), str(config)):
        _assert_hidden(text)
        assert "api_key='***'" in text
        assert "org-1" in text


def test_repr_without_key_says_none(flavor: Flavor) -> None:
    client = flavor.client_class(base_url="http://localhost:8000/v1")
    try:
        assert "api_key=None" in repr(client)
    finally:
        flavor.close(client)


def test_unsendable_key_error_does_not_show_the_key(flavor: Flavor) -> None:
    with pytest.raises(OpenwireError) as info:
        flavor.client(api_key="sk-ünicode-secret-0123456789")
    _assert_error_hidden(info.value, "sk-ünicode-secret-0123456789")


# --- errors --------------------------------------------------------------------------------------


def _fail(flavor: Flavor, **kwargs: Any) -> APIError:
    kwargs.setdefault("max_retries", 1)
    with pytest.raises(APIError) as info:
        flavor.run(_list, flavor.client(**kwargs))
    return info.value


@pytest.mark.parametrize("status", [400, 401, 403, 404, 409, 418, 422, 429, 500, 503])
def test_status_error_with_echoed_key(
    flavor: Flavor, mock_api: respx.MockRouter, slept: list[float], status: int
) -> None:
    body = {
        "error": {
            "message": f"Incorrect API key provided: {API_KEY}. You can find your API key at ...",
            "type": "invalid_request_error",
            "param": API_KEY,
            "code": f"invalid_api_key:{API_KEY}",
        }
    }
    mock_api.get("/models").respond(status, json=body)
    error = _fail(flavor)
    assert isinstance(error, APIStatusError)
    _assert_error_hidden(error)
    assert "Incorrect API key provided: ***." in error.message
    _assert_hidden(str(error.body))
    _assert_hidden(str(error.code))
    _assert_hidden(str(error.param))


@pytest.mark.parametrize(
    ("content", "content_type"),
    [
        (f"Invalid Authorization header: Bearer {API_KEY}", "text/plain"),
        (f"<html><head><title>Denied for {API_KEY}</title></head></html>", "text/html"),
        (f'[{{"error": "bad key {API_KEY}"}}]', "application/json"),
        (f'{{"detail": [{{"loc": ["header"], "msg": "key {API_KEY} revoked"}}]}}', "application/json"),
    ],
)
def test_status_error_with_echoed_key_in_other_shapes(
    flavor: Flavor, mock_api: respx.MockRouter, content: str, content_type: str
) -> None:
    mock_api.get("/models").respond(401, content=content, headers={"content-type": content_type})
    error = _fail(flavor)
    assert isinstance(error, AuthenticationError)
    _assert_error_hidden(error)
    _assert_hidden(str(error.body))


def test_connection_and_timeout_errors(
    flavor: Flavor, mock_api: respx.MockRouter, slept: list[float]
) -> None:
    mock_api.get("/models").mock(side_effect=httpx.ConnectError("Connection refused"))
    error = _fail(flavor)
    assert type(error) is APIConnectionError
    _assert_error_hidden(error)
    mock_api.get("/models").mock(side_effect=httpx.ReadTimeout("timed out"))
    error = _fail(flavor)
    assert type(error) is APITimeoutError
    _assert_error_hidden(error)
    mock_api.get("/models").mock(side_effect=httpx.ConnectError("[SSL: CERTIFICATE_VERIFY_FAILED] bad"))
    error = _fail(flavor)
    assert isinstance(error, APIConnectionError)
    assert error.is_certificate_error
    _assert_error_hidden(error)


def test_validation_error_with_echoed_key(flavor: Flavor, mock_api: respx.MockRouter) -> None:
    page = f"<html><body>Welcome! Your token is {API_KEY}</body></html>"
    mock_api.get("/models").respond(200, text=page, headers={"content-type": "text/html"})
    error = _fail(flavor)
    assert isinstance(error, APIResponseValidationError)
    _assert_error_hidden(error)
    mock_api.get("/models").respond(200, json={"data": API_KEY})
    error = _fail(flavor)
    assert isinstance(error, APIResponseValidationError)
    _assert_error_hidden(error)


def test_azure_query_key_is_masked_in_errors(
    flavor: Flavor, mock_api: respx.MockRouter, slept: list[float]
) -> None:
    route = mock_api.get("/models").respond(500, json={"error": {"message": "boom"}})
    error = _fail(flavor, default_query={"api-version": "2024-10-21", "api-key": AZURE_KEY})
    assert route.calls.last.request.url.params["api-key"] == AZURE_KEY  # it is sent...
    _assert_error_hidden(error, AZURE_KEY, API_KEY)  # ...but never shown
    assert "api-key=***" in str(error)
    assert "api-version=2024-10-21" in str(error)
    mock_api.get("/models").mock(side_effect=httpx.ConnectError("refused"))
    error = _fail(flavor, default_query={"api-key": AZURE_KEY})
    _assert_error_hidden(error, AZURE_KEY)
    assert "api-key=***" in str(error)
    mock_api.get("/models").respond(200, text="not json")
    error = _fail(flavor, default_query={"api-key": AZURE_KEY})
    assert isinstance(error, APIResponseValidationError)
    _assert_error_hidden(error, AZURE_KEY)


def test_azure_key_in_base_url_is_masked_in_errors(flavor: Flavor) -> None:
    base_url = f"https://res.example.test/openai/deployments/d1?api-key={AZURE_KEY}"
    with respx.mock(base_url="https://res.example.test/openai/deployments/d1") as router:
        router.get("/models").respond(404, json={"error": {"message": "Resource not found"}})
        with pytest.raises(APIStatusError) as info:
            flavor.run(_list, flavor.client(base_url=base_url))
    _assert_error_hidden(info.value, AZURE_KEY)


def test_user_info_in_url_is_masked(flavor: Flavor) -> None:
    with respx.mock(base_url="https://proxy.example.test/v1") as router:
        router.get("/models").respond(500, text="x")
        with pytest.raises(APIStatusError) as info:
            flavor.run(
                _list,
                flavor.client(base_url="https://user:hunter2-secret@proxy.example.test/v1", max_retries=0),
            )
    _assert_error_hidden(info.value, "hunter2-secret")


# --- logs ----------------------------------------------------------------------------------------


@pytest.fixture
def openwire_logger() -> Iterator[logging.Logger]:
    """The `openwire` logger, restored to its state before the test."""
    logger = logging.getLogger("openwire")
    level, handlers = logger.level, list(logger.handlers)
    yield logger
    logger.setLevel(level)
    logger.handlers[:] = handlers


@pytest.mark.parametrize("level", ["debug", "info", "DEBUG"])
def test_logs_never_show_secrets(
    flavor: Flavor,
    mock_api: respx.MockRouter,
    slept: list[float],
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    capsys: pytest.CaptureFixture[str],
    openwire_logger: logging.Logger,
    level: str,
) -> None:
    monkeypatch.setenv("OPENWIRE_LOG", level)
    setup_from_env()
    assert openwire_logger.level == (logging.DEBUG if level.lower() == "debug" else logging.INFO)
    assert [h for h in openwire_logger.handlers if isinstance(h, logging.StreamHandler)]
    answers = iter(
        [
            httpx.Response(500, json={"error": {"message": f"bad key {API_KEY}"}}),
            httpx.Response(401, json={"error": {"message": f"bad key {API_KEY}"}}),
        ]
    )
    mock_api.get("/models").mock(side_effect=lambda request: next(answers))
    client = flavor.client(
        default_query={"api-key": AZURE_KEY}, default_headers={"api-key": AZURE_KEY}, organization="org-1"
    )
    with pytest.raises(AuthenticationError):
        flavor.run(_list, client)
    records = [r for r in caplog.records if r.name.startswith("openwire")]
    messages = [r.getMessage() for r in records]
    assert any("retrying GET" in m for m in messages)
    assert any("-> 500" in m for m in messages)
    assert any("-> 401" in m for m in messages)
    if level.lower() == "debug":
        assert any(r.levelno == logging.DEBUG for r in records)
    for message in messages:
        _assert_hidden(message, API_KEY, AZURE_KEY)
    assert any("api-key=***" in m for m in messages)
    stderr = capsys.readouterr().err
    assert "retrying GET" in stderr  # the handler setup_from_env installed writes there
    _assert_hidden(stderr, API_KEY, AZURE_KEY)


def test_setup_from_env_without_variable_configures_nothing(
    monkeypatch: pytest.MonkeyPatch, openwire_logger: logging.Logger
) -> None:
    openwire_logger.handlers[:] = []
    openwire_logger.setLevel(logging.NOTSET)
    for value in (None, "", "verbose"):
        if value is None:
            monkeypatch.delenv("OPENWIRE_LOG", raising=False)
        else:
            monkeypatch.setenv("OPENWIRE_LOG", value)
        setup_from_env()
        assert openwire_logger.handlers == []
        assert openwire_logger.level == logging.NOTSET


def test_setup_from_env_adds_one_handler(
    monkeypatch: pytest.MonkeyPatch, openwire_logger: logging.Logger
) -> None:
    openwire_logger.handlers[:] = []
    monkeypatch.setenv("OPENWIRE_LOG", "info")
    setup_from_env()
    setup_from_env()
    assert len(openwire_logger.handlers) == 1


def test_no_log_records_by_default(
    flavor: Flavor,
    mock_api: respx.MockRouter,
    caplog: pytest.LogCaptureFixture,
    openwire_logger: logging.Logger,
) -> None:
    openwire_logger.setLevel(logging.NOTSET)
    caplog.set_level(logging.WARNING)
    mock_api.get("/models").respond(json=page_json())
    flavor.run(_list, flavor.client())
    assert [r for r in caplog.records if r.name.startswith("openwire")] == []


def test_package_exports_setup() -> None:
    assert openwire._setup_logging is setup_from_env


def test_azure_header_key_echoed_in_error_body(flavor: Flavor, mock_api: respx.MockRouter) -> None:
    mock_api.get("/models").respond(401, json={"error": {"message": f"Access denied for key {AZURE_KEY}"}})
    error = _fail(flavor, default_headers={"api-key": AZURE_KEY})
    assert isinstance(error, AuthenticationError)
    _assert_error_hidden(error, AZURE_KEY, API_KEY)
    _assert_hidden(str(error.body), AZURE_KEY)
