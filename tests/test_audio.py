"""`client.audio`: speech (binary bodies, streamed to disk, SSE), transcriptions and translations in
every response format; on both clients."""

from __future__ import annotations

import hashlib
import json
import pathlib
import tracemalloc
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest
import respx

import openwire
from _multipart import parse_form
from conftest import Flavor
from openwire import AsyncBinaryContent, BinaryContent
from openwire._models import UnknownVariant
from openwire.resources.audio.speech import Speech
from openwire.resources.audio.transcriptions import Transcriptions
from openwire.resources.audio.translations import Translations
from openwire.types.audio import (
    SpeechAudioDeltaEvent,
    SpeechAudioDoneEvent,
    Transcription,
    TranscriptionDiarized,
    TranscriptionSegment,
    TranscriptionTextDeltaEvent,
    TranscriptionTextDoneEvent,
    TranscriptionTextSegmentEvent,
    TranscriptionUsageDuration,
    TranscriptionUsageTokens,
    TranscriptionVerbose,
    TranscriptionWord,
    Translation,
    TranslationVerbose,
)

MP3 = b"ID3\x04\x00\x00\x00\x00\x00\x00" + bytes(range(256)) * 4
WAV = b"RIFF\x24\x00\x00\x00WAVEfmt \x10\x00\x00\x00" + b"\x00" * 16
SEGMENT = {
    "id": 0,
    "seek": 0,
    "start": 0.0,
    "end": 3.32,
    "text": " The beach was a popular spot.",
    "tokens": [50364, 440, 7534],
    "temperature": 0.0,
    "avg_logprob": -0.286,
    "compression_ratio": 1.236,
    "no_speech_prob": 0.0098,
}
SRT = "1\n00:00:00,000 --> 00:00:03,320\nThe beach was a popular spot.\n\n"
VTT = "WEBVTT\n\n00:00:00.000 --> 00:00:03.320\nThe beach was a popular spot.\n\n"


def run(flavor: Flavor, client: Any, fn: Any) -> Any:
    return flavor.run(fn, client)


def collect(flavor: Flavor, client: Any, create: Any) -> list[Any]:
    if not flavor.is_async:
        return list(create(client))

    async def go(c: openwire.AsyncClient) -> list[Any]:
        return [event async for event in await create(c)]

    result: list[Any] = flavor.run(go, client)
    return result


def sse(*events: dict[str, Any]) -> bytes:
    return b"".join(f"data: {json.dumps(e)}\n\n".encode() for e in events)


# --- speech ----------------------------------------------------------------------------------------


def test_speech_sends_exactly_the_parameters_given(flavor: Flavor, mock_api: respx.MockRouter) -> None:
    route = mock_api.post("/audio/speech").respond(content=MP3, headers={"content-type": "audio/mpeg"})
    params = {
        "model": "gpt-4o-mini-tts",
        "input": "The quick brown fox jumped over the lazy dog.",
        "voice": {"id": "voice_1234"},
        "instructions": "Speak cheerfully.",
        "response_format": "mp3",
        "speed": 1.25,
        "stream_format": "audio",
    }
    run(flavor, flavor.client(), lambda c: c.audio.speech.create(**params))
    request = route.calls.last.request
    assert json.loads(request.content) == params
    assert request.headers["content-type"] == "application/json"
    assert request.headers["accept"].startswith("audio/*")  # the answer is audio, not JSON


def test_speech_minimal_body(flavor: Flavor, mock_api: respx.MockRouter) -> None:
    route = mock_api.post("/audio/speech").respond(content=MP3)
    run(flavor, flavor.client(), lambda c: c.audio.speech.create(model="tts-1", voice="alloy", input="Hi"))
    assert json.loads(route.calls.last.request.content) == {"model": "tts-1", "voice": "alloy", "input": "Hi"}


def test_speech_returns_the_binary_body(
    flavor: Flavor, mock_api: respx.MockRouter, tmp_path: pathlib.Path
) -> None:
    headers = {"content-type": "audio/mpeg", "x-request-id": "req_tts"}
    mock_api.post("/audio/speech").respond(content=MP3, headers=headers)
    audio = run(
        flavor, flavor.client(), lambda c: c.audio.speech.create(model="tts-1", voice="alloy", input="Hi")
    )
    assert isinstance(audio, AsyncBinaryContent if flavor.is_async else BinaryContent)
    assert audio.content == MP3
    assert audio.content_type == "audio/mpeg"
    assert audio.request_id == "req_tts"
    assert audio.response.status_code == 200
    assert repr(audio).endswith(f" {len(MP3)} bytes, audio/mpeg>")
    target = tmp_path / "speech.mp3"
    if flavor.is_async:

        async def chunks(a: AsyncBinaryContent) -> list[bytes]:
            return [chunk async for chunk in a.iter_bytes(100)]

        pieces = flavor.run(chunks, audio)
        flavor.run(audio.write_to_file, target)
    else:
        pieces = list(audio.iter_bytes(100))
        audio.write_to_file(target)
    assert b"".join(pieces) == MP3
    assert [len(piece) for piece in pieces[:-1]] == [100] * (len(pieces) - 1)
    assert target.read_bytes() == MP3


def test_speech_raw_response(flavor: Flavor, mock_api: respx.MockRouter) -> None:
    mock_api.post("/audio/speech").respond(content=MP3, headers={"x-request-id": "req_raw"})
    client = flavor.client()
    raw = run(
        flavor, client, lambda c: c.audio.speech.with_raw_response.create(model="m", voice="v", input="x")
    )
    assert raw.request_id == "req_raw"
    assert flavor.run(raw.parse).content == MP3


class LazyBody(httpx.SyncByteStream, httpx.AsyncByteStream):
    """A response body made a chunk at a time, as it is read: nothing of it exists in advance."""

    def __init__(self, chunks: int, size: int = 64 * 1024) -> None:
        self.chunks = chunks
        self.size = size
        self.made = 0

    def _chunk(self, index: int) -> bytes:
        self.made += 1
        return bytes([index % 251]) * self.size

    def __iter__(self) -> Iterator[bytes]:
        for index in range(self.chunks):
            yield self._chunk(index)

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for index in range(self.chunks):
            yield self._chunk(index)

    def digest(self) -> str:
        digest = hashlib.sha256()
        for index in range(self.chunks):
            digest.update(bytes([index % 251]) * self.size)
        return digest.hexdigest()


def test_speech_streams_to_disk_without_holding_the_body(
    flavor: Flavor, mock_api: respx.MockRouter, tmp_path: pathlib.Path
) -> None:
    body = LazyBody(chunks=128)  # 8 MiB
    size = body.chunks * body.size
    mock_api.post("/audio/speech").mock(side_effect=lambda request: httpx.Response(200, stream=body))
    target = tmp_path / "long.mp3"
    client = flavor.client()
    manager = client.audio.speech.with_streaming_response.create(model="tts-1", voice="alloy", input="long")

    if flavor.is_async:

        async def go() -> int:
            async with manager as response:
                made_before_reading = body.made
                await response.write_to_file(target)
            return made_before_reading

    else:

        def go() -> int:
            with manager as response:
                made_before_reading = body.made
                response.write_to_file(target)
            return made_before_reading

    tracemalloc.start()
    try:
        made_before_reading = flavor.run(go)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert made_before_reading == 0  # nothing was read before write_to_file
    assert target.stat().st_size == size
    assert hashlib.sha256(target.read_bytes()).hexdigest() == body.digest()
    assert peak < size / 8, f"peak {peak} bytes while streaming {size}"


def test_speech_sse_stream(flavor: Flavor, mock_api: respx.MockRouter) -> None:
    body = sse(
        {"type": "speech.audio.delta", "audio": "SUQz"},
        {"type": "speech.audio.delta", "audio": "BAA="},
        {"type": "speech.audio.new_kind"},
        {"type": "speech.audio.done", "usage": {"input_tokens": 5, "output_tokens": 40, "total_tokens": 45}},
    )
    route = mock_api.post("/audio/speech").respond(
        content=body, headers={"content-type": "text/event-stream"}
    )
    events = collect(
        flavor,
        flavor.client(),
        lambda c: c.audio.speech.create(
            model="gpt-4o-mini-tts", voice="coral", input="Hi", stream_format="sse"
        ),
    )
    request = route.calls.last.request
    assert request.headers["accept"] == "text/event-stream"
    assert json.loads(request.content)["stream_format"] == "sse"
    first, second, unknown, done = events
    assert isinstance(first, SpeechAudioDeltaEvent)
    assert first.audio_bytes + second.audio_bytes == b"ID3\x04\x00"
    assert isinstance(unknown, UnknownVariant)
    assert isinstance(done, SpeechAudioDoneEvent)
    assert done.usage is not None
    assert done.usage.total_tokens == 45


# --- transcriptions --------------------------------------------------------------------------------


def transcribe(flavor: Flavor, client: Any, **params: Any) -> Any:
    params.setdefault("file", WAV)
    params.setdefault("model", "whisper-1")
    return flavor.run(lambda c: c.audio.transcriptions.create(**params), client)


def test_transcription_json(flavor: Flavor, mock_api: respx.MockRouter) -> None:
    route = mock_api.post("/audio/transcriptions").respond(
        json={
            "text": "Imagine the wildest idea.",
            "logprobs": [{"token": "Imagine", "logprob": -0.01, "bytes": [73, 109]}],
            "usage": {
                "type": "tokens",
                "input_tokens": 14,
                "output_tokens": 45,
                "total_tokens": 59,
                "input_token_details": {"text_tokens": 0, "audio_tokens": 14},
            },
        },
        headers={"x-request-id": "req_stt"},
    )
    result = transcribe(
        flavor,
        flavor.client(),
        model="gpt-4o-transcribe",
        language="en",
        prompt="Ideas.",
        include=["logprobs"],
    )
    assert isinstance(result, Transcription)
    assert result.text == "Imagine the wildest idea."
    assert result.request_id == "req_stt"
    assert result.logprobs is not None
    assert result.logprobs[0].bytes == [73, 109]
    assert isinstance(result.usage, TranscriptionUsageTokens)
    assert result.usage.input_token_details is not None
    assert result.usage.input_token_details.audio_tokens == 14
    form = parse_form(route.calls.last.request)
    assert form.fields == {
        "model": ["gpt-4o-transcribe"],
        "language": ["en"],
        "prompt": ["Ideas."],
        "include[]": ["logprobs"],
    }
    assert (form.file("file").filename, form.file("file").content_type) == ("upload.wav", "audio/wav")


def test_transcription_verbose_json(flavor: Flavor, mock_api: respx.MockRouter) -> None:
    route = mock_api.post("/audio/transcriptions").respond(
        json={
            "task": "transcribe",
            "language": "english",
            "duration": 8.47,
            "text": "The beach was a popular spot.",
            "segments": [SEGMENT],
            "words": [
                {"word": "The", "start": 0.0, "end": 0.24},
                {"word": "beach", "start": 0.24, "end": 0.6},
            ],
            "usage": {"type": "duration", "seconds": 9},
        }
    )
    result = transcribe(
        flavor, flavor.client(), response_format="verbose_json", timestamp_granularities=["word", "segment"]
    )
    assert isinstance(result, TranscriptionVerbose)
    assert (result.language, result.duration, result.task) == ("english", 8.47, "transcribe")
    assert result.segments is not None
    assert isinstance(result.segments[0], TranscriptionSegment)
    assert result.segments[0].tokens == [50364, 440, 7534]
    assert result.segments[0].no_speech_prob == 0.0098
    assert result.words is not None
    assert [(w.word, w.end) for w in result.words] == [("The", 0.24), ("beach", 0.6)]
    assert isinstance(result.words[0], TranscriptionWord)
    assert isinstance(result.usage, TranscriptionUsageDuration)
    assert result.usage.seconds == 9
    assert parse_form(route.calls.last.request).fields == {
        "model": ["whisper-1"],
        "response_format": ["verbose_json"],
        "timestamp_granularities[]": ["word", "segment"],
    }


@pytest.mark.parametrize(
    ("response_format", "body"),
    [("text", "The beach was a popular spot.\n"), ("srt", SRT), ("vtt", VTT)],
)
def test_transcription_text_formats_return_str(
    flavor: Flavor, mock_api: respx.MockRouter, response_format: str, body: str
) -> None:
    route = mock_api.post("/audio/transcriptions").respond(
        text=body, headers={"content-type": "text/plain; charset=utf-8"}
    )
    result = transcribe(flavor, flavor.client(), response_format=response_format)
    assert result == body
    assert type(result) is str
    assert parse_form(route.calls.last.request).field("response_format") == response_format


def test_transcription_diarized_json(flavor: Flavor, mock_api: respx.MockRouter) -> None:
    mock_api.post("/audio/transcriptions").respond(
        json={
            "task": "transcribe",
            "duration": 4.2,
            "text": "Hello. Hi!",
            "segments": [
                {
                    "type": "transcript.text.segment",
                    "id": "seg_1",
                    "start": 0,
                    "end": 1.2,
                    "text": "Hello.",
                    "speaker": "agent",
                },
                {
                    "type": "transcript.text.segment",
                    "id": "seg_2",
                    "start": 1.3,
                    "end": 2,
                    "text": "Hi!",
                    "speaker": "A",
                },
            ],
            "usage": {"type": "tokens", "input_tokens": 10, "output_tokens": 4, "total_tokens": 14},
        }
    )
    result = transcribe(
        flavor,
        flavor.client(),
        model="gpt-4o-transcribe-diarize",
        response_format="diarized_json",
        chunking_strategy="auto",
        known_speaker_names=["agent"],
        known_speaker_references=["data:audio/wav;base64,AAAA"],
    )
    assert isinstance(result, TranscriptionDiarized)
    assert [(s.speaker, s.text) for s in result.segments] == [("agent", "Hello."), ("A", "Hi!")]


def test_transcription_of_a_format_openwire_does_not_know(flavor: Flavor, mock_api: respx.MockRouter) -> None:
    route = mock_api.post("/audio/transcriptions")
    route.side_effect = [
        httpx.Response(200, text="[00:00.00]Hello", headers={"content-type": "text/plain"}),
        httpx.Response(200, json={"text": "Hello", "extra": 1}),
    ]
    client = flavor.client()
    assert transcribe(flavor, client, response_format="lrc") == "[00:00.00]Hello"
    as_json = transcribe(flavor, client, response_format="json_v2")
    assert isinstance(as_json, Transcription)
    assert as_json.text == "Hello"


def test_transcription_without_format_reads_json(flavor: Flavor, mock_api: respx.MockRouter) -> None:
    mock_api.post("/audio/transcriptions").respond(json={"text": "plain"})
    result = transcribe(flavor, flavor.client(), response_format=openwire.NOT_GIVEN)
    assert isinstance(result, Transcription)


def test_transcription_stream(flavor: Flavor, mock_api: respx.MockRouter) -> None:
    body = sse(
        {"type": "transcript.text.delta", "delta": "Hel", "logprobs": [{"token": "Hel", "logprob": -0.1}]},
        {"type": "transcript.text.delta", "delta": "lo", "segment_id": "seg_1"},
        {
            "type": "transcript.text.segment",
            "id": "seg_1",
            "start": 0,
            "end": 1,
            "text": "Hello",
            "speaker": "A",
        },
        {"type": "transcript.text.something_new"},
        {
            "type": "transcript.text.done",
            "text": "Hello",
            "usage": {"type": "tokens", "input_tokens": 3, "output_tokens": 2, "total_tokens": 5},
        },
    )
    route = mock_api.post("/audio/transcriptions").respond(
        content=body, headers={"content-type": "text/event-stream"}
    )
    events = collect(
        flavor,
        flavor.client(),
        lambda c: c.audio.transcriptions.create(file=WAV, model="gpt-4o-transcribe", stream=True),
    )
    request = route.calls.last.request
    assert request.headers["accept"] == "text/event-stream"
    assert parse_form(request).fields == {"model": ["gpt-4o-transcribe"], "stream": ["true"]}
    assert [type(e) for e in events] == [
        TranscriptionTextDeltaEvent,
        TranscriptionTextDeltaEvent,
        TranscriptionTextSegmentEvent,
        UnknownVariant,
        TranscriptionTextDoneEvent,
    ]
    assert "".join(e.delta for e in events[:2]) == "Hello"
    assert events[4].usage.total_tokens == 5


# --- translations ----------------------------------------------------------------------------------


def translate(flavor: Flavor, client: Any, **params: Any) -> Any:
    params.setdefault("file", WAV)
    params.setdefault("model", "whisper-1")
    return flavor.run(lambda c: c.audio.translations.create(**params), client)


def test_translation_json(flavor: Flavor, mock_api: respx.MockRouter, tmp_path: pathlib.Path) -> None:
    route = mock_api.post("/audio/translations").respond(json={"text": "Hello, my name is Wolfgang."})
    path = tmp_path / "german.m4a"
    path.write_bytes(b"\x00\x00\x00\x20ftypM4A \x00\x00\x00\x00")
    result = translate(flavor, flavor.client(), file=path, prompt="Names.", temperature=0)
    assert isinstance(result, Translation)
    assert result.text == "Hello, my name is Wolfgang."
    form = parse_form(route.calls.last.request)
    assert form.fields == {"model": ["whisper-1"], "prompt": ["Names."], "temperature": ["0"]}
    part = form.file("file")
    assert (part.filename, part.content_type, part.content) == ("german.m4a", "audio/mp4", path.read_bytes())


def test_translation_verbose_json(flavor: Flavor, mock_api: respx.MockRouter) -> None:
    mock_api.post("/audio/translations").respond(
        json={
            "task": "translate",
            "language": "english",
            "duration": 3.3,
            "text": "Hi",
            "segments": [SEGMENT],
        }
    )
    result = translate(flavor, flavor.client(), response_format="verbose_json")
    assert isinstance(result, TranslationVerbose)
    assert result.segments is not None
    assert result.segments[0].end == 3.32


@pytest.mark.parametrize(("response_format", "body"), [("text", "Hi\n"), ("srt", SRT), ("vtt", VTT)])
def test_translation_text_formats_return_str(
    flavor: Flavor, mock_api: respx.MockRouter, response_format: str, body: str
) -> None:
    mock_api.post("/audio/translations").respond(text=body, headers={"content-type": "text/plain"})
    assert translate(flavor, flavor.client(), response_format=response_format) == body


def test_translation_does_not_stream(flavor: Flavor, mock_api: respx.MockRouter) -> None:
    route = mock_api.post("/audio/translations").respond(json={"text": "Hi"})
    with pytest.raises(TypeError, match="'stream'"):
        translate(flavor, flavor.client(), stream=True)
    assert not route.called


# --- surfaces --------------------------------------------------------------------------------------


def test_client_audio_namespace() -> None:
    client = openwire.Client(api_key="sk-test")
    assert isinstance(client.audio.speech, Speech)
    assert isinstance(client.audio.transcriptions, Transcriptions)
    assert isinstance(client.audio.translations, Translations)
    client.close()
