"""Shared fixtures: clients wired to respx, so tests exercise the real pipeline with a fake network."""

from __future__ import annotations

import inspect
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import pytest
import respx
from anyio.from_thread import BlockingPortal, start_blocking_portal

import openwire

BASE_URL = "https://api.example.test/v1"
API_KEY = "sk-test-0123456789abcdef"


@pytest.fixture(params=["asyncio"])
def anyio_backend(request: pytest.FixtureRequest) -> str:
    """Async tests run on asyncio; tests that matter for trio parametrize this themselves."""
    return str(request.param)


@pytest.fixture(scope="session", autouse=True)
def _one_tls_context() -> Iterator[None]:
    """Every client the tests create builds an httpx transport, which loads the CA bundle into a new
    TLS context (~40 ms each, most of the suite's run time). Share one default context instead; no
    test makes a real TLS connection."""
    import httpx._transports.default as transport_module

    create = getattr(transport_module, "create_ssl_context", None)
    if create is None:  # another httpx layout: just be slower
        yield
        return
    shared = create()

    def cached(verify: Any = True, cert: Any = None, trust_env: bool = True) -> Any:
        return (
            shared
            if verify is True and cert is None
            else create(verify=verify, cert=cert, trust_env=trust_env)
        )

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(transport_module, "create_ssl_context", cached)
        yield


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """No test sees the developer's own OpenAI settings."""
    for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "OPENAI_ORG_ID", "OPENAI_PROJECT_ID", "OPENWIRE_LOG"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(autouse=True)
def _no_sleep(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Backoff waits are recorded instead of slept, so retry tests are instant."""
    slept: list[float] = []

    def fake_sleep(seconds: float) -> None:
        slept.append(seconds)

    async def fake_async_sleep(seconds: float) -> None:
        slept.append(seconds)

    monkeypatch.setattr("openwire._transport._sleep", fake_sleep)
    monkeypatch.setattr("openwire._transport._async_sleep", fake_async_sleep)
    return slept


@pytest.fixture
def slept(_no_sleep: list[float]) -> list[float]:
    """The backoff delays the client waited, in order."""
    return _no_sleep


@pytest.fixture
def mock_api() -> Iterator[respx.MockRouter]:
    """A respx router for BASE_URL that fails the test on any request it has no route for."""
    with respx.mock(base_url=BASE_URL, assert_all_called=False) as router:
        yield router


@pytest.fixture
def client() -> Iterator[openwire.Client]:
    with openwire.Client(api_key=API_KEY, base_url=BASE_URL) as c:
        yield c


@pytest.fixture
async def async_client() -> AsyncIterator[openwire.AsyncClient]:
    async with openwire.AsyncClient(api_key=API_KEY, base_url=BASE_URL) as c:
        yield c


class Flavor:
    """One of the two clients, driven from a synchronous test.

    `run(fn, client)` calls `fn(client)`; for `AsyncClient` it does so inside one event loop (a
    blocking portal that lives for the whole test) and awaits the result. Tests written against a
    `Flavor` therefore run the same assertions on `Client` and on `AsyncClient`.
    """

    def __init__(self, name: str, portal: BlockingPortal | None) -> None:
        self.name = name
        self.portal = portal
        self._clients: list[openwire.Client | openwire.AsyncClient] = []

    @property
    def is_async(self) -> bool:
        return self.portal is not None

    @property
    def client_class(self) -> type[openwire.Client] | type[openwire.AsyncClient]:
        return openwire.AsyncClient if self.is_async else openwire.Client

    def client(self, **kwargs: Any) -> Any:
        """A client of this flavor (api_key and base_url default to the test ones); closed after the test."""
        kwargs.setdefault("api_key", API_KEY)
        kwargs.setdefault("base_url", BASE_URL)
        made = self.client_class(**kwargs)
        self._clients.append(made)
        return made

    def local(self, server: Any, **kwargs: Any) -> Any:
        """A client of this flavor wired to an `openwire.testing.LocalServer`; closed after the test."""
        made = server.async_client(**kwargs) if self.is_async else server.client(**kwargs)
        self._clients.append(made)
        return made

    def run(self, fn: Callable[..., Any], *args: Any) -> Any:
        """`fn(*args)`, awaited inside the portal's event loop for the async flavor."""
        if self.portal is None:
            return fn(*args)
        return self.portal.call(_maybe_await, fn, *args)

    def close(self, made: Any) -> None:
        self.run(lambda c: c.aclose() if self.is_async else c.close(), made)

    def close_all(self) -> None:
        for made in self._clients:
            self.close(made)


async def _maybe_await(fn: Callable[..., Any], *args: Any) -> Any:
    result = fn(*args)
    if inspect.isawaitable(result):
        result = await result
    return result


@pytest.fixture(params=["sync", "async"])
def flavor(request: pytest.FixtureRequest) -> Iterator[Flavor]:
    """Runs a test once against `Client` and once against `AsyncClient`."""
    if request.param == "sync":
        made = Flavor("sync", None)
        yield made
        made.close_all()
        return
    with start_blocking_portal("asyncio") as portal:
        made = Flavor("async", portal)
        yield made
        made.close_all()


def model_json(model_id: str = "gpt-4o", **extra: Any) -> dict[str, Any]:
    """A model object as the API sends it."""
    return {"id": model_id, "object": "model", "created": 1700000000, "owned_by": "openai", **extra}


def page_json(*ids: str) -> dict[str, Any]:
    """A `GET /models` answer."""
    return {"object": "list", "data": [model_json(i) for i in ids]}
