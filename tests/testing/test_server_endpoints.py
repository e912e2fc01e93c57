"""The local server's other endpoints: models, embeddings, moderations, images, audio, auth, routing."""

from __future__ import annotations

import base64
import io
import json
import math
import struct
import wave
import zlib
from typing import Any

import httpx
import pytest
from server_helpers import Send, chat, events

from openwire.testing import MODERATION_CATEGORIES, LocalServer

pytest_plugins = ["server_fixtures"]  # its fixtures: server, http, send

# -- models ---------------------------------------------------------------------------------


def test_models_list_retrieve_delete(send: Send) -> None:
    listed = send("GET", "/models").json()
    assert listed["object"] == "list"
    ids = [m["id"] for m in listed["data"]]
    assert {"gpt-4o", "text-embedding-3-small", "whisper-1", "dall-e-3"} <= set(ids)
    assert all(m["object"] == "model" and m["owned_by"] and m["created"] > 0 for m in listed["data"])
    assert send("GET", "/models/gpt-4o").json()["id"] == "gpt-4o"
    missing = send("GET", "/models/nope")
    assert missing.status_code == 404
    assert missing.json()["error"]["code"] == "model_not_found"
    assert send("DELETE", "/models/gpt-4o").status_code == 403


def test_deleting_a_fine_tuned_model_removes_it(http: httpx.Client) -> None:
    [tuned] = [m["id"] for m in http.get("/models").json()["data"] if m["id"].startswith("ft:")]
    assert http.delete(f"/models/{tuned}").json() == {"id": tuned, "object": "model", "deleted": True}
    assert tuned not in [m["id"] for m in http.get("/models").json()["data"]]
    assert http.delete(f"/models/{tuned}").status_code == 404


def test_custom_model_list() -> None:
    with LocalServer(models=["llama3", "ft:llama3:me"]).http_client() as client:
        data = client.get("/models").json()["data"]
    assert [(m["id"], m["owned_by"]) for m in data] == [
        ("llama3", "system"),
        ("ft:llama3:me", "user-openwire"),
    ]


# -- embeddings -----------------------------------------------------------------------------


def embed(http: httpx.Client, **body: Any) -> dict[str, Any]:
    body.setdefault("model", "text-embedding-3-small")
    response = http.post("/embeddings", json=body)
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


def cosine(a: list[float], b: list[float]) -> float:
    return sum(x * y for x, y in zip(a, b, strict=True))


@pytest.mark.parametrize(
    ("model", "size"), [("text-embedding-3-small", 1536), ("text-embedding-3-large", 3072)]
)
def test_embedding_sizes_are_native_and_unit_length(http: httpx.Client, model: str, size: int) -> None:
    body = embed(http, model=model, input="hello world")
    assert body["object"] == "list"
    assert body["model"] == model
    [item] = body["data"]
    assert (item["object"], item["index"]) == ("embedding", 0)
    assert len(item["embedding"]) == size
    assert math.isclose(math.sqrt(sum(v * v for v in item["embedding"])), 1.0, rel_tol=1e-5)
    assert body["usage"] == {"prompt_tokens": 2, "total_tokens": 2}


def test_embedding_dimensions_are_honoured(http: httpx.Client) -> None:
    vector = embed(http, input="hello", dimensions=256)["data"][0]["embedding"]
    assert len(vector) == 256
    assert math.isclose(sum(v * v for v in vector), 1.0, rel_tol=1e-5)


def test_base64_encodes_exactly_the_float32_values(http: httpx.Client) -> None:
    floats = embed(http, input=["a cat", "a dog"], dimensions=64)["data"]
    encoded = embed(http, input=["a cat", "a dog"], dimensions=64, encoding_format="base64")["data"]
    for as_floats, as_base64 in zip(floats, encoded, strict=True):
        raw = base64.b64decode(as_base64["embedding"])
        assert len(raw) == 64 * 4
        decoded = list(struct.unpack("<64f", raw))
        assert decoded == as_floats["embedding"]  # exact, not approximately


def test_embeddings_are_deterministic_and_meaningful(http: httpx.Client) -> None:
    first = embed(http, input=["the cat sat on the mat", "the cat sat on a mat", "quarterly tax report"])
    again = embed(http, input=["the cat sat on the mat"])
    cat, cat2, tax = (item["embedding"] for item in first["data"])
    assert again["data"][0]["embedding"] == cat
    assert cosine(cat, cat2) > 0.8
    assert cosine(cat, tax) < 0.3
    assert [item["index"] for item in first["data"]] == [0, 1, 2]


def test_token_inputs(http: httpx.Client) -> None:
    single = embed(http, input=[1, 2, 3])
    several = embed(http, input=[[1, 2, 3], [4, 5]])
    assert len(single["data"]) == 1
    assert len(several["data"]) == 2
    assert single["data"][0]["embedding"] == several["data"][0]["embedding"]
    assert single["usage"]["prompt_tokens"] == 3


@pytest.mark.parametrize(
    ("body", "param"),
    [
        ({"input": "x"}, "model"),
        ({"model": "text-embedding-3-small"}, "input"),
        ({"model": "text-embedding-3-small", "input": ""}, "input"),
        ({"model": "text-embedding-3-small", "input": []}, "input"),
        ({"model": "text-embedding-3-small", "input": [["a"]]}, "input[0]"),
        ({"model": "text-embedding-3-small", "input": "x", "dimensions": 5000}, "dimensions"),
        ({"model": "text-embedding-3-small", "input": "x", "encoding_format": "hex"}, "encoding_format"),
        ({"model": "text-embedding-ada-002", "input": "x", "dimensions": 8}, "dimensions"),
    ],
)
def test_embedding_errors(send: Send, body: dict[str, Any], param: str) -> None:
    response = send("POST", "/embeddings", json=body)
    assert response.status_code == 400
    assert response.json()["error"]["param"] == param


# -- moderations ----------------------------------------------------------------------------


def test_moderation_of_a_string_and_of_a_list(http: httpx.Client) -> None:
    body = http.post("/moderations", json={"input": "I will kill the process"}).json()
    assert body["id"].startswith("modr-")
    assert body["model"] == "omni-moderation-latest"
    [result] = body["results"]
    assert result["flagged"] is True
    assert len(MODERATION_CATEGORIES) == 13
    assert set(result["categories"]) == set(MODERATION_CATEGORIES)
    assert [c for c, v in result["categories"].items() if v] == ["violence"]
    assert result["category_scores"]["violence"] > 0.9
    assert all(0 <= s < 0.01 for c, s in result["category_scores"].items() if c != "violence")
    assert result["category_applied_input_types"]["hate"] == ["text"]

    several = http.post(
        "/moderations", json={"input": ["fine", "you idiot"], "model": "text-moderation-latest"}
    ).json()
    assert several["model"] == "text-moderation-latest"
    assert [r["flagged"] for r in several["results"]] == [False, True]
    assert several["results"][1]["categories"]["harassment"] is True


def test_flag_words_match_whole_words_and_are_scriptable(server: LocalServer, http: httpx.Client) -> None:
    assert http.post("/moderations", json={"input": "skilled"}).json()["results"][0]["flagged"] is False
    server.flag("pineapple", "hate")
    result = http.post("/moderations", json={"input": "PINEAPPLE pizza"}).json()["results"][0]
    assert result["categories"]["hate"] is True
    with pytest.raises(ValueError, match="unknown moderation category"):
        server.flag("x", "rudeness")
    with LocalServer(flag_words={}).http_client() as quiet:
        assert quiet.post("/moderations", json={"input": "kill"}).json()["results"][0]["flagged"] is False


def test_moderation_of_text_and_image_parts(http: httpx.Client) -> None:
    parts = [
        {"type": "text", "text": "kill"},
        {"type": "image_url", "image_url": {"url": "https://example.com/a.png"}},
    ]
    [result] = http.post("/moderations", json={"input": parts}).json()["results"]
    assert result["flagged"] is True
    assert result["category_applied_input_types"]["violence"] == ["text", "image"]
    assert result["category_applied_input_types"]["hate"] == ["text"]
    refused = http.post("/moderations", json={"input": parts, "model": "text-moderation-latest"})
    assert refused.status_code == 400


@pytest.mark.parametrize(
    ("body", "param"),
    [({}, "input"), ({"input": 3}, "input"), ({"input": [{"type": "audio"}]}, "input[0].type")],
)
def test_moderation_errors(send: Send, body: dict[str, Any], param: str) -> None:
    response = send("POST", "/moderations", json=body)
    assert response.status_code == 400
    assert response.json()["error"]["param"] == param


# -- images ---------------------------------------------------------------------------------


def png_pixels(data: bytes) -> tuple[int, int, bytes]:
    """Decode the PNGs the server makes (8-bit RGB, filter 0): width, height, raw scanlines."""
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    position, idat, width, height = 8, b"", 0, 0
    while position < len(data):
        length = struct.unpack(">I", data[position : position + 4])[0]
        kind = data[position + 4 : position + 8]
        chunk = data[position + 8 : position + 8 + length]
        crc = struct.unpack(">I", data[position + 8 + length : position + 12 + length])[0]
        assert crc == zlib.crc32(kind + chunk) & 0xFFFFFFFF
        if kind == b"IHDR":
            width, height = struct.unpack(">II", chunk[:8])
        elif kind == b"IDAT":
            idat += chunk
        position += 12 + length
    raw = zlib.decompress(idat)
    assert len(raw) == height * (1 + 3 * width)
    return width, height, raw


def test_generation_as_base64_png_of_the_requested_size(http: httpx.Client) -> None:
    body = http.post(
        "/images/generations",
        json={"prompt": "a red fox", "size": "256x256", "response_format": "b64_json", "n": 2},
    ).json()
    assert body["created"] > 0
    assert len(body["data"]) == 2
    first, second = (base64.b64decode(item["b64_json"]) for item in body["data"])
    assert png_pixels(first)[:2] == (256, 256)
    assert first != second  # each image of a request differs
    assert body["data"][0]["revised_prompt"].endswith("a red fox")
    assert "usage" not in body


def test_generation_as_url_served_by_the_server(send: Send) -> None:
    body = send(
        "POST", "/images/generations", json={"prompt": "a fox", "model": "dall-e-3", "size": "1024x1792"}
    ).json()
    url = body["data"][0]["url"]
    assert url.startswith("http://localhost/v1/files-served/")
    image = send("GET", url)
    assert image.status_code == 200
    assert image.headers["content-type"] == "image/png"
    assert png_pixels(image.content)[:2] == (1024, 1792)
    assert send("GET", "/files-served/img-missing.png").status_code == 404


def test_gpt_image_answers_base64_with_usage(http: httpx.Client) -> None:
    body = http.post(
        "/images/generations", json={"prompt": "a fox", "model": "gpt-image-1", "quality": "low"}
    ).json()
    assert set(body["data"][0]) == {"b64_json"}
    assert (body["size"], body["quality"], body["output_format"]) == ("1024x1024", "low", "png")
    usage = body["usage"]
    assert usage["total_tokens"] == usage["input_tokens"] + usage["output_tokens"]
    assert usage["input_tokens_details"]["text_tokens"] == 2  # "a", " fox"


@pytest.mark.parametrize(
    ("body", "param"),
    [
        ({}, "prompt"),
        ({"prompt": "x", "n": 11}, "n"),
        ({"prompt": "x", "model": "dall-e-3", "n": 2}, "n"),
        ({"prompt": "x", "model": "dall-e-2", "size": "1792x1024"}, "size"),
        ({"prompt": "x", "size": "64x32"}, "size"),
        ({"prompt": "x", "size": "huge"}, "size"),
        ({"prompt": "x", "response_format": "gif"}, "response_format"),
    ],
)
def test_generation_errors(send: Send, body: dict[str, Any], param: str) -> None:
    response = send("POST", "/images/generations", json=body)
    assert response.status_code == 400
    assert response.json()["error"]["param"] == param


def small_png(http: httpx.Client, size: str = "64x32") -> bytes:
    # A model the server does not know accepts any size (dall-e-2, the default, would refuse 64x32).
    request = {"prompt": "base", "size": size, "response_format": "b64_json", "model": "local-image"}
    body = http.post("/images/generations", json=request)
    return base64.b64decode(body.json()["data"][0]["b64_json"])


def test_edit_answers_in_the_spec_default_size_not_the_uploaded_one(
    server: LocalServer, http: httpx.Client
) -> None:
    source = small_png(http)
    response = http.post(
        "/images/edits",
        data={"prompt": "add a hat", "response_format": "b64_json", "size": "256x256"},
        files={"image": ("in.png", source, "image/png"), "mask": ("mask.png", source, "image/png")},
    )
    assert response.status_code == 200, response.text
    assert png_pixels(base64.b64decode(response.json()["data"][0]["b64_json"]))[:2] == (256, 256)
    recorded = server.last_request
    assert recorded.form["prompt"] == "add a hat"
    assert recorded.files["image"][0].filename == "in.png"
    assert recorded.files["image"][0].data == source


def test_edit_with_several_images_for_gpt_image(http: httpx.Client) -> None:
    source = small_png(http)
    response = http.post(
        "/images/edits",
        data={"prompt": "merge", "model": "gpt-image-1"},
        files=[
            ("image[]", ("a.png", source, "image/png")),
            ("image[]", ("b.jpg", b"\xff\xd8jpeg", "image/jpeg")),
        ],
    )
    body = response.json()
    assert response.status_code == 200, body
    assert body["usage"]["input_tokens_details"]["image_tokens"] > 0


def test_edit_and_variation_errors(http: httpx.Client) -> None:
    source = small_png(http)
    no_prompt = http.post("/images/edits", files={"image": ("in.png", source, "image/png")})
    assert no_prompt.json()["error"]["param"] == "prompt"
    no_image = http.post("/images/edits", data={"prompt": "x"}, files={"other": ("x", b"1")})
    assert no_image.json()["error"]["param"] == "image"
    not_png = http.post(
        "/images/edits", data={"prompt": "x"}, files={"image": ("a.jpg", b"\xff\xd8", "image/jpeg")}
    )
    assert not_png.json()["error"]["code"] == "invalid_image_format"
    bad_mask = http.post(
        "/images/edits", data={"prompt": "x"}, files={"image": ("a.png", source), "mask": ("m.png", b"nope")}
    )
    assert bad_mask.json()["error"]["param"] == "mask"
    as_json = http.post("/images/edits", json={"prompt": "x"})
    assert as_json.status_code == 400
    assert "multipart" in as_json.json()["error"]["message"]
    assert http.post("/images/variations", files={"image": ("a.jpg", b"\xff\xd8")}).status_code == 400


def test_variations(http: httpx.Client) -> None:
    source = small_png(http, "32x32")
    body = http.post(
        "/images/variations",
        data={"n": "3", "response_format": "b64_json", "size": "256x256"},
        files={"image": ("in.png", source)},
    ).json()
    images = [png_pixels(base64.b64decode(item["b64_json"])) for item in body["data"]]
    assert [image[:2] for image in images] == [(256, 256)] * 3  # the size asked for, not the upload's
    assert len({image[2] for image in images}) == 3


def test_streamed_generation_and_edit(http: httpx.Client) -> None:
    found = events(
        http.post(
            "/images/generations",
            json={
                "prompt": "a fox",
                "model": "gpt-image-1",
                "stream": True,
                "partial_images": 2,
                "size": "1024x1536",
            },
        ).text
    )
    assert [e["type"] for e in found] == [
        "image_generation.partial_image",
        "image_generation.partial_image",
        "image_generation.completed",
    ]
    assert [e.get("partial_image_index") for e in found] == [0, 1, None]
    images = [png_pixels(base64.b64decode(e["b64_json"])) for e in found]
    assert all(image[:2] == (1024, 1536) for image in images)
    assert len({image[2] for image in images}) == 3  # each partial differs from the final image
    assert found[-1]["usage"]["output_tokens"] > 0
    assert found[-1]["size"] == "1024x1536"

    edited = http.post(
        "/images/edits",
        data={"prompt": "hat", "model": "gpt-image-1", "stream": "true"},
        files={"image": ("in.png", small_png(http), "image/png")},
    )
    assert [e["type"] for e in events(edited.text)] == ["image_edit.completed"]
    refused = http.post("/images/generations", json={"prompt": "x", "model": "dall-e-3", "stream": True})
    assert refused.json()["error"]["param"] == "stream"
    too_many = http.post(
        "/images/generations",
        json={"prompt": "x", "model": "gpt-image-1", "stream": True, "partial_images": 4},
    )
    assert too_many.json()["error"]["param"] == "partial_images"


# -- audio ----------------------------------------------------------------------------------


def speech(http: httpx.Client, text: str, **body: Any) -> httpx.Response:
    return http.post("/audio/speech", json={"model": "tts-1", "voice": "alloy", "input": text, **body})


def test_speech_is_a_real_wav_whose_length_follows_the_text(http: httpx.Client) -> None:
    short = speech(http, "Hi.", response_format="wav")
    long = speech(
        http, "Hello, this is a much longer sentence for the speech endpoint.", response_format="wav"
    )
    assert short.headers["content-type"] == "audio/wav"
    assert "x-openwire-audio" not in short.headers
    durations = []
    for response in (short, long):
        with wave.open(io.BytesIO(response.content)) as audio:
            assert (audio.getnchannels(), audio.getsampwidth(), audio.getframerate()) == (1, 2, 24000)
            frames = audio.readframes(audio.getnframes())
            assert any(frames)  # not silence
            durations.append(audio.getnframes() / audio.getframerate())
    assert 0.1 < durations[0] < durations[1]


def test_speech_formats(http: httpx.Client) -> None:
    default = speech(http, "Hello")
    assert default.headers["content-type"] == "audio/mpeg"
    assert default.headers["x-openwire-audio"] == "silence"
    assert default.content.startswith(b"ID3")
    pcm = speech(http, "Hello", response_format="pcm")
    assert pcm.headers["content-type"] == "audio/pcm"
    with wave.open(io.BytesIO(speech(http, "Hello", response_format="wav").content)) as audio:
        assert pcm.content == audio.readframes(audio.getnframes())
    faster = speech(http, "Hello", response_format="pcm", speed=2.0)
    assert len(faster.content) < len(pcm.content)
    assert speech(http, "Hello", voice={"id": "voice_123"}).status_code == 200


def test_speech_as_events(http: httpx.Client) -> None:
    found = events(speech(http, "Hello there", stream_format="sse", response_format="pcm").text)
    assert [e["type"] for e in found[:-1]] == ["speech.audio.delta"] * (len(found) - 1)
    audio = b"".join(base64.b64decode(e["audio"]) for e in found[:-1])
    assert audio == speech(http, "Hello there", response_format="pcm").content
    assert found[-1]["type"] == "speech.audio.done"
    assert found[-1]["usage"]["input_tokens"] == 2


@pytest.mark.parametrize(
    ("body", "param"),
    [
        ({"voice": "alloy", "input": "x"}, "model"),
        ({"model": "tts-1", "voice": "alloy"}, "input"),
        ({"model": "tts-1", "input": "x"}, "voice"),
        ({"model": "tts-1", "voice": "alloy", "input": "x", "response_format": "ogg"}, "response_format"),
        ({"model": "tts-1", "voice": "alloy", "input": "x", "speed": 5}, "speed"),
        ({"model": "tts-1", "voice": "alloy", "input": "x" * 4097}, "input"),
    ],
)
def test_speech_errors(send: Send, body: dict[str, Any], param: str) -> None:
    response = send("POST", "/audio/speech", json=body)
    assert response.status_code == 400
    assert response.json()["error"]["param"] == param


def transcribe(
    http: httpx.Client, audio: bytes, name: str = "clip.wav", path: str = "transcriptions", **form: Any
) -> httpx.Response:
    form.setdefault("model", "whisper-1")
    return http.post(f"/audio/{path}", data=form, files={"file": (name, audio, "audio/wav")})


def test_speech_round_trips_through_transcription(http: httpx.Client) -> None:
    text = "The quick brown fox jumps over the lazy dog."
    audio = speech(http, text, response_format="wav").content
    body = transcribe(http, audio).json()
    assert body["text"] == text
    assert body["usage"]["type"] == "duration"
    tokens = transcribe(http, audio, model="gpt-4o-transcribe").json()["usage"]
    assert tokens["type"] == "tokens"
    assert tokens["total_tokens"] == tokens["input_tokens"] + tokens["output_tokens"]


def test_transcript_of_other_audio_names_the_file(server: LocalServer, http: httpx.Client) -> None:
    body = transcribe(http, b"ID3" + bytes(1000), name="meeting.mp3").json()
    assert body["text"] == "This is a transcript of meeting.mp3 (1003 bytes of audio)."
    server.transcript("scripted words", "second")
    assert transcribe(http, b"x").json()["text"] == "scripted words"
    assert transcribe(http, b"x", path="translations").json()["text"] == "second"
    assert transcribe(http, b"x", path="translations").json()["text"].startswith("This is a translation of")
    assert server.last_request.files["file"][0].filename == "clip.wav"


def test_transcription_formats(http: httpx.Client) -> None:
    text = " ".join(f"word{i}" for i in range(15)) + "."
    audio = speech(http, text, response_format="wav").content
    plain = transcribe(http, audio, response_format="text")
    assert plain.headers["content-type"].startswith("text/plain")
    assert plain.text == text + "\n"
    srt = transcribe(http, audio, response_format="srt").text
    assert srt.startswith("1\n00:00:00,000 --> 00:00:")
    assert "\n2\n" in srt  # fifteen words make two segments
    vtt = transcribe(http, audio, response_format="vtt")
    assert vtt.headers["content-type"].startswith("text/vtt")
    assert vtt.text.startswith("WEBVTT\n\n00:00:00.000 --> ")

    verbose = transcribe(http, audio, response_format="verbose_json", language="fr").json()
    assert (verbose["task"], verbose["language"], verbose["text"]) == ("transcribe", "french", text)
    assert verbose["duration"] > 1
    segments = verbose["segments"]
    assert [s["id"] for s in segments] == [0, 1]
    assert segments[-1]["end"] == pytest.approx(verbose["duration"], abs=0.01)
    assert "".join(s["text"] for s in segments).split() == text.split()
    assert "words" not in verbose

    words = transcribe(
        http, audio, response_format="verbose_json", **{"timestamp_granularities[]": ["word", "segment"]}
    ).json()
    assert [w["word"] for w in words["words"]] == [f"word{i}" for i in range(15)]
    assert all(w["start"] < w["end"] for w in words["words"])
    only_words = transcribe(
        http, audio, response_format="verbose_json", **{"timestamp_granularities[]": "word"}
    )
    assert "segments" not in only_words.json()

    diarized = transcribe(
        http, audio, response_format="diarized_json", model="gpt-4o-transcribe-diarize"
    ).json()
    assert [s["speaker"] for s in diarized["segments"]] == ["A", "B"]
    assert diarized["segments"][0]["type"] == "transcript.text.segment"


def test_translation_verbose_and_stream(http: httpx.Client) -> None:
    audio = speech(http, "Bonjour tout le monde", response_format="wav").content
    verbose = transcribe(http, audio, path="translations", response_format="verbose_json").json()
    assert (verbose["task"], verbose["language"]) == ("translate", "english")
    refused = transcribe(http, audio, path="translations", response_format="diarized_json")
    assert refused.status_code == 400
    streamed = events(transcribe(http, audio, model="gpt-4o-mini-transcribe", stream="true").text)
    assert "".join(e["delta"] for e in streamed[:-1]) == "Bonjour tout le monde"
    assert streamed[-1]["type"] == "transcript.text.done"


def test_transcription_errors(http: httpx.Client) -> None:
    assert (
        http.post("/audio/transcriptions", data={"model": "whisper-1"}, files={"x": ("a", b"1")}).json()[
            "error"
        ]["param"]
        == "file"
    )
    assert transcribe(http, b"x", model="").json()["error"]["param"] == "model"
    assert transcribe(http, b"x", response_format="xml").json()["error"]["param"] == "response_format"
    wrong = transcribe(http, b"x", **{"timestamp_granularities[]": "word"})
    assert wrong.json()["error"]["param"] == "timestamp_granularities"


# -- auth, routing, headers -----------------------------------------------------------------


def test_api_key_is_required_when_configured() -> None:
    server = LocalServer(api_key="sk-local-123456789")
    with server.http_client() as client:
        missing = client.get("/models")
        assert missing.status_code == 401
        assert "API key" in missing.json()["error"]["message"]
        wrong = client.get("/models", headers={"Authorization": "Bearer sk-wrong-000000000"})
        assert wrong.status_code == 401
        assert wrong.json()["error"]["code"] == "invalid_api_key"
        assert "sk-wrong-000000000" not in wrong.text  # the key is masked
        ok = client.get("/models", headers={"Authorization": "Bearer sk-local-123456789"})
        assert ok.status_code == 200
        image = client.post(
            "/images/generations",
            json={"prompt": "p"},
            headers={"Authorization": "Bearer sk-local-123456789"},
        ).json()
        assert client.get(image["data"][0]["url"]).status_code == 200  # links need no key


def test_unknown_paths_and_methods(send: Send) -> None:
    unknown = send("GET", "/nothing/here")
    assert unknown.status_code == 404
    assert unknown.json()["error"]["code"] == "unknown_url"
    wrong_method = send("PUT", "/models")
    assert wrong_method.status_code == 405
    assert "GET" in wrong_method.json()["error"]["message"]


def test_works_without_the_v1_prefix(server: LocalServer) -> None:
    with httpx.Client(transport=server.transport(), base_url="http://testserver") as client:
        assert client.get("/models").status_code == 200
        assert client.post("/chat/completions", json=chat()).status_code == 200
    assert [r.path for r in server.requests] == ["/models", "/chat/completions"]


def test_every_response_has_a_distinct_request_id(http: httpx.Client) -> None:
    responses = [http.get("/models"), http.get("/nope"), http.post("/chat/completions", json={})]
    ids = [r.headers["x-request-id"] for r in responses]
    assert all(i.startswith("req_") for i in ids)
    assert len(set(ids)) == 3


def test_requests_are_recorded(server: LocalServer, http: httpx.Client) -> None:
    http.post("/chat/completions", json=chat(), headers={"X-Custom": "yes"}, params={"api-version": "1"})
    http.post("/chat/completions", content=b"{broken")
    first, second = server.requests
    assert (first.method, first.path) == ("POST", "/chat/completions")
    assert first.json == chat()
    assert first.headers["x-custom"] == "yes"
    assert first.query == {"api-version": "1"}
    assert second.json is None
    assert second.body == b"{broken"
    assert json.loads(first.body) == chat()
    server.reset()
    assert server.requests == []
    with pytest.raises(LookupError):
        _ = server.last_request
