"""Binary bodies: the audio `audio.speech.create` returns, and an image `images.download` fetches.

`BinaryContent` / `AsyncBinaryContent` wrap a body that has been read whole. To write a long body to
disk as it arrives, without holding it in memory, use `with_streaming_response` and
`APIResponse.write_to_file`.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, TypeAlias

import anyio
import httpx

from ._exceptions import request_id_of

if TYPE_CHECKING:
    pass

__all__ = ["AsyncBinaryContent", "BinaryContent", "FilePath"]

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
