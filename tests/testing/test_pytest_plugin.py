"""The pytest plugin, used the way a project using openwire would: public API and fixtures only."""

from __future__ import annotations

import httpx
import pytest

import openwire
from openwire.testing import LiveServer, LocalServer, Reply

pytest_plugins = ["pytester"]


def test_server_and_client_fixtures(openwire_server: LocalServer, openwire_client: openwire.Client) -> None:
    assert isinstance(openwire_server, LocalServer)
    assert openwire_client.base_url.startswith("http://localhost")
    assert "gpt-4o" in [model.id for model in openwire_client.models.list()]
    assert openwire_server.last_request.path == "/models"


@pytest.mark.parametrize("run", [1, 2])
def test_each_test_gets_a_fresh_server(
    openwire_server: LocalServer, openwire_client: openwire.Client, run: int
) -> None:
    assert openwire_server.requests == []  # nothing left over from the other run
    openwire_server.fail(404)
    with pytest.raises(openwire.NotFoundError):
        openwire_client.models.list()


@pytest.mark.anyio
async def test_async_client_fixture(
    openwire_server: LocalServer, openwire_async_client: openwire.AsyncClient
) -> None:
    model = await openwire_async_client.models.retrieve("gpt-4o")
    assert model.id == "gpt-4o"
    assert openwire_server.last_request.path == "/models/gpt-4o"


@pytest.mark.openwire_live
def test_marker_runs_the_same_fixtures_over_http(
    openwire_server: LocalServer, openwire_client: openwire.Client, openwire_live_server: LiveServer
) -> None:
    assert openwire_client.base_url == openwire_live_server.base_url
    assert openwire_client.base_url.startswith("http://127.0.0.1:")
    assert openwire_live_server.server is openwire_server
    assert openwire_server.requests == []
    openwire_server.reply(Reply(content="unused"))
    openwire_client.models.list()
    assert openwire_server.last_request.headers["host"] == f"127.0.0.1:{openwire_live_server.port}"


@pytest.mark.openwire_live
@pytest.mark.anyio
async def test_marker_with_the_async_client(
    openwire_server: LocalServer, openwire_async_client: openwire.AsyncClient
) -> None:
    openwire_server.fail(503, times=None)
    with pytest.raises(openwire.InternalServerError):
        await openwire_async_client.with_options(max_retries=0).models.list()
    openwire_server.clear_faults()
    assert len(await openwire_async_client.models.list()) > 0


def test_live_server_fixture(openwire_live_server: LiveServer) -> None:
    response = httpx.get(f"{openwire_live_server.base_url}/models")
    assert response.status_code == 200
    assert openwire_live_server.server.requests[-1].path == "/models"


def test_plugin_is_registered_through_its_entry_point(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import pytest

        def test_in_process(openwire_server, openwire_client):
            openwire_server.fail(429, times=None)
            with pytest.raises(Exception, match="Rate limit"):
                openwire_client.with_options(max_retries=0).models.list()

        @pytest.mark.openwire_live
        def test_live(openwire_client):
            assert openwire_client.base_url.startswith("http://127.0.0.1:")
            assert openwire_client.models.retrieve("gpt-4o").id == "gpt-4o"
        """
    )
    result = pytester.runpytest_subprocess("--strict-markers", "-q")
    result.assert_outcomes(passed=2)
