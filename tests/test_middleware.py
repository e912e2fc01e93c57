"""Middleware: order, request changes, errors, retries, repeats, streams and the end of each call,
on both clients, through the real pipeline against the built-in server."""

from __future__ import annotations

import logging
from typing import Any

import httpx
import pytest

import openwire
from conftest import Flavor
from openwire import CallInfo, Middleware
from openwire._middleware import middleware_in_context
from openwire.testing import LocalServer

CHAT: dict[str, Any] = {"model": "gpt-4o", "messages": [{"role": "user", "content": "hi"}]}


class Recorder(Middleware):
    """Writes every hook it sees into a shared log, under its name."""

    def __init__(self, name: str, log: list[tuple[Any, ...]]) -> None:
        self.name = name
        self.log = log

    def on_request(self, request: httpx.Request, call: CallInfo) -> None:
        self.log.append((self.name, "request", call.name, call.attempt))
        request.headers[f"X-Seen-By-{self.name}"] = str(call.attempt)

    def on_response(self, response: httpx.Response, call: CallInfo) -> None:
        self.log.append((self.name, "response", response.status_code))

    def on_error(self, error: openwire.APIError, call: CallInfo) -> None:
        self.log.append((self.name, "error", type(error).__name__))

    def on_event(self, event: Any, call: CallInfo) -> None:
        self.log.append((self.name, "event"))

    def on_end(self, call: CallInfo, result: Any, error: BaseException | None) -> None:
        self.log.append((self.name, "end", type(result).__name__, type(error).__name__ if error else None))


async def _drain(stream: Any) -> list[Any]:
    return [chunk async for chunk in stream]


def collect(flavor: Flavor, stream: Any) -> list[Any]:
    return flavor.run(_drain, stream) if flavor.is_async else list(stream)


def test_hooks_run_in_layers_around_each_call(flavor: Flavor) -> None:
    server = LocalServer()
    log: list[tuple[Any, ...]] = []
    client = flavor.local(server, middleware=[Recorder("a", log), Recorder("b", log)])
    models = flavor.run(lambda c: c.models.list(), client)
    assert [m.id for m in models.data]
    assert log == [
        ("a", "request", "models.list", 1),
        ("b", "request", "models.list", 1),
        ("b", "response", 200),
        ("a", "response", 200),
        ("b", "end", "Page[Model]", None),
        ("a", "end", "Page[Model]", None),
    ]
    assert server.requests[-1].headers["x-seen-by-a"] == "1"
    assert server.requests[-1].headers["x-seen-by-b"] == "1"


def test_every_attempt_is_seen_and_each_retry_starts_from_the_first_request(flavor: Flavor) -> None:
    server = LocalServer()
    log: list[tuple[Any, ...]] = []
    client = flavor.local(server, middleware=[Recorder("a", log)], max_retries=2)
    server.fail(500, times=2)
    flavor.run(lambda c: c.chat.completions.create(**CHAT), client)
    assert [entry for entry in log if entry[1] in ("request", "error")] == [
        ("a", "request", "chat.completions.create", 1),
        ("a", "error", "InternalServerError"),
        ("a", "request", "chat.completions.create", 2),
        ("a", "error", "InternalServerError"),
        ("a", "request", "chat.completions.create", 3),
    ]
    # The header was set on each attempt's own request, not carried over from the one before.
    assert [r.headers["x-seen-by-a"] for r in server.requests] == ["1", "2", "3"]
    assert log[-1] == ("a", "end", "ChatCompletion", None)


def test_a_failed_call_ends_with_its_error(flavor: Flavor) -> None:
    server = LocalServer()
    log: list[tuple[Any, ...]] = []
    client = flavor.local(server, middleware=[Recorder("a", log)], max_retries=0)
    server.fail(400, message="bad thing")
    with pytest.raises(openwire.BadRequestError):
        flavor.run(lambda c: c.chat.completions.create(**CHAT), client)
    assert log[-2:] == [("a", "error", "BadRequestError"), ("a", "end", "NoneType", "BadRequestError")]


def test_a_stream_shows_each_event_and_ends_when_read_out(flavor: Flavor) -> None:
    server = LocalServer()
    log: list[tuple[Any, ...]] = []
    client = flavor.local(server, middleware=[Recorder("a", log)])
    stream = flavor.run(lambda c: c.chat.completions.create(**CHAT, stream=True), client)
    assert [entry[1] for entry in log] == ["request", "response"]  # not over while unread
    chunks = collect(flavor, stream)
    events = [entry for entry in log if entry[1] == "event"]
    assert len(events) == len(chunks) > 1
    assert log[-1] == ("a", "end", "NoneType", None)
    assert sum(entry[1] == "end" for entry in log) == 1


def test_a_stream_closed_early_or_never_read_ends_once(flavor: Flavor) -> None:
    server = LocalServer()
    log: list[tuple[Any, ...]] = []
    client = flavor.local(server, middleware=[Recorder("a", log)])

    def first_then_close(c: Any) -> Any:
        stream = c.chat.completions.create(**CHAT, stream=True)
        next(iter(stream))
        stream.close()

    async def afirst_then_close(c: Any) -> Any:
        stream = await c.chat.completions.create(**CHAT, stream=True)
        async for _ in stream:
            break
        await stream.close()

    flavor.run(afirst_then_close if flavor.is_async else first_then_close, client)
    assert [entry for entry in log if entry[1] == "end"] == [("a", "end", "NoneType", None)]
    assert [entry[1] for entry in log].count("event") == 1

    log.clear()
    stream = flavor.run(lambda c: c.chat.completions.create(**CHAT, stream=True), client)
    flavor.run(lambda s: s.close(), stream)
    flavor.run(lambda s: s.close(), stream)
    assert [entry for entry in log if entry[1] == "end"] == [("a", "end", "NoneType", None)]


def test_on_request_can_replace_the_request(flavor: Flavor) -> None:
    server = LocalServer()

    class Rewrite(Middleware):
        def on_request(self, request: httpx.Request, call: CallInfo) -> httpx.Request:
            return httpx.Request(
                "GET", request.url.copy_with(path="/v1/models/gpt-4o"), headers=request.headers
            )

    client = flavor.local(server, middleware=[Rewrite()])
    model = flavor.run(lambda c: c.models.retrieve("other"), client)
    assert model.id == "gpt-4o"
    assert server.requests[-1].path == "/models/gpt-4o"


def test_on_request_returning_something_else_is_refused(flavor: Flavor) -> None:
    class Wrong(Middleware):
        def on_request(self, request: httpx.Request, call: CallInfo) -> Any:
            return {"not": "a request"}

    client = flavor.local(LocalServer(), middleware=[Wrong()])
    with pytest.raises(TypeError, match=r"on_request returns an httpx\.Request"):
        flavor.run(lambda c: c.models.list(), client)


def test_an_exception_in_a_hook_stops_the_call_and_is_reported_to_on_end(flavor: Flavor) -> None:
    server = LocalServer()
    log: list[tuple[Any, ...]] = []

    class Refuse(Middleware):
        def on_request(self, request: httpx.Request, call: CallInfo) -> None:
            raise PermissionError("not today")

    client = flavor.local(server, middleware=[Recorder("a", log), Refuse()])
    with pytest.raises(PermissionError, match="not today"):
        flavor.run(lambda c: c.models.list(), client)
    assert server.requests == []
    assert log[-1] == ("a", "end", "NoneType", "PermissionError")


def test_on_error_can_ask_for_one_repeat_that_is_not_a_retry(flavor: Flavor) -> None:
    server = LocalServer(api_key="good")

    class Refresh(Middleware):
        def __init__(self) -> None:
            self.key = "stale"
            self.asked = 0

        def on_request(self, request: httpx.Request, call: CallInfo) -> None:
            request.headers["Authorization"] = f"Bearer {self.key}"

        def on_error(self, error: openwire.APIError, call: CallInfo) -> bool:
            self.asked += 1
            if isinstance(error, openwire.AuthenticationError):
                self.key = "good"
                return True
            return False

    refresh = Refresh()
    client = flavor.local(server, middleware=[refresh], max_retries=0)
    flavor.run(lambda c: c.models.list(), client)
    assert [r.headers["authorization"] for r in server.requests] == ["Bearer stale", "Bearer good"]
    assert "x-retry-count" not in server.requests[1].headers


def test_a_repeat_is_granted_once_per_call(flavor: Flavor) -> None:
    server = LocalServer(api_key="good")

    class Stubborn(Middleware):
        def on_error(self, error: openwire.APIError, call: CallInfo) -> bool:
            return True  # always asks again: the pipeline must not loop

    client = flavor.local(server, middleware=[Stubborn()], api_key="bad", max_retries=0)
    with pytest.raises(openwire.AuthenticationError):
        flavor.run(lambda c: c.models.list(), client)
    assert len(server.requests) == 2
    with pytest.raises(openwire.AuthenticationError):
        flavor.run(lambda c: c.models.list(), client)
    assert len(server.requests) == 4  # granted again to the next call


def test_async_hooks_are_awaited_on_the_async_client() -> None:
    import anyio

    server = LocalServer()
    seen: list[str] = []

    class Signer(Middleware):
        async def on_request(self, request: httpx.Request, call: CallInfo) -> None:
            await anyio.sleep(0)
            request.headers["X-Signature"] = "signed:" + request.method

        async def on_response(self, response: httpx.Response, call: CallInfo) -> None:
            await anyio.sleep(0)
            seen.append(response.headers["x-request-id"])

    async def main() -> None:
        async with server.async_client(middleware=[Signer()]) as client:
            await client.models.list()

    anyio.run(main)
    assert server.requests[-1].headers["x-signature"] == "signed:GET"
    assert seen
    assert seen[0].startswith("req_")


def test_an_async_hook_on_the_blocking_client_is_refused_clearly() -> None:
    class Signer(Middleware):
        async def on_request(self, request: httpx.Request, call: CallInfo) -> None:
            pass

    server = LocalServer()
    with server.client(middleware=[Signer()]) as client, pytest.raises(TypeError, match="AsyncClient"):
        client.models.list()
    assert server.requests == []


def test_call_info_describes_the_call(flavor: Flavor) -> None:
    infos: list[CallInfo] = []

    class Keep(Middleware):
        def on_end(self, call: CallInfo, result: Any, error: BaseException | None) -> None:
            infos.append(call)

    client = flavor.local(LocalServer(), middleware=[Keep()])
    flavor.run(lambda c: c.embeddings.create(model="text-embedding-3-small", input="hi"), client)
    (info,) = infos
    assert (info.name, info.method, info.path, info.stream) == (
        "embeddings.create",
        "POST",
        "/embeddings",
        False,
    )
    assert info.params["input"] == "hi"
    assert info.base_url == "http://localhost/v1"
    assert info.response is not None
    assert info.response.status_code == 200
    with pytest.raises(TypeError):
        info.params["input"] = "changed"  # type: ignore[index]


def test_raw_views_end_with_the_raw_response(flavor: Flavor) -> None:
    log: list[tuple[Any, ...]] = []
    client = flavor.local(LocalServer(), middleware=[Recorder("a", log)])
    raw = flavor.run(lambda c: c.models.with_raw_response.list(), client)
    assert raw.status_code == 200
    assert log[-1][:3] == ("a", "end", type(raw).__name__)


def test_middleware_in_context_sees_every_client(flavor: Flavor) -> None:
    log: list[tuple[Any, ...]] = []
    own: list[tuple[Any, ...]] = []
    server = LocalServer()
    plain = flavor.local(server)
    with_own = flavor.local(server, middleware=[Recorder("own", own)])
    with middleware_in_context(Recorder("ctx", log)):
        flavor.run(lambda c: c.models.list(), plain)
        flavor.run(lambda c: c.models.list(), with_own)
    flavor.run(lambda c: c.models.list(), plain)
    assert [entry for entry in log if entry[1] == "end"] == [("ctx", "end", "Page[Model]", None)] * 2
    # The client's own middleware is the outer layer; the context's runs inside it.
    assert [entry[0] for entry in own if entry[1] == "request"] == ["own"]


def test_what_is_not_middleware_is_refused_when_given() -> None:
    with pytest.raises(TypeError, match="is not middleware"):
        openwire.Client(api_key="k", middleware=[object()])
    with pytest.raises(TypeError, match=r"pass middleware=\[\.\.\.\]"):
        openwire.Client(api_key="k", middleware=Recorder("a", []))  # type: ignore[arg-type]


def test_with_options_replaces_the_middleware() -> None:
    log: list[tuple[Any, ...]] = []
    server = LocalServer()
    client = server.client(middleware=[Recorder("a", log)])
    bare = client.with_options(middleware=[])
    bare.models.list()
    assert log == []
    client.models.list()
    assert log


def test_a_client_without_middleware_plans_no_watch() -> None:
    client = LocalServer().client()
    from openwire._response import Mode
    from openwire.resources.models import _LIST

    assert client._plan(_LIST, {}, (), Mode.PARSED).watch is None


def test_middleware_does_not_see_credentials_in_logs(caplog: pytest.LogCaptureFixture) -> None:
    server = LocalServer(api_key="sk-secret-middleware")

    class Nothing(Middleware):
        def on_response(self, response: httpx.Response, call: CallInfo) -> None:
            pass

    with caplog.at_level(logging.DEBUG, logger="openwire"), server.client(middleware=[Nothing()]) as client:
        client.models.list()
    assert "sk-secret-middleware" not in caplog.text
