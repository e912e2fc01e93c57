"""`client.images`: generate images from a prompt, edit images, make variations."""

from __future__ import annotations

from typing import Any, overload

from typing_extensions import Unpack

from openwire._binary import bind_http
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

__all__ = ["AsyncImages", "Images"]


# The keyword arguments of each method: the API's parameters plus the per-call options.
class _Generate(ImageGenerateParams, RequestOptions, total=False): ...


class _GenerateNonStreaming(ImageGenerateParamsNonStreaming, RequestOptions, total=False): ...


class _GenerateStreaming(ImageGenerateParamsStreaming, RequestOptions, total=False): ...


class _Edit(ImageEditParams, RequestOptions, total=False): ...


class _EditNonStreaming(ImageEditParamsNonStreaming, RequestOptions, total=False): ...


class _EditStreaming(ImageEditParamsStreaming, RequestOptions, total=False): ...


class _CreateVariation(ImageCreateVariationParams, RequestOptions, total=False): ...


def _bind_images(result: ImagesResponse, http: Any) -> None:
    # `image.save()` downloads a URL through the pool of the client that made the call.
    bind_http(result.data, http)


_GENERATE = Endpoint(
    "POST",
    "/images/generations",
    parser(ImagesResponse),
    params=ImageGenerateParams,
    stream_parse=JsonValidator(ImageGenStreamEvent),
    name="images.generate",
    bind_http=_bind_images,
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
    bind_http=_bind_images,
)
_CREATE_VARIATION = Endpoint(
    "POST",
    "/images/variations",
    parser(ImagesResponse),
    params=ImageCreateVariationParams,
    body="multipart",
    files=("image",),
    name="images.create_variation",
    bind_http=_bind_images,
)


class Images(SyncAPIResource):
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


class AsyncImages(AsyncAPIResource):
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
