"""pytest fixtures for openwire's local server, registered through the `pytest11` entry point.

```python
def test_my_app(openwire_server, openwire_client):
    openwire_server.reply("Paris")
    assert my_app.ask_capital(openwire_client, "France") == "Paris"
    assert openwire_server.last_request.json["model"] == "gpt-4o"
```

Fixtures:
    openwire_server: a fresh `LocalServer` for each test.
    openwire_client / openwire_async_client: an `openwire.Client` / `openwire.AsyncClient` wired to it.
    openwire_live_server: a `LiveServer` answering real HTTP on 127.0.0.1 (one per test module, its
        state reset for each test; needs `openwire[server]`).

Mark a test `@pytest.mark.openwire_live` to make `openwire_server` that live server's `LocalServer`
and the two clients talk to it over HTTP, with no other change to the test.

Nothing is imported until a fixture is used, so the plugin costs nothing to projects that don't.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    import openwire
    from openwire.testing import LiveServer, LocalServer

__all__ = [
    "openwire_async_client",
    "openwire_client",
    "openwire_live_server",
    "openwire_server",
    "pytest_configure",
]

_MARKER = "openwire_live"


def pytest_configure(config: pytest.Config) -> None:
    """Register the `openwire_live` marker."""
    config.addinivalue_line(
        "markers",
        f"{_MARKER}: run this test's openwire fixtures over real HTTP against a live local server "
        "(needs openwire[server])",
    )


def _is_live(request: pytest.FixtureRequest) -> bool:
    return request.node.get_closest_marker(_MARKER) is not None


@pytest.fixture(scope="module")
def _openwire_live_module() -> Iterator[LiveServer]:
    """One live server per test module (starting one per test would cost ~0.1 s each)."""
    from openwire.testing import LocalServer

    live = LocalServer().serve()
    try:
        yield live
    finally:
        live.stop()


@pytest.fixture
def openwire_live_server(_openwire_live_module: LiveServer) -> LiveServer:
    """A local server answering real HTTP on 127.0.0.1; `.base_url` is its API root and `.server`
    the `LocalServer` to script. Shared by the tests of a module, reset before each."""
    _openwire_live_module.server.reset()
    return _openwire_live_module


@pytest.fixture
def openwire_server(request: pytest.FixtureRequest) -> LocalServer:
    """A fresh in-process `LocalServer` (the live server's, reset, under `@pytest.mark.openwire_live`)."""
    if _is_live(request):
        live: LiveServer = request.getfixturevalue("openwire_live_server")
        return live.server
    from openwire.testing import LocalServer

    return LocalServer()


@pytest.fixture
def openwire_client(
    openwire_server: LocalServer, request: pytest.FixtureRequest
) -> Iterator[openwire.Client]:
    """An `openwire.Client` wired to `openwire_server`, closed after the test."""
    if _is_live(request):
        live: LiveServer = request.getfixturevalue("openwire_live_server")
        client = live.client()
    else:
        client = openwire_server.client()
    try:
        yield client
    finally:
        client.close()


@pytest.fixture
def openwire_async_client(
    openwire_server: LocalServer, request: pytest.FixtureRequest
) -> openwire.AsyncClient:
    """An `openwire.AsyncClient` wired to `openwire_server`; use it from any async test plugin
    (anyio, pytest-asyncio, trio). It needs no closing: in-process it holds no connections, and
    over HTTP it keeps none open between requests."""
    if not _is_live(request):
        return openwire_server.async_client()
    import httpx

    live: LiveServer = request.getfixturevalue("openwire_live_server")
    # No keep-alive: a pooled connection would belong to the test's event loop, which is gone by
    # the time a synchronous fixture could close it.
    pool = httpx.AsyncClient(limits=httpx.Limits(max_keepalive_connections=0))
    return live.async_client(http_client=pool)
