"""The return types of the images, audio, embeddings and moderations methods follow their parameters:
checked by `mypy --strict tests/typing`.

Nothing here is sent: the functions are only type-checked (pytest collects no tests from them).
"""

from __future__ import annotations

import io
import pathlib
from typing import TYPE_CHECKING

from typing_extensions import assert_type

import openwire
from openwire.types.audio import (
    SpeechStreamEvent,
    Transcription,
    TranscriptionDiarized,
    TranscriptionStreamEvent,
    TranscriptionVerbose,
    Translation,
    TranslationVerbose,
)
from openwire.types.embeddings import CreateEmbeddingResponse
from openwire.types.images import ImageEditStreamEvent, ImageGenStreamEvent, ImagesResponse
from openwire.types.moderation import ModerationCreateResponse

if TYPE_CHECKING:  # numpy is optional: only the type checker needs it here
    import numpy as np
    import numpy.typing as npt


def images(client: openwire.Client, flag: bool) -> None:
    assert_type(client.images.generate(prompt="p"), ImagesResponse)
    assert_type(client.images.generate(prompt="p", stream=True), openwire.Stream[ImageGenStreamEvent])
    assert_type(
        client.images.generate(prompt="p", stream=flag), ImagesResponse | openwire.Stream[ImageGenStreamEvent]
    )
    png = pathlib.Path("in.png")
    assert_type(client.images.edit(image=[png, b"..."], mask=png, prompt="p"), ImagesResponse)
    assert_type(client.images.edit(image=png, prompt="p", stream=True), openwire.Stream[ImageEditStreamEvent])
    assert_type(client.images.create_variation(image=("a.png", b"...", "image/png")), ImagesResponse)
    with png.open("rb") as file:
        client.images.create_variation(image=file)
    client.images.generate(prompt="p", sise="1024x1024")  # type: ignore[call-overload]
    client.images.edit(prompt="p")  # type: ignore[call-overload]
    client.images.create_variation(image="in.png")  # type: ignore[arg-type]
    client.images.create_variation(image=io.StringIO("text"))  # type: ignore[arg-type]
    client.images.generate(prompt="p").data[0].save("out.png")


async def async_images(client: openwire.AsyncClient) -> None:
    result = await client.images.generate(prompt="p")
    assert_type(result, ImagesResponse)
    await result.data[0].asave("out.png")
    stream = await client.images.generate(prompt="p", stream=True)
    assert_type(stream, openwire.AsyncStream[ImageGenStreamEvent])


def audio(client: openwire.Client, flag: bool) -> None:
    assert_type(client.audio.speech.create(model="tts-1", voice="alloy", input="x"), openwire.BinaryContent)
    assert_type(
        client.audio.speech.create(model="m", voice={"id": "voice_1"}, input="x", stream_format="sse"),
        openwire.Stream[SpeechStreamEvent],
    )
    with client.audio.speech.with_streaming_response.create(model="m", voice="v", input="x") as response:
        response.write_to_file("out.mp3")
    wav = pathlib.Path("in.wav")
    transcriptions = client.audio.transcriptions
    assert_type(transcriptions.create(file=wav, model="whisper-1"), Transcription)
    assert_type(transcriptions.create(file=wav, model="m", response_format="json"), Transcription)
    assert_type(
        transcriptions.create(file=wav, model="m", response_format="verbose_json"), TranscriptionVerbose
    )
    assert_type(transcriptions.create(file=wav, model="m", response_format="srt"), str)
    assert_type(
        transcriptions.create(file=wav, model="m", response_format="diarized_json"), TranscriptionDiarized
    )
    assert_type(
        transcriptions.create(file=wav, model="m", stream=True), openwire.Stream[TranscriptionStreamEvent]
    )
    transcriptions.create(file=wav, model="m", chunking_strategy={"type": "server_vad", "threshold": 0.4})
    transcriptions.create(
        file=wav, model="m", timestamp_granularities=["word"], response_format="verbose_json"
    )
    transcriptions.create(file=wav, model="m", timestamp_granularities=["words"])  # type: ignore[list-item]
    translations = client.audio.translations
    assert_type(translations.create(file=b"...", model="whisper-1"), Translation)
    assert_type(
        translations.create(file=b"...", model="m", response_format="verbose_json"), TranslationVerbose
    )
    assert_type(translations.create(file=b"...", model="m", response_format="vtt"), str)


async def async_audio(client: openwire.AsyncClient) -> None:
    speech = await client.audio.speech.create(model="tts-1", voice="alloy", input="x")
    assert_type(speech, openwire.AsyncBinaryContent)
    await speech.write_to_file("out.mp3")
    async for chunk in speech.iter_bytes():
        assert_type(chunk, bytes)
    verbose = await client.audio.transcriptions.create(file=b"...", model="m", response_format="verbose_json")
    assert_type(verbose, TranscriptionVerbose)


def embeddings_and_moderations(client: openwire.Client) -> None:
    result = client.embeddings.create(
        model="text-embedding-3-small", input=["a", "b"], encoding_format="base64"
    )
    assert_type(result, CreateEmbeddingResponse)
    assert_type(result.data[0].vector, list[float])
    assert_type(result.to_numpy(), npt.NDArray[np.float32])
    client.embeddings.create(model="m", input=[[1, 2], [3]])
    client.embeddings.create(model="m", input="x", encoding_format="int8")  # type: ignore[arg-type]
    moderation = client.moderations.create(
        input=[{"type": "image_url", "image_url": {"url": "https://x/y.png"}}, {"type": "text", "text": "t"}]
    )
    assert_type(moderation, ModerationCreateResponse)
    client.moderations.create(input=["one", "two"], model="omni-moderation-latest")
    client.moderations.create(input=[{"type": "text", "text": "t"}])
    assert_type(moderation.results[0].categories.self_harm_intent, bool | None)
