"""`with_raw_response` and `with_streaming_response` are typed like the methods they wrap, on every
resource of both clients: checked by `mypy --strict tests/typing` and by `pyright` (strict).

`.parse()` gives exactly what the plain method returns, overloads included; a misspelt method or
parameter through a view is an error as it is on the plain method (each `# type: ignore` below must
be needed, or the type checkers fail). Nothing here is sent: the functions are only type-checked.
"""

from __future__ import annotations

import pathlib

from typing_extensions import assert_type

import openwire
from openwire import APIResponse, AsyncAPIResponse, AsyncPager, CursorPage, Page
from openwire._response import AsyncResponseContextManager, ResponseContextManager
from openwire.types import Model, ModelDeleted
from openwire.types.audio import (
    SpeechStreamEvent,
    Transcription,
    TranscriptionStreamEvent,
    TranscriptionVerbose,
    Translation,
)
from openwire.types.chat import ChatCompletion, ChatCompletionChunk, ChatCompletionMessageParam
from openwire.types.chat.stored import ChatCompletionDeleted, ChatCompletionStoreMessage
from openwire.types.embeddings import CreateEmbeddingResponse
from openwire.types.images import ImageGenStreamEvent, ImagesResponse
from openwire.types.moderation import ModerationCreateResponse

MESSAGES: list[ChatCompletionMessageParam] = [{"role": "user", "content": "hi"}]
WAV = pathlib.Path("in.wav")


def sync_raw(client: openwire.Client, flag: bool) -> None:
    raw = client.chat.completions.with_raw_response
    response = raw.create(model="m", messages=MESSAGES)
    assert_type(response, APIResponse[ChatCompletion])
    assert_type(response.parse(), ChatCompletion)
    streamed = raw.create(model="m", messages=MESSAGES, stream=True)
    assert_type(streamed, APIResponse[openwire.Stream[ChatCompletionChunk]])
    assert_type(streamed.parse(), openwire.Stream[ChatCompletionChunk])
    assert_type(
        raw.create(model="m", messages=MESSAGES, stream=flag).parse(),
        ChatCompletion | openwire.Stream[ChatCompletionChunk],
    )
    assert_type(raw.retrieve("c").parse(), ChatCompletion)
    assert_type(raw.update("c", metadata={"k": "v"}).parse(), ChatCompletion)
    assert_type(raw.delete("c").parse(), ChatCompletionDeleted)
    assert_type(raw.list(limit=2).parse(), CursorPage[ChatCompletion])  # the same pager as list()
    assert_type(raw.messages.list("c").parse(), CursorPage[ChatCompletionStoreMessage])
    assert_type(
        client.chat.with_raw_response.completions.create(model="m", messages=MESSAGES).parse(), ChatCompletion
    )
    assert_type(client.models.with_raw_response.list().parse(), Page[Model])
    assert_type(client.models.with_raw_response.retrieve("m").parse(), Model)
    assert_type(client.models.with_raw_response.delete("m").parse(), ModelDeleted)
    assert_type(
        client.embeddings.with_raw_response.create(model="m", input="x").parse(), CreateEmbeddingResponse
    )
    assert_type(client.moderations.with_raw_response.create(input="x").parse(), ModerationCreateResponse)
    assert_type(client.images.with_raw_response.generate(prompt="p").parse(), ImagesResponse)
    assert_type(
        client.images.with_raw_response.generate(prompt="p", stream=True).parse(),
        openwire.Stream[ImageGenStreamEvent],
    )
    assert_type(client.images.with_raw_response.download("https://x/y.png").parse(), openwire.BinaryContent)
    speech = client.audio.speech.with_raw_response
    assert_type(speech.create(model="m", voice="v", input="x").parse(), openwire.BinaryContent)
    assert_type(
        speech.create(model="m", voice="v", input="x", stream_format="sse").parse(),
        openwire.Stream[SpeechStreamEvent],
    )
    transcriptions = client.audio.with_raw_response.transcriptions
    assert_type(transcriptions.create(file=WAV, model="m").parse(), Transcription)
    assert_type(
        transcriptions.create(file=WAV, model="m", response_format="verbose_json").parse(),
        TranscriptionVerbose,
    )
    assert_type(transcriptions.create(file=WAV, model="m", response_format="text").parse(), str)
    assert_type(
        transcriptions.create(file=WAV, model="m", stream=True).parse(),
        openwire.Stream[TranscriptionStreamEvent],
    )
    assert_type(client.audio.translations.with_raw_response.create(file=WAV, model="m").parse(), Translation)
    # mistakes through a view are mistakes
    raw.craete(model="m", messages=MESSAGES)  # type: ignore[attr-defined]
    raw.create(model="m", messages=MESSAGES, temprature=1)  # type: ignore[call-overload]
    raw.retrieve()  # type: ignore[call-arg]
    client.models.with_raw_response.lst()  # type: ignore[attr-defined]


def sync_streaming(client: openwire.Client) -> None:
    view = client.chat.completions.with_streaming_response
    manager = view.create(model="m", messages=MESSAGES)
    assert_type(manager, ResponseContextManager[ChatCompletion])
    with manager as response:
        assert_type(response, APIResponse[ChatCompletion])
        assert_type(response.parse(), ChatCompletion)
    with view.create(model="m", messages=MESSAGES, stream=True) as response:
        for chunk in response.parse():
            assert_type(chunk, ChatCompletionChunk)
    with view.list() as listed:
        assert_type(listed.parse(), CursorPage[ChatCompletion])
    with client.models.with_streaming_response.list() as models:
        assert_type(models.parse(), Page[Model])
    with client.audio.speech.with_streaming_response.create(model="m", voice="v", input="x") as audio:
        audio.write_to_file("out.mp3")
    with client.images.with_streaming_response.download("https://x/y.png") as image:
        image.write_to_file("out.png")
    view.create(model="m", message=MESSAGES)  # type: ignore[call-overload]
    client.embeddings.with_streaming_response.embed(input="x")  # type: ignore[attr-defined]


async def async_raw(client: openwire.AsyncClient) -> None:
    raw = client.chat.completions.with_raw_response
    response = await raw.create(model="m", messages=MESSAGES)
    assert_type(response, AsyncAPIResponse[ChatCompletion])
    assert_type(await response.parse(), ChatCompletion)
    streamed = await raw.create(model="m", messages=MESSAGES, stream=True)
    stream = await streamed.parse()
    assert_type(stream, openwire.AsyncStream[ChatCompletionChunk])
    pager = await (await raw.list()).parse()
    assert_type(pager, openwire.AsyncCursorPager[ChatCompletion])  # the same pager as list()
    async for stored in pager:
        assert_type(stored, ChatCompletion)
    models = await (await client.models.with_raw_response.list()).parse()
    assert_type(models, AsyncPager[Model])
    assert_type(await models, Page[Model])
    assert_type(await (await client.models.with_raw_response.retrieve("m")).parse(), Model)
    speech = await client.audio.speech.with_raw_response.create(model="m", voice="v", input="x")
    assert_type(await speech.parse(), openwire.AsyncBinaryContent)
    image = await client.images.with_raw_response.download("https://x/y.png")
    assert_type(await image.parse(), openwire.AsyncBinaryContent)
    text = await client.audio.transcriptions.with_raw_response.create(
        file=WAV, model="m", response_format="vtt"
    )
    assert_type(await text.parse(), str)
    await raw.craete(model="m", messages=MESSAGES)  # type: ignore[attr-defined]
    await raw.create(model="m", messages=MESSAGES, temprature=1)  # type: ignore[call-overload]


async def async_streaming(client: openwire.AsyncClient) -> None:
    view = client.chat.completions.with_streaming_response
    manager = view.create(model="m", messages=MESSAGES, stream=True)
    assert_type(manager, AsyncResponseContextManager[openwire.AsyncStream[ChatCompletionChunk]])
    async with manager as response:
        assert_type(response, AsyncAPIResponse[openwire.AsyncStream[ChatCompletionChunk]])
        async for chunk in await response.parse():
            assert_type(chunk, ChatCompletionChunk)
    async with client.models.with_streaming_response.list() as models:
        assert_type(await models.parse(), AsyncPager[Model])
    async with client.chat.with_streaming_response.completions.messages.list("c") as messages:
        assert_type(await messages.parse(), openwire.AsyncCursorPager[ChatCompletionStoreMessage])
    async with client.audio.speech.with_streaming_response.create(model="m", voice="v", input="x") as audio:
        await audio.write_to_file("out.mp3")
    view.delete()  # type: ignore[call-arg]


async def async_lists_are_used_alike(client: openwire.AsyncClient) -> None:
    async for model in client.models.list():
        assert_type(model, Model)
    async for completion in client.chat.completions.list():
        assert_type(completion, ChatCompletion)
    assert_type(await client.models.list(), Page[Model])
    assert_type(await client.chat.completions.list(), openwire.AsyncCursorPage[ChatCompletion])
