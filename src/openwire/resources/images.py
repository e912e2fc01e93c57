"""`client.images`: generate images from a prompt, edit images, make variations."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar, overload

import httpx
from typing_extensions import Unpack

from openwire._binary import AsyncBinaryContent, BinaryContent
from openwire._models import parser
from openwire._pydantic import JsonValidator
from openwire._request import Endpoint
from openwire._resource import AsyncAPIResource, SyncAPIResource
from openwire._streaming import AsyncStream, Stream
from openwire._types import RequestOptions
from openwire.types.images import (
    ImageCreateVariationParams,
    ImageEditParams,
    ImageEditParamsNonStreaming,
    ImageEditParamsStreaming,
    ImageEditStreamEvent,
    ImageGenerateParams,
    ImageGenerateParamsNonStreaming,
    ImageGenerateParamsStreaming,
    ImageGenStreamEvent,
    ImagesResponse,
)

if TYPE_CHECKING:
    from openwire.resources._views.images import (  # noqa: F401 - named in the class bases below
        AsyncImagesWithRawResponse,
        AsyncImagesWithStreamingResponse,
        ImagesWithRawResponse,
        ImagesWithStreamingResponse,
    )

__all__ = ["AsyncImages", "Images"]

T = TypeVar("T")


# The keyword arguments of each method: the API's parameters plus the per-call options.
class _Generate(ImageGenerateParams, RequestOptions, total=False): ...


class _GenerateNonStreaming(ImageGenerateParamsNonStreaming, RequestOptions, total=False): ...


class _GenerateStreaming(ImageGenerateParamsStreaming, RequestOptions, total=False): ...


class _Edit(ImageEditParams, RequestOptions, total=False): ...


class _EditNonStreaming(ImageEditParamsNonStreaming, RequestOptions, total=False): ...


class _EditStreaming(ImageEditParamsStreaming, RequestOptions, total=False): ...


class _CreateVariation(ImageCreateVariationParams, RequestOptions, total=False): ...


_GENERATE = Endpoint(
    "POST",
    "/images/generations",
    parser(ImagesResponse),
    params=ImageGenerateParams,
    stream_parse=JsonValidator(ImageGenStreamEvent),
    name="images.generate",
)
_EDIT = Endpoint(
    "POST",
    "/images/edits",
    parser(ImagesResponse),
    params=ImageEditParams,
    body="multipart",
    files=("image", "mask"),
    stream_parse=JsonValidator(ImageEditStreamEvent),
    name="images.edit",
)
_CREATE_VARIATION = Endpoint(
    "POST",
    "/images/variations",
    parser(ImagesResponse),
    params=ImageCreateVariationParams,
    body="multipart",
    files=("image",),
    name="images.create_variation",
)


def _download(parse: Callable[[httpx.Response], T]) -> Endpoint[T]:
    # The image is binary: the blocking and the async client wrap it in different types.
    return Endpoint("GET", "{url}", parse, name="images.download", accept="image/*, */*;q=0.8")


_DOWNLOAD = _download(BinaryContent)
_ASYNC_DOWNLOAD = _download(AsyncBinaryContent)


class Images(SyncAPIResource["ImagesWithRawResponse", "ImagesWithStreamingResponse"]):
    """Generate images from a prompt, edit images, and make variations of an image."""

    @overload
    def generate(self, **params: Unpack[_GenerateNonStreaming]) -> ImagesResponse: ...
    @overload
    def generate(self, **params: Unpack[_GenerateStreaming]) -> Stream[ImageGenStreamEvent]: ...
    @overload
    def generate(self, **params: Unpack[_Generate]) -> ImagesResponse | Stream[ImageGenStreamEvent]: ...
    def generate(self, **params: Unpack[_Generate]) -> ImagesResponse | Stream[ImageGenStreamEvent]:
        """Draw images from a text prompt; with `stream=True`, partial images as they are drawn."""
        return self._call(_GENERATE, params)

    @overload
    def edit(self, **params: Unpack[_EditNonStreaming]) -> ImagesResponse: ...
    @overload
    def edit(self, **params: Unpack[_EditStreaming]) -> Stream[ImageEditStreamEvent]: ...
    @overload
    def edit(self, **params: Unpack[_Edit]) -> ImagesResponse | Stream[ImageEditStreamEvent]: ...
    def edit(self, **params: Unpack[_Edit]) -> ImagesResponse | Stream[ImageEditStreamEvent]:
        """Edit one image (or combine several) following a prompt, optionally within a mask."""
        return self._call(_EDIT, params)

    def create_variation(self, **params: Unpack[_CreateVariation]) -> ImagesResponse:
        """Make variations of an image (`dall-e-2`)."""
        return self._call(_CREATE_VARIATION, params)

    def download(self, url: str, /, **options: Unpack[RequestOptions]) -> BinaryContent:
        """Fetch an image the API returned as a URL (`image.url`), through this client's pipeline:
        its retries, timeouts, proxies and logging. The API key and the client's default headers
        go only to the API's own host, never to the image's."""
        return self._call(_DOWNLOAD, options, url)


class AsyncImages(AsyncAPIResource["AsyncImagesWithRawResponse", "AsyncImagesWithStreamingResponse"]):
    """Generate images from a prompt, edit images, and make variations of an image."""

    @overload
    async def generate(self, **params: Unpack[_GenerateNonStreaming]) -> ImagesResponse: ...
    @overload
    async def generate(self, **params: Unpack[_GenerateStreaming]) -> AsyncStream[ImageGenStreamEvent]: ...
    @overload
    async def generate(
        self, **params: Unpack[_Generate]
    ) -> ImagesResponse | AsyncStream[ImageGenStreamEvent]: ...
    async def generate(
        self, **params: Unpack[_Generate]
    ) -> ImagesResponse | AsyncStream[ImageGenStreamEvent]:
        """Draw images from a text prompt; with `stream=True`, partial images as they are drawn."""
        return await self._call(_GENERATE, params)

    @overload
    async def edit(self, **params: Unpack[_EditNonStreaming]) -> ImagesResponse: ...
    @overload
    async def edit(self, **params: Unpack[_EditStreaming]) -> AsyncStream[ImageEditStreamEvent]: ...
    @overload
    async def edit(self, **params: Unpack[_Edit]) -> ImagesResponse | AsyncStream[ImageEditStreamEvent]: ...
    async def edit(self, **params: Unpack[_Edit]) -> ImagesResponse | AsyncStream[ImageEditStreamEvent]:
        """Edit one image (or combine several) following a prompt, optionally within a mask."""
        return await self._call(_EDIT, params)

    async def create_variation(self, **params: Unpack[_CreateVariation]) -> ImagesResponse:
        """Make variations of an image (`dall-e-2`)."""
        return await self._call(_CREATE_VARIATION, params)

    async def download(self, url: str, /, **options: Unpack[RequestOptions]) -> AsyncBinaryContent:
        """Fetch an image the API returned as a URL (`image.url`), through this client's pipeline:
        its retries, timeouts, proxies and logging. The API key and the client's default headers
        go only to the API's own host, never to the image's."""
        return await self._call(_ASYNC_DOWNLOAD, options, url)
