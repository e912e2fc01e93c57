"""Failover (`fallbacks=[openwire.Fallback(...)]`): the order services are tried in, what moves a
call on and what does not, model names per service, what a fallback given by URL takes from the
client it backs, `served_by`, and streams (never moved on once they have started)."""

from __future__ import annotations

import logging
import pickle
from collections.abc import Callable
from typing import Any

import httpx
import pytest

import openwire
from conftest import Flavor
from openwire import (
    APIConnectionError,
    APIStatusError,
    APIStreamError,
    APITimeoutError,
    AsyncAzureClient,
    AzureClient,
    Fallback,
    InternalServerError,
    OpenwireError,
    RateLimitError,
    RetryPolicy,
)
from openwire.testing import LocalServer

HELLO: Any = [{"role": "user", "content": "hello"}]
PRIMARY, FIRST, SECOND = "http://primary.test/v1", "http://first.test/v1", "http://second.test/v1"
KEYS = {
    "primary": "sk-primary-key-0000000001",
    "first": "sk-first-key-0000000002",
    "second": "sk-second-key-000000003",
}


class Network:
    """One LocalServer per host (`primary.test`, `first.test`, ...), reached through one transport
    as over a real network; a host can also be made unreachable or too slow, at the wire."""

    def __init__(self, *hosts: str) -> None:
        self.servers = {host: LocalServer() for host in hosts}
        self.broken: dict[str, type[httpx.TransportError]] = {}
        self.sent: list[httpx.Request] = []

    def __getitem__(self, host: str) -> LocalServer:
        return self.servers[host]

    def break_host(self, host: str, error: type[httpx.TransportError]) -> None:
        self.broken[host] = error

    def _pick(self, request: httpx.Request) -> LocalServer:
        self.sent.append(request)
        host = request.url.host.split(".")[0]
        if host in self.broken:
            raise self.broken[host]("scripted at the wire", request=request)
        return self.servers[host]

    def transport(self) -> httpx.BaseTransport:
        network = self

        class Transport(httpx.BaseTransport):
            def handle_request(self, request: httpx.Request) -> httpx.Response:
                return network._pick(request).transport().handle_request(request)

        return Transport()

    def async_transport(self) -> httpx.AsyncBaseTransport:
        network = self

        class Transport(httpx.AsyncBaseTransport):
            async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
                return await network._pick(request).async_transport().handle_async_request(request)

        return Transport()

    def http(self, flavor: Flavor) -> Any:
        if flavor.is_async:
            return httpx.AsyncClient(transport=self.async_transport())
        return httpx.Client(transport=self.transport())

    def hits(self, host: str) -> int:
        """How many requests went out to `host` (those that reached it, and those that could not)."""
        return sum(1 for r in self.sent if r.url.host.split(".")[0] == host)


@pytest.fixture
def net() -> Network:
    return Network("primary", "first", "second", "localhost", "azure")


def with_fallbacks(flavor: Flavor, net: Network, *fallbacks: Fallback, **options: Any) -> Any:
    """A client of the flavor for `primary.test`, with these fallbacks (by default, `first.test`
    then `second.test`); no retries unless asked."""
    if not fallbacks:
        fallbacks = (
            Fallback(base_url=FIRST, api_key=KEYS["first"]),
            Fallback(base_url=SECOND, api_key=KEYS["second"]),
        )
    if "retry" not in options:
        options.setdefault("max_retries", 0)
    kind = openwire.AsyncClient if flavor.is_async else openwire.Client
    client = kind(
        base_url=PRIMARY,
        api_key=KEYS["primary"],
        http_client=net.http(flavor),
        fallbacks=list(fallbacks),
        **options,
    )
    flavor._clients.append(client)
    return client


def chat(c: Any, **params: Any) -> Any:  # untyped: for both clients
    params.setdefault("model", "gpt-4o")
    return c.chat.completions.create(messages=HELLO, **params)


# -- order and conditions --------------------------------------------------------------------------


def test_the_services_are_tried_in_order(
    flavor: Flavor, net: Network, caplog: pytest.LogCaptureFixture
) -> None:
    net["primary"].fail(503)
    net["first"].fail(500)
    client = with_fallbacks(flavor, net)
    with caplog.at_level(logging.WARNING, logger="openwire"):
        reply = flavor.run(chat, client)
    assert [r.url.host for r in net.sent] == ["primary.test", "first.test", "second.test"]
    assert reply.served_by == SECOND
    assert [r.headers["authorization"] for r in net.sent] == [
        f"Bearer {KEYS[h]}" for h in ("primary", "first", "second")
    ]
    moves = [r.getMessage() for r in caplog.records if "failing over" in r.getMessage()]
    assert moves == [
        f"failing over from {PRIMARY} to {FIRST} after InternalServerError",
        f"failing over from {FIRST} to {SECOND} after InternalServerError",
    ]
    for key in KEYS.values():
        assert key not in caplog.text


def test_a_call_the_primary_answers_goes_nowhere_else(flavor: Flavor, net: Network) -> None:
    reply = flavor.run(chat, with_fallbacks(flavor, net))
    assert reply.served_by == PRIMARY
    assert net.hits("first") == net.hits("second") == 0


def test_without_fallbacks_served_by_is_none(flavor: Flavor, net: Network) -> None:
    kind = openwire.AsyncClient if flavor.is_async else openwire.Client
    client = kind(base_url=PRIMARY, api_key=KEYS["primary"], http_client=net.http(flavor))
    flavor._clients.append(client)
    assert flavor.run(chat, client).served_by is None


@pytest.mark.parametrize("status", [429, 500, 502, 503])
def test_an_error_status_that_persists_through_the_retries_fails_over(
    flavor: Flavor, net: Network, slept: list[float], status: int
) -> None:
    net["primary"].fail(status, times=None)
    client = with_fallbacks(flavor, net, max_retries=2)
    reply = flavor.run(chat, client)
    assert reply.served_by == FIRST
    assert (net.hits("primary"), net.hits("first"), net.hits("second")) == (3, 1, 0)
    assert len(slept) == 2  # the primary's retries waited (instantly, in tests); the move did not


def test_a_retry_that_succeeds_does_not_fail_over(flavor: Flavor, net: Network) -> None:
    net["primary"].fail(503)
    reply = flavor.run(chat, with_fallbacks(flavor, net, max_retries=1))
    assert reply.served_by == PRIMARY
    assert (net.hits("primary"), net.hits("first")) == (2, 0)


@pytest.mark.parametrize(
    ("failure", "error"), [(httpx.ConnectError, APIConnectionError), (httpx.ReadTimeout, APITimeoutError)]
)
def test_a_service_that_cannot_be_reached_or_is_too_slow_fails_over(
    flavor: Flavor, net: Network, failure: type[httpx.TransportError], error: type[Exception]
) -> None:
    net.break_host("primary", failure)
    client = with_fallbacks(flavor, net, retry=RetryPolicy(max_retries=1, initial_delay=0.001, jitter=0))
    reply = flavor.run(chat, client)
    assert reply.served_by == FIRST
    assert (net.hits("primary"), net.hits("first")) == (2, 1)
    net.break_host("first", failure)
    net.break_host("second", failure)
    with pytest.raises(error):
        flavor.run(chat, client)


@pytest.mark.parametrize("status", [400, 401, 403, 404, 409, 422])
def test_a_request_the_service_refused_does_not_fail_over(flavor: Flavor, net: Network, status: int) -> None:
    net["primary"].fail(status, times=None, headers={"x-should-retry": "false"})
    with pytest.raises(APIStatusError) as info:
        flavor.run(chat, with_fallbacks(flavor, net))
    assert info.value.status_code == status
    assert net.hits("primary") == 1
    assert net.hits("first") == net.hits("second") == 0


def test_invalid_input_is_refused_before_any_service_is_called(flavor: Flavor, net: Network) -> None:
    client = with_fallbacks(flavor, net)
    with pytest.raises(openwire.InvalidInputError):
        flavor.run(lambda c: chat(c, logprobs="yes"), client)
    with pytest.raises(TypeError, match="mesages"):
        flavor.run(lambda c: c.chat.completions.create(model="m", mesages=HELLO), client)
    assert net.sent == []


def test_when_every_service_fails_the_last_ones_error_is_raised(flavor: Flavor, net: Network) -> None:
    net["primary"].fail(503)
    net["first"].fail(500)
    net["second"].fail(429, message="second is full")
    with pytest.raises(RateLimitError, match="second is full") as info:
        flavor.run(chat, with_fallbacks(flavor, net))
    assert info.value.request.url.host == "second.test"


def test_an_error_that_does_not_fail_over_stops_the_chain_at_a_fallback(flavor: Flavor, net: Network) -> None:
    net["primary"].fail(503)
    net["first"].fail(400, message="first refuses this")
    with pytest.raises(openwire.BadRequestError, match="first refuses this"):
        flavor.run(chat, with_fallbacks(flavor, net))
    assert net.hits("second") == 0


# -- what each service is sent ---------------------------------------------------------------------


def test_each_fallback_has_its_own_model_names(flavor: Flavor, net: Network) -> None:
    net["primary"].fail(503, times=None)
    net["first"].fail(503, times=None)
    client = with_fallbacks(
        flavor,
        net,
        Fallback(base_url=FIRST, api_key=KEYS["first"], models={"gpt-4o": "llama-3.1-70b"}),
        Fallback(base_url=SECOND, api_key=KEYS["second"], models={"gpt-4o": "mistral-large"}),
    )
    net["second"].fail(503)
    with pytest.raises(InternalServerError):
        flavor.run(chat, client)
    assert [r.json["model"] for s in ("primary", "first", "second") for r in net[s].requests] == [
        "gpt-4o",
        "llama-3.1-70b",
        "mistral-large",
    ]
    flavor.run(lambda c: chat(c, model="gpt-4o-mini"), client)  # not in the mapping: sent as it is
    assert net["second"].last_request.json["model"] == "gpt-4o-mini"


def test_a_fallback_by_url_inherits_how_to_call_not_who_is_calling(flavor: Flavor, net: Network) -> None:
    seen: list[str] = []

    class Spy(openwire.Middleware):
        def on_request(self, request: httpx.Request, call: Any) -> None:
            seen.append(request.url.host)

    client = with_fallbacks(
        flavor,
        net,
        Fallback(base_url=FIRST, api_key=KEYS["first"], options={"default_headers": {"X-Backup": "yes"}}),
        retry=RetryPolicy(max_retries=1, initial_delay=0.001, jitter=0),
        timeout=12.5,
        middleware=[Spy()],
        organization="org-primary",
        default_headers={"X-Primary": "yes"},
    )
    net["primary"].fail(503, times=None)
    net["first"].fail(503)  # once: the inherited retry policy tries again
    reply = flavor.run(chat, client)
    assert reply.served_by == FIRST
    assert seen == ["primary.test", "primary.test", "first.test", "first.test"]
    backup = [r for r in net.sent if r.url.host == "first.test"]
    for request in backup:
        assert request.extensions["timeout"]["read"] == 12.5
        assert request.headers["x-backup"] == "yes"
        assert request.headers["authorization"] == f"Bearer {KEYS['first']}"
        assert "x-primary" not in request.headers
        assert "openai-organization" not in request.headers


def test_the_environment_key_does_not_go_to_a_fallback(
    flavor: Flavor, net: Network, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-from-the-environment-0001")
    kind = openwire.AsyncClient if flavor.is_async else openwire.Client
    client = kind(
        base_url=PRIMARY,
        http_client=net.http(flavor),
        max_retries=0,
        fallbacks=[Fallback(base_url="http://localhost:8000/v1")],  # a local server: no key
    )
    flavor._clients.append(client)
    net["primary"].fail(503)
    assert flavor.run(chat, client).served_by == "http://localhost:8000/v1"
    assert net.sent[0].headers["authorization"] == "Bearer sk-from-the-environment-0001"
    assert "authorization" not in net.sent[1].headers


def test_an_azure_deployment_can_stand_behind_a_plain_service(flavor: Flavor, net: Network) -> None:
    azure_server = LocalServer(api_key="azure-resource-key-0123456789")
    kind: Any = AsyncAzureClient if flavor.is_async else AzureClient
    http = azure_server.async_http_client() if flavor.is_async else azure_server.http_client()
    azure = kind(
        azure_endpoint="http://azure.test",
        api_key="azure-resource-key-0123456789",
        api_version="2024-10-21",
        http_client=http,
    )
    flavor._clients.append(azure)
    client = with_fallbacks(flavor, net, Fallback(client=azure, models={"gpt-4o": "my-gpt4o-deployment"}))
    net["primary"].fail(503)
    reply = flavor.run(chat, client)
    assert reply.served_by == "http://azure.test/openai/v1"
    sent = azure_server.last_request
    assert sent.deployment == "my-gpt4o-deployment"
    assert sent.query["api-version"] == "2024-10-21"
    assert sent.headers["api-key"] == "azure-resource-key-0123456789"
    assert "authorization" not in sent.headers


def test_a_fallback_client_of_the_same_kind_keeps_its_own_settings(flavor: Flavor, net: Network) -> None:
    kind = openwire.AsyncClient if flavor.is_async else openwire.Client
    other = kind(base_url=FIRST, api_key=KEYS["first"], http_client=net.http(flavor), max_retries=1)
    flavor._clients.append(other)
    net["primary"].fail(503)
    net["first"].fail(503)
    reply = flavor.run(chat, with_fallbacks(flavor, net, Fallback(client=other)))
    assert reply.served_by == FIRST
    assert net.hits("first") == 2  # its own retry policy, not the primary's max_retries=0


def test_a_fallback_of_the_other_kind_is_refused(flavor: Flavor, net: Network) -> None:
    other_kind = openwire.Client if flavor.is_async else openwire.AsyncClient
    other = other_kind(base_url=FIRST, api_key=KEYS["first"])
    with pytest.raises(OpenwireError, match=r"must be an? (Async)?Client too"):
        with_fallbacks(flavor, net, Fallback(client=other))  # when the client is made, not at a call
    assert net.sent == []


# -- served_by, raw responses, streams -------------------------------------------------------------


def test_a_raw_response_says_which_service_answered(flavor: Flavor, net: Network) -> None:
    net["primary"].fail(503)

    def raw(c: Any) -> Any:
        got = c.chat.completions.with_raw_response.create(model="gpt-4o", messages=HELLO)
        return got, got.parse()

    async def araw(c: Any) -> Any:
        got = await c.chat.completions.with_raw_response.create(model="gpt-4o", messages=HELLO)
        return got, await got.parse()

    response, parsed = flavor.run(araw if flavor.is_async else raw, with_fallbacks(flavor, net))
    assert response.served_by == FIRST
    assert response.http_response.request.url.host == "first.test"
    assert parsed.served_by == FIRST


def _read_stream(flavor: Flavor) -> Callable[[Any], Any]:
    def read(c: Any) -> Any:
        stream = chat(c, stream=True)
        return stream, list(stream)

    async def aread(c: Any) -> Any:
        stream = await chat(c, stream=True)
        return stream, [chunk async for chunk in stream]

    return aread if flavor.is_async else read


def test_a_stream_that_fails_before_it_starts_fails_over(flavor: Flavor, net: Network) -> None:
    net["primary"].fail(503)
    net["first"].reply("from the first fallback")
    stream, chunks = flavor.run(_read_stream(flavor), with_fallbacks(flavor, net))
    assert stream.served_by == FIRST
    assert "".join(c.choices[0].delta.content or "" for c in chunks if c.choices) == "from the first fallback"


def test_a_stream_that_fails_after_it_started_does_not_fail_over(flavor: Flavor, net: Network) -> None:
    net["primary"].fail_stream(after_events=2, message="the model crashed mid-answer")
    with pytest.raises(APIStreamError, match="crashed mid-answer"):
        flavor.run(_read_stream(flavor), with_fallbacks(flavor, net))
    assert net.hits("primary") == 1
    assert net.hits("first") == net.hits("second") == 0


def test_a_stream_cut_after_it_started_does_not_fail_over(flavor: Flavor, net: Network) -> None:
    net["primary"].cut_stream(after_events=2)
    with pytest.raises(APIConnectionError):
        flavor.run(_read_stream(flavor), with_fallbacks(flavor, net))
    assert net.hits("first") == net.hits("second") == 0


def test_a_streaming_response_view_fails_over_before_the_body(flavor: Flavor, net: Network) -> None:
    net["primary"].fail(503)

    def view(c: Any) -> Any:
        with c.chat.completions.with_streaming_response.create(model="gpt-4o", messages=HELLO) as response:
            return response.served_by, response.parse().served_by

    async def aview(c: Any) -> Any:
        async with c.chat.completions.with_streaming_response.create(
            model="gpt-4o", messages=HELLO
        ) as response:
            return response.served_by, (await response.parse()).served_by

    assert flavor.run(aview if flavor.is_async else view, with_fallbacks(flavor, net)) == (FIRST, FIRST)


def test_a_list_fails_over_too(flavor: Flavor, net: Network) -> None:
    net["primary"].fail(503)
    page = flavor.run(lambda c: c.models.list(), with_fallbacks(flavor, net))
    assert page.served_by == FIRST


# -- the Fallback object ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({}, "either base_url"),
        ({"base_url": FIRST, "api_key": "k", "client": object()}, "either base_url"),
        ({"client": object(), "api_key": "k"}, "client's own settings"),
        ({"client": object(), "options": {"timeout": 1}}, "client's own settings"),
        ({"base_url": FIRST, "api_key": "k", "models": {"gpt-4o": 4}}, "map model names"),
        ({"base_url": "https://api.together.xyz/v1"}, "own api_key"),
    ],
)
def test_fallback_arguments_are_checked(arguments: dict[str, Any], message: str) -> None:
    with pytest.raises(TypeError, match=message):
        Fallback(**arguments)


@pytest.mark.parametrize("given", [Fallback(base_url=FIRST, api_key="k"), FIRST, [FIRST]])
def test_fallbacks_must_be_a_list_of_fallback(given: Any) -> None:
    with pytest.raises(TypeError, match=r"openwire\.Fallback"):
        openwire.Client(base_url=PRIMARY, api_key="k", fallbacks=given)


def test_a_fallback_shows_no_key_and_pickles() -> None:
    fallback = Fallback(base_url=FIRST, api_key=KEYS["first"], models={"gpt-4o": "llama"})
    assert KEYS["first"] not in repr(fallback)
    assert "llama" in repr(fallback)
    assert pickle.loads(pickle.dumps(fallback)) == fallback
    client = openwire.Client(base_url=PRIMARY, api_key="k", fallbacks=[fallback])
    copy = pickle.loads(pickle.dumps(client))
    assert copy.config.fallbacks == (fallback,)


def test_with_options_keeps_or_drops_the_fallbacks(net: Network) -> None:
    client = openwire.Client(
        base_url=PRIMARY, api_key="k", http_client=httpx.Client(transport=net.transport()), max_retries=0,
        fallbacks=[Fallback(base_url=FIRST, api_key=KEYS["first"])],
    )  # fmt: skip
    net["primary"].fail(503, times=None)
    assert (
        client.with_options(timeout=5).chat.completions.create(model="m", messages=HELLO).served_by == FIRST
    )
    with pytest.raises(InternalServerError):
        client.with_options(fallbacks=None).chat.completions.create(model="m", messages=HELLO)


WAV = b"RIFF\x24\x00\x00\x00WAVEfmt \x10\x00\x00\x00" + b"\x00" * 16


def test_an_open_file_reaches_the_fallback_whole(flavor: Flavor, net: Network, tmp_path: Any) -> None:
    path = tmp_path / "hello.wav"
    path.write_bytes(WAV)
    net["primary"].fail(503)
    with path.open("rb") as file:
        reply = flavor.run(
            lambda c: c.audio.transcriptions.create(model="whisper-1", file=file), with_fallbacks(flavor, net)
        )
    assert reply.served_by == FIRST
    assert net["primary"].last_request.files["file"][0].data == WAV
    assert net["first"].last_request.files["file"][0].data == WAV


def test_an_azure_client_fails_over_to_a_plain_service(flavor: Flavor, net: Network) -> None:
    kind: Any = AsyncAzureClient if flavor.is_async else AzureClient
    client = kind(
        azure_endpoint="http://azure.test",
        api_key="azure-resource-key-0123456789",
        api_version="2024-10-21",
        http_client=net.http(flavor),
        max_retries=0,
        fallbacks=[Fallback(base_url=FIRST, api_key=KEYS["first"], models={"my-gpt4o-deployment": "gpt-4o"})],
    )
    flavor._clients.append(client)
    net["azure"].fail(503)
    reply = flavor.run(lambda c: chat(c, model="my-gpt4o-deployment"), client)
    assert reply.served_by == FIRST
    azure_request, plain_request = net.sent
    assert azure_request.url.path == "/openai/deployments/my-gpt4o-deployment/chat/completions"
    assert plain_request.url.path == "/v1/chat/completions"
    assert "api-version" not in plain_request.url.params
    assert "api-key" not in plain_request.headers
    assert net["first"].last_request.json["model"] == "gpt-4o"


def test_the_next_pages_come_from_the_service_that_sent_the_first(flavor: Flavor, net: Network) -> None:
    # Three stored completions on the first fallback; the primary is down for the list call.
    with net["first"].client(base_url=FIRST, api_key="k") as direct:
        for _ in range(3):
            direct.chat.completions.create(model="gpt-4o", messages=HELLO, store=True)
    net["primary"].fail(503)
    client = with_fallbacks(flavor, net)

    async def every(c: Any) -> list[Any]:
        return [item async for item in c.chat.completions.list(limit=1)]

    items = flavor.run(every, client) if flavor.is_async else list(client.chat.completions.list(limit=1))
    assert len(items) == 3
    listed = [r for r in net.sent if r.url.path.endswith("/chat/completions")]
    # The list went to the primary once (503), then page after page to the first fallback only.
    assert next(r.url.host for r in listed) == "primary.test"
    assert {r.url.host for r in listed[1:]} == {"first.test"}
    assert sum("after" in r.url.params for r in listed) == 2


class _Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def monotonic(self) -> float:
        return self.now


def test_the_deadline_bounds_the_whole_way_not_each_service(
    flavor: Flavor, net: Network, monkeypatch: pytest.MonkeyPatch
) -> None:
    import openwire._failover

    clock = _Clock()
    monkeypatch.setattr(openwire._failover, "time", clock)
    client = with_fallbacks(flavor, net, deadline=10.0)

    class Slow(openwire.Middleware):  # each service "takes" 6 s of the clock
        def on_response(self, response: httpx.Response, call: openwire.CallInfo) -> None:
            clock.now += 6

    client = client.with_options(middleware=[Slow()])
    net["primary"].fail(503)
    net["first"].fail(503)
    with pytest.raises(openwire.InternalServerError):
        flavor.run(chat, client)
    # 6 s on the primary, 6 s on the first fallback: no time was left for the second.
    assert (net.hits("primary"), net.hits("first"), net.hits("second")) == (1, 1, 0)
