"""Background responses on the local server: progress on each retrieve, cancelling, and streams that
are cut and resumed with `GET /responses/{id}?stream=true&starting_after=N`."""

from __future__ import annotations

from typing import Any

import anyio
import httpx
import pytest
from server_helpers import Send, drain, resp, typed_events

from openwire.testing import LocalServer

pytest_plugins = ["server_fixtures"]  # its fixtures: server, http, send


def status(http: httpx.Client, response_id: str) -> str:
    value: str = http.get(f"/responses/{response_id}").json()["status"]
    return value


def start(http: httpx.Client, **body: Any) -> dict[str, Any]:
    response = http.post("/responses", json=resp(background=True, **body))
    assert response.status_code == 200, response.text
    created: dict[str, Any] = response.json()
    return created


def test_queued_then_in_progress_then_completed(send: Send) -> None:
    created = send("POST", "/responses", json=resp(background=True)).json()
    assert (created["status"], created["background"], created["output"], created["usage"]) == (
        "queued",
        True,
        [],
        None,
    )
    assert created["completed_at"] is None
    path = f"/responses/{created['id']}"
    running = send("GET", path).json()
    assert (running["status"], running["output"]) == ("in_progress", [])
    done = send("GET", path).json()
    assert done["status"] == "completed"
    assert done["output"][0]["content"][0]["text"] == "You said: Hello there"
    assert done["usage"]["output_tokens"] == 5
    assert send("GET", path).json() == done  # and it stays so


@pytest.mark.parametrize(
    ("polls", "seen"), [(0, ["completed"]), (2, ["in_progress", "in_progress", "completed"])]
)
def test_background_progress_sets_the_pace(
    server: LocalServer, http: httpx.Client, polls: int, seen: list[str]
) -> None:
    server.background_progress(polls)
    created = start(http)
    assert [status(http, created["id"]) for _ in seen] == seen


def test_held_until_finished(server: LocalServer, http: httpx.Client) -> None:
    server.background_progress(None)
    first, second = start(http), start(http, input="other")
    assert {status(http, first["id"]) for _ in range(5)} == {"in_progress"}
    assert server.stored_responses[second["id"]]["status"] == "queued"  # looking does not move it
    assert server.finish_background(first["id"]) == [first["id"]]
    assert status(http, first["id"]) == "completed"
    assert server.finish_background() == [second["id"]]
    assert server.finish_background() == []
    with pytest.raises(LookupError, match="resp_nope"):
        server.finish_background("resp_nope")
    with pytest.raises(ValueError, match="negative"):
        server.background_progress(-1)
    server.reset()
    assert status(http, start(http)["id"]) == "in_progress"  # back to the default pace


def test_cancel(server: LocalServer, send: Send) -> None:
    queued = send("POST", "/responses", json=resp(background=True)).json()
    cancelled = send("POST", f"/responses/{queued['id']}/cancel")
    assert cancelled.status_code == 200
    assert (cancelled.json()["status"], cancelled.json()["output"]) == ("cancelled", [])
    assert (
        send("POST", f"/responses/{queued['id']}/cancel").json()["status"] == "cancelled"
    )  # again: no change
    assert send("GET", f"/responses/{queued['id']}").json()["status"] == "cancelled"
    replayed = typed_events(send("GET", f"/responses/{queued['id']}", params={"stream": "true"}).text)
    assert [e["type"] for e in replayed] == ["response.created", "response.queued", "response.in_progress"]

    running = send("POST", "/responses", json=resp(background=True)).json()
    send("GET", f"/responses/{running['id']}")
    assert send("POST", f"/responses/{running['id']}/cancel").json()["status"] == "cancelled"

    server.background_progress(0)
    finished = send("POST", "/responses", json=resp(background=True)).json()
    send("GET", f"/responses/{finished['id']}")
    too_late = send("POST", f"/responses/{finished['id']}/cancel")
    assert too_late.status_code == 400
    assert "already completed" in too_late.json()["error"]["message"]
    foreground = send("POST", "/responses", json=resp()).json()
    refused = send("POST", f"/responses/{foreground['id']}/cancel")
    assert refused.status_code == 400
    assert "background=true" in refused.json()["error"]["message"]


def test_background_stream_events(http: httpx.Client) -> None:
    found = typed_events(http.post("/responses", json=resp(background=True, stream=True)).text)
    kinds = [e["type"] for e in found]
    assert kinds[:3] == ["response.created", "response.queued", "response.in_progress"]
    assert [e["response"]["status"] for e in found[:3]] == ["queued", "queued", "in_progress"]
    assert kinds[-1] == "response.completed"
    assert [e["sequence_number"] for e in found] == list(range(len(found)))
    # A stream is the response worked out as you watch: it has ended once the stream has.
    assert status(http, found[0]["response"]["id"]) == "completed"


def test_replay_from_a_sequence_number(http: httpx.Client) -> None:
    found = typed_events(http.post("/responses", json=resp(stream=True)).text)
    path = f"/responses/{found[0]['response']['id']}"
    assert typed_events(http.get(path, params={"stream": "true"}).text) == found
    assert typed_events(http.get(path, params={"stream": "true", "starting_after": 4}).text) == found[5:]
    assert http.get(path, params={"stream": "true", "starting_after": len(found)}).text == ""
    bad = http.get(path, params={"stream": "true", "starting_after": "four"})
    assert (bad.status_code, bad.json()["error"]["param"]) == (400, "starting_after")


def test_resume_while_it_is_still_running(server: LocalServer, http: httpx.Client) -> None:
    created = start(http)
    assert created["status"] == "queued"
    path = f"/responses/{created['id']}"
    assert status(http, created["id"]) == "in_progress"
    # what the client saw so far: created and queued (0 and 1); the rest follows, to the end
    rest = typed_events(http.get(path, params={"stream": "true", "starting_after": 1}).text)
    assert rest[0]["sequence_number"] == 2
    assert rest[0]["type"] == "response.in_progress"
    assert rest[-1]["type"] == "response.completed"
    assert http.get(path).json() == rest[-1]["response"]


def read_until_cut(http: httpx.Client, method: str, path: str, **kwargs: Any) -> list[dict[str, Any]]:
    """The whole events received before the connection dropped."""
    pieces: list[bytes] = []
    with http.stream(method, path, **kwargs) as response:
        assert response.status_code == 200
        with pytest.raises(httpx.RemoteProtocolError):
            pieces.extend(response.iter_raw())
    whole, _, partial = b"".join(pieces).rpartition(b"\n\n")
    assert partial.startswith(b"event: ")  # cut in the middle of an event
    return typed_events(whole.decode() + "\n\n")


def test_cut_stream_resumed_without_losing_or_repeating_events(
    server: LocalServer, http: httpx.Client
) -> None:
    server.reply("A rather longer answer, so that the stream has plenty of events to cut.")
    server.cut_stream(after_events=4)
    received = read_until_cut(http, "POST", "/responses", json=resp(background=True, stream=True))
    assert [e["sequence_number"] for e in received] == [0, 1, 2, 3]
    response_id = received[0]["response"]["id"]
    path = f"/responses/{response_id}"
    server.cut_stream(after_events=5, path=path)  # the resumed stream breaks too
    more = read_until_cut(
        http, "GET", path, params={"stream": "true", "starting_after": received[-1]["sequence_number"]}
    )
    received.extend(more)
    rest = http.get(path, params={"stream": "true", "starting_after": received[-1]["sequence_number"]})
    received.extend(typed_events(rest.text))
    numbers = [e["sequence_number"] for e in received]
    assert numbers == list(range(len(received)))
    assert received == typed_events(http.get(path, params={"stream": "true"}).text)
    assert received[-1]["type"] == "response.completed"
    text = "".join(e["delta"] for e in received if e["type"] == "response.output_text.delta")
    assert text == "A rather longer answer, so that the stream has plenty of events to cut."
    assert server.open_responses == 0


def test_cut_and_resume_on_the_async_transport(server: LocalServer) -> None:
    server.cut_stream(after_events=3)

    async def go() -> tuple[bytes, str]:
        pieces: list[bytes] = []
        async with server.async_http_client() as client:
            async with client.stream(
                "POST", "/responses", json=resp(background=True, stream=True)
            ) as response:
                with pytest.raises(httpx.RemoteProtocolError):
                    await drain(response, pieces)
            whole = b"".join(pieces).rpartition(b"\n\n")[0] + b"\n\n"
            first = typed_events(whole.decode())
            path = f"/responses/{first[0]['response']['id']}"
            params = {"stream": "true", "starting_after": str(first[-1]["sequence_number"])}
            rest = await client.get(path, params=params)
            return whole, rest.text

    whole, rest = anyio.run(go)
    events = typed_events(whole.decode()) + typed_events(rest)
    assert [e["sequence_number"] for e in events] == list(range(len(events)))
    assert events[-1]["type"] == "response.completed"


def test_background_conversation_gets_the_output_when_it_ends(
    server: LocalServer, http: httpx.Client
) -> None:
    conversation = http.post("/conversations", json={}).json()
    created = start(http, conversation=conversation["id"])
    items = server.stored_conversations[conversation["id"]]
    assert [i["role"] for i in items] == ["user"]  # the input at once
    status(http, created["id"])
    assert status(http, created["id"]) == "completed"
    items = server.stored_conversations[conversation["id"]]
    assert [i["role"] for i in items] == ["user", "assistant"]
