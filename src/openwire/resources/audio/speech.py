"""`client.audio.speech`: turn text into spoken audio."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar, overload

import httpx
from typing_extensions import Unpack

from openwire._binary import AsyncBinaryContent, BinaryContent
from openwire._pydantic import JsonValidator
from openwire._request import Endpoint
from openwire._resource import AsyncAPIResource, SyncAPIResource
from openwire._streaming import AsyncStream, Stream
from openwire._types import RequestOptions
from openwire.types.audio.speech import (
    SpeechCreateParams,
    SpeechCreateParamsNonStreaming,
    SpeechCreateParamsStreaming,
    SpeechStreamEvent,
)

if TYPE_CHECKING:
    from openwire.resources._views.audio.speech import (  # noqa: F401 - named in the class bases below
        AsyncSpeechWithRawResponse,
        AsyncSpeechWithStreamingResponse,
        SpeechWithRawResponse,
        SpeechWithStreamingResponse,
    )

__all__ = ["AsyncSpeech", "Speech"]

T = TypeVar("T")


# The keyword arguments of `create`: the API's parameters plus the per-call options.
class _Create(SpeechCreateParams, RequestOptions, total=False): ...


class _CreateNonStreaming(SpeechCreateParamsNonStreaming, RequestOptions, total=False): ...


class _CreateStreaming(SpeechCreateParamsStreaming, RequestOptions, total=False): ...


_EVENTS: JsonValidator[SpeechStreamEvent] = JsonValidator(SpeechStreamEvent)


def _create(parse: Callable[[httpx.Response], T]) -> Endpoint[T]:
    # The audio is binary: the blocking and the async client wrap it in different types.
    return Endpoint(
        "POST",
        "/audio/speech",
        parse,
        params=SpeechCreateParams,
        stream_parse=_EVENTS,
        stream_when=("stream_format", "sse"),
        name="audio.speech.create",
        accept="audio/*, application/octet-stream;q=0.9, */*;q=0.8",
    )


_CREATE = _create(BinaryContent)
_ASYNC_CREATE = _create(AsyncBinaryContent)


class Speech(SyncAPIResource["SpeechWithRawResponse", "SpeechWithStreamingResponse"]):
    """Turn text into spoken audio."""

    @overload
    def create(self, **params: Unpack[_CreateNonStreaming]) -> BinaryContent: ...
    @overload
    def create(self, **params: Unpack[_CreateStreaming]) -> Stream[SpeechStreamEvent]: ...
    @overload
    def create(self, **params: Unpack[_Create]) -> BinaryContent | Stream[SpeechStreamEvent]: ...
    def create(self, **params: Unpack[_Create]) -> BinaryContent | Stream[SpeechStreamEvent]:
        """Speak `input` in `voice`: the audio file (`.content`, `.write_to_file(path)`,
        `.iter_bytes()`), or with `stream_format="sse"` a stream of base64 audio events.

        To write long audio to disk as it arrives, use
        `with_streaming_response.create(...)` and `response.write_to_file(path)`.
        """
        return self._call(_CREATE, params)


class AsyncSpeech(AsyncAPIResource["AsyncSpeechWithRawResponse", "AsyncSpeechWithStreamingResponse"]):
    """Turn text into spoken audio."""

    @overload
    async def create(self, **params: Unpack[_CreateNonStreaming]) -> AsyncBinaryContent: ...
    @overload
    async def create(self, **params: Unpack[_CreateStreaming]) -> AsyncStream[SpeechStreamEvent]: ...
    @overload
    async def create(
        self, **params: Unpack[_Create]
    ) -> AsyncBinaryContent | AsyncStream[SpeechStreamEvent]: ...
    async def create(self, **params: Unpack[_Create]) -> AsyncBinaryContent | AsyncStream[SpeechStreamEvent]:
        """Speak `input` in `voice`: the audio file (`.content`, `.write_to_file(path)`,
        `.iter_bytes()`), or with `stream_format="sse"` a stream of base64 audio events.

        To write long audio to disk as it arrives, use
        `with_streaming_response.create(...)` and `response.write_to_file(path)`.
        """
        return await self._call(_ASYNC_CREATE, params)
