"""Binary bodies: the audio `audio.speech.create` returns, and images saved to disk.

`BinaryContent` / `AsyncBinaryContent` wrap a body that has been read whole. To write a long body to
disk as it arrives, without holding it in memory, use `with_streaming_response` and
`APIResponse.write_to_file`.

Saving an image downloads its `url` with the httpx client of the openwire client that produced it:
the resource stamps each image with that client (`bind_http`) in the private slot pydantic keeps per
object, the same slot the request id uses, so proxies, TLS settings and transports apply.
"""

from __future__ import annotations

import base64
import binascii
import os
from collections.abc import AsyncIterator, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias

import anyio
import httpx

from ._exceptions import OpenwireError, request_id_of, status_error

if TYPE_CHECKING:
    from ._models import BaseModel
    from .types.images import Image

__all__ = [
    "AsyncBinaryContent",
    "BinaryContent",
    "FilePath",
    "asave_image",
    "bind_http",
    "http_of",
    "save_image",
]

FilePath: TypeAlias = str | os.PathLike[str]
"""Where to write a file: a `str` or a `pathlib.Path`."""


class _BinaryBody:
    """What both binary body types know without I/O."""

    response: httpx.Response
    """The HTTP response the body came in."""

    def __init__(self, response: httpx.Response) -> None:
        self.response = response

    @property
    def content(self) -> bytes:
        """The whole body."""
        return self.response.content

    @property
    def content_type(self) -> str | None:
        """The body's `Content-Type` (`audio/mpeg`, ...), if the server sent one."""
        content_type: str | None = self.response.headers.get("content-type")
        return content_type

    @property
    def request_id(self) -> str | None:
        """The server's `x-request-id` for this response."""
        return request_id_of(self.response.headers)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {len(self.content)} bytes, {self.content_type or 'no content type'}>"


class BinaryContent(_BinaryBody):
    """A binary response body, read whole: the audio from `client.audio.speech.create(...)`.

    ```python
    audio = client.audio.speech.create(model="gpt-4o-mini-tts", voice="coral", input="Hello!")
    audio.write_to_file("hello.mp3")
    ```
    """

    def iter_bytes(self, chunk_size: int | None = None) -> Iterator[bytes]:
        """The body in chunks (of `chunk_size` bytes, if given)."""
        return self.response.iter_bytes(chunk_size)

    def write_to_file(self, path: FilePath) -> None:
        """Write the body to a file, replacing it if it exists."""
        Path(path).write_bytes(self.content)


class AsyncBinaryContent(_BinaryBody):
    """The `AsyncClient` twin of `BinaryContent`: writing to disk happens off the event loop.

    ```python
    audio = await client.audio.speech.create(model="gpt-4o-mini-tts", voice="coral", input="Hello!")
    await audio.write_to_file("hello.mp3")
    ```
    """

    def iter_bytes(self, chunk_size: int | None = None) -> AsyncIterator[bytes]:
        """The body in chunks (of `chunk_size` bytes, if given), for `async for`."""
        return self.response.aiter_bytes(chunk_size)

    async def write_to_file(self, path: FilePath) -> None:
        """Write the body to a file, replacing it if it exists."""
        await anyio.Path(path).write_bytes(self.content)


class _HttpRef:
    """The httpx client a result came through. It stays out of pickles (an httpx client cannot be
    pickled) and is shared by copies; it never makes two results unequal."""

    __slots__ = ("http",)

    def __init__(self, http: httpx.Client | httpx.AsyncClient | None) -> None:
        self.http = http

    def __reduce__(self) -> tuple[type[_HttpRef], tuple[None]]:
        return (_HttpRef, (None,))

    def __copy__(self) -> _HttpRef:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> _HttpRef:
        return self

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _HttpRef)

    def __hash__(self) -> int:
        return 0


def bind_http(items: Iterable[BaseModel], http: httpx.Client | httpx.AsyncClient) -> None:
    """Remember on each of `items` the httpx client to make its follow-up requests with."""
    ref = _HttpRef(http)
    for item in items:
        private = item.__pydantic_private__ or {}
        object.__setattr__(item, "__pydantic_private__", {**private, "http": ref})


def http_of(item: BaseModel) -> httpx.Client | httpx.AsyncClient | None:
    """The httpx client `bind_http` remembered on `item`, if any."""
    private = item.__pydantic_private__
    ref = private.get("http") if private else None
    return ref.http if isinstance(ref, _HttpRef) else None


def save_image(image: Image, path: FilePath) -> None:
    """`image.save(path)`: decode `b64_json`, or download `url` with the client it came from."""
    data = _inline_bytes(image)
    if data is not None:
        Path(path).write_bytes(data)
        return
    url = _url(image)
    http = http_of(image)
    if isinstance(http, httpx.AsyncClient):
        raise OpenwireError(
            "This image came from an AsyncClient, whose connections only work inside its event loop: "
            "save it with `await image.asave(path)`."
        )
    if http is None:  # made by hand or unpickled: no client to borrow
        with httpx.Client(follow_redirects=True) as own:
            _download(own, url, Path(path))
    else:
        _download(http, url, Path(path))


async def asave_image(image: Image, path: FilePath) -> None:
    """`await image.asave(path)`: `save_image` with awaiting I/O."""
    data = _inline_bytes(image)
    if data is not None:
        await anyio.Path(path).write_bytes(data)
        return
    url = _url(image)
    http = http_of(image)
    if isinstance(http, httpx.Client):
        raise OpenwireError("This image came from a (blocking) Client: save it with `image.save(path)`.")
    if http is None:
        async with httpx.AsyncClient(follow_redirects=True) as own:
            await _adownload(own, url, anyio.Path(path))
    else:
        await _adownload(http, url, anyio.Path(path))


def _inline_bytes(image: Image) -> bytes | None:
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


def _url(image: Image) -> str:
    if not image.url:
        raise OpenwireError("This image has neither `b64_json` nor `url`: there is nothing to save.")
    return image.url


def _download(http: httpx.Client, url: str, path: Path) -> None:
    from ._exceptions import connection_error

    request = http.build_request("GET", url)
    try:
        response = http.send(request, stream=True)
        try:
            if not response.is_success:
                response.read()
                raise status_error(response)
            try:
                with path.open("wb") as file:
                    for chunk in response.iter_bytes():
                        file.write(chunk)
            except BaseException:
                path.unlink(missing_ok=True)  # no half-written image left behind
                raise
        finally:
            response.close()
    except httpx.RequestError as exc:
        raise connection_error(exc, request) from exc


async def _adownload(http: httpx.AsyncClient, url: str, path: anyio.Path) -> None:
    from ._exceptions import connection_error

    request = http.build_request("GET", url)
    try:
        response = await http.send(request, stream=True)
        try:
            if not response.is_success:
                await response.aread()
                raise status_error(response)
            try:
                async with await anyio.open_file(path, "wb") as file:
                    async for chunk in response.aiter_bytes():
                        await file.write(chunk)
            except BaseException:
                with anyio.CancelScope(shield=True):
                    await path.unlink(missing_ok=True)
                raise
        finally:
            with anyio.CancelScope(shield=True):
                await response.aclose()
    except httpx.RequestError as exc:
        raise connection_error(exc, request) from exc
