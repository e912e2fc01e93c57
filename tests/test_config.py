"""Client configuration: arguments, environment fallbacks, base URLs, API keys and the headers they imply."""

from __future__ import annotations

import typing
from typing import Any

import httpx
import pytest
import respx

import openwire
from conftest import API_KEY, BASE_URL, Flavor, page_json
from openwire import NOT_GIVEN, ClientConfig, OpenwireError, RetryPolicy
from openwire._config import ClientOptions


def _list(c: openwire.Client | openwire.AsyncClient) -> object:
    return c.models.list()


# --- API key -------------------------------------------------------------------------------------


def test_api_key_from_environment(
    flavor: Flavor, mock_api: respx.MockRouter, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-from-env")
    route = mock_api.get("/models").respond(json=page_json())
    client = flavor.client(api_key=None)
    assert client.api_key == "sk-from-env"
    flavor.run(_list, client)
    assert route.calls.last.request.headers["authorization"] == "Bearer sk-from-env"


def test_api_key_argument_beats_environment(
    flavor: Flavor, mock_api: respx.MockRouter, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-from-env")
    route = mock_api.get("/models").respond(json=page_json())
    client = flavor.client(api_key="sk-from-arg")
    flavor.run(_list, client)
    assert route.calls.last.request.headers["authorization"] == "Bearer sk-from-arg"


def test_api_key_from_environment_is_stripped(flavor: Flavor, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "  sk-padded\n")
    assert flavor.client(api_key=None).api_key == "sk-padded"


@pytest.mark.parametrize("env_value", [None, "", "   "])
def test_no_api_key_is_a_clear_error(
    flavor: Flavor, monkeypatch: pytest.MonkeyPatch, env_value: str | None
) -> None:
    if env_value is not None:
        monkeypatch.setenv("OPENAI_API_KEY", env_value)
    with pytest.raises(OpenwireError, match="OPENAI_API_KEY") as info:
        flavor.client_class(base_url=BASE_URL)
    assert "api_key=" in str(info.value)


def test_no_api_key_with_default_base_url(flavor: Flavor) -> None:
    with pytest.raises(OpenwireError, match="OPENAI_API_KEY"):
        flavor.client_class()


def test_api_key_with_unsendable_characters(flavor: Flavor) -> None:
    with pytest.raises(OpenwireError, match="cannot be sent in an HTTP header"):
        flavor.client(api_key="sk-ünïcode")
    with pytest.raises(OpenwireError, match="cannot be sent in an HTTP header"):
        flavor.client(api_key="sk-abc\x00def")


# --- base URL ------------------------------------------------------------------------------------


def test_default_base_url(flavor: Flavor) -> None:
    assert flavor.client(base_url=None).base_url == "https://api.openai.com/v1"


def test_base_url_from_environment(flavor: Flavor, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_BASE_URL", "https://gateway.example.test/openai/v1/")
    with respx.mock(base_url="https://gateway.example.test/openai/v1") as router:
        route = router.get("/models").respond(json=page_json("m"))
        client = flavor.client(base_url=None)
        assert client.base_url == "https://gateway.example.test/openai/v1"
        page = flavor.run(_list, client)
    assert [m.id for m in page] == ["m"]
    assert route.calls.last.request.url == "https://gateway.example.test/openai/v1/models"


def test_base_url_argument_beats_environment(
    flavor: Flavor, mock_api: respx.MockRouter, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_BASE_URL", "https://elsewhere.example.test/v1")
    route = mock_api.get("/models").respond(json=page_json())
    client = flavor.client(base_url=BASE_URL)
    flavor.run(_list, client)
    assert route.call_count == 1
    assert client.base_url == BASE_URL


def test_base_url_trailing_slash_is_dropped(flavor: Flavor, mock_api: respx.MockRouter) -> None:
    route = mock_api.get("/models").respond(json=page_json())
    client = flavor.client(base_url=BASE_URL + "/")
    flavor.run(_list, client)
    assert route.calls.last.request.url == f"{BASE_URL}/models"


def test_base_url_as_httpx_url(flavor: Flavor) -> None:
    assert flavor.client(base_url=httpx.URL(BASE_URL)).base_url == BASE_URL


def test_base_url_without_scheme_is_a_clear_error(flavor: Flavor) -> None:
    with pytest.raises(OpenwireError) as info:
        flavor.client(base_url="api.example.test/v1")
    message = str(info.value)
    assert "base_url must be an http:// or https:// URL" in message
    assert "Did you mean 'http://api.example.test/v1'?" in message


@pytest.mark.parametrize("bad", ["ftp://files.example.test/v1", "http://", "localhost:8000/v1", "/v1"])
def test_bad_base_urls(flavor: Flavor, bad: str) -> None:
    with pytest.raises(OpenwireError, match="base_url"):
        flavor.client(base_url=bad)


def test_bad_base_url_from_environment(flavor: Flavor, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_BASE_URL", "example.test")
    with pytest.raises(OpenwireError, match="base_url"):
        flavor.client(base_url=None)


# --- local servers -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "base_url",
    [
        "http://localhost:11434/v1",
        "http://127.0.0.1:8000/v1",
        "http://[::1]:8000/v1",
        "http://0.0.0.0:1234/v1",
        "http://LOCALHOST:8080/v1",
        "http://api.localhost/v1",
    ],
)
def test_loopback_base_url_needs_no_key_and_sends_no_authorization(flavor: Flavor, base_url: str) -> None:
    with respx.mock(base_url=base_url) as router:
        route = router.get("/models").respond(json=page_json("llama3"))
        client = flavor.client_class(base_url=base_url)
        try:
            assert client.api_key is None
            page = flavor.run(_list, client)
        finally:
            flavor.close(client)
    assert [m.id for m in page] == ["llama3"]
    assert "authorization" not in route.calls.last.request.headers


def test_loopback_base_url_uses_a_key_when_given(flavor: Flavor) -> None:
    with respx.mock(base_url="http://localhost:8000/v1") as router:
        route = router.get("/models").respond(json=page_json())
        client = flavor.client(base_url="http://localhost:8000/v1", api_key="local-key")
        flavor.run(_list, client)
    assert route.calls.last.request.headers["authorization"] == "Bearer local-key"


@pytest.mark.parametrize("base_url", ["http://localhost.example.test/v1", "http://10.0.0.5:8000/v1"])
def test_non_loopback_hosts_still_need_a_key(flavor: Flavor, base_url: str) -> None:
    with pytest.raises(OpenwireError, match="OPENAI_API_KEY"):
        flavor.client_class(base_url=base_url)


# --- organization and project --------------------------------------------------------------------


def test_org_and_project_from_environment(
    flavor: Flavor, mock_api: respx.MockRouter, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_ORG_ID", "org-env")
    monkeypatch.setenv("OPENAI_PROJECT_ID", "proj_env")
    route = mock_api.get("/models").respond(json=page_json())
    client = flavor.client()
    assert client.config.organization == "org-env"
    assert client.config.project == "proj_env"
    flavor.run(_list, client)
    headers = route.calls.last.request.headers
    assert headers["openai-organization"] == "org-env"
    assert headers["openai-project"] == "proj_env"


def test_org_and_project_arguments_beat_environment(
    flavor: Flavor, mock_api: respx.MockRouter, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_ORG_ID", "org-env")
    monkeypatch.setenv("OPENAI_PROJECT_ID", "proj_env")
    route = mock_api.get("/models").respond(json=page_json())
    flavor.run(_list, flavor.client(organization="org-arg", project="proj_arg"))
    headers = route.calls.last.request.headers
    assert headers.get_list("openai-organization") == ["org-arg"]
    assert headers.get_list("openai-project") == ["proj_arg"]


def test_no_org_or_project_headers_by_default(flavor: Flavor, mock_api: respx.MockRouter) -> None:
    route = mock_api.get("/models").respond(json=page_json())
    flavor.run(_list, flavor.client())
    headers = route.calls.last.request.headers
    assert "openai-organization" not in headers
    assert "openai-project" not in headers


# --- the headers sent ----------------------------------------------------------------------------


def test_default_headers_are_minimal(flavor: Flavor, mock_api: respx.MockRouter) -> None:
    route = mock_api.get("/models").respond(json=page_json())
    flavor.run(_list, flavor.client())
    headers = route.calls.last.request.headers
    assert set(headers.keys()) == {
        "host",
        "accept",
        "accept-encoding",
        "connection",
        "user-agent",
        "authorization",
    }
    assert headers["user-agent"] == f"openwire/{openwire.__version__}"
    assert headers["accept"] == "application/json"
    assert headers["authorization"] == f"Bearer {API_KEY}"
    assert not [name for name in headers if name.startswith("x-")]  # no X-Stainless-* or other telemetry


def test_headers_with_org_project_and_no_body_on_delete(flavor: Flavor, mock_api: respx.MockRouter) -> None:
    route = mock_api.delete("/models/m").respond(json={"id": "m", "deleted": True})
    flavor.run(lambda c: c.models.delete("m"), flavor.client(organization="org-1", project="proj-1"))
    request = route.calls.last.request
    assert set(request.headers.keys()) == {
        "host",
        "accept",
        "accept-encoding",
        "connection",
        "user-agent",
        "authorization",
        "idempotency-key",
        "openai-organization",
        "openai-project",
    }
    assert request.content == b""  # a DELETE carries no body


def test_user_agent_matches_version() -> None:
    assert openwire.__version__
    assert ClientConfig.resolve(api_key="k").headers["User-Agent"] == f"openwire/{openwire.__version__}"


# --- ClientConfig --------------------------------------------------------------------------------


def test_config_is_immutable(flavor: Flavor) -> None:
    config = flavor.client().config
    with pytest.raises(AttributeError):
        config.api_key = "sk-other"  # type: ignore[misc]


def test_config_exposes_settings(flavor: Flavor) -> None:
    policy = RetryPolicy(max_retries=4)
    client = flavor.client(retry=policy, deadline=30.0, timeout=12.0, default_query={"a": "b"})
    assert client.config.retry == policy
    assert client.max_retries == 4
    assert client.config.deadline == 30.0
    assert client.timeout == httpx.Timeout(12.0, connect=5.0)
    assert client.config.default_query == {"a": "b"}
    assert client.config.base_url == BASE_URL


# --- http_client ---------------------------------------------------------------------------------


def test_own_http_client_is_used_and_not_closed(flavor: Flavor) -> None:
    handled: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        handled.append(request)
        return httpx.Response(200, json=page_json("via-mock-transport"))

    http_type = httpx.AsyncClient if flavor.is_async else httpx.Client
    http = http_type(transport=httpx.MockTransport(handler), headers={"X-Proxy-Tenant": "t1"})
    client = flavor.client(http_client=http)
    page = flavor.run(_list, client)
    assert [m.id for m in page] == ["via-mock-transport"]
    assert len(handled) == 1
    assert handled[0].headers["x-proxy-tenant"] == "t1"  # the user's client settings apply
    assert handled[0].headers["user-agent"] == f"openwire/{openwire.__version__}"
    flavor.close(client)
    assert not http.is_closed
    # closing the openwire client left the pool open, so calls through it still work
    flavor.run(_list, client)
    assert len(handled) == 2
    flavor.run(lambda h: h.aclose() if flavor.is_async else h.close(), http)
    assert http.is_closed


def test_wrong_kind_of_http_client(flavor: Flavor) -> None:
    wrong = httpx.Client() if flavor.is_async else httpx.AsyncClient()
    with pytest.raises(TypeError) as info:
        flavor.client(http_client=wrong)
    message = str(info.value)
    expected = "httpx.AsyncClient" if flavor.is_async else "httpx.Client"
    assert f"{flavor.client_class.__name__} needs http_client to be an {expected}" in message
    if flavor.is_async:
        assert "pass an httpx.Client to openwire.Client" in message
        wrong.close()  # type: ignore[union-attr]
    else:
        assert "pass an httpx.AsyncClient to openwire.AsyncClient" in message


def test_http_client_that_is_not_httpx(flavor: Flavor) -> None:
    with pytest.raises(
        TypeError, match=r"needs http_client to be an httpx\.(Async)?Client, not builtins\.object\."
    ):
        flavor.client(http_client=object())


# --- options, declared once --------------------------------------------------------------------


def _a_value_for(name: str) -> Any:
    return {
        "api_key": "sk-other-key",
        "base_url": "https://other.example.test/v2?api-version=2",
        "organization": "org-x",
        "project": "proj-x",
        "timeout": 7.0,
        "max_retries": 5,
        "retry": RetryPolicy(max_retries=1, max_delay=1),
        "deadline": 12.0,
        "default_headers": {"X-Extra": "1"},
        "default_query": {"q": "1"},
        "middleware": [_Marker()],
        "fallbacks": [openwire.Fallback(base_url="http://localhost:9/v1")],
    }[name]


class _Marker(openwire.Middleware):
    def on_request(self, request: httpx.Request, call: openwire.CallInfo) -> None:
        request.headers["X-Marked"] = "1"


def _read(config: ClientConfig, name: str) -> Any:
    if name == "max_retries":
        return config.retry.max_retries
    if name == "timeout":
        return config.timeout.read
    if name == "base_url":
        return config.base_url
    return getattr(config, name)


_OPTIONS = sorted(ClientOptions.__annotations__)


def test_the_options_are_the_constructors_and_with_options_keywords() -> None:
    assert (
        sorted(
            [
                "api_key",
                "base_url",
                "organization",
                "project",
                "timeout",
                "max_retries",
                "retry",
                "deadline",
                "default_headers",
                "default_query",
                "middleware",
                "fallbacks",
            ]
        )
        == _OPTIONS
    )
    for function in (openwire.Client.__init__, openwire.AsyncClient.__init__, openwire.Client.with_options):
        hints = typing.get_type_hints(function, include_extras=True)
        (unpacked,) = [hint for name, hint in hints.items() if name == "options"]
        assert typing.get_args(unpacked) == (ClientOptions,)


@pytest.mark.parametrize("name", _OPTIONS)
def test_every_option_works_in_the_constructor_and_in_with_options(flavor: Flavor, name: str) -> None:
    value = _a_value_for(name)
    built = flavor.client(**{name: value})
    changed = flavor.client().with_options(**{name: value})
    expected = _read(built.config, name)
    assert _read(changed.config, name) == expected
    assert expected != _read(flavor.client().config, name)


def test_with_options_keeps_what_it_is_not_given(flavor: Flavor) -> None:
    client = flavor.client(timeout=9.0, default_headers={"A": "1"}, default_query={"a": "1"}, max_retries=4)
    clone = client.with_options(deadline=3.0, default_headers={"B": "2"}, default_query={"b": "2"})
    assert clone.config.timeout == client.config.timeout
    assert clone.max_retries == 4
    assert clone.config.default_headers == {"A": "1", "B": "2"}  # merged
    assert clone.config.default_query == {"a": "1", "b": "2"}
    assert clone.with_options(timeout=NOT_GIVEN).config.timeout == client.config.timeout
    # a new policy brings its own max_retries; max_retries alone keeps the policy's other settings
    assert clone.with_options(retry=RetryPolicy(max_retries=0)).max_retries == 0
    slow = clone.with_options(retry=RetryPolicy(max_delay=30), max_retries=9)
    assert (slow.config.retry.max_delay, slow.max_retries) == (30, 9)


def test_an_unknown_option_is_a_type_error_with_a_suggestion(flavor: Flavor) -> None:
    with pytest.raises(
        TypeError, match=r"unexpected client option\(s\): 'max_retry' \(did you mean 'max_retries'\?\)"
    ):
        flavor.client(max_retry=3)
    with pytest.raises(TypeError, match="'timout'"):
        flavor.client().with_options(timout=3)


def test_with_options_does_not_reread_the_environment(
    flavor: Flavor, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_ORG_ID", "org-env")
    client = flavor.client(organization=None)
    assert client.config.organization is None  # None given: none, whatever the environment says
    monkeypatch.setenv("OPENAI_API_KEY", "sk-from-env-later")
    assert client.with_options(timeout=3).api_key == client.api_key
    assert client.with_options(timeout=3).config.organization is None
