"""`AzureClient` and `AsyncAzureClient` against the built-in server: routing, credentials, Entra ID
tokens (cached, refreshed before expiry, asked again once after a 401), settings, and the rest of
the client (streams, raw responses, retries) going through Azure unchanged."""

from __future__ import annotations

import base64
import json
import logging
import pickle
import time
from collections.abc import Callable
from typing import Any

import httpx
import pytest
import respx

import openwire
from conftest import Flavor
from openwire import (
    APIStatusError,
    AsyncAzureClient,
    AuthenticationError,
    AzureClient,
    InvalidInputError,
    OpenwireError,
)
from openwire.testing import LocalServer

KEY = "sk-azure-resource-key-0123456789abcdef"
VERSION = "2024-10-21"
WAV = b"RIFF\x24\x00\x00\x00WAVEfmt \x10\x00\x00\x00" + b"\x00" * 16
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(64))
HELLO: Any = [{"role": "user", "content": "hello"}]


def jwt(expires_in: float, subject: str = "user") -> str:
    """An Entra-ID-like token (a JWT) whose `exp` lies `expires_in` seconds from now."""

    def part(data: dict[str, Any]) -> str:
        return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()

    claims = {"exp": time.time() + expires_in, "sub": subject}
    return f"{part({'alg': 'RS256', 'typ': 'JWT'})}.{part(claims)}.c2ln"


class Wire:
    """What actually went out: every request's method, URL and headers, as httpx sent it."""

    def __init__(self) -> None:
        self.sent: list[httpx.Request] = []

    def hook(self, request: httpx.Request) -> None:
        self.sent.append(request)

    async def async_hook(self, request: httpx.Request) -> None:
        self.sent.append(request)

    @property
    def last(self) -> httpx.Request:
        return self.sent[-1]


@pytest.fixture
def server() -> LocalServer:
    return LocalServer(api_key=KEY)


@pytest.fixture
def wire() -> Wire:
    return Wire()


def azure(flavor: Flavor, server: LocalServer, wire: Wire | None = None, **options: Any) -> Any:
    """An Azure client of the flavor on the local server (the key, endpoint and version filled in
    unless given); closed after the test."""
    options.setdefault("azure_endpoint", "http://localhost")
    options.setdefault("api_version", VERSION)
    if "azure_ad_token" not in options and "azure_ad_token_provider" not in options:
        options.setdefault("api_key", KEY)
    hooks: dict[str, list[Any]] = {}
    if flavor.is_async:
        hooks = {"request": [wire.async_hook]} if wire else {}
        made: Any = AsyncAzureClient(http_client=server.async_http_client(event_hooks=hooks), **options)
    else:
        hooks = {"request": [wire.hook]} if wire else {}
        made = AzureClient(http_client=server.http_client(event_hooks=hooks), **options)
    flavor._clients.append(made)
    return made


# -- routing ---------------------------------------------------------------------------------------

DEPLOYMENT_CALLS: dict[str, tuple[str, Callable[[Any], Any]]] = {
    "chat": ("/chat/completions", lambda c: c.chat.completions.create(model="dep-1", messages=HELLO)),
    "embeddings": ("/embeddings", lambda c: c.embeddings.create(model="dep-1", input="hello")),
    "speech": ("/audio/speech", lambda c: c.audio.speech.create(model="dep-1", input="hi", voice="alloy")),
    "transcriptions": (
        "/audio/transcriptions",
        lambda c: c.audio.transcriptions.create(model="dep-1", file=("a.wav", WAV)),
    ),
    "translations": (
        "/audio/translations",
        lambda c: c.audio.translations.create(model="dep-1", file=("a.wav", WAV)),
    ),
    "image generations": ("/images/generations", lambda c: c.images.generate(model="dep-1", prompt="a cat")),
    "image edits": (
        "/images/edits",
        lambda c: c.images.edit(model="dep-1", image=("a.png", PNG), prompt="a hat"),
    ),
    "image variations": (
        "/images/variations",
        lambda c: c.images.create_variation(model="dep-1", image=("a.png", PNG)),
    ),
}


@pytest.mark.parametrize("name", DEPLOYMENT_CALLS)
def test_deployment_endpoints_go_to_the_deployment_with_the_api_version(
    flavor: Flavor, server: LocalServer, wire: Wire, name: str
) -> None:
    path, call = DEPLOYMENT_CALLS[name]
    flavor.run(call, azure(flavor, server, wire))
    sent = wire.last
    assert sent.url.path == f"/openai/deployments/dep-1{path}"
    assert sent.url.params.get_list("api-version") == [VERSION]
    assert sent.headers["api-key"] == KEY
    assert "authorization" not in sent.headers
    assert server.last_request.deployment == "dep-1"
    assert server.last_request.path == path


V1_CALLS: dict[str, tuple[str, str, Callable[[Any], Any]]] = {
    "models.list": ("GET", "/models", lambda c: c.models.list()),
    "models.retrieve": ("GET", "/models/gpt-4o", lambda c: c.models.retrieve("gpt-4o")),
    "responses.create": ("POST", "/responses", lambda c: c.responses.create(model="dep-1", input="hi")),
    "files.list": ("GET", "/files", lambda c: c.files.list()),
    "moderations.create": ("POST", "/moderations", lambda c: c.moderations.create(input="hello")),
    # The same path as chat.completions.create, but a GET: stored completions are on the v1 API.
    "chat.completions.list": ("GET", "/chat/completions", lambda c: c.chat.completions.list(model="dep-1")),
}


@pytest.mark.parametrize("name", V1_CALLS)
def test_other_endpoints_go_to_the_v1_api_without_an_api_version(
    flavor: Flavor, server: LocalServer, wire: Wire, name: str
) -> None:
    method, path, call = V1_CALLS[name]
    flavor.run(call, azure(flavor, server, wire))
    sent = wire.last
    assert (sent.method, sent.url.path) == (method, f"/openai/v1{path}")
    assert "api-version" not in sent.url.params
    assert sent.headers["api-key"] == KEY
    assert server.last_request.deployment is None


def test_stored_completions_list_needs_no_deployment(flavor: Flavor, server: LocalServer, wire: Wire) -> None:
    flavor.run(lambda c: c.chat.completions.list(), azure(flavor, server, wire))
    assert wire.last.url.path == "/openai/v1/chat/completions"


def test_azure_deployment_names_the_deployment_whatever_the_model(
    flavor: Flavor, server: LocalServer, wire: Wire
) -> None:
    client = azure(flavor, server, wire, azure_deployment="my-gpt4o")
    flavor.run(lambda c: c.chat.completions.create(model="gpt-4o", messages=HELLO), client)
    assert wire.last.url.path == "/openai/deployments/my-gpt4o/chat/completions"
    assert server.last_request.json["model"] == "gpt-4o"  # the body is left as the caller wrote it


@pytest.mark.parametrize(
    "endpoint",
    ["http://localhost/", "http://localhost/openai", "http://localhost/openai/", " http://localhost "],
)
def test_the_endpoint_is_taken_with_or_without_openai_and_slashes(
    flavor: Flavor, server: LocalServer, wire: Wire, endpoint: str
) -> None:
    client = azure(flavor, server, wire, azure_endpoint=endpoint)
    assert client.base_url == "http://localhost/openai/v1"
    flavor.run(lambda c: c.embeddings.create(model="emb", input="x"), client)
    assert wire.last.url.path == "/openai/deployments/emb/embeddings"


def test_an_endpoint_ending_in_openai_v1_is_used_as_it_is(
    flavor: Flavor, server: LocalServer, wire: Wire
) -> None:
    client = azure(flavor, server, wire, azure_endpoint="http://localhost/openai/v1/", api_version=None)
    flavor.run(lambda c: c.chat.completions.create(model="gpt-4o", messages=HELLO), client)
    assert wire.last.url.path == "/openai/v1/chat/completions"
    assert "api-version" not in wire.last.url.params
    assert server.last_request.deployment is None


def test_a_same_origin_redirect_is_followed_not_routed_again(flavor: Flavor) -> None:
    with respx.mock(assert_all_called=True) as router:
        routed = router.post("https://res.openai.azure.com/openai/deployments/d/chat/completions").mock(
            return_value=httpx.Response(307, headers={"location": "/moved/chat/completions?api-version=x"})
        )
        moved = router.post("https://res.openai.azure.com/moved/chat/completions").mock(
            return_value=httpx.Response(
                200, json={"id": "c", "object": "chat.completion", "created": 1, "model": "m", "choices": []}
            )
        )
        kind: Any = AsyncAzureClient if flavor.is_async else AzureClient
        made = kind(azure_endpoint="https://res.openai.azure.com", api_version=VERSION, api_key=KEY)
        flavor._clients.append(made)
        flavor.run(lambda c: c.chat.completions.create(model="d", messages=HELLO), made)
        assert routed.call_count == 1
        assert moved.call_count == 1


# -- credentials -----------------------------------------------------------------------------------


def test_an_entra_token_goes_as_a_bearer_token_and_no_key(
    flavor: Flavor, server: LocalServer, wire: Wire
) -> None:
    token = jwt(3600)
    server.accept_tokens(token)
    flavor.run(lambda c: c.models.list(), azure(flavor, server, wire, azure_ad_token=token))
    assert wire.last.headers["authorization"] == f"Bearer {token}"
    assert "api-key" not in wire.last.headers


def test_the_token_does_not_go_to_another_host(flavor: Flavor, server: LocalServer, wire: Wire) -> None:
    token = jwt(3600)
    server.accept_tokens(token)
    client = azure(flavor, server, wire, azure_ad_token=token)
    with pytest.raises(APIStatusError):  # the server (standing in for a storage host) refuses it
        flavor.run(lambda c: c.images.download("http://storage.example/generated/img.png"), client)
    assert wire.last.url.host == "storage.example"
    assert "authorization" not in wire.last.headers
    assert "api-key" not in wire.last.headers


class Provider:
    """A token provider handing out `tokens` in turn (the last one again when they run out)."""

    def __init__(self, *tokens: Any) -> None:
        self.tokens = list(tokens)
        self.calls = 0

    def __call__(self) -> Any:
        self.calls += 1
        return self.tokens[min(self.calls, len(self.tokens)) - 1]


class AsyncProvider(Provider):
    async def __call__(self) -> Any:
        return super().__call__()


def _provider(flavor: Flavor, *tokens: Any) -> Provider:
    return AsyncProvider(*tokens) if flavor.is_async else Provider(*tokens)


def test_a_token_valid_for_an_hour_is_asked_for_once(flavor: Flavor, server: LocalServer, wire: Wire) -> None:
    token = jwt(3600)
    server.accept_tokens(token)
    provider = _provider(flavor, token)
    client = azure(flavor, server, wire, azure_ad_token_provider=provider)
    for _ in range(3):
        flavor.run(lambda c: c.chat.completions.create(model="d", messages=HELLO), client)
    assert provider.calls == 1
    assert [r.headers["authorization"] for r in wire.sent] == [f"Bearer {token}"] * 3


def test_a_token_about_to_expire_is_replaced_before_it_is_sent(
    flavor: Flavor, server: LocalServer, wire: Wire
) -> None:
    soon, later = jwt(30), jwt(3600)  # 30 s left: it could expire on the way
    server.accept_tokens(soon, later)
    provider = _provider(flavor, soon, later)
    client = azure(flavor, server, wire, azure_ad_token_provider=provider)
    flavor.run(lambda c: c.models.list(), client)
    flavor.run(lambda c: c.models.list(), client)
    flavor.run(lambda c: c.models.list(), client)
    assert provider.calls == 2
    assert [r.headers["authorization"] for r in wire.sent] == [
        f"Bearer {soon}",
        f"Bearer {later}",
        f"Bearer {later}",
    ]


def test_a_token_of_unknown_expiry_is_asked_for_each_call(flavor: Flavor, server: LocalServer) -> None:
    server.accept_tokens("opaque-token-1234567890")
    provider = _provider(flavor, "opaque-token-1234567890")
    client = azure(flavor, server, azure_ad_token_provider=provider)
    flavor.run(lambda c: c.models.list(), client)
    flavor.run(lambda c: c.models.list(), client)
    assert provider.calls == 2


class AccessToken:
    """Like azure.identity's AccessToken: the token and its expiry, as attributes."""

    def __init__(self, token: str, expires_on: int) -> None:
        self.token = token
        self.expires_on = expires_on


def test_an_access_token_object_gives_its_expiry(flavor: Flavor, server: LocalServer, wire: Wire) -> None:
    server.accept_tokens("opaque-a-1234567890", "opaque-b-1234567890")
    provider = _provider(
        flavor,
        AccessToken("opaque-a-1234567890", int(time.time()) + 3600),
        AccessToken("opaque-b-1234567890", int(time.time()) + 3600),
    )
    client = azure(flavor, server, wire, azure_ad_token_provider=provider)
    flavor.run(lambda c: c.models.list(), client)
    flavor.run(lambda c: c.models.list(), client)
    assert provider.calls == 1
    assert wire.last.headers["authorization"] == "Bearer opaque-a-1234567890"


def test_a_revoked_token_is_replaced_once_after_a_401(
    flavor: Flavor, server: LocalServer, wire: Wire
) -> None:
    first, second = jwt(3600, "first"), jwt(3600, "second")
    server.accept_tokens(first, second)
    provider = _provider(flavor, first, second)
    client = azure(flavor, server, wire, azure_ad_token_provider=provider, max_retries=0)
    flavor.run(lambda c: c.chat.completions.create(model="d", messages=HELLO), client)
    server.revoke_tokens(first)
    reply = flavor.run(lambda c: c.chat.completions.create(model="d", messages=HELLO), client)
    assert reply.choices[0].message.content
    assert provider.calls == 2
    sent = [(r.headers["authorization"], r.url.path) for r in wire.sent]
    assert sent == [(f"Bearer {t}", "/openai/deployments/d/chat/completions") for t in (first, first, second)]


def test_a_token_refused_twice_is_an_authentication_error(flavor: Flavor, server: LocalServer) -> None:
    revoked = jwt(3600)
    provider = _provider(flavor, revoked)  # never accepted by the server
    client = azure(flavor, server, azure_ad_token_provider=provider)
    with pytest.raises(AuthenticationError) as info:
        flavor.run(lambda c: c.models.list(), client)
    assert len(server.requests) == 2
    assert provider.calls == 2
    assert revoked not in str(info.value)


def test_a_static_token_is_not_asked_again_after_a_401(flavor: Flavor, server: LocalServer) -> None:
    client = azure(flavor, server, azure_ad_token=jwt(3600))
    with pytest.raises(AuthenticationError):
        flavor.run(lambda c: c.models.list(), client)
    assert len(server.requests) == 1


def test_an_async_provider_is_awaited_by_the_async_client(server: LocalServer) -> None:
    token = jwt(3600)
    server.accept_tokens(token)

    async def provider() -> str:
        return token

    async def main() -> str:
        async with AsyncAzureClient(
            azure_endpoint="http://localhost",
            api_version=VERSION,
            azure_ad_token_provider=provider,
            http_client=server.async_http_client(),
        ) as client:
            reply = await client.chat.completions.create(model="d", messages=HELLO)
            return str(reply.choices[0].message.content)

    import anyio

    assert anyio.run(main)
    assert server.last_request.headers["authorization"] == f"Bearer {token}"


@pytest.mark.parametrize("kind", ["function", "callable object"])
def test_an_async_provider_on_the_blocking_client_is_refused_at_once(server: LocalServer, kind: str) -> None:
    async def function() -> str:
        return "never"

    provider: Any = function if kind == "function" else AsyncProvider("never")
    with pytest.raises(TypeError, match="AsyncAzureClient"):
        AzureClient(azure_endpoint="http://localhost", azure_ad_token_provider=provider)
    assert not server.requests


def test_an_expired_static_token_is_not_sent(flavor: Flavor, server: LocalServer) -> None:
    expired = jwt(-10)
    client = azure(flavor, server, azure_ad_token=expired)
    with pytest.raises(OpenwireError, match="expired") as info:
        flavor.run(lambda c: c.models.list(), client)
    assert "azure_ad_token_provider" in str(info.value)
    assert expired not in str(info.value)
    assert not server.requests


@pytest.mark.parametrize("given", [None, 42, {"token": None}])
def test_a_provider_that_gives_no_token_is_a_clear_error(
    flavor: Flavor, server: LocalServer, given: Any
) -> None:
    provider = _provider(flavor, given)
    client = azure(flavor, server, azure_ad_token_provider=provider)
    with pytest.raises(OpenwireError, match="azure_ad_token_provider returned"):
        flavor.run(lambda c: c.models.list(), client)
    assert not server.requests


def test_a_provider_that_is_not_callable_is_refused(server: LocalServer) -> None:
    with pytest.raises(TypeError, match="azure_ad_token_provider"):
        AzureClient(azure_endpoint="http://localhost", azure_ad_token_provider="a-token")  # type: ignore[arg-type]


# -- settings --------------------------------------------------------------------------------------


def test_settings_come_from_the_environment(
    flavor: Flavor, server: LocalServer, wire: Wire, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AZURE_OPENAI_ENDPOINT", "http://localhost")
    monkeypatch.setenv("AZURE_OPENAI_API_KEY", KEY)
    monkeypatch.setenv("OPENAI_API_VERSION", "2025-01-01-preview")
    kind: Any = AsyncAzureClient if flavor.is_async else AzureClient
    hooks = {"request": [wire.async_hook if flavor.is_async else wire.hook]}
    http = (
        server.async_http_client(event_hooks=hooks)
        if flavor.is_async
        else server.http_client(event_hooks=hooks)
    )
    client = kind(http_client=http)
    flavor._clients.append(client)
    flavor.run(lambda c: c.embeddings.create(model="emb", input="x"), client)
    assert wire.last.url.path == "/openai/deployments/emb/embeddings"
    assert wire.last.url.params["api-version"] == "2025-01-01-preview"
    assert wire.last.headers["api-key"] == KEY


def test_the_token_comes_from_the_environment(
    flavor: Flavor, server: LocalServer, wire: Wire, monkeypatch: pytest.MonkeyPatch
) -> None:
    token = jwt(3600)
    server.accept_tokens(token)
    monkeypatch.setenv("AZURE_OPENAI_AD_TOKEN", token)
    monkeypatch.setenv("OPENAI_API_KEY", "sk-openai-not-for-azure-123456")
    client = azure(flavor, server, wire)
    flavor.run(lambda c: c.models.list(), client)
    assert wire.last.headers["authorization"] == f"Bearer {token}"
    assert "sk-openai-not-for-azure-123456" not in str(wire.last.headers)


def test_a_missing_endpoint_says_how_to_give_one(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AZURE_OPENAI_ENDPOINT", raising=False)
    with pytest.raises(OpenwireError, match=r"azure_endpoint=.*AZURE_OPENAI_ENDPOINT"):
        AzureClient(api_key=KEY, api_version=VERSION)


def test_a_missing_credential_says_which_ones_work(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("AZURE_OPENAI_API_KEY", "AZURE_OPENAI_AD_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    with pytest.raises(OpenwireError, match=r"api_key=.*azure_ad_token=.*azure_ad_token_provider"):
        AzureClient(azure_endpoint="https://res.openai.azure.com", api_version=VERSION)


def test_a_local_endpoint_needs_no_credential(flavor: Flavor) -> None:
    open_server = LocalServer()
    kind: Any = AsyncAzureClient if flavor.is_async else AzureClient
    http = open_server.async_http_client() if flavor.is_async else open_server.http_client()
    client = kind(azure_endpoint="http://localhost", api_version=VERSION, http_client=http)
    flavor._clients.append(client)
    flavor.run(lambda c: c.models.list(), client)
    assert "api-key" not in open_server.last_request.headers


@pytest.mark.parametrize("model", ["", "bad/name", "../../files", "has space"])
def test_a_call_without_a_usable_deployment_name_is_refused_before_sending(
    flavor: Flavor, server: LocalServer, model: str
) -> None:
    client = azure(flavor, server)
    with pytest.raises(InvalidInputError, match="deployment name") as info:
        flavor.run(lambda c: c.embeddings.create(model=model, input="x"), client)
    assert "azure_deployment" in str(info.value)
    assert not server.requests


def test_a_deployment_call_without_an_api_version_is_refused_before_sending(
    flavor: Flavor, server: LocalServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("OPENAI_API_VERSION", raising=False)
    client = azure(flavor, server, api_version=None)
    with pytest.raises(OpenwireError, match=r"api_version=.*OPENAI_API_VERSION"):
        flavor.run(lambda c: c.chat.completions.create(model="d", messages=HELLO), client)
    assert not server.requests
    flavor.run(lambda c: c.models.list(), client)  # the v1 API needs none
    assert len(server.requests) == 1


def test_unknown_options_are_refused_with_a_suggestion() -> None:
    with pytest.raises(TypeError, match="azure_deployment"):
        AzureClient(azure_endpoint="http://localhost", azure_deploymnet="d")  # type: ignore[call-arg]


def test_with_options_changes_the_deployment_and_keeps_the_rest(
    flavor: Flavor, server: LocalServer, wire: Wire
) -> None:
    client = azure(flavor, server, wire, azure_deployment="first")
    other = client.with_options(azure_deployment="second", api_version="2025-04-01-preview")
    assert type(other) is type(client)
    flavor.run(lambda c: c.chat.completions.create(model="m", messages=HELLO), other)
    assert wire.last.url.path == "/openai/deployments/second/chat/completions"
    assert wire.last.url.params["api-version"] == "2025-04-01-preview"
    assert wire.last.headers["api-key"] == KEY
    flavor.run(lambda c: c.chat.completions.create(model="m", messages=HELLO), client)
    assert wire.last.url.path == "/openai/deployments/first/chat/completions"
    assert wire.last.url.params["api-version"] == VERSION
    assert client.with_options(max_retries=0).base_url == "http://localhost/openai/v1"


def _provider_for_pickle() -> str:
    return "opaque-token-from-a-module-function"


@pytest.mark.parametrize("kind", [AzureClient, AsyncAzureClient])
def test_a_client_pickles_as_its_settings(kind: type[Any]) -> None:
    client = kind(
        azure_endpoint="https://res.openai.azure.com",
        api_version=VERSION,
        azure_deployment="dep",
        azure_ad_token_provider=_provider_for_pickle,
        max_retries=1,
    )
    copy = pickle.loads(pickle.dumps(client))
    assert type(copy) is kind
    assert copy.base_url == "https://res.openai.azure.com/openai/v1"
    assert (copy.config.api_version, copy.config.deployment) == (VERSION, "dep")
    assert copy.config.deployments_root == "https://res.openai.azure.com/openai/deployments"
    assert copy.config.ad_token_provider is _provider_for_pickle
    assert copy.config.retry.max_retries == 1


def test_a_pickle_leaves_the_environment_token_out(monkeypatch: pytest.MonkeyPatch) -> None:
    token = jwt(3600)
    monkeypatch.setenv("AZURE_OPENAI_AD_TOKEN", token)
    client = AzureClient(azure_endpoint="https://res.openai.azure.com", api_version=VERSION)
    assert token.encode() not in pickle.dumps(client)


# -- the rest of the client, through Azure ---------------------------------------------------------


def test_a_stream_goes_through_the_deployment(flavor: Flavor, server: LocalServer, wire: Wire) -> None:
    server.reply("streamed through Azure")
    client = azure(flavor, server, wire)

    def read(c: Any) -> Any:
        return "".join(
            chunk.choices[0].delta.content or ""
            for chunk in c.chat.completions.create(model="d", messages=HELLO, stream=True)
            if chunk.choices
        )

    async def aread(c: Any) -> str:
        parts = []
        async for chunk in await c.chat.completions.create(model="d", messages=HELLO, stream=True):
            if chunk.choices:
                parts.append(chunk.choices[0].delta.content or "")
        return "".join(parts)

    assert flavor.run(aread if flavor.is_async else read, client) == "streamed through Azure"
    assert wire.last.url.path == "/openai/deployments/d/chat/completions"
    assert wire.last.headers["accept"] == "text/event-stream"


def test_a_raw_response_goes_through_the_deployment(flavor: Flavor, server: LocalServer, wire: Wire) -> None:
    client = azure(flavor, server, wire)

    async def araw(c: Any) -> Any:
        raw = await c.embeddings.with_raw_response.create(model="emb", input="x")
        return raw, await raw.parse()

    def raw(c: Any) -> Any:
        got = c.embeddings.with_raw_response.create(model="emb", input="x")
        return got, got.parse()

    response, parsed = flavor.run(araw if flavor.is_async else raw, client)
    assert response.status_code == 200
    assert response.http_response.request.url.path == "/openai/deployments/emb/embeddings"
    assert len(parsed.data) == 1


def test_retries_go_to_the_deployment_each_time(flavor: Flavor, server: LocalServer, wire: Wire) -> None:
    server.fail(500)
    client = azure(flavor, server, wire)
    flavor.run(lambda c: c.chat.completions.create(model="d", messages=HELLO), client)
    assert len(wire.sent) == 2
    for sent in wire.sent:
        assert sent.url.path == "/openai/deployments/d/chat/completions"
        assert sent.url.params.get_list("api-version") == [VERSION]
        assert sent.headers["api-key"] == KEY
    assert wire.sent[1].headers["x-retry-count"] == "1"


def test_a_token_retry_after_a_500_keeps_the_cached_token(
    flavor: Flavor, server: LocalServer, wire: Wire
) -> None:
    token = jwt(3600)
    server.accept_tokens(token)
    server.fail(503)
    provider = _provider(flavor, token)
    client = azure(flavor, server, wire, azure_ad_token_provider=provider)
    flavor.run(lambda c: c.models.list(), client)
    assert provider.calls == 1
    assert [r.headers["authorization"] for r in wire.sent] == [f"Bearer {token}"] * 2


def test_user_middleware_sees_the_routed_request(flavor: Flavor, server: LocalServer) -> None:
    seen: list[str] = []

    class Spy(openwire.Middleware):
        def on_request(self, request: httpx.Request, call: Any) -> None:
            seen.append(request.url.path)

    client = azure(flavor, server, middleware=[Spy()])
    flavor.run(lambda c: c.embeddings.create(model="emb", input="x"), client)
    assert seen == ["/openai/deployments/emb/embeddings"]


def test_secrets_stay_out_of_reprs_errors_and_logs(
    flavor: Flavor, server: LocalServer, caplog: pytest.LogCaptureFixture
) -> None:
    token = jwt(3600)
    key = "sk-wrong-azure-key-abcdef0123456789"
    client = azure(flavor, server, api_key=key, azure_ad_token=token, max_retries=0)
    caplog.set_level(logging.DEBUG, logger="openwire")
    caplog.set_level(logging.DEBUG, logger="httpx")
    with pytest.raises(AuthenticationError) as info:
        flavor.run(lambda c: c.chat.completions.create(model="d", messages=HELLO), client)
    shown = [repr(client), repr(client.config), str(info.value), repr(info.value), caplog.text]
    for secret in (key, token, token.split(".")[1]):
        for text in shown:
            assert secret not in text
    assert "deployments/d/chat/completions" in caplog.text
