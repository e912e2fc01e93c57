"""Each attempt of a call is its own request, and every call that changes something carries one
`Idempotency-Key` for all of its attempts."""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest
import respx

from conftest import BASE_URL, Flavor, model_json, page_json

_CHAT = {"model": "m", "messages": [{"role": "user", "content": "hi"}]}
_COMPLETION = {
    "id": "c1",
    "object": "chat.completion",
    "created": 1,
    "model": "m",
    "choices": [{"index": 0, "message": {"role": "assistant", "content": "hello"}, "finish_reason": "stop"}],
}


def _chat(client: Any) -> Any:
    return client.chat.completions.create(**_CHAT)


def test_every_attempt_sends_its_own_request(flavor: Flavor, mock_api: respx.MockRouter) -> None:
    route = mock_api.post("/chat/completions").mock(
        side_effect=[httpx.Response(503), httpx.Response(502), httpx.Response(200, json=_COMPLETION)]
    )
    flavor.run(_chat, flavor.client())
    requests = [call.request for call in route.calls]
    assert len({id(request) for request in requests}) == 3
    # what respx recorded of the first attempt was not changed by the later ones
    assert [r.headers.get("x-retry-count") for r in requests] == [None, "1", "2"]
    assert [r.content for r in requests] == [requests[0].content] * 3


def test_an_event_hook_sees_each_attempt_as_it_was_sent(flavor: Flavor, mock_api: respx.MockRouter) -> None:
    mock_api.get("/models").mock(side_effect=[httpx.Response(500), httpx.Response(200, json=page_json())])
    seen: list[tuple[httpx.Request, str | None]] = []

    def hook(request: httpx.Request) -> None:
        seen.append((request, request.headers.get("x-retry-count")))

    async def async_hook(request: httpx.Request) -> None:
        hook(request)

    http_type = httpx.AsyncClient if flavor.is_async else httpx.Client
    http = http_type(event_hooks={"request": [async_hook if flavor.is_async else hook]})
    flavor.run(lambda c: c.models.list(), flavor.client(http_client=http))
    assert [count for _, count in seen] == [None, "1"]
    # and, looked at afterwards, each still has the headers it was sent with
    assert [request.headers.get("x-retry-count") for request, _ in seen] == [None, "1"]


def test_one_idempotency_key_per_call_the_same_on_every_attempt(
    flavor: Flavor, mock_api: respx.MockRouter
) -> None:
    route = mock_api.post("/chat/completions").mock(
        side_effect=[httpx.Response(500), httpx.Response(200, json=_COMPLETION)] * 2
    )
    client = flavor.client()
    flavor.run(_chat, client)
    flavor.run(_chat, client)
    keys = [call.request.headers["idempotency-key"] for call in route.calls]
    assert re.fullmatch(r"openwire-[0-9a-f]{32}", keys[0])
    assert keys[0] == keys[1]  # the retry of the first call
    assert keys[2] == keys[3]  # the retry of the second
    assert keys[0] != keys[2]  # each call its own


def test_delete_carries_a_key_and_get_does_not(flavor: Flavor, mock_api: respx.MockRouter) -> None:
    deleted = mock_api.delete("/models/m").respond(json={"id": "m", "deleted": True})
    got = mock_api.get("/models/m").respond(json=model_json("m"))
    client = flavor.client()
    flavor.run(lambda c: c.models.delete("m"), client)
    flavor.run(lambda c: c.models.retrieve("m"), client)
    assert "idempotency-key" in deleted.calls.last.request.headers
    assert "idempotency-key" not in got.calls.last.request.headers


@pytest.mark.parametrize("spelling", ["Idempotency-Key", "idempotency-key", "IDEMPOTENCY-KEY"])
def test_the_callers_own_key_wins(flavor: Flavor, mock_api: respx.MockRouter, spelling: str) -> None:
    route = mock_api.post("/chat/completions").mock(
        side_effect=[httpx.Response(500), httpx.Response(200, json=_COMPLETION)]
    )
    flavor.run(
        lambda c: c.chat.completions.create(**_CHAT, extra_headers={spelling: "mine-1"}), flavor.client()
    )
    assert [call.request.headers.get_list("idempotency-key") for call in route.calls] == [["mine-1"]] * 2


def test_a_clients_default_key_header_wins_too(flavor: Flavor, mock_api: respx.MockRouter) -> None:
    route = mock_api.post("/chat/completions").respond(json=_COMPLETION)
    flavor.run(_chat, flavor.client(default_headers={"Idempotency-Key": "fixed"}))
    assert route.calls.last.request.headers.get_list("idempotency-key") == ["fixed"]


def test_retries_of_a_multipart_upload_send_the_whole_body_again(
    flavor: Flavor, mock_api: respx.MockRouter
) -> None:
    route = mock_api.post("/audio/transcriptions").mock(
        side_effect=[httpx.Response(503), httpx.Response(200, json={"text": "hi"})]
    )
    flavor.run(
        lambda c: c.audio.transcriptions.create(file=("a.wav", b"RIFF....WAVE"), model="whisper-1"),
        flavor.client(),
    )
    first, second = (call.request for call in route.calls)
    assert first.headers["content-type"] == second.headers["content-type"]
    assert b"RIFF....WAVE" in first.read()
    assert second.read() == first.read()
    assert BASE_URL in str(second.url)
