"""Raw access to responses: `with_raw_response` and `with_streaming_response`, on both clients."""

from __future__ import annotations

import datetime
import json

import httpx
import pytest
import respx

import openwire
from conftest import BASE_URL, model_json, page_json
from openwire import (
    APIResponse,
    APIResponseValidationError,
    AsyncAPIResponse,
    InternalServerError,
    NotFoundError,
)
from openwire.types import Model

_HEADERS = {"x-request-id": "req_raw", "x-ratelimit-remaining-requests": "99"}


# --- with_raw_response ---------------------------------------------------------------------------


def test_raw_response(client: openwire.Client, mock_api: respx.MockRouter) -> None:
    mock_api.get("/models").respond(json=page_json("a", "b"), headers=_HEADERS)
    response = client.models.with_raw_response.list()
    assert isinstance(response, APIResponse)
    assert response.status_code == 200
    assert response.headers["x-ratelimit-remaining-requests"] == "99"
    assert response.request_id == "req_raw"
    assert isinstance(response.elapsed, datetime.timedelta)
    assert response.elapsed >= datetime.timedelta(0)
    assert response.url == f"{BASE_URL}/models"
    assert response.method == "GET"
    assert response.is_closed  # the body was read
    assert isinstance(response.http_response, httpx.Response)
    page = response.parse()
    assert [m.id for m in page] == ["a", "b"]
    assert page.request_id == "req_raw"
    assert response.parse() is page  # parsed once
    assert response.json() == page_json("a", "b")
    assert json.loads(response.text()) == page_json("a", "b")
    assert json.loads(response.read()) == page_json("a", "b")
    assert repr(response) == f"<APIResponse [200] GET {BASE_URL}/models>"


def test_raw_response_with_path_argument(client: openwire.Client, mock_api: respx.MockRouter) -> None:
    mock_api.get("/models/gpt-4o").respond(json=model_json("gpt-4o"))
    model = client.models.with_raw_response.retrieve("gpt-4o").parse()
    assert isinstance(model, Model)
    assert model.id == "gpt-4o"


def test_raw_response_passes_options(client: openwire.Client, mock_api: respx.MockRouter) -> None:
    route = mock_api.get("/models").respond(json=page_json())
    client.models.with_raw_response.list(extra_headers={"X-Debug": "1"}, timeout=3)
    request = route.calls.last.request
    assert request.headers["x-debug"] == "1"
    assert request.extensions["timeout"]["read"] == 3.0


def test_raw_response_error_status_raises(
    client: openwire.Client, mock_api: respx.MockRouter, slept: list[float]
) -> None:
    route = mock_api.get("/models/nope").respond(404, json={"error": {"message": "No such model"}})
    with pytest.raises(NotFoundError):
        client.models.with_raw_response.retrieve("nope")
    route = mock_api.get("/models").respond(500, json={"error": {"message": "down"}})
    with pytest.raises(InternalServerError):
        client.models.with_raw_response.list()
    assert route.call_count == 3  # retried as usual


def test_raw_response_parse_of_malformed_body(client: openwire.Client, mock_api: respx.MockRouter) -> None:
    mock_api.get("/models").respond(200, text="<html>hi</html>", headers={"content-type": "text/html"})
    response = client.models.with_raw_response.list()
    assert response.status_code == 200
    assert response.text() == "<html>hi</html>"
    with pytest.raises(APIResponseValidationError):
        response.parse()


def test_raw_view_rejects_unknown_and_private_names(client: openwire.Client) -> None:
    with pytest.raises(AttributeError, match="'nope'"):
        client.models.with_raw_response.nope  # noqa: B018
    with pytest.raises(AttributeError, match="no API method '_call'"):
        client.models.with_raw_response._call  # noqa: B018
    assert {"list", "retrieve", "delete"} <= set(dir(client.models.with_raw_response))
    assert "with_raw_response" not in dir(client.models.with_raw_response)


def test_raw_view_leaves_the_resource_parsing(client: openwire.Client, mock_api: respx.MockRouter) -> None:
    mock_api.get("/models").respond(json=page_json("a"))
    assert isinstance(client.models.with_raw_response.list(), APIResponse)
    assert [m.id for m in client.models.list()] == ["a"]  # the view did not change the resource's mode


@pytest.mark.anyio
async def test_async_raw_response(async_client: openwire.AsyncClient, mock_api: respx.MockRouter) -> None:
    mock_api.get("/models").respond(json=page_json("a"), headers=_HEADERS)
    response = await async_client.models.with_raw_response.list()
    assert isinstance(response, AsyncAPIResponse)
    assert response.status_code == 200
    assert response.request_id == "req_raw"
    assert response.headers["x-ratelimit-remaining-requests"] == "99"
    assert response.elapsed >= datetime.timedelta(0)
    pager = await response.parse()
    assert isinstance(pager, openwire.AsyncPager)  # what `list()` itself returns
    assert [m.id async for m in pager] == ["a"]
    page = await pager
    assert [m.id for m in page] == ["a"]
    assert page.request_id == "req_raw"
    assert await response.parse() is pager
    assert await response.json() == page_json("a")
    assert json.loads(await response.text()) == page_json("a")


@pytest.mark.anyio
async def test_async_raw_response_one_liner(
    async_client: openwire.AsyncClient, mock_api: respx.MockRouter
) -> None:
    mock_api.get("/models/gpt-4o").respond(json=model_json("gpt-4o"), headers=_HEADERS)
    model = await (await async_client.models.with_raw_response.retrieve("gpt-4o")).parse()
    assert model.id == "gpt-4o"
    assert model.request_id == "req_raw"


@pytest.mark.anyio
async def test_async_raw_response_error_status_raises(
    async_client: openwire.AsyncClient, mock_api: respx.MockRouter
) -> None:
    mock_api.get("/models/nope").respond(404, json={"error": {"message": "No such model"}})
    with pytest.raises(NotFoundError):
        await async_client.models.with_raw_response.retrieve("nope")


# --- with_streaming_response ---------------------------------------------------------------------


def test_streaming_response_reads_body_lazily(client: openwire.Client, mock_api: respx.MockRouter) -> None:
    mock_api.get("/models").respond(json=page_json("a", "b"), headers=_HEADERS)
    with client.models.with_streaming_response.list() as response:
        assert isinstance(response, APIResponse)
        assert response.status_code == 200
        assert response.request_id == "req_raw"
        assert not response.http_response.is_stream_consumed
        assert not response.is_closed
        page = response.parse()
        assert response.http_response.is_stream_consumed
        assert [m.id for m in page] == ["a", "b"]
        assert response.parse() is page
    assert response.is_closed


def test_streaming_response_closed_on_exit_without_reading(
    client: openwire.Client, mock_api: respx.MockRouter
) -> None:
    mock_api.get("/models").respond(json=page_json("a"))
    with client.models.with_streaming_response.list() as response:
        assert not response.is_closed
    assert response.is_closed
    assert not response.http_response.is_stream_consumed


def test_streaming_response_closed_on_exception(client: openwire.Client, mock_api: respx.MockRouter) -> None:
    mock_api.get("/models").respond(json=page_json("a"))
    with pytest.raises(RuntimeError, match="boom"), client.models.with_streaming_response.list() as response:
        raise RuntimeError("boom")
    assert response.is_closed


def test_streaming_response_iterates_bytes_and_lines(
    client: openwire.Client, mock_api: respx.MockRouter
) -> None:
    mock_api.get("/models").respond(text="line one\nline two\n", headers={"content-type": "text/plain"})
    with client.models.with_streaming_response.list() as response:
        assert list(response.iter_lines()) == ["line one", "line two"]
    mock_api.get("/models").respond(content=b"abcdef")
    with client.models.with_streaming_response.list() as response:
        assert b"".join(response.iter_bytes(2)) == b"abcdef"
    with client.models.with_streaming_response.list() as response:
        assert response.read() == b"abcdef"


def test_streaming_response_request_sent_on_enter(
    client: openwire.Client, mock_api: respx.MockRouter
) -> None:
    route = mock_api.get("/models").respond(json=page_json())
    manager = client.models.with_streaming_response.list()
    assert route.call_count == 0
    with manager:
        assert route.call_count == 1


def test_streaming_response_error_status_raises_on_enter(
    client: openwire.Client, mock_api: respx.MockRouter, slept: list[float]
) -> None:
    route = mock_api.get("/models").respond(503, json={"error": {"message": "overloaded"}})
    with pytest.raises(InternalServerError) as info, client.models.with_streaming_response.list():
        pytest.fail("the body of the with statement must not run")
    assert info.value.message == "overloaded"  # the error body was read
    assert route.call_count == 3


@pytest.mark.anyio
async def test_async_streaming_response(
    async_client: openwire.AsyncClient, mock_api: respx.MockRouter
) -> None:
    mock_api.get("/models").respond(json=page_json("a"), headers=_HEADERS)
    async with async_client.models.with_streaming_response.list() as response:
        assert isinstance(response, AsyncAPIResponse)
        assert response.request_id == "req_raw"
        assert not response.http_response.is_stream_consumed
        assert not response.is_closed
        pager = await response.parse()
        assert [m.id async for m in pager] == ["a"]
        assert await response.parse() is pager
    assert response.is_closed


@pytest.mark.anyio
async def test_async_streaming_response_closed_without_reading(
    async_client: openwire.AsyncClient, mock_api: respx.MockRouter
) -> None:
    mock_api.get("/models").respond(json=page_json("a"))
    async with async_client.models.with_streaming_response.list() as response:
        assert not response.is_closed
    assert response.is_closed
    assert not response.http_response.is_stream_consumed


@pytest.mark.anyio
async def test_async_streaming_response_iterates(
    async_client: openwire.AsyncClient, mock_api: respx.MockRouter
) -> None:
    mock_api.get("/models").respond(text="one\ntwo\n", headers={"content-type": "text/plain"})
    async with async_client.models.with_streaming_response.list() as response:
        assert [line async for line in response.iter_lines()] == ["one", "two"]
    async with async_client.models.with_streaming_response.list() as response:
        assert await response.read() == b"one\ntwo\n"


@pytest.mark.anyio
async def test_async_streaming_response_error_status(
    async_client: openwire.AsyncClient, mock_api: respx.MockRouter
) -> None:
    mock_api.get("/models/x").respond(404, json={"error": {"message": "gone"}})
    with pytest.raises(NotFoundError, match="gone"):
        async with async_client.models.with_streaming_response.retrieve("x"):
            pytest.fail("the body of the with statement must not run")
