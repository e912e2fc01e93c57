"""Images: the parameters of `images.generate`, `images.edit` and `images.create_variation`, the
images response, and the events of a streamed generation or edit.

```python
result = client.images.generate(model="gpt-image-1", prompt="A lighthouse at dawn")
result.data[0].save("lighthouse.png")
```
"""

# No `from __future__ import annotations` here: it would turn `Required[...]` into strings, and the
# TypedDicts would no longer know at runtime which keys are required.

import base64
import binascii
import os
import pathlib
from typing import TYPE_CHECKING, Annotated, Literal, TypeAlias, TypeVar

from pydantic import Field, Tag
from typing_extensions import Required, TypedDict

from openwire._exceptions import OpenwireError
from openwire._files import FileTypes
from openwire._models import BaseModel, UnknownVariant, by_type

if TYPE_CHECKING:
    from openwire._client import AsyncClient, Client

__all__ = [
    "Image",
    "ImageCreateVariationParams",
    "ImageEditCompletedEvent",
    "ImageEditParams",
    "ImageEditParamsBase",
    "ImageEditParamsNonStreaming",
    "ImageEditParamsStreaming",
    "ImageEditPartialImageEvent",
    "ImageEditStreamEvent",
    "ImageGenCompletedEvent",
    "ImageGenPartialImageEvent",
    "ImageGenStreamEvent",
    "ImageGenerateParams",
    "ImageGenerateParamsBase",
    "ImageGenerateParamsNonStreaming",
    "ImageGenerateParamsStreaming",
    "ImageModel",
    "ImagesResponse",
    "ImagesUsage",
    "ImagesUsageInputDetails",
    "ImagesUsageOutputDetails",
]

ImageModel: TypeAlias = Literal[
    "gpt-image-2",
    "gpt-image-2-2026-04-21",
    "gpt-image-1.5",
    "gpt-image-1",
    "gpt-image-1-mini",
    "chatgpt-image-latest",
    "dall-e-3",
    "dall-e-2",
]
"""The image models the API names; any other model id a server offers is accepted too."""

_Quality: TypeAlias = Literal["auto", "low", "medium", "high", "standard", "hd"] | str
_Background: TypeAlias = Literal["auto", "transparent", "opaque"] | str
_OutputFormat: TypeAlias = Literal["png", "jpeg", "webp"] | str
_ResponseFormat: TypeAlias = Literal["url", "b64_json"] | str
_Size: TypeAlias = (
    Literal["auto", "1024x1024", "1536x1024", "1024x1536", "256x256", "512x512", "1792x1024", "1024x1792"]
    | str
)


class ImageGenerateParamsBase(TypedDict, total=False):
    """The parameters `images.generate` takes whether it streams or not."""

    prompt: Required[str]
    """What to draw."""
    model: ImageModel | str | None
    """The model to draw with (the server's default if left out)."""
    n: int | None
    """How many images to make (1 to 10; `dall-e-3` makes one)."""
    quality: _Quality | None
    """`auto`, `low`, `medium` or `high` for the GPT image models; `standard` or `hd` for `dall-e-3`."""
    response_format: _ResponseFormat | None
    """For the DALL·E models: `url` (a link valid for an hour) or `b64_json` (the image inline). The
    GPT image models always answer with `b64_json`."""
    output_format: _OutputFormat | None
    """For the GPT image models: `png`, `jpeg` or `webp`."""
    output_compression: int | None
    """For the GPT image models with `jpeg` or `webp`: compression from 0 to 100 (%)."""
    size: _Size | None
    """`WIDTHxHEIGHT`, from the sizes the model supports, or `auto`."""
    style: Literal["vivid", "natural"] | str | None
    """For `dall-e-3`: `vivid` (dramatic) or `natural`."""
    background: _Background | None
    """For the GPT image models: `transparent`, `opaque` or `auto`."""
    moderation: Literal["auto", "low"] | str | None
    """For the GPT image models: how strict the content filter is."""
    partial_images: int | None
    """When streaming: how many partial images (0 to 3) to send before the final one."""
    user: str
    """An id for your end user, to help the provider detect abuse."""


class ImageGenerateParams(ImageGenerateParamsBase, total=False):
    """Every parameter of `images.generate`."""

    stream: bool | None
    """Stream partial images (see `partial_images`) and then the final one (GPT image models)."""


class ImageGenerateParamsNonStreaming(ImageGenerateParamsBase, total=False):
    """The parameters of `images.generate` for a whole `ImagesResponse`."""

    stream: Literal[False] | None
    """Leave out, or `False`, for the finished images in one response."""


class ImageGenerateParamsStreaming(ImageGenerateParamsBase):
    """The parameters of `images.generate` for a stream of `ImageGenStreamEvent`s."""

    stream: Required[Literal[True]]
    """`True`: stream partial images (see `partial_images`) and then the final one."""


class ImageEditParamsBase(TypedDict, total=False):
    """The parameters `images.edit` takes whether it streams or not."""

    image: Required[FileTypes | list[FileTypes]]
    """The image to edit, or a list of up to 16 images (GPT image models) to work from."""
    prompt: Required[str]
    """What the edited image should show."""
    mask: FileTypes
    """A PNG whose fully transparent pixels mark where to edit (applies to the first image)."""
    model: ImageModel | str | None
    """The model to edit with."""
    n: int | None
    """How many images to make (1 to 10)."""
    quality: _Quality | None
    """`auto`, `low`, `medium` or `high` (GPT image models) or `standard`."""
    response_format: _ResponseFormat | None
    """For `dall-e-2`: `url` or `b64_json`."""
    output_format: _OutputFormat | None
    """For the GPT image models: `png`, `jpeg` or `webp`."""
    output_compression: int | None
    """For the GPT image models with `jpeg` or `webp`: compression from 0 to 100 (%)."""
    size: _Size | None
    """`WIDTHxHEIGHT`, from the sizes the model supports, or `auto`."""
    background: _Background | None
    """For the GPT image models: `transparent`, `opaque` or `auto`."""
    input_fidelity: Literal["high", "low"] | str | None
    """How closely to keep the style and features (faces especially) of the input images."""
    partial_images: int | None
    """When streaming: how many partial images (0 to 3) to send before the final one."""
    user: str
    """An id for your end user, to help the provider detect abuse."""


class ImageEditParams(ImageEditParamsBase, total=False):
    """Every parameter of `images.edit`."""

    stream: bool | None
    """Stream partial images (see `partial_images`) and then the final one (GPT image models)."""


class ImageEditParamsNonStreaming(ImageEditParamsBase, total=False):
    """The parameters of `images.edit` for a whole `ImagesResponse`."""

    stream: Literal[False] | None
    """Leave out, or `False`, for the finished images in one response."""


class ImageEditParamsStreaming(ImageEditParamsBase):
    """The parameters of `images.edit` for a stream of `ImageEditStreamEvent`s."""

    stream: Required[Literal[True]]
    """`True`: stream partial images (see `partial_images`) and then the final one."""


class ImageCreateVariationParams(TypedDict, total=False):
    """The parameters of `images.create_variation` (`dall-e-2` only)."""

    image: Required[FileTypes]
    """A square PNG under 4 MB to make variations of."""
    model: Literal["dall-e-2"] | str | None
    """The model (only `dall-e-2` makes variations)."""
    n: int | None
    """How many variations to make (1 to 10)."""
    response_format: _ResponseFormat | None
    """`url` (a link valid for an hour) or `b64_json` (the image inline)."""
    size: Literal["256x256", "512x512", "1024x1024"] | str | None
    """The size of the variations."""
    user: str
    """An id for your end user, to help the provider detect abuse."""


class Image(BaseModel):
    """One generated image: inline as base64, or as a URL to fetch.

    `save(path)` writes it to a file; an image given as a URL is downloaded through the client you
    pass (`save(path, client=client)`), since a response holds no connection of its own.
    """

    b64_json: str | None = None
    """The image file, base64-encoded (GPT image models, or `response_format="b64_json"`)."""
    url: str | None = None
    """Where to download the image (DALL·E models by default); valid for about an hour."""
    revised_prompt: str | None = None
    """The prompt the model actually drew from, when it rewrote yours (`dall-e-3`)."""

    def save(self, path: str | os.PathLike[str], *, client: "Client | None" = None) -> None:
        """Write the image to `path` (replacing a file there): the decoded `b64_json` (or a
        base64 `data:` URL), or the file at `url`, downloaded with `client.images.download(url)`:
        through the client's own pipeline, with its retries, timeouts and proxies, and without its
        API key, which only ever goes to the API's own host.

        ```python
        result = client.images.generate(model="dall-e-3", prompt="A lighthouse at dawn")
        result.data[0].save("lighthouse.png", client=client)
        ```
        """
        data = _inline_bytes(self)
        if data is None:
            from openwire._client import Client

            data = (
                client_for(self, client, Client, "image.save(path, client=client)")
                .images.download(self.url or "")
                .content
            )
        pathlib.Path(path).write_bytes(data)

    async def asave(self, path: str | os.PathLike[str], *, client: "AsyncClient | None" = None) -> None:
        """`save` for `AsyncClient`: the download is awaited and the file written off the event loop.

        ```python
        await result.data[0].asave("lighthouse.png", client=client)
        ```
        """
        import anyio

        data = _inline_bytes(self)
        if data is None:
            from openwire._client import AsyncClient

            download = client_for(self, client, AsyncClient, "await image.asave(path, client=client)")
            data = (await download.images.download(self.url or "")).content
        await anyio.Path(path).write_bytes(data)


_C = TypeVar("_C")


def client_for(image: Image, client: object, kind: type[_C], usage: str) -> _C:
    """The client to download a URL image with, or an error that says which to pass."""
    if not image.url:
        raise OpenwireError("This image has neither `b64_json` nor `url`: there is nothing to save.")
    if client is None:
        raise OpenwireError(
            f"This image is a URL to download; pass the client that should fetch it: {usage}. "
            "(Ask for response_format='b64_json' to get the image inline instead.)"
        )
    if not isinstance(client, kind):
        other = "image.save(path, client=...)" if "await" in usage else "await image.asave(path, client=...)"
        raise OpenwireError(
            f"{usage} needs an openwire.{kind.__name__}, not {type(client).__name__}: "
            f"with that one use {other}."
        )
    return client


def _inline_bytes(image: Image) -> "bytes | None":
    """The image's bytes when it carries them (`b64_json`, or a `data:` URL some servers send)."""
    encoded = image.b64_json
    if encoded is None and image.url and image.url.startswith("data:") and "," in image.url:
        header, encoded = image.url.split(",", 1)
        if not header.endswith(";base64"):
            raise OpenwireError(f"This image's data URL is not base64-encoded ({header[:60]!r}).")
    if encoded is None:
        return None
    try:
        return base64.b64decode(encoded, validate=True)
    except binascii.Error:
        raise OpenwireError("This image's base64 data is not valid base64; it cannot be saved.") from None


class ImagesUsageInputDetails(BaseModel):
    """The input tokens by kind."""

    text_tokens: int | None = None
    """Tokens of the prompt text."""
    image_tokens: int | None = None
    """Tokens of the input images."""


class ImagesUsageOutputDetails(BaseModel):
    """The output tokens by kind."""

    text_tokens: int | None = None
    """Text tokens the model produced."""
    image_tokens: int | None = None
    """Image tokens the model produced."""


class ImagesUsage(BaseModel):
    """Token usage of an image request (GPT image models only)."""

    input_tokens: int
    """Tokens of the prompt and input images."""
    output_tokens: int
    """Tokens of the generated images."""
    total_tokens: int
    """Input plus output tokens."""
    input_tokens_details: ImagesUsageInputDetails | None = None
    """The input tokens by kind."""
    output_tokens_details: ImagesUsageOutputDetails | None = None
    """The output tokens by kind."""


class ImagesResponse(BaseModel):
    """The images an `images.generate`, `images.edit` or `images.create_variation` call made."""

    created: int
    """When the images were made, in Unix seconds."""
    data: list[Image] = Field(default_factory=list)
    """The images, in order."""
    background: _Background | None = None
    """The background the images were drawn with (GPT image models)."""
    output_format: _OutputFormat | None = None
    """The file format of the images (GPT image models)."""
    quality: _Quality | None = None
    """The quality the images were drawn at (GPT image models)."""
    size: _Size | None = None
    """The size of the images (GPT image models)."""
    usage: ImagesUsage | None = None
    """Token usage, where the server reports it."""


class _ImageEventFields(BaseModel):
    """The fields every image stream event carries."""

    b64_json: str
    """The image so far (partial) or the final image, base64-encoded."""
    created_at: int | None = None
    """When the event was made, in Unix seconds."""
    size: _Size | None = None
    """The size of the image."""
    quality: _Quality | None = None
    """The quality setting of the image."""
    background: _Background | None = None
    """The background setting of the image."""
    output_format: _OutputFormat | None = None
    """The file format of the image."""


class ImageGenPartialImageEvent(_ImageEventFields):
    """A partial image from a streamed `images.generate`."""

    type: Literal["image_generation.partial_image"]
    """Always `image_generation.partial_image`."""
    partial_image_index: int
    """Which partial image this is, from 0."""


class ImageGenCompletedEvent(_ImageEventFields):
    """The final image of a streamed `images.generate`."""

    type: Literal["image_generation.completed"]
    """Always `image_generation.completed`."""
    usage: ImagesUsage | None = None
    """Token usage of the request."""


class ImageEditPartialImageEvent(_ImageEventFields):
    """A partial image from a streamed `images.edit`."""

    type: Literal["image_edit.partial_image"]
    """Always `image_edit.partial_image`."""
    partial_image_index: int
    """Which partial image this is, from 0."""


class ImageEditCompletedEvent(_ImageEventFields):
    """The final image of a streamed `images.edit`."""

    type: Literal["image_edit.completed"]
    """Always `image_edit.completed`."""
    usage: ImagesUsage | None = None
    """Token usage of the request."""


ImageGenStreamEvent: TypeAlias = Annotated[
    Annotated[ImageGenPartialImageEvent, Tag("image_generation.partial_image")]
    | Annotated[ImageGenCompletedEvent, Tag("image_generation.completed")]
    | Annotated[UnknownVariant, Tag("unknown")],
    by_type(),
]
"""An event of a streamed `images.generate`: a partial image, the final image, or (for a `type`
openwire does not know yet) `UnknownVariant`."""

ImageEditStreamEvent: TypeAlias = Annotated[
    Annotated[ImageEditPartialImageEvent, Tag("image_edit.partial_image")]
    | Annotated[ImageEditCompletedEvent, Tag("image_edit.completed")]
    | Annotated[UnknownVariant, Tag("unknown")],
    by_type(),
]
"""An event of a streamed `images.edit`: a partial image, the final image, or `UnknownVariant`."""
