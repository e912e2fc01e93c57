"""`client.audio.transcriptions`: turn speech into text in the language spoken."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar, overload

import httpx
from typing_extensions import Unpack

from openwire._models import parser
from openwire._parsers import parse_text, text_or_model
from openwire._pydantic import JsonValidator
from openwire._request import Endpoint
from openwire._resource import AsyncAPIResource, SyncAPIResource
from openwire._streaming import AsyncStream, Stream
from openwire._types import RequestOptions
from openwire.types.audio.transcriptions import (
    Transcription,
    TranscriptionCreateParams,
    TranscriptionCreateParamsDiarized,
    TranscriptionCreateParamsJson,
    TranscriptionCreateParamsStreaming,
    TranscriptionCreateParamsText,
    TranscriptionCreateParamsVerbose,
    TranscriptionDiarized,
    TranscriptionStreamEvent,
    TranscriptionVerbose,
)

if TYPE_CHECKING:
    from openwire.resources._views.audio.transcriptions import (  # noqa: F401 - named in the class bases below
        AsyncTranscriptionsWithRawResponse,
        AsyncTranscriptionsWithStreamingResponse,
        TranscriptionsWithRawResponse,
        TranscriptionsWithStreamingResponse,
    )

__all__ = ["AsyncTranscriptions", "Transcriptions"]

T = TypeVar("T")


# The keyword arguments of `create`: the API's parameters plus the per-call options.
class _Create(TranscriptionCreateParams, RequestOptions, total=False): ...


class _CreateJson(TranscriptionCreateParamsJson, RequestOptions, total=False): ...


class _CreateVerbose(TranscriptionCreateParamsVerbose, RequestOptions, total=False): ...


class _CreateText(TranscriptionCreateParamsText, RequestOptions, total=False): ...


class _CreateDiarized(TranscriptionCreateParamsDiarized, RequestOptions, total=False): ...


class _CreateStreaming(TranscriptionCreateParamsStreaming, RequestOptions, total=False): ...


_EVENTS: JsonValidator[TranscriptionStreamEvent] = JsonValidator(TranscriptionStreamEvent)


def _create(parse: Callable[[httpx.Response], T]) -> Endpoint[T]:
    return Endpoint(
        "POST",
        "/audio/transcriptions",
        parse,
        params=TranscriptionCreateParams,
        body="multipart",
        files=("file",),
        stream_parse=_EVENTS,
        name="audio.transcriptions.create",
    )


_AnyResult = Transcription | TranscriptionVerbose | TranscriptionDiarized | str

# One endpoint per `response_format`, differing only in how the answer is read.
_TEXT = _create(parse_text)
_BY_FORMAT: dict[str, Endpoint[Any]] = {
    "json": _create(parser(Transcription)),
    "verbose_json": _create(parser(TranscriptionVerbose)),
    "diarized_json": _create(parser(TranscriptionDiarized)),
    "text": _TEXT,
    "srt": _TEXT,
    "vtt": _TEXT,
}
_OTHER_FORMAT = _create(text_or_model(Transcription))  # a format openwire does not know


def _for_format(params: Mapping[str, Any]) -> Endpoint[_AnyResult]:
    """The endpoint that reads the `response_format` the call asks for."""
    format = params.get("response_format")
    return _BY_FORMAT.get(format, _OTHER_FORMAT) if isinstance(format, str) else _BY_FORMAT["json"]


class Transcriptions(SyncAPIResource["TranscriptionsWithRawResponse", "TranscriptionsWithStreamingResponse"]):
    """Turn speech into text in the language spoken."""

    @overload
    def create(self, **params: Unpack[_CreateJson]) -> Transcription: ...
    @overload
    def create(self, **params: Unpack[_CreateVerbose]) -> TranscriptionVerbose: ...
    @overload
    def create(self, **params: Unpack[_CreateText]) -> str: ...
    @overload
    def create(self, **params: Unpack[_CreateDiarized]) -> TranscriptionDiarized: ...
    @overload
    def create(self, **params: Unpack[_CreateStreaming]) -> Stream[TranscriptionStreamEvent]: ...
    @overload
    def create(self, **params: Unpack[_Create]) -> _AnyResult | Stream[TranscriptionStreamEvent]: ...
    def create(self, **params: Unpack[_Create]) -> _AnyResult | Stream[TranscriptionStreamEvent]:
        """Transcribe an audio file (uploaded as multipart).

        The result follows `response_format`: `Transcription` for `json` (the default),
        `TranscriptionVerbose` for `verbose_json`, `TranscriptionDiarized` for `diarized_json`, a
        `str` for `text`, `srt` and `vtt`; with `stream=True`, a stream of transcript events.
        """
        return self._call(_for_format(params), params)


class AsyncTranscriptions(
    AsyncAPIResource["AsyncTranscriptionsWithRawResponse", "AsyncTranscriptionsWithStreamingResponse"]
):
    """Turn speech into text in the language spoken."""

    @overload
    async def create(self, **params: Unpack[_CreateJson]) -> Transcription: ...
    @overload
    async def create(self, **params: Unpack[_CreateVerbose]) -> TranscriptionVerbose: ...
    @overload
    async def create(self, **params: Unpack[_CreateText]) -> str: ...
    @overload
    async def create(self, **params: Unpack[_CreateDiarized]) -> TranscriptionDiarized: ...
    @overload
    async def create(self, **params: Unpack[_CreateStreaming]) -> AsyncStream[TranscriptionStreamEvent]: ...
    @overload
    async def create(
        self, **params: Unpack[_Create]
    ) -> _AnyResult | AsyncStream[TranscriptionStreamEvent]: ...
    async def create(self, **params: Unpack[_Create]) -> _AnyResult | AsyncStream[TranscriptionStreamEvent]:
        """Transcribe an audio file (uploaded as multipart).

        The result follows `response_format`: `Transcription` for `json` (the default),
        `TranscriptionVerbose` for `verbose_json`, `TranscriptionDiarized` for `diarized_json`, a
        `str` for `text`, `srt` and `vtt`; with `stream=True`, a stream of transcript events.
        """
        return await self._call(_for_format(params), params)
