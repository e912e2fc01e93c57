"""Cassettes: record real HTTP exchanges with `openwire serve` (a live local server), replay them
with the network blocked, redact, match, and explain a mismatch; the pytest option and fixture."""

from __future__ import annotations

import json
import socket
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

import openwire
from openwire import _hooks
from openwire.testing import Cassette, CassetteMismatchError, LiveServer, LocalServer
from openwire.types.chat import ChatCompletionMessageParam

pytest_plugins = ["pytester"]

KEY = "sk-live-cassette-0123456789abcdef"
HI: list[ChatCompletionMessageParam] = [{"role": "user", "content": "Hi"}]
WAV = b"RIFF\x24\x00\x00\x00WAVEfmt " + bytes(range(256))


@pytest.fixture(scope="module")
def live_module() -> Iterator[LiveServer]:
    """`openwire serve` on 127.0.0.1, requiring `KEY`: one for the module (starting one costs ~0.1 s)."""
    with LocalServer(api_key=KEY).serve(port=0) as live:
        yield live


@pytest.fixture
def live(live_module: LiveServer) -> LiveServer:
    live_module.server.reset()
    return live_module


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """No socket may connect anywhere: a replay that reached for the network fails."""

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise OSError("the network is blocked in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def test_the_network_block_blocks(live: LiveServer, no_network: None) -> None:
    with pytest.raises(httpx.ConnectError, match="blocked"):
        httpx.get(f"{live.base_url}/models")


# -- record and replay: every kind of body, both clients -----------------------------------------


def _session(client: openwire.Client, server: LocalServer | None) -> dict[str, Any]:
    """Calls of every kind; `server` (when recording) scripts the error and a key in an answer."""
    if server is not None:
        server.fail(400, message="Unsupported value: 'temperature'", path="/chat/completions")
    with pytest.raises(openwire.BadRequestError) as failed:
        client.chat.completions.create(model="gpt-4o-mini", messages=HI, temperature=7)
    return {
        "error": (failed.value.status_code, failed.value.message, failed.value.request_id),
        "chat": client.chat.completions.create(model="gpt-4o-mini", messages=HI),
        "chat_stream": list(
            client.chat.completions.create(
                model="gpt-4o-mini", messages=HI, stream=True, stream_options={"include_usage": True}
            )
        ),
        "responses_stream": list(client.responses.create(model="gpt-4o-mini", input="Hi", stream=True)),
        "embeddings": client.embeddings.create(model="text-embedding-3-small", input=["a cat", "a dog"]),
        "speech": client.audio.speech.create(model="tts-1", voice="alloy", input="Hello").content,
        "transcription": client.audio.transcriptions.create(model="whisper-1", file=("hi.wav", WAV)),
        "models": [model.id for model in client.models.list()],
    }


async def _async_session(client: openwire.AsyncClient, server: LocalServer | None) -> dict[str, Any]:
    """`_session` on the async client, in the same order."""
    if server is not None:
        server.fail(400, message="Unsupported value: 'temperature'", path="/chat/completions")
    with pytest.raises(openwire.BadRequestError) as failed:
        await client.chat.completions.create(model="gpt-4o-mini", messages=HI, temperature=7)
    session: dict[str, Any] = {
        "error": (failed.value.status_code, failed.value.message, failed.value.request_id),
        "chat": await client.chat.completions.create(model="gpt-4o-mini", messages=HI),
    }
    chat_stream = await client.chat.completions.create(
        model="gpt-4o-mini", messages=HI, stream=True, stream_options={"include_usage": True}
    )
    session["chat_stream"] = [chunk async for chunk in chat_stream]
    responses_stream = await client.responses.create(model="gpt-4o-mini", input="Hi", stream=True)
    session["responses_stream"] = [event async for event in responses_stream]
    session["embeddings"] = await client.embeddings.create(
        model="text-embedding-3-small", input=["a cat", "a dog"]
    )
    session["speech"] = (
        await client.audio.speech.create(model="tts-1", voice="alloy", input="Hello")
    ).content
    session["transcription"] = await client.audio.transcriptions.create(
        model="whisper-1", file=("hi.wav", WAV)
    )
    session["models"] = [model.id async for model in client.models.list()]
    return session


def _check_recorded(path: Path, recorded: dict[str, Any]) -> None:
    assert recorded["error"][0] == 400
    assert len(recorded["chat_stream"]) > 3
    assert recorded["chat_stream"][-1].usage is not None
    assert recorded["responses_stream"][-1].type == "response.completed"
    assert recorded["speech"][:3] == b"ID3"
    document = json.loads(path.read_text())
    bodies = [interaction["response"]["body"] for interaction in document["interactions"]]
    assert [next(iter(body)) for body in bodies] == [
        "json",  # the error
        "json",
        "events",
        "events",
        "json",
        "base64",  # speech
        "json",
        "json",
    ]
    upload = document["interactions"][6]["request"]["body"]["multipart"]
    assert upload["fields"] == {"model": "whisper-1"}
    assert upload["files"]["file"]["filename"] == "hi.wav"
    assert upload["files"]["file"]["size"] == len(WAV)
    chat_events = bodies[2]["events"]
    assert chat_events[-1] == {"text": "[DONE]"}
    assert chat_events[1]["data"]["object"] == "chat.completion.chunk"
    assert bodies[3]["events"][0]["event"] == "response.created"


def test_records_over_http_and_replays_offline(
    live: LiveServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "session.json"
    with Cassette(path, mode="new").client(base_url=live.base_url, api_key=KEY, max_retries=0) as client:
        recorded = _session(client, live.server)
    assert len(live.server.requests) == 8
    _check_recorded(path, recorded)

    monkeypatch.setattr(socket.socket, "connect", _refuse)
    monkeypatch.setattr(socket, "create_connection", _refuse)
    cassette = Cassette(path)
    # Another host and no key: neither is compared, and nothing is sent anywhere.
    with cassette.client(base_url="https://api.example.test/v1", max_retries=0) as client:
        replayed = _session(client, None)
    assert replayed == recorded
    assert cassette.replayed == 8
    assert cassette.unplayed == []
    assert len(live.server.requests) == 8


def _refuse(*args: Any, **kwargs: Any) -> Any:
    raise OSError("the network is blocked in this test")


@pytest.mark.anyio
async def test_async_client_records_and_replays_offline(
    live: LiveServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "session.json"
    async with Cassette(path, mode="new").async_client(
        base_url=live.base_url, api_key=KEY, max_retries=0
    ) as client:
        recorded = await _async_session(client, live.server)
    _check_recorded(path, recorded)

    monkeypatch.setattr(socket.socket, "connect", _refuse)
    monkeypatch.setattr(socket, "create_connection", _refuse)
    cassette = Cassette(path)
    async with cassette.async_client(base_url="https://api.example.test/v1", max_retries=0) as client:
        replayed = await _async_session(client, None)
    assert replayed == recorded
    assert cassette.replayed == 8


def test_a_cassette_recorded_by_one_client_replays_on_the_other(live: LiveServer, tmp_path: Path) -> None:
    path = tmp_path / "chat.json"
    with Cassette(path, mode="new").client(base_url=live.base_url, api_key=KEY) as client:
        chunks = list(client.chat.completions.create(model="gpt-4o", messages=HI, stream=True))

    async def replay() -> list[Any]:
        async with Cassette(path).async_client(base_url=live.base_url) as client:
            stream = await client.chat.completions.create(model="gpt-4o", messages=HI, stream=True)
            return [chunk async for chunk in stream]

    import anyio

    assert anyio.run(replay) == chunks


def test_retries_are_recorded_and_replayed_in_order(
    live: LiveServer, tmp_path: Path, no_network: None
) -> None:
    path = tmp_path / "retry.json"
    server = LocalServer()
    server.fail(429, retry_after=0)
    with Cassette(path, mode="new", transport=server.transport()).client(base_url=server.base_url) as client:
        assert client.models.retrieve("gpt-4o").id == "gpt-4o"
    assert [r.headers.get("x-retry-count") for r in server.requests] == [None, "1"]
    statuses = [i["response"]["status"] for i in json.loads(path.read_text())["interactions"]]
    assert statuses == [429, 200]
    # The retry's new Idempotency-Key and X-Retry-Count are not compared: it replays as recorded.
    cassette = Cassette(path)
    with cassette.client(base_url=server.base_url) as client:
        assert client.models.retrieve("gpt-4o").id == "gpt-4o"
    assert cassette.replayed == 2


# -- redaction ------------------------------------------------------------------------------------


def test_secrets_never_reach_the_file(
    live: LiveServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-env-only-key-99887766")
    path = tmp_path / "secret.json"
    cassette = Cassette(
        path,
        mode="new",
        redact_headers=("X-Customer",),
        redact_fields=("user", "metadata.email", "messages.*.name"),
        secrets=("tenant-secret-42",),
    )
    live.server.reply(f"Your key is {KEY} and the env one is sk-env-only-key-99887766")
    live.server.fail(401, path="/models", headers={"set-cookie": "session=cookie-value-314159"})
    with cassette.client(
        base_url=live.base_url,
        api_key=KEY,
        max_retries=0,
        default_headers={"X-Customer": "customer-271828", "Cookie": "sid=cookie-value-161803"},
        default_query={"api-key": "query-key-112358"},
    ) as client:
        completion = client.chat.completions.create(
            model="gpt-4o",
            messages=[{"role": "user", "content": "tenant-secret-42 says hi", "name": "carol"}],
            user="alice",
            metadata={"email": "alice@example.com", "team": "blue"},
        )
        with pytest.raises(openwire.AuthenticationError):
            client.models.list()
    # The code under test sees what a replay will give it: the redacted answer.
    assert completion.choices[0].message.content == "Your key is *** and the env one is ***"
    text = path.read_text()
    for secret in (
        KEY,
        "sk-env-only-key",
        "customer-271828",
        "cookie-value",
        "query-key-112358",
        "tenant-secret-42",
        "alice",
        "carol",
    ):
        assert secret not in text
    request = json.loads(text)["interactions"][0]["request"]
    assert request["headers"]["authorization"] == "***"
    assert request["headers"]["x-customer"] == "***"
    assert request["headers"]["cookie"] == "***"
    assert "api-key=%2A%2A%2A" in request["url"] or "api-key=***" in request["url"]
    assert request["body"]["json"]["metadata"] == {"email": "***", "team": "blue"}
    assert request["body"]["json"]["messages"][0] == {"role": "user", "content": "*** says hi", "name": "***"}
    assert json.loads(text)["interactions"][1]["response"]["headers"]["set-cookie"] == "***"

    # A redacted field matches whatever is sent in its place; the rest still has to match.
    replay = Cassette(
        path, redact_fields=("user", "metadata.email", "messages.*.name"), secrets=("tenant-secret-42",)
    )
    with replay.client(
        base_url=live.base_url, api_key="sk-another-key-for-replay", default_query={"api-key": "other"}
    ) as client:
        client.chat.completions.create(
            model="gpt-4o",
            messages=[{"role": "user", "content": "tenant-secret-42 says hi", "name": "dave"}],
            user="bob",
            metadata={"email": "bob@example.com", "team": "blue"},
        )
        with pytest.raises(CassetteMismatchError, match=r"body.metadata.team: recorded 'blue', sent 'red'"):
            client.chat.completions.create(
                model="gpt-4o",
                messages=[{"role": "user", "content": "tenant-secret-42 says hi"}],
                metadata={"email": "bob@example.com", "team": "red"},
            )


def test_a_cassette_replays_identically_from_yaml(live: LiveServer, tmp_path: Path) -> None:
    path = tmp_path / "chat.yaml"
    with Cassette(path, mode="new").client(base_url=live.base_url, api_key=KEY) as client:
        chunks = list(client.responses.create(model="gpt-4o", input="Hi", stream=True))
    assert "response.created" in path.read_text()
    assert KEY not in path.read_text()
    with Cassette(path).client(base_url=live.base_url) as client:
        assert list(client.responses.create(model="gpt-4o", input="Hi", stream=True)) == chunks


def test_yaml_without_pyyaml_says_what_to_do(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "yaml", None)
    with pytest.raises(ImportError, match=r"needs pyyaml \(pip install pyyaml\); or name it \.json"):
        Cassette(tmp_path / "c.yaml")
    Cassette(tmp_path / "c.json")  # JSON needs nothing


# -- matching and its errors ----------------------------------------------------------------------


@pytest.fixture
def recorded(tmp_path: Path) -> Path:
    """A cassette of two chat completions and a model listing, recorded in process."""
    path = tmp_path / "chat.json"
    server = LocalServer()
    with Cassette(path, mode="new", transport=server.transport()).client(base_url=server.base_url) as client:
        client.chat.completions.create(model="gpt-4o", messages=HI, temperature=0)
        client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": "Bye"}])
        client.models.list()
    return path


def test_a_mismatch_names_the_closest_recording_and_what_differs(recorded: Path, no_network: None) -> None:
    cassette = Cassette(recorded)
    with (
        cassette.client(base_url="https://api.example.test/v1") as client,
        pytest.raises(CassetteMismatchError) as caught,
    ):
        client.chat.completions.create(
            model="gpt-4o-mini", messages=[{"role": "user", "content": "Hi!"}], temperature=0
        )
    message = str(caught.value)
    assert message == (
        f"No recording of POST /v1/chat/completions in the cassette {recorded}. The closest recorded "
        "request (#0, POST /v1/chat/completions) differs in:\n"
        "  body.model: recorded 'gpt-4o', sent 'gpt-4o-mini'\n"
        "  body.messages[0].content: recorded 'Hi', sent 'Hi!'\n"
        "To record it, run pytest with --openwire-record=new (or use "
        'Cassette(..., mode="new")); to compare less of each request, set match_on.'
    )
    assert caught.value.closest == 0
    assert caught.value.differences == [
        ("body.model", "gpt-4o", "gpt-4o-mini"),
        ("body.messages[0].content", "Hi", "Hi!"),
    ]
    assert cassette.mismatches == [caught.value]
    # Not an API error: code that handles openwire's errors does not take it for one.
    assert not isinstance(caught.value, (openwire.OpenwireError, httpx.HTTPError))


def test_a_mismatch_shows_fields_only_one_side_has(recorded: Path) -> None:
    with Cassette(recorded).client(base_url="https://api.example.test/v1") as client:
        with pytest.raises(
            CassetteMismatchError, match=r"\(#1, .*\n  body.temperature: recorded \(absent\), sent 1\n"
        ):
            client.chat.completions.create(
                model="gpt-4o", messages=[{"role": "user", "content": "Bye"}], temperature=1
            )
        many: list[ChatCompletionMessageParam] = [{"role": "user", "content": str(n)} for n in range(12)]
        with pytest.raises(CassetteMismatchError) as caught:
            client.chat.completions.create(
                model="gpt-4o",
                messages=many,
                top_p=1,
                n=1,
                seed=1,
                user="u",
                max_completion_tokens=5,
                presence_penalty=0,
                frequency_penalty=0,
                stop="x",
                temperature=0,
            )
    assert "  body.messages (length): recorded 1, sent 12\n" in str(caught.value)
    assert "\n  ... and 2 more\n" in str(caught.value)


def test_a_mismatch_in_the_path_or_query(recorded: Path) -> None:
    with Cassette(recorded).client(base_url="https://api.example.test/v1") as client:
        with pytest.raises(
            CassetteMismatchError, match=r"\(#2, GET /v1/models\) differs in:\n  path: recorded"
        ):
            client.models.retrieve("gpt-4o")
        with pytest.raises(CassetteMismatchError, match=r"  query: recorded \[\], sent \[\('limit', '2'\)\]"):
            client.with_options(default_query={"limit": "2"}).models.list()


def test_a_request_sent_more_often_than_recorded(recorded: Path) -> None:
    with Cassette(recorded).client(base_url="https://api.example.test/v1") as client:
        client.models.list()
        with pytest.raises(CassetteMismatchError, match=r"GET /v1/models was sent once more than when"):
            client.models.list()


def test_a_missing_cassette(tmp_path: Path) -> None:
    cassette = Cassette(tmp_path / "nothing.json")
    with (
        cassette.client(base_url="https://api.example.test/v1") as client,
        pytest.raises(CassetteMismatchError, match=r"nothing.json \(the file does not exist\) holds no"),
    ):
        client.models.list()


def test_identical_requests_replay_in_order(tmp_path: Path) -> None:
    path = tmp_path / "twice.json"
    server = LocalServer()
    server.reply("first", "second")
    with Cassette(path, mode="new", transport=server.transport()).client(base_url=server.base_url) as client:
        for _ in range(2):
            client.chat.completions.create(model="gpt-4o", messages=HI)
    with Cassette(path).client(base_url=server.base_url) as client:
        answers = [client.chat.completions.create(model="gpt-4o", messages=HI) for _ in range(2)]
    assert [answer.choices[0].message.content for answer in answers] == ["first", "second"]


def test_match_on_some_body_fields(recorded: Path) -> None:
    cassette = Cassette(recorded, match_on=("method", "path", "body.model"))
    with cassette.client(base_url="https://api.example.test/v1") as client:
        answer = client.chat.completions.create(
            model="gpt-4o", messages=[{"role": "user", "content": "Other"}]
        )
        assert answer.choices[0].message.content == "You said: Hi"  # the first recording
        with pytest.raises(CassetteMismatchError) as caught:
            client.chat.completions.create(model="gpt-4", messages=HI)
    assert caught.value.differences == [("body.model", "gpt-4o", "gpt-4")]


def test_text_bodies_and_matching_on_the_host(tmp_path: Path) -> None:
    path = tmp_path / "text.json"
    server = LocalServer()
    with Cassette(path, mode="new", transport=server.transport()).client(base_url=server.base_url) as client:
        text = client.audio.transcriptions.create(
            model="whisper-1", file=("hi.wav", WAV), response_format="srt"
        )
    assert isinstance(text, str)
    assert text.startswith("1\n")
    response = json.loads(path.read_text())["interactions"][0]["response"]
    assert response["body"] == {"text": text}
    cassette = Cassette(path, match_on=("method", "host", "path"))
    with cassette.client(base_url=server.base_url) as client:
        assert (
            client.audio.transcriptions.create(
                model="whisper-1", file=("other.wav", b"RIFF"), response_format="srt"
            )
            == text
        )
    with (
        cassette.client(base_url="https://api.example.test/v1") as client,
        pytest.raises(CassetteMismatchError, match=r"host: recorded 'localhost', sent 'api\.example\.test'"),
    ):
        client.audio.transcriptions.create(model="whisper-1", file=("hi.wav", WAV), response_format="srt")


def test_match_on_is_checked() -> None:
    with pytest.raises(ValueError, match=r"Unknown match_on item 'headers': use 'method', 'host', 'path'"):
        Cassette("x.json", match_on=("method", "headers"))
    with pytest.raises(TypeError, match=r"match_on must be a sequence of names, like \('body',\)"):
        Cassette("x.json", match_on="body")
    with pytest.raises(ValueError, match="mode must be 'none', 'new' or 'all', not 'once'"):
        Cassette("x.json", mode="once")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("content", "why"),
    [
        ("{not json", "it is not valid JSON"),
        ('{"interactions": []}', "its format version is None, not 1"),
        ('{"openwire_cassette": 1}', "it has no list of interactions"),
        ('{"openwire_cassette": 1, "interactions": [{"request": {}}]}', "interaction #0 needs a request"),
    ],
)
def test_a_file_that_is_not_a_cassette(tmp_path: Path, content: str, why: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content)
    with pytest.raises(ValueError, match=f"bad.json is not an openwire cassette: {why}") as caught:
        Cassette(path)
    assert "record it again (--openwire-record=all, or mode='all')" in str(caught.value)


# -- modes ----------------------------------------------------------------------------------------


def test_mode_new_replays_what_it_has_and_records_the_rest(recorded: Path) -> None:
    server = LocalServer()
    cassette = Cassette(recorded, mode="new", transport=server.transport())
    with cassette.client(base_url=server.base_url) as client:
        client.models.list()  # recorded: not sent
        client.embeddings.create(model="text-embedding-3-small", input="new")
        client.embeddings.create(model="text-embedding-3-small", input="new")  # sent again: recorded twice
    assert [request.path for request in server.requests] == ["/embeddings", "/embeddings"]
    assert (cassette.replayed, cassette.recorded, cassette.unplayed) == (1, 2, [0, 1])
    paths = [httpx.URL(i["request"]["url"]).path for i in json.loads(recorded.read_text())["interactions"]]
    assert paths == [
        "/v1/chat/completions",
        "/v1/chat/completions",
        "/v1/models",
        "/v1/embeddings",
        "/v1/embeddings",
    ]


def test_mode_all_records_everything_again(recorded: Path) -> None:
    server = LocalServer()
    server.reply("re-recorded")
    cassette = Cassette(recorded, mode="all", transport=server.transport())
    assert cassette.interactions == []
    with cassette.client(base_url=server.base_url) as client:
        client.chat.completions.create(model="gpt-4o", messages=HI, temperature=0)
    assert len(server.requests) == 1
    interactions = json.loads(recorded.read_text())["interactions"]
    assert len(interactions) == 1
    assert interactions[0]["response"]["body"]["json"]["choices"][0]["message"]["content"] == "re-recorded"


def test_mode_none_never_sends(recorded: Path) -> None:
    server = LocalServer()
    cassette = Cassette(recorded, transport=server.transport())
    with cassette.client(base_url=server.base_url) as client, pytest.raises(CassetteMismatchError):
        client.embeddings.create(model="text-embedding-3-small", input="new")
    assert server.requests == []
    assert len(json.loads(recorded.read_text())["interactions"]) == 3


# -- clients the code under test creates ----------------------------------------------------------


def test_clients_created_inside_the_block_use_the_cassette(recorded: Path, no_network: None) -> None:
    made_in_thread: list[Any] = []

    def in_a_thread() -> None:
        with openwire.Client(base_url="https://api.example.test/v1", api_key="sk-x") as client:
            made_in_thread.append(client.chat.completions.create(model="gpt-4o", messages=HI, temperature=0))

    assert _hooks.transport_hook is None
    with Cassette(recorded) as cassette:
        with openwire.Client(base_url="https://api.example.test/v1", api_key="sk-x") as client:
            assert len(client.models.list()) > 0
        thread = threading.Thread(target=in_a_thread)
        thread.start()
        thread.join()
        # A client given its own pool is the caller's: it is not hooked.
        own = openwire.Client(
            base_url="https://api.example.test/v1", api_key="sk-x", http_client=httpx.Client()
        )
        with pytest.raises(openwire.APIConnectionError):
            own.with_options(max_retries=0).models.list()
    assert made_in_thread[0].choices[0].message.content == "You said: Hi"
    assert cassette.replayed == 2
    assert _hooks.transport_hook is None


@pytest.mark.anyio
async def test_async_clients_created_inside_the_block_use_the_cassette(
    recorded: Path, no_network: None
) -> None:
    outer = Cassette(recorded)
    inner = Cassette(recorded)
    with outer:
        with inner:  # the innermost wins
            client = openwire.AsyncClient(base_url="https://api.example.test/v1", api_key="sk-x")
        assert _hooks.transport_hook is outer
        async with client:
            assert len(await client.models.list()) > 0
    assert (inner.replayed, outer.replayed) == (1, 0)
    assert _hooks.transport_hook is None


def test_repr(tmp_path: Path) -> None:
    assert repr(Cassette(tmp_path / "c.json", mode="new")) == (
        f"<openwire.testing.Cassette {str(tmp_path / 'c.json')!r} mode='new' interactions=0>"
    )


# -- the pytest option and fixture ----------------------------------------------------------------

# hypothesis's plugin spends seconds at the end of each in-process run; these runs need none of it.
_QUICK = ("-q", "-p", "no:hypothesispytest", "-p", "no:cacheprovider")

_APP_TESTS = """
import os

import openwire
import pytest


QUESTION = "QUESTION"


def ask(question):
    # The application builds its own client from the environment.
    with openwire.Client(base_url=os.environ["APP_BASE_URL"]) as client:
        return client.chat.completions.create(
            model="gpt-4o-mini", messages=[{"role": "user", "content": question}]
        ).choices[0].message.content


def test_ask(openwire_cassette):
    assert ask(QUESTION) == f"You said: {QUESTION}"


@pytest.mark.openwire_cassette("shared/greeting", match_on=("method", "path"))
def test_named(openwire_cassette):
    assert ask("Hello") == "You said: Hello"
    assert openwire_cassette.path.name == "greeting.json"


def test_swallowed(openwire_cassette):
    try:
        ask(QUESTION)
    except Exception:
        pass  # the app falls back quietly
"""


def test_the_pytest_option_and_fixture(
    pytester: pytest.Pytester, live: LiveServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    live.server.respond_with(lambda body: f"You said: {body['messages'][-1]['content']}")
    monkeypatch.setenv("APP_BASE_URL", live.base_url)
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    pytester.makepyfile(test_app=_APP_TESTS)

    pytester.runpytest("--openwire-record=new", *_QUICK).assert_outcomes(passed=3)
    cassettes = pytester.path / "cassettes"
    assert sorted(str(p.relative_to(cassettes)) for p in cassettes.rglob("*.json")) == [
        "shared/greeting.json",
        "test_app/test_ask.json",
        "test_app/test_swallowed.json",
    ]
    assert KEY not in (cassettes / "test_app" / "test_ask.json").read_text()
    assert len(live.server.requests) == 3

    # Replay (the default): no key, a base URL where nothing listens, and nothing is sent.
    monkeypatch.delenv("OPENAI_API_KEY")
    monkeypatch.setenv("APP_BASE_URL", "http://127.0.0.1:9/v1")
    pytester.runpytest(*_QUICK).assert_outcomes(passed=3)
    assert len(live.server.requests) == 3

    # A changed request fails the test with the difference, even where the app swallows the error.
    pytester.makepyfile(
        test_app=_APP_TESTS.replace('QUESTION = "QUESTION"', 'QUESTION = "ANOTHER"'),
        test_mode_marker="""
            import pytest

            @pytest.mark.openwire_cassette(mode="all")
            def test_it(openwire_cassette):
                pass
        """,
    )
    result = pytester.runpytest(*_QUICK)
    result.assert_outcomes(passed=1, failed=2, errors=1)
    result.stdout.fnmatch_lines(
        [
            "*TypeError: @pytest.mark.openwire_cassette takes no mode: pytest's --openwire-record option*",
            "*CassetteMismatchError: No recording of POST /v1/chat/completions*",
            "*body.messages[[]0[]].content: recorded 'QUESTION', sent 'ANOTHER'*",
            "*The test passed, but a request found no recording in its cassette*",
        ]
    )


def test_the_option_is_checked(pytester: pytest.Pytester) -> None:
    pytester.makepyfile("def test_nothing(): pass")
    result = pytester.runpytest("--openwire-record=once")
    assert result.ret != 0
    result.stderr.fnmatch_lines(["*--openwire-record: invalid choice: 'once'*"])
