"""What a newcomer meets in the built-in server, over real HTTP (issue 16, point 4): speech in the
format asked for, 400s rather than 500s for what the spec rejects, image sizes and list ids as the
spec says, an `Allow` header on a 405, and a moderation `policy` of `block` honoured."""

from __future__ import annotations

import base64
import struct
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from openwire.testing import LiveServer

pytest.importorskip("uvicorn")


@pytest.fixture
def http(openwire_live_server: LiveServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=openwire_live_server.base_url, timeout=30) as client:
        yield client


def speech(http: httpx.Client, text: str, response_format: str) -> httpx.Response:
    body = {"model": "gpt-4o-mini-tts", "voice": "alloy", "input": text, "response_format": response_format}
    response = http.post("/audio/speech", json=body)
    assert response.status_code == 200, response.text
    return response


def transcribe(http: httpx.Client, audio: bytes, name: str) -> str:
    response = http.post("/audio/transcriptions", data={"model": "whisper-1"}, files={"file": (name, audio)})
    assert response.status_code == 200, response.text
    text: str = response.json()["text"]
    return text


# -- speech is real data in the format asked for -----------------------------------------------


def _mp3_frames(data: bytes) -> list[bytes]:
    """The MPEG audio frame headers after the ID3v2 tag, checked frame by frame."""
    assert data[:3] == b"ID3"
    size = 0
    for byte in data[6:10]:
        size = (size << 7) | byte
    position, headers = 10 + size, []
    while position < len(data):
        header = data[position : position + 4]
        assert header[0] == 0xFF, f"no frame sync at {position}"
        assert header[1] & 0xE0 == 0xE0, f"no frame sync at {position}"
        version, layer = (header[1] >> 3) & 3, (header[1] >> 1) & 3
        assert (version, layer) == (2, 1)  # MPEG-2, Layer III
        bitrate = (0, 8, 16, 24, 32, 40, 48, 56, 64)[header[2] >> 4] * 1000
        rate = (22050, 24000, 16000)[(header[2] >> 2) & 3]
        length = 72 * bitrate // rate + ((header[2] >> 1) & 1)
        headers.append(header)
        position += length
    assert position == len(data)  # the frames tile the file exactly
    return headers


def test_mp3_speech_is_mpeg_audio_frames_and_round_trips(http: httpx.Client) -> None:
    short, long = (speech(http, text, "mp3") for text in ("Hi.", "A much longer sentence to say aloud."))
    assert short.headers["content-type"] == "audio/mpeg"
    assert short.headers["x-openwire-audio"] == "silence"  # real MP3, but silent: said, not hidden
    assert len(_mp3_frames(short.content)) < len(_mp3_frames(long.content))
    assert transcribe(http, long.content, "speech.mp3") == "A much longer sentence to say aloud."


def test_flac_speech_carries_the_samples_and_round_trips(http: httpx.Client) -> None:
    flac = speech(http, "Hello there", "flac")
    pcm = speech(http, "Hello there", "pcm").content
    assert flac.headers["content-type"] == "audio/flac"
    assert "x-openwire-audio" not in flac.headers  # the tones themselves, not silence
    data = flac.content
    assert data[:4] == b"fLaC"
    assert data[4] & 0x7F == 0  # STREAMINFO first
    info = int.from_bytes(data[18:26], "big")
    assert (info >> 44, ((info >> 36) & 0x1F) + 1, info & ((1 << 36) - 1)) == (24_000, 16, len(pcm) // 2)
    first_frame = data.index(b"\xff\xf8", 42)
    header_end = first_frame + 4 + 1 + 2 + 1  # sync, codes, frame number 0, block size, CRC-8
    samples = data[header_end + 1 : header_end + 1 + 2 * 4096]  # after the VERBATIM subframe byte
    assert data[header_end] == 0x02
    assert struct.unpack(">4096h", samples) == struct.unpack("<4096h", pcm[: 2 * 4096])
    assert transcribe(http, data, "speech.flac") == "Hello there"


def test_opus_and_aac_speech_are_their_containers(http: httpx.Client) -> None:
    opus = speech(http, "Hello there", "opus")
    assert opus.headers["content-type"] == "audio/opus"
    pages = opus.content.split(b"OggS")[1:]
    bodies = [page[23 + page[22] :] for page in pages]  # after the header and the lacing values
    assert bodies[0].startswith(b"OpusHead")
    assert bodies[1].startswith(b"OpusTags")
    assert pages[-1][1] & 0x04  # the last page ends the stream
    assert transcribe(http, opus.content, "speech.ogg") == "Hello there"

    aac = speech(http, "Hello there", "aac")
    assert aac.headers["content-type"] == "audio/aac"
    frames = aac.content[aac.content.index(b"\xff\xf1") :]
    length = ((frames[3] & 0x03) << 11) | (frames[4] << 3) | (frames[5] >> 5)
    assert len(frames) % length == 0
    assert transcribe(http, aac.content, "speech.aac") == "Hello there"


# -- what the spec rejects is a 400, never a 500 -----------------------------------------------


@pytest.mark.parametrize(
    ("path", "body", "param"),
    [
        ("/images/generations", {"prompt": "a boat", "model": 123}, "model"),
        ("/images/generations", {"prompt": "a boat", "model": [None]}, "model"),
        ("/images/generations", {"prompt": "a boat", "model": {}}, "model"),
        ("/images/generations", {"prompt": "a boat", "user": {}}, "user"),
        ("/embeddings", {"model": "text-embedding-3-small", "input": "x", "user": {}}, "user"),
        (
            "/chat/completions",
            {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "x"}], "user": {}},
            "user",
        ),
        ("/responses", {"model": "gpt-4o-mini", "input": "x", "user": 5}, "user"),
        ("/moderations", {"input": [{"type": "text"}]}, "input[0].text"),
        ("/moderations", {"input": [{"type": "image_url", "image_url": {}}]}, "input[0].image_url.url"),
        (
            "/chat/completions",
            {
                "model": "gpt-4o-mini",
                "messages": [{"role": "user", "content": "x"}],
                "moderation": {"model": "omni-moderation-latest", "policy": {"input": {"mode": "drop"}}},
            },
            "moderation.policy.input.mode",
        ),
    ],
)
def test_what_the_spec_rejects_is_a_400(
    http: httpx.Client, path: str, body: dict[str, Any], param: str
) -> None:
    response = http.post(path, json=body)
    assert response.status_code == 400, response.text
    assert response.json()["error"]["param"] == param


def test_a_null_image_model_is_the_default_as_the_spec_allows(http: httpx.Client) -> None:
    response = http.post(
        "/images/generations", json={"prompt": "a boat", "model": None, "response_format": "b64_json"}
    )
    assert response.status_code == 200, response.text


def test_a_bad_transcription_include_is_a_400(http: httpx.Client) -> None:
    audio = speech(http, "Hi", "wav").content
    response = http.post(
        "/audio/transcriptions",
        data={"model": "gpt-4o-transcribe", "include[]": "everything"},
        files={"file": ("a.wav", audio)},
    )
    assert response.status_code == 400, response.text
    assert response.json()["error"]["param"] == "include"
    good = http.post(
        "/audio/transcriptions",
        data={"model": "gpt-4o-transcribe", "include[]": "logprobs"},
        files={"file": ("a.wav", audio)},
    )
    assert good.status_code == 200, good.text


# -- sizes, lists and methods as the spec and HTTP say -----------------------------------------


def _png(http: httpx.Client, size: str) -> bytes:
    request = {"prompt": "base", "size": size, "response_format": "b64_json", "model": "local-image"}
    return base64.b64decode(http.post("/images/generations", json=request).json()["data"][0]["b64_json"])


def _size(item: dict[str, Any]) -> tuple[int, int]:
    data = base64.b64decode(item["b64_json"])
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_an_image_edit_reports_its_output_size_not_the_uploads(http: httpx.Client) -> None:
    wide = _png(http, "96x48")
    plain = http.post(
        "/images/edits",
        data={"prompt": "a hat", "response_format": "b64_json"},
        files={"image": ("in.png", wide)},
    ).json()
    assert _size(plain["data"][0]) == (1024, 1024)  # the spec's default for edits
    gpt = http.post(
        "/images/edits",
        data={"prompt": "a hat", "model": "gpt-image-1", "size": "auto"},
        files={"image": ("in.png", wide)},
    ).json()
    assert gpt["size"] == "1536x1024" != "96x48"  # auto: the standard size of the upload's shape
    assert _size(gpt["data"][0]) == (1536, 1024)


def test_an_empty_stored_completions_list_has_string_ids(http: httpx.Client) -> None:
    listed = http.get("/chat/completions").json()
    assert listed["data"] == []
    assert listed["first_id"] == ""  # the spec: required strings, so no null
    assert listed["last_id"] == ""


def test_a_405_says_which_methods_are_allowed(http: httpx.Client) -> None:
    response = http.delete("/chat/completions")
    assert response.status_code == 405
    assert set(response.headers["allow"].split(", ")) == {"GET", "POST"}
    assert http.put("/embeddings", json={}).headers["allow"] == "POST"


# -- a moderation policy of `block` is honoured ---------------------------------------------------


def _moderated_chat(http: httpx.Client, text: str, policy: dict[str, Any] | None) -> dict[str, Any]:
    moderation: dict[str, Any] = {"model": "omni-moderation-latest"}
    if policy is not None:
        moderation["policy"] = policy
    body = {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": text}], "moderation": moderation}
    response = http.post("/chat/completions", json=body)
    assert response.status_code == 200, response.text
    completion: dict[str, Any] = response.json()
    return completion


def test_a_blocking_input_policy_withholds_the_reply(
    openwire_live_server: LiveServer, http: httpx.Client
) -> None:
    scored = _moderated_chat(http, "I will kill you", None)
    assert scored["moderation"]["input"]["results"][0]["flagged"] is True
    assert scored["choices"][0]["message"]["content"] == "You said: I will kill you"  # score: reported only

    blocked = _moderated_chat(http, "I will kill you", {"input": {"mode": "block"}})
    assert blocked["moderation"]["input"]["results"][0]["flagged"] is True
    choice = blocked["choices"][0]
    assert choice["finish_reason"] == "content_filter"
    assert choice["message"]["content"] is None
    assert blocked["usage"]["completion_tokens"] == 0

    clean = _moderated_chat(http, "Have a nice day", {"input": {"mode": "block"}})
    assert clean["choices"][0]["finish_reason"] == "stop"

    openwire_live_server.server.reply("Still queued")
    _moderated_chat(http, "I will kill you", {"input": {"mode": "block"}})  # not answered at all
    assert _moderated_chat(http, "Hello", None)["choices"][0]["message"]["content"] == "Still queued"


def test_a_blocking_output_policy_withholds_a_flagged_reply(
    openwire_live_server: LiveServer, http: httpx.Client
) -> None:
    openwire_live_server.server.reply("I will kill it")
    blocked = _moderated_chat(http, "Tell me", {"output": {"mode": "block"}})
    assert blocked["moderation"]["output"]["results"][0]["flagged"] is True
    assert blocked["choices"][0]["finish_reason"] == "content_filter"
    assert blocked["choices"][0]["message"]["content"] is None
    openwire_live_server.server.reply("All good")
    input_only = _moderated_chat(http, "I will kill you", {"output": {"mode": "block"}})
    assert input_only["choices"][0]["finish_reason"] == "stop"  # only the output side blocks


def test_a_blocked_stream_ends_with_content_filter(http: httpx.Client) -> None:
    body = {
        "model": "gpt-4o-mini",
        "messages": [{"role": "user", "content": "I will kill you"}],
        "moderation": {"model": "omni-moderation-latest", "policy": {"input": {"mode": "block"}}},
        "stream": True,
    }
    text = http.post("/chat/completions", json=body).text
    assert '"finish_reason":"content_filter"' in text
    assert "You said" not in text
