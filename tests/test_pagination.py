"""Cursor pagination: iterating fetches later pages with `after=`, pages can be walked by hand."""

from __future__ import annotations

import httpx
import pytest
import respx
from typing_extensions import TypedDict, Unpack

import openwire
from openwire._models import BaseModel, parser
from openwire._pagination import AsyncCursorPager, CursorPage, CursorPageData
from openwire._request import Endpoint
from openwire._resource import AsyncAPIResource, SyncAPIResource
from openwire._types import RequestOptions


class Item(BaseModel):
    id: str


class ListParams(TypedDict, total=False):
    after: str
    limit: int


class _List(ListParams, RequestOptions, total=False): ...


_LIST = Endpoint(
    "GET", "/items", parser(CursorPageData[Item]), params=ListParams, body="query", name="items.list"
)


class Items(SyncAPIResource):
    def list(self, **params: Unpack[_List]) -> CursorPage[Item]:
        return self._paged(_LIST, params)


class AsyncItems(AsyncAPIResource):
    def list(self, **params: Unpack[_List]) -> AsyncCursorPager[Item]:
        return self._paged(_LIST, params)


PAGES = {
    None: {
        "object": "list",
        "data": [{"id": "a"}, {"id": "b"}],
        "first_id": "a",
        "last_id": "b",
        "has_more": True,
    },
    "b": {
        "object": "list",
        "data": [{"id": "c"}, {"id": "d"}],
        "first_id": "c",
        "last_id": "d",
        "has_more": True,
    },
    "d": {"object": "list", "data": [{"id": "e"}], "first_id": "e", "last_id": "e", "has_more": False},
}


@pytest.fixture
def items_route(mock_api: respx.MockRouter) -> respx.Route:
    def answer(request: httpx.Request) -> httpx.Response:
        assert request.url.params.get("limit") == "2"
        return httpx.Response(
            200, json=PAGES[request.url.params.get("after")], headers={"x-request-id": "req"}
        )

    return mock_api.get("/items").mock(side_effect=answer)


def test_iterating_fetches_every_page(client: openwire.Client, items_route: respx.Route) -> None:
    page = Items(client).list(limit=2)
    assert [item.id for item in page.data] == ["a", "b"]
    assert items_route.call_count == 1  # nothing fetched before it is needed
    assert [item.id for item in page] == ["a", "b", "c", "d", "e"]
    assert [call.request.url.params.get("after") for call in items_route.calls] == [None, "b", "d"]


def test_walking_pages_by_hand(client: openwire.Client, items_route: respx.Route) -> None:
    page = Items(client).list(limit=2)
    seen = [page.data]
    while page.has_next_page():
        page = page.get_next_page()
        seen.append(page.data)
    assert [[i.id for i in data] for data in seen] == [["a", "b"], ["c", "d"], ["e"]]
    assert page.request_id == "req"
    with pytest.raises(ValueError, match="last page"):
        page.get_next_page()


def test_iter_pages(client: openwire.Client, items_route: respx.Route) -> None:
    sizes = [len(page) for page in Items(client).list(limit=2).iter_pages()]
    assert sizes == [2, 2, 1]


def test_page_without_last_id_uses_the_last_items_id(
    client: openwire.Client, mock_api: respx.MockRouter
) -> None:
    route = mock_api.get("/items").mock(
        side_effect=[
            httpx.Response(200, json={"data": [{"id": "x"}], "has_more": True}),
            httpx.Response(200, json={"data": [{"id": "y"}], "has_more": False}),
        ]
    )
    assert [i.id for i in Items(client).list()] == ["x", "y"]
    assert route.calls[1].request.url.params["after"] == "x"


@pytest.mark.anyio
async def test_async_iteration_without_await(
    async_client: openwire.AsyncClient, items_route: respx.Route
) -> None:
    ids = [item.id async for item in AsyncItems(async_client).list(limit=2)]
    assert ids == ["a", "b", "c", "d", "e"]


@pytest.mark.anyio
async def test_async_await_gives_first_page(
    async_client: openwire.AsyncClient, items_route: respx.Route
) -> None:
    page = await AsyncItems(async_client).list(limit=2)
    assert [i.id for i in page.data] == ["a", "b"]
    second = await page.get_next_page()
    assert [i.id for i in second.data] == ["c", "d"]
    assert [i.id async for i in second] == ["c", "d", "e"]
    assert [len(p) async for p in page.iter_pages()] == [2, 2, 1]


def test_raw_response_of_a_paginated_list(client: openwire.Client, items_route: respx.Route) -> None:
    raw = Items(client).with_raw_response.list(limit=2)
    assert raw.status_code == 200
    assert [i.id for i in raw.parse().data] == ["a", "b"]
