"""Fixtures for the local server's own tests, loaded with `pytest_plugins = ["server_fixtures"]`
(not a conftest.py, whose module name would clash with the suite's top-level one)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import anyio
import httpx
import pytest
from server_helpers import Send

from openwire.testing import LocalServer


@pytest.fixture
def server() -> LocalServer:
    return LocalServer()


@pytest.fixture
def http(server: LocalServer) -> Iterator[httpx.Client]:
    """A plain httpx client on the in-process transport (base URL http://localhost/v1)."""
    with server.http_client() as client:
        yield client


@pytest.fixture(params=["sync", "async"])
def send(request: pytest.FixtureRequest, server: LocalServer) -> Iterator[Send]:
    """`send(method, path, **kwargs)` through the blocking or the async in-process transport; the
    response comes back fully read."""
    if request.param == "sync":
        with server.http_client() as client:
            yield client.request
        return

    def send_async(method: str, path: str, **kwargs: Any) -> httpx.Response:
        async def go() -> httpx.Response:
            async with server.async_http_client() as client:
                return await client.request(method, path, **kwargs)

        return anyio.run(go)

    yield send_async
