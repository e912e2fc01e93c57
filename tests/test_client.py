"""Client lifecycle: with_options, closing, context managers and use from many threads."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest
import respx

import openwire
from conftest import API_KEY, BASE_URL, Flavor, model_json, page_json
from openwire import NOT_GIVEN, InternalServerError, OpenwireError, RetryPolicy


def _list(c: Any) -> Any:
    return c.models.list()


# --- with_options --------------------------------------------------------------------------------


def test_with_options_shares_the_pool(flavor: Flavor) -> None:
    client = flavor.client()
    clone = client.with_options(timeout=5)
    assert type(clone) is type(client)
    assert clone is not client
    assert clone._http is client._http


def test_with_options_changes_timeout(flavor: Flavor, mock_api: respx.MockRouter) -> None:
    route = mock_api.get("/models").respond(json=page_json())
    client = flavor.client()
    clone = client.with_options(timeout=20)
    flavor.run(_list, clone)
    assert route.calls.last.request.extensions["timeout"] == {
        "connect": 5.0,
        "read": 20.0,
        "write": 20.0,
        "pool": 20.0,
    }
    flavor.run(_list, client)
    assert route.calls.last.request.extensions["timeout"]["read"] == 600.0  # the original is unchanged
    assert clone.timeout == httpx.Timeout(20.0, connect=5.0)
    assert client.timeout == httpx.Timeout(600.0, connect=5.0)


def test_with_options_changes_max_retries(
    flavor: Flavor, mock_api: respx.MockRouter, slept: list[float]
) -> None:
    route = mock_api.get("/models").respond(500, json={"error": {"message": "down"}})
    client = flavor.client()
    assert client.models is client.models  # cached on the parent before cloning
    clone = client.with_options(max_retries=0)
    assert clone.max_retries == 0
    assert client.max_retries == 2
    with pytest.raises(InternalServerError):
        flavor.run(_list, clone)
    assert route.call_count == 1
    with pytest.raises(InternalServerError):
        flavor.run(_list, client)
    assert route.call_count == 4


def test_with_options_resources_belong_to_the_clone(flavor: Flavor) -> None:
    client = flavor.client()
    parent_models = client.models
    clone = client.with_options(max_retries=0)
    assert clone.models is not parent_models
    assert clone.models._client is clone


def test_with_options_retry_policy(flavor: Flavor, mock_api: respx.MockRouter, slept: list[float]) -> None:
    route = mock_api.get("/models").respond(503, text="busy")
    clone = flavor.client().with_options(retry=RetryPolicy(max_retries=3, jitter=0.0))
    with pytest.raises(InternalServerError):
        flavor.run(_list, clone)
    assert route.call_count == 4
    assert slept == [0.5, 1.0, 2.0]


def test_with_options_merges_headers_and_query(flavor: Flavor, mock_api: respx.MockRouter) -> None:
    route = mock_api.get("/models").respond(json=page_json())
    client = flavor.client(default_headers={"X-A": "1", "X-B": "1"}, default_query={"v": "1"})
    clone = client.with_options(default_headers={"X-B": "2", "X-C": "3"}, default_query={"w": "2"})
    flavor.run(_list, clone)
    request = route.calls.last.request
    assert request.headers["x-a"] == "1"
    assert request.headers.get_list("x-b") == ["2"]
    assert request.headers["x-c"] == "3"
    assert request.url.params.multi_items() == [("v", "1"), ("w", "2")]
    flavor.run(_list, client)
    request = route.calls.last.request
    assert request.headers.get_list("x-b") == ["1"]
    assert "x-c" not in request.headers
    assert request.url.params.multi_items() == [("v", "1")]


def test_with_options_can_remove_a_header(flavor: Flavor, mock_api: respx.MockRouter) -> None:
    route = mock_api.get("/models").respond(json=page_json())
    client = flavor.client(organization="org-1")
    flavor.run(_list, client.with_options(default_headers={"OpenAI-Organization": NOT_GIVEN}))
    assert "openai-organization" not in route.calls.last.request.headers
    flavor.run(_list, client.with_options(organization=None))
    assert "openai-organization" not in route.calls.last.request.headers
    flavor.run(_list, client)
    assert route.calls.last.request.headers["openai-organization"] == "org-1"


def test_with_options_changes_key_and_base_url(flavor: Flavor) -> None:
    client = flavor.client()
    with respx.mock(base_url="https://other.example.test/v1") as router:
        route = router.get("/models").respond(json=page_json("other"))
        clone = client.with_options(api_key="sk-other", base_url="https://other.example.test/v1")
        page = flavor.run(_list, clone)
    assert [m.id for m in page] == ["other"]
    assert route.calls.last.request.headers["authorization"] == "Bearer sk-other"
    assert client.api_key == API_KEY
    assert client.base_url == BASE_URL


def test_with_options_validates(flavor: Flavor) -> None:
    client = flavor.client()
    with pytest.raises(OpenwireError, match="base_url"):
        client.with_options(base_url="nowhere")
    with pytest.raises(TypeError, match="timeout"):
        client.with_options(timeout=-1)
    with pytest.raises(ValueError, match="max_retries"):
        client.with_options(max_retries=-1)


def test_with_options_not_given_keeps_everything(flavor: Flavor) -> None:
    client = flavor.client(timeout=7.0, max_retries=4, deadline=9.0, organization="org-1")
    clone = client.with_options(timeout=NOT_GIVEN, max_retries=NOT_GIVEN, deadline=NOT_GIVEN)
    assert clone.config.timeout == client.config.timeout
    assert clone.max_retries == 4
    assert clone.config.deadline == 9.0
    assert clone.config.headers == client.config.headers


def test_with_options_can_clear_the_deadline(flavor: Flavor) -> None:
    client = flavor.client(deadline=9.0)
    assert client.with_options(deadline=None).config.deadline is None


# --- closing -------------------------------------------------------------------------------------


def test_closing_the_clone_leaves_the_parent_open(flavor: Flavor, mock_api: respx.MockRouter) -> None:
    mock_api.get("/models").respond(json=page_json("a"))
    client = flavor.client()
    clone = client.with_options(max_retries=0)
    flavor.close(clone)
    assert not client._http.is_closed
    assert [m.id for m in flavor.run(_list, client)] == ["a"]
    assert [m.id for m in flavor.run(_list, clone)] == ["a"]  # the clone never owned the pool


def test_closing_the_parent_closes_the_pool(flavor: Flavor, mock_api: respx.MockRouter) -> None:
    route = mock_api.get("/models").respond(json=page_json())
    client = flavor.client()
    clone = client.with_options(timeout=3)
    flavor.close(client)
    assert client._http.is_closed
    for closed in (client, clone):
        with pytest.raises(OpenwireError, match="This client has been closed; create a new one"):
            flavor.run(_list, closed)
    assert route.call_count == 0


def test_close_twice_is_harmless(flavor: Flavor) -> None:
    client = flavor.client()
    flavor.close(client)
    flavor.close(client)
    assert client._http.is_closed


def test_sync_context_manager_closes(mock_api: respx.MockRouter) -> None:
    mock_api.get("/models").respond(json=page_json("a"))
    with openwire.Client(api_key=API_KEY, base_url=BASE_URL) as client:
        assert len(client.models.list()) == 1
    assert client._http.is_closed
    with pytest.raises(OpenwireError, match="closed"):
        client.models.list()


@pytest.mark.anyio
async def test_async_context_manager_closes(mock_api: respx.MockRouter) -> None:
    mock_api.get("/models").respond(json=page_json("a"))
    async with openwire.AsyncClient(api_key=API_KEY, base_url=BASE_URL) as client:
        assert len(await client.models.list()) == 1
    assert client._http.is_closed
    with pytest.raises(OpenwireError, match="closed"):
        await client.models.list()


@pytest.mark.anyio
async def test_async_close_is_aclose(mock_api: respx.MockRouter) -> None:
    client = openwire.AsyncClient(api_key=API_KEY, base_url=BASE_URL)
    await client.close()
    assert client._http.is_closed


def test_repr_names_the_client(flavor: Flavor) -> None:
    client = flavor.client()
    assert repr(client) == f"<openwire.{flavor.client_class.__name__} base_url='{BASE_URL}' api_key='***'>"


# --- threads -------------------------------------------------------------------------------------


def test_one_client_from_many_threads(client: openwire.Client, mock_api: respx.MockRouter) -> None:
    def answer(request: httpx.Request, model_id: str) -> httpx.Response:
        return httpx.Response(200, json=model_json(model_id), headers={"x-request-id": f"req-{model_id}"})

    route = mock_api.get(path__regex=r"/models/(?P<model_id>[^/]+)$").mock(side_effect=answer)
    barrier = threading.Barrier(8)

    def work(worker: int) -> list[tuple[str, str, str | None]]:
        barrier.wait()  # start together
        results = []
        for i in range(25):
            wanted = f"model-{worker}-{i}"
            model = client.models.retrieve(wanted)
            results.append((wanted, model.id, model.request_id))
        return results

    with ThreadPoolExecutor(max_workers=8) as pool:
        outcomes = list(pool.map(work, range(8)))
    assert route.call_count == 8 * 25
    for results in outcomes:
        for wanted, got, request_id in results:
            assert got == wanted
            assert request_id == f"req-{wanted}"


def test_clones_from_many_threads(client: openwire.Client, mock_api: respx.MockRouter) -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json=page_json(request.headers["x-worker"]))

    mock_api.get("/models").mock(side_effect=answer)

    def work(worker: int) -> list[str]:
        clone = client.with_options(default_headers={"X-Worker": str(worker)})
        return [clone.models.list()[0].id for _ in range(10)]

    with ThreadPoolExecutor(max_workers=8) as pool:
        outcomes = list(pool.map(work, range(8)))
    assert outcomes == [[str(worker)] * 10 for worker in range(8)]


def test_the_clients_own_pool_keeps_every_connection_alive(flavor: Flavor) -> None:
    # A burst of more calls than the keep-alive limit would otherwise close and reopen connections.
    pool = flavor.client()._http._transport._pool
    assert pool._max_connections == 1000
    assert pool._max_keepalive_connections == 1000
