"""Shared fixtures: clients wired to respx, so tests exercise the real pipeline with a fake network."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest
import respx

import openwire

BASE_URL = "https://api.example.test/v1"
API_KEY = "sk-test-0123456789abcdef"


@pytest.fixture(params=["asyncio"])
def anyio_backend(request: pytest.FixtureRequest) -> str:
    """Async tests run on asyncio; tests that matter for trio parametrize this themselves."""
    return str(request.param)


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

    monkeypatch.setattr("openwire._transport.time.sleep", fake_sleep)
    monkeypatch.setattr("openwire._transport.anyio.sleep", fake_async_sleep)
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
