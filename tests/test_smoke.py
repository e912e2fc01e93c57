from __future__ import annotations

import pytest
import respx

import openwire


def test_models_list_parses_items(client: openwire.Client, mock_api: respx.MockRouter) -> None:
    mock_api.get("/models").respond(
        200,
        json={"object": "list", "data": [{"id": "gpt-4o", "object": "model", "created": 1, "owned_by": "o"}]},
        headers={"x-request-id": "req_1"},
    )
    page = client.models.list()
    assert [m.id for m in page] == ["gpt-4o"]
    assert page.request_id == "req_1"


@pytest.mark.anyio
async def test_async_models_retrieve(async_client: openwire.AsyncClient, mock_api: respx.MockRouter) -> None:
    mock_api.get("/models/gpt-4o").respond(200, json={"id": "gpt-4o", "object": "model", "created": 1})
    model = await async_client.models.retrieve("gpt-4o")
    assert model.id == "gpt-4o"
    assert model.owned_by is None
