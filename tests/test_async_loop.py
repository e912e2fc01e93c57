"""AsyncClient and event loops: a clear error when one client crosses loops, and trio support."""

from __future__ import annotations

import asyncio

import httpx
import pytest
import respx
from anyio.from_thread import start_blocking_portal

import openwire
from conftest import API_KEY, BASE_URL, model_json, page_json
from openwire import OpenwireError


def _new_client() -> openwire.AsyncClient:
    return openwire.AsyncClient(api_key=API_KEY, base_url=BASE_URL)


async def _ids(client: openwire.AsyncClient) -> list[str]:
    return [m.id for m in await client.models.list()]


def test_second_asyncio_run_is_a_clear_error(mock_api: respx.MockRouter) -> None:
    route = mock_api.get("/models").respond(json=page_json("a"))
    client = _new_client()
    assert asyncio.run(_ids(client)) == ["a"]
    with pytest.raises(OpenwireError) as info:
        asyncio.run(_ids(client))
    message = str(info.value)
    assert "first used in another event loop, which has since closed" in message
    assert "Create the AsyncClient inside the loop that uses it" in message
    assert "Event loop is closed" not in message
    assert route.call_count == 1  # nothing was sent from the second loop
    asyncio.run(client.aclose())


def test_client_created_inside_one_loop_used_in_another(mock_api: respx.MockRouter) -> None:
    mock_api.get("/models").respond(json=page_json("a"))

    async def make_and_use() -> openwire.AsyncClient:
        client = _new_client()
        await client.models.list()
        return client

    client = asyncio.run(make_and_use())
    with pytest.raises(OpenwireError, match="another event loop"):
        asyncio.run(_ids(client))
    asyncio.run(client.aclose())


def test_clone_shares_the_loop_binding(mock_api: respx.MockRouter) -> None:
    mock_api.get("/models").respond(json=page_json("a"))
    client = _new_client()
    asyncio.run(_ids(client))
    clone = client.with_options(max_retries=0)
    with pytest.raises(OpenwireError, match="another event loop"):
        asyncio.run(_ids(clone))
    asyncio.run(client.aclose())


def test_loop_still_running_elsewhere(mock_api: respx.MockRouter) -> None:
    mock_api.get("/models").respond(json=page_json("a"))
    client = _new_client()
    with start_blocking_portal("asyncio") as portal:
        assert portal.call(_ids, client) == ["a"]
        with pytest.raises(OpenwireError, match="which is still running"):
            asyncio.run(_ids(client))
        assert portal.call(_ids, client) == ["a"]  # the first loop can go on using it
        portal.call(client.aclose)


def test_many_calls_in_one_loop_are_fine(mock_api: respx.MockRouter) -> None:
    mock_api.get(path__regex=r"/models/(?P<model_id>[^/]+)$").mock(
        side_effect=lambda request, model_id: httpx.Response(200, json=model_json(model_id))
    )

    async def main() -> list[str]:
        async with _new_client() as client:
            models = await asyncio.gather(*(client.models.retrieve(f"m{i}") for i in range(20)))
            return [m.id for m in models]

    assert asyncio.run(main()) == [f"m{i}" for i in range(20)]


def test_a_client_per_loop_works(mock_api: respx.MockRouter) -> None:
    mock_api.get("/models").respond(json=page_json("a"))

    async def main() -> list[str]:
        async with _new_client() as client:
            return await _ids(client)

    assert asyncio.run(main()) == ["a"]
    assert asyncio.run(main()) == ["a"]


@pytest.mark.anyio
@pytest.mark.parametrize("anyio_backend", ["trio"])
async def test_async_client_under_trio(
    async_client: openwire.AsyncClient, mock_api: respx.MockRouter, slept: list[float]
) -> None:
    import sniffio

    assert sniffio.current_async_library() == "trio"
    route = mock_api.get("/models").mock(
        side_effect=[httpx.Response(503, text="busy"), httpx.Response(200, json=page_json("a"))]
    )
    assert await _ids(async_client) == ["a"]
    assert route.call_count == 2
    assert len(slept) == 1
    mock_api.get("/models/b").respond(json=model_json("b"), headers={"x-request-id": "req_t"})
    model = await async_client.models.retrieve("b")
    assert model.request_id == "req_t"
    async with async_client.models.with_streaming_response.retrieve("b") as response:
        assert (await response.parse()).id == "b"


@pytest.mark.anyio
@pytest.mark.parametrize("anyio_backend", ["trio"])
async def test_trio_timeout_becomes_api_timeout_error(
    async_client: openwire.AsyncClient, mock_api: respx.MockRouter
) -> None:
    mock_api.get("/models").mock(side_effect=httpx.ReadTimeout)
    with pytest.raises(openwire.APITimeoutError):
        await async_client.with_options(max_retries=0).models.list()
