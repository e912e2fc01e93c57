"""`client.audio.translations`: turn speech in any language into English text."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar, overload

import httpx
from typing_extensions import Unpack

from openwire._models import parser
from openwire._parsers import parse_text, text_or_model
from openwire._request import Endpoint
from openwire._resource import AsyncAPIResource, SyncAPIResource
from openwire._types import RequestOptions
from openwire.types.audio.translations import (
    Translation,
    TranslationCreateParams,
    TranslationCreateParamsJson,
    TranslationCreateParamsText,
    TranslationCreateParamsVerbose,
    TranslationVerbose,
)

if TYPE_CHECKING:
    from openwire.resources._views.audio.translations import (  # noqa: F401 - named in the class bases below
        AsyncTranslationsWithRawResponse,
        AsyncTranslationsWithStreamingResponse,
        TranslationsWithRawResponse,
        TranslationsWithStreamingResponse,
    )

__all__ = ["AsyncTranslations", "Translations"]

T = TypeVar("T")


# The keyword arguments of `create`: the API's parameters plus the per-call options.
class _Create(TranslationCreateParams, RequestOptions, total=False): ...


class _CreateJson(TranslationCreateParamsJson, RequestOptions, total=False): ...


class _CreateVerbose(TranslationCreateParamsVerbose, RequestOptions, total=False): ...


class _CreateText(TranslationCreateParamsText, RequestOptions, total=False): ...


def _create(parse: Callable[[httpx.Response], T]) -> Endpoint[T]:
    return Endpoint(
        "POST",
        "/audio/translations",
        parse,
        params=TranslationCreateParams,
        body="multipart",
        files=("file",),
        name="audio.translations.create",
    )


# One endpoint per `response_format`, differing only in how the answer is read.
_TEXT = _create(parse_text)
_BY_FORMAT: dict[str, Endpoint[Any]] = {
    "json": _create(parser(Translation)),
    "verbose_json": _create(parser(TranslationVerbose)),
    "text": _TEXT,
    "srt": _TEXT,
    "vtt": _TEXT,
}
_OTHER_FORMAT = _create(text_or_model(Translation))  # a format openwire does not know


def _for_format(params: Mapping[str, Any]) -> Endpoint[Translation | TranslationVerbose | str]:
    """The endpoint that reads the `response_format` the call asks for."""
    format = params.get("response_format")
    return _BY_FORMAT.get(format, _OTHER_FORMAT) if isinstance(format, str) else _BY_FORMAT["json"]


class Translations(SyncAPIResource["TranslationsWithRawResponse", "TranslationsWithStreamingResponse"]):
    """Turn speech in any language into English text."""

    @overload
    def create(self, **params: Unpack[_CreateJson]) -> Translation: ...
    @overload
    def create(self, **params: Unpack[_CreateVerbose]) -> TranslationVerbose: ...
    @overload
    def create(self, **params: Unpack[_CreateText]) -> str: ...
    @overload
    def create(self, **params: Unpack[_Create]) -> Translation | TranslationVerbose | str: ...
    def create(self, **params: Unpack[_Create]) -> Translation | TranslationVerbose | str:
        """Translate an audio file into English (uploaded as multipart).

        The result follows `response_format`: `Translation` for `json` (the default),
        `TranslationVerbose` for `verbose_json`, a `str` for `text`, `srt` and `vtt`.
        """
        return self._call(_for_format(params), params)


class AsyncTranslations(
    AsyncAPIResource["AsyncTranslationsWithRawResponse", "AsyncTranslationsWithStreamingResponse"]
):
    """Turn speech in any language into English text."""

    @overload
    async def create(self, **params: Unpack[_CreateJson]) -> Translation: ...
    @overload
    async def create(self, **params: Unpack[_CreateVerbose]) -> TranslationVerbose: ...
    @overload
    async def create(self, **params: Unpack[_CreateText]) -> str: ...
    @overload
    async def create(self, **params: Unpack[_Create]) -> Translation | TranslationVerbose | str: ...
    async def create(self, **params: Unpack[_Create]) -> Translation | TranslationVerbose | str:
        """Translate an audio file into English (uploaded as multipart).

        The result follows `response_format`: `Translation` for `json` (the default),
        `TranslationVerbose` for `verbose_json`, a `str` for `text`, `srt` and `vtt`.
        """
        return await self._call(_for_format(params), params)
