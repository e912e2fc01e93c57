"""openwire's typed clients against the local server: they must behave as against the real API."""

from __future__ import annotations

import base64
import struct

import anyio
import pytest

import openwire
from openwire.testing import LocalServer, Reply, ToolCall

pytest_plugins = ["server_fixtures"]  # its fixtures: server, http, send

HELLO = [{"role": "user", "content": "Hello there"}]


def test_models(server: LocalServer) -> None:
    with server.client() as client:
        assert "gpt-4o" in [m.id for m in client.models.list()]
        assert client.models.retrieve("whisper-1").id == "whisper-1"
        tuned = next(m.id for m in client.models.list() if m.id.startswith("ft:"))
        assert client.models.delete(tuned).deleted is True
        with pytest.raises(openwire.NotFoundError) as caught:
            client.models.retrieve(tuned)
        assert caught.value.code == "model_not_found"
        with pytest.raises(openwire.PermissionDeniedError):
            client.models.delete("gpt-4o")


def test_async_models_on_asyncio_and_trio(server: LocalServer) -> None:
    async def go() -> str:
        async with server.async_client() as client:
            return (await client.models.retrieve("gpt-4o")).id

    assert anyio.run(go) == "gpt-4o"
    assert anyio.run(go, backend="trio") == "gpt-4o"


def test_api_key_errors_map_to_authentication_error() -> None:
    server = LocalServer(api_key="sk-local-0123456789")
    with server.client() as client:
        assert len(client.models.list()) > 0  # server.client() fills the key in
    with server.client(api_key="sk-wrong-0123456789") as client, pytest.raises(openwire.AuthenticationError):
        client.models.list()


def test_chat_completion_and_bad_request(server: LocalServer) -> None:
    with server.client() as client:
        completion = client.chat.completions.create(model="gpt-4o", messages=HELLO)
        assert completion.choices[0].message.content == "You said: Hello there"
        assert completion.usage is not None
        assert completion.usage.total_tokens > 0
        with pytest.raises(openwire.BadRequestError) as caught:
            client.chat.completions.create(model="gpt-4o", messages=[{"role": "robot", "content": "x"}])
        assert caught.value.param == "messages[0].role"


def test_chat_stream_with_usage_and_moderation(server: LocalServer) -> None:
    server.reply("do not kill the messenger")
    with server.client() as client:
        stream = client.chat.completions.create(
            model="gpt-4o",
            messages=HELLO,
            stream=True,
            stream_options={"include_usage": True},
            moderation={"model": "omni-moderation-latest"},
        )
        with stream:
            chunks = list(stream)
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert text == "do not kill the messenger"
    assert chunks[-1].usage is not None
    assert chunks[-1].usage.completion_tokens == 5
    [moderated] = [c for c in chunks if c.moderation is not None]
    assert moderated.moderation is not None
    assert moderated.moderation.output.type == "moderation_results"
    assert server.open_responses == 0  # the stream released its connection


def test_chat_tool_call_round_trip(server: LocalServer) -> None:
    server.reply(Reply(tool_calls=[ToolCall("lookup", {"term": "fox"})]))
    tools = [{"type": "function", "function": {"name": "lookup", "parameters": {"type": "object"}}}]
    with server.client() as client:
        first = client.chat.completions.create(model="gpt-4o", messages=HELLO, tools=tools)
        [call] = first.choices[0].message.tool_calls or []
        assert call.function.name == "lookup"
        assert first.choices[0].finish_reason == "tool_calls"
        messages = [
            *HELLO,
            first.choices[0].message,
            {"role": "tool", "tool_call_id": call.id, "content": "a mammal"},
        ]
        second = client.chat.completions.create(model="gpt-4o", messages=messages, tools=tools)
    assert second.choices[0].message.content == "The tool returned: a mammal"
    sent = server.last_request.json["messages"][1]
    assert sent["tool_calls"][0]["id"] == call.id  # the response model went back as the API expects


def test_cut_stream_raises_a_connection_error(server: LocalServer) -> None:
    server.cut_stream(after_events=2)
    with server.client(max_retries=0) as client:
        stream = client.chat.completions.create(model="gpt-4o", messages=HELLO, stream=True)
        received: list[object] = []
        with pytest.raises(openwire.APIConnectionError, match="broke off"), stream:
            received.extend(stream)
    assert len(received) == 2
    assert server.open_responses == 0


def test_error_event_mid_stream(server: LocalServer) -> None:
    server.fail_stream(after_events=1, message="overloaded mid-answer")
    with server.client() as client:
        stream = client.chat.completions.create(model="gpt-4o", messages=HELLO, stream=True)
        with pytest.raises(openwire.APIStreamError, match="overloaded mid-answer"), stream:
            list(stream)


def test_stored_completions_through_the_client(server: LocalServer) -> None:
    with server.client() as client:
        made = [
            client.chat.completions.create(model="gpt-4o", messages=HELLO, store=True, metadata={"n": str(i)})
            for i in range(3)
        ]
        page = client.chat.completions.list(limit=2)
        assert [c.id for c in page] == [c.id for c in made]  # iterating fetches the second page
        assert len(page.data) == 2
        assert client.chat.completions.retrieve(made[0].id).id == made[0].id


def test_embeddings_float_and_base64_agree(server: LocalServer) -> None:
    with server.client() as client:
        floats = client.embeddings.create(model="text-embedding-3-small", input="hello", dimensions=8)
        encoded = client.embeddings.create(
            model="text-embedding-3-small", input="hello", dimensions=8, encoding_format="base64"
        )
    raw = encoded.data[0].embedding
    assert isinstance(raw, str)
    assert list(struct.unpack("<8f", base64.b64decode(raw))) == floats.data[0].embedding


def test_moderations_images_and_audio(server: LocalServer) -> None:
    with server.client() as client:
        result = client.moderations.create(input="I could kill for a coffee").results[0]
        assert result.flagged is True
        assert result.categories.violence is True

        image = client.images.generate(prompt="a fox", size="256x256", response_format="b64_json")
        assert base64.b64decode(image.data[0].b64_json or "").startswith(b"\x89PNG")

        speech = client.audio.speech.create(
            model="tts-1", voice="alloy", input="round trip", response_format="wav"
        )
        assert speech.content.startswith(b"RIFF")
        transcript = client.audio.transcriptions.create(
            model="whisper-1", file=("speech.wav", speech.content)
        )
        assert transcript.text == "round trip"
