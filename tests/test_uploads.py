"""File parameters: every accepted kind of input, the multipart encoding, format sniffing, and bad
inputs refused before anything is sent; on both clients."""

from __future__ import annotations

import io
import pathlib
import threading
from typing import Any

import anyio
import httpx
import pytest
import respx

import openwire
from _multipart import parse_form
from conftest import Flavor
from openwire import FileMissingError, InvalidFileError, InvalidInputError
from openwire._files import multipart_fields, sniff

WAV = b"RIFF\x24\x00\x00\x00WAVEfmt \x10\x00\x00\x00" + b"\x00" * 16
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 16

# First bytes of each format the API takes, and what an upload of bare bytes is then called.
FORMATS = [
    (WAV, "upload.wav", "audio/wav"),
    (b"ID3\x04\x00\x00\x00\x00\x00\x00" + b"\x00" * 8, "upload.mp3", "audio/mpeg"),
    (b"\xff\xfb\x90\x64" + b"\x00" * 12, "upload.mp3", "audio/mpeg"),  # an MPEG frame, no ID3 tag
    (b"fLaC\x00\x00\x00\x22" + b"\x00" * 8, "upload.flac", "audio/flac"),
    (b"OggS\x00\x02" + b"\x00" * 10, "upload.ogg", "audio/ogg"),
    (b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81" + b"\x00" * 8, "upload.webm", "audio/webm"),
    (b"\x00\x00\x00\x20ftypM4A \x00\x00\x00\x00", "upload.m4a", "audio/mp4"),
    (b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00", "upload.mp4", "audio/mp4"),
    (PNG, "upload.png", "image/png"),
    (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 5, "upload.jpeg", "image/jpeg"),
    (b"RIFF\x24\x00\x00\x00WEBPVP8 " + b"\x00" * 8, "upload.webp", "image/webp"),
    (b"GIF89a\x01\x00\x01\x00" + b"\x00" * 6, "upload.gif", "image/gif"),
    (b"\xff\xf1\x50\x80" + b"\x00" * 12, "upload", "application/octet-stream"),  # AAC (ADTS), not MP3
    (b"just some bytes", "upload", "application/octet-stream"),
]


def transcribe(flavor: Flavor, client: Any, **params: Any) -> Any:
    params.setdefault("model", "whisper-1")
    return flavor.run(lambda c: c.audio.transcriptions.create(**params), client)


@pytest.fixture
def route(mock_api: respx.MockRouter) -> respx.Route:
    return mock_api.post("/audio/transcriptions").respond(json={"text": "ok"})


# --- what a file parameter takes -------------------------------------------------------------------


@pytest.mark.parametrize(("content", "filename", "content_type"), FORMATS)
def test_bare_bytes_are_named_by_their_format(
    flavor: Flavor, route: respx.Route, content: bytes, filename: str, content_type: str
) -> None:
    transcribe(flavor, flavor.client(), file=content)
    part = parse_form(route.calls.last.request).file("file")
    assert (part.filename, part.content_type, part.content) == (filename, content_type, content)


@pytest.mark.parametrize(("content", "extension"), [(c, n.partition(".")[2] or None) for c, n, _ in FORMATS])
def test_sniff(content: bytes, extension: str | None) -> None:
    assert sniff(content) == extension


def test_a_path_is_read_and_keeps_its_name(
    flavor: Flavor, route: respx.Route, tmp_path: pathlib.Path
) -> None:
    path = tmp_path / "interview.mp3"
    path.write_bytes(b"ID3" + b"\x01" * 100)
    transcribe(flavor, flavor.client(), file=path)
    part = parse_form(route.calls.last.request).file("file")
    assert (part.filename, part.content_type, part.content) == (
        "interview.mp3",
        "audio/mpeg",
        path.read_bytes(),
    )


def test_a_path_without_extension_gets_the_sniffed_one(
    flavor: Flavor, route: respx.Route, tmp_path: pathlib.Path
) -> None:
    path = tmp_path / "recording"
    path.write_bytes(WAV)
    transcribe(flavor, flavor.client(), file=path)
    part = parse_form(route.calls.last.request).file("file")
    assert (part.filename, part.content_type) == ("recording.wav", "audio/wav")


def test_an_unknown_extension_is_kept(flavor: Flavor, route: respx.Route, tmp_path: pathlib.Path) -> None:
    path = tmp_path / "take.two.weird"
    path.write_bytes(WAV)
    transcribe(flavor, flavor.client(), file=path)
    part = parse_form(route.calls.last.request).file("file")
    assert part.filename == "take.two.weird"
    assert part.content_type == "audio/wav"  # the content still says what it is


def test_an_open_binary_file_is_read_from_where_it_stands(
    flavor: Flavor, route: respx.Route, tmp_path: pathlib.Path
) -> None:
    path = tmp_path / "clip.flac"
    path.write_bytes(b"skip" + b"fLaC" + b"\x02" * 50)
    with path.open("rb") as file:
        file.seek(4)
        transcribe(flavor, flavor.client(), file=file)
    part = parse_form(route.calls.last.request).file("file")
    assert (part.filename, part.content_type, part.content) == (
        "clip.flac",
        "audio/flac",
        b"fLaC" + b"\x02" * 50,
    )


def test_an_in_memory_file_is_named_by_its_format(flavor: Flavor, route: respx.Route) -> None:
    transcribe(flavor, flavor.client(), file=io.BytesIO(WAV))
    part = parse_form(route.calls.last.request).file("file")
    assert (part.filename, part.content_type, part.content) == ("upload.wav", "audio/wav", WAV)


def test_bytearray_and_memoryview(flavor: Flavor, route: respx.Route) -> None:
    client = flavor.client()
    transcribe(flavor, client, file=bytearray(WAV))
    transcribe(flavor, client, file=memoryview(WAV))
    for call in route.calls:
        assert parse_form(call.request).file("file").content == WAV


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (("speech.wav", b"abc"), ("speech.wav", "audio/wav", b"abc")),
        (("speech.bin", b"abc", "audio/x-custom"), ("speech.bin", "audio/x-custom", b"abc")),
        ((None, WAV), ("upload.wav", "audio/wav", WAV)),
        (("clip", WAV, None), ("clip", "audio/wav", WAV)),  # an explicit name is kept as given
        (("notes.txt", b"abc"), ("notes.txt", "text/plain", b"abc")),
    ],
)
def test_tuples_name_the_file_and_its_type(
    flavor: Flavor, route: respx.Route, value: tuple[Any, ...], expected: tuple[str, str, bytes]
) -> None:
    transcribe(flavor, flavor.client(), file=value)
    part = parse_form(route.calls.last.request).file("file")
    assert (part.filename, part.content_type, part.content) == expected


def test_a_tuple_may_hold_an_open_file(flavor: Flavor, route: respx.Route) -> None:
    transcribe(flavor, flavor.client(), file=("notes.wav", io.BytesIO(b"abc"), "audio/wav"))
    part = parse_form(route.calls.last.request).file("file")
    assert (part.filename, part.content_type, part.content) == ("notes.wav", "audio/wav", b"abc")


def test_a_tuple_may_hold_a_path(flavor: Flavor, route: respx.Route, tmp_path: pathlib.Path) -> None:
    path = tmp_path / "raw.dat"
    path.write_bytes(WAV)
    transcribe(flavor, flavor.client(), file=("renamed.wav", path))
    part = parse_form(route.calls.last.request).file("file")
    assert (part.filename, part.content) == ("renamed.wav", WAV)


def test_a_retry_sends_the_same_bytes(
    flavor: Flavor, mock_api: respx.MockRouter, tmp_path: pathlib.Path
) -> None:
    route = mock_api.post("/audio/transcriptions").mock(
        side_effect=[
            httpx.Response(500, json={"error": {"message": "busy"}}),
            httpx.Response(200, json={"text": "ok"}),
        ]
    )
    path = tmp_path / "clip.wav"
    path.write_bytes(WAV + b"\x07" * 1000)
    with path.open("rb") as file:
        result = transcribe(flavor, flavor.client(), file=file)
    assert result.text == "ok"
    assert route.call_count == 2
    first, second = (parse_form(call.request).file("file") for call in route.calls)
    assert first == second
    assert first.content == path.read_bytes()


def test_the_async_client_reads_files_off_the_event_loop(mock_api: respx.MockRouter) -> None:
    mock_api.post("/audio/transcriptions").respond(json={"text": "ok"})
    readers: list[int] = []

    class RecordingFile(io.RawIOBase):
        """A binary file that notes which thread reads it."""

        def readable(self) -> bool:
            return True

        def readall(self) -> bytes:
            readers.append(threading.get_ident())
            return WAV

    async def go() -> int:
        async with openwire.AsyncClient(api_key="sk-test", base_url="https://api.example.test/v1") as client:
            await client.audio.transcriptions.create(file=RecordingFile(), model="whisper-1")
        return threading.get_ident()

    loop_thread = anyio.run(go)
    assert readers
    assert loop_thread not in readers


def test_the_sync_client_reads_files_in_the_calling_thread(
    client: openwire.Client, route: respx.Route
) -> None:
    readers: list[int] = []

    class RecordingFile(io.RawIOBase):
        def readable(self) -> bool:
            return True

        def readall(self) -> bytes:
            readers.append(threading.get_ident())
            return WAV

    client.audio.transcriptions.create(file=RecordingFile(), model="whisper-1")
    assert readers == [threading.get_ident()]


# --- bad inputs: refused before any request ----------------------------------------------------------


def _refused(flavor: Flavor, route: respx.Route, error: type[Exception], **params: Any) -> str:
    with pytest.raises(error) as raised:
        transcribe(flavor, flavor.client(), **params)
    assert not route.called
    assert isinstance(raised.value, InvalidInputError)
    assert isinstance(raised.value, openwire.OpenwireError)
    return str(raised.value)


def test_a_missing_path(flavor: Flavor, route: respx.Route, tmp_path: pathlib.Path) -> None:
    missing = tmp_path / "nope.wav"
    message = _refused(flavor, route, FileNotFoundError, file=missing)
    assert str(missing) in message
    assert "'file'" in message
    assert "audio.transcriptions.create()" in message
    with pytest.raises(FileMissingError):
        transcribe(flavor, flavor.client(), file=missing)


def test_a_relative_missing_path_says_where_it_was_looked_for(flavor: Flavor, route: respx.Route) -> None:
    message = _refused(flavor, route, FileMissingError, file=pathlib.Path("no/such/clip.wav"))
    assert "relative to the working directory" in message


def test_a_directory(flavor: Flavor, route: respx.Route, tmp_path: pathlib.Path) -> None:
    message = _refused(flavor, route, InvalidFileError, file=tmp_path)
    assert "is a directory" in message


def test_a_text_mode_file(flavor: Flavor, route: respx.Route, tmp_path: pathlib.Path) -> None:
    path = tmp_path / "clip.wav"
    path.write_bytes(WAV)
    with path.open() as file:  # text mode
        message = _refused(flavor, route, TypeError, file=file)
    assert "text mode" in message
    assert "'rb'" in message


def test_a_string_io(flavor: Flavor, route: respx.Route) -> None:
    message = _refused(flavor, route, InvalidFileError, file=io.StringIO("hello"))
    assert "text mode" in message


def test_a_str_path(flavor: Flavor, route: respx.Route) -> None:
    message = _refused(flavor, route, InvalidFileError, file="audio/clip.wav")
    assert "pathlib.Path('audio/clip.wav')" in message


def test_a_closed_file(flavor: Flavor, route: respx.Route, tmp_path: pathlib.Path) -> None:
    path = tmp_path / "clip.wav"
    path.write_bytes(WAV)
    with path.open("rb") as file:
        pass
    message = _refused(flavor, route, InvalidFileError, file=file)
    assert "closed" in message


@pytest.mark.parametrize(
    ("value", "hint"),
    [
        (42, "got int"),
        ([], "empty list"),
        (("a.wav",), "not (filename, content)"),
        ((b"abc", "a.wav"), "not (filename, content)"),
        (("a.wav", b"abc", "audio/wav", "extra"), "not (filename, content)"),
    ],
)
def test_other_wrong_values(flavor: Flavor, route: respx.Route, value: object, hint: str) -> None:
    message = _refused(flavor, route, InvalidFileError, file=value)
    assert hint in message


def test_a_file_list_entry_is_checked_too(
    flavor: Flavor, mock_api: respx.MockRouter, tmp_path: pathlib.Path
) -> None:
    route = mock_api.post("/images/edits").respond(json={"created": 1, "data": []})
    with pytest.raises(FileMissingError):
        flavor.run(
            lambda c: c.images.edit(image=[PNG, tmp_path / "missing.png"], prompt="x"), flavor.client()
        )
    assert not route.called


# --- the form ------------------------------------------------------------------------------------


def test_form_encoding_of_values(flavor: Flavor, route: respx.Route) -> None:
    transcribe(
        flavor,
        flavor.client(),
        file=WAV,
        model="gpt-4o-transcribe",
        language="de",
        prompt='Grüße, "quoted"',
        temperature=0.25,
        timestamp_granularities=["word", "segment"],
        include=["logprobs"],
        chunking_strategy={"type": "server_vad", "threshold": 0.5, "silence_duration_ms": 300},
        known_speaker_names=("agent", "customer"),
        stream=False,
    )
    form = parse_form(route.calls.last.request)
    assert form.fields == {
        "model": ["gpt-4o-transcribe"],
        "language": ["de"],
        "prompt": ['Grüße, "quoted"'],
        "temperature": ["0.25"],
        "timestamp_granularities[]": ["word", "segment"],
        "include[]": ["logprobs"],
        "chunking_strategy[type]": ["server_vad"],
        "chunking_strategy[threshold]": ["0.5"],
        "chunking_strategy[silence_duration_ms]": ["300"],
        "known_speaker_names[]": ["agent", "customer"],
        "stream": ["false"],
    }
    assert list(form.files) == ["file"]


def test_none_is_left_out_and_not_given_too(flavor: Flavor, route: respx.Route) -> None:
    transcribe(flavor, flavor.client(), file=WAV, chunking_strategy=None, prompt=openwire.NOT_GIVEN)
    assert parse_form(route.calls.last.request).fields == {"model": ["whisper-1"]}


def test_extra_body_goes_into_the_form(flavor: Flavor, route: respx.Route) -> None:
    transcribe(flavor, flavor.client(), file=WAV, extra_body={"vad_filter": True, "beam_size": 5})
    fields = parse_form(route.calls.last.request).fields
    assert fields["vad_filter"] == ["true"]
    assert fields["beam_size"] == ["5"]


def test_multipart_fields_without_declared_files_detects_them() -> None:
    data, files = multipart_fields({"file": ("a.wav", WAV), "pair": ("word", "segment"), "n": 2}, "test", ())
    assert data == {"pair[]": ["word", "segment"], "n": "2"}
    assert files == [("file", ("a.wav", WAV, "audio/wav"))]


def test_async_file_io_works_on_trio(mock_api: respx.MockRouter, tmp_path: pathlib.Path) -> None:
    pytest.importorskip("trio")
    route = mock_api.post("/audio/transcriptions").respond(json={"text": "ok"})
    mock_api.post("/audio/speech").respond(content=b"ID3" + b"\x01" * 1000)
    mock_api.post("/images/generations").respond(json={"created": 1, "data": [{"b64_json": "iVBORw0KGgo="}]})
    clip = tmp_path / "clip.wav"
    clip.write_bytes(WAV)

    async def go() -> None:
        async with openwire.AsyncClient(api_key="sk-test", base_url="https://api.example.test/v1") as client:
            await client.audio.transcriptions.create(file=clip, model="whisper-1")
            async with client.audio.speech.with_streaming_response.create(
                model="tts-1", voice="alloy", input="x"
            ) as response:
                await response.write_to_file(tmp_path / "speech.mp3")
            audio = await client.audio.speech.create(model="tts-1", voice="alloy", input="x")
            await audio.write_to_file(tmp_path / "again.mp3")
            images = await client.images.generate(prompt="x")
            await images.data[0].asave(tmp_path / "image.png")

    anyio.run(go, backend="trio")
    assert parse_form(route.calls.last.request).file("file").content == WAV
    assert (tmp_path / "speech.mp3").read_bytes() == b"ID3" + b"\x01" * 1000
    assert (tmp_path / "again.mp3").read_bytes() == b"ID3" + b"\x01" * 1000
    assert (tmp_path / "image.png").read_bytes() == b"\x89PNG\r\n\x1a\n"
