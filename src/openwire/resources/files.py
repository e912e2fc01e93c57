"""`client.files`: upload files for other endpoints (a batch's requests, training data), list them,
read them back, delete them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import httpx
from typing_extensions import Unpack

from openwire._binary import AsyncBinaryContent, BinaryContent, FilePath
from openwire._models import cursor_page_parser, parser
from openwire._request import Endpoint
from openwire._resource import AsyncAPIResource, SyncAPIResource, helper
from openwire._types import RequestOptions
from openwire.types.files import FileCreateParams, FileDeleted, FileListParams, FileObject

if TYPE_CHECKING:
    from openwire._pagination import AsyncCursorPager, CursorPage, CursorPageData
    from openwire.resources._views.files import (  # noqa: F401 - named in the class bases below
        AsyncFilesWithRawResponse,
        AsyncFilesWithStreamingResponse,
        FilesWithRawResponse,
        FilesWithStreamingResponse,
    )

__all__ = ["AsyncFiles", "Files"]

T = TypeVar("T")


# The keyword arguments of each method: the API's parameters plus the per-call options.
class _Create(FileCreateParams, RequestOptions, total=False): ...


class _List(FileListParams, RequestOptions, total=False): ...


_CREATE = Endpoint(
    "POST",
    "/files",
    parser(FileObject),
    params=FileCreateParams,
    body="multipart",
    files=("file",),
    name="files.create",
)
_RETRIEVE = Endpoint("GET", "/files/{}", parser(FileObject), name="files.retrieve")
_LIST: Endpoint[CursorPageData[FileObject]] = Endpoint(
    "GET", "/files", cursor_page_parser(FileObject), params=FileListParams, body="query", name="files.list"
)
_DELETE = Endpoint("DELETE", "/files/{}", parser(FileDeleted), name="files.delete")


def _content(parse: Callable[[httpx.Response], T]) -> Endpoint[T]:
    # The file's bytes: the blocking and the async client wrap them in different types.
    return Endpoint(
        "GET", "/files/{}/content", parse, name="files.content", accept="application/octet-stream, */*;q=0.8"
    )


_CONTENT = _content(BinaryContent)
_ASYNC_CONTENT = _content(AsyncBinaryContent)


class Files(SyncAPIResource["FilesWithRawResponse", "FilesWithStreamingResponse"]):
    """Files kept by the API: a batch's input and output, training data, documents for models."""

    def create(self, **params: Unpack[_Create]) -> FileObject:
        """Upload a file (up to 512 MB; for larger ones, or to send parts concurrently, use
        `client.uploads.upload_file`) for a `purpose` (`batch`, `fine-tune`, `user_data`, ...)."""
        return self._call(_CREATE, params)

    def retrieve(self, file_id: str, /, **options: Unpack[RequestOptions]) -> FileObject:
        """Get a file's details (name, size, purpose; not its content)."""
        return self._call(_RETRIEVE, options, file_id)

    def list(self, **params: Unpack[_List]) -> CursorPage[FileObject]:
        """List your files, newest first; iterating fetches later pages as needed."""
        return self._paged(_LIST, params)

    def delete(self, file_id: str, /, **options: Unpack[RequestOptions]) -> FileDeleted:
        """Delete a file."""
        return self._call(_DELETE, options, file_id)

    def content(self, file_id: str, /, **options: Unpack[RequestOptions]) -> BinaryContent:
        """A file's content, read whole (`.content`, `.write_to_file(path)`).

        For a large file use `download(file_id, path)`, which writes it to disk as it arrives.
        """
        return self._call(_CONTENT, options, file_id)

    @helper
    def download(self, file_id: str, path: FilePath, /, **options: Unpack[RequestOptions]) -> Path:
        """Write a file's content to `path` as it arrives, holding one chunk in memory at a time;
        returns the path. A failed download leaves no partial file behind."""
        target = Path(path)
        try:
            with self.with_streaming_response.content(file_id, **options) as response:
                response.write_to_file(target)
        except BaseException:
            target.unlink(missing_ok=True)
            raise
        return target


class AsyncFiles(AsyncAPIResource["AsyncFilesWithRawResponse", "AsyncFilesWithStreamingResponse"]):
    """Files kept by the API: a batch's input and output, training data, documents for models."""

    async def create(self, **params: Unpack[_Create]) -> FileObject:
        """Upload a file (up to 512 MB; for larger ones, or to send parts concurrently, use
        `client.uploads.upload_file`) for a `purpose` (`batch`, `fine-tune`, `user_data`, ...)."""
        return await self._call(_CREATE, params)

    async def retrieve(self, file_id: str, /, **options: Unpack[RequestOptions]) -> FileObject:
        """Get a file's details (name, size, purpose; not its content)."""
        return await self._call(_RETRIEVE, options, file_id)

    def list(self, **params: Unpack[_List]) -> AsyncCursorPager[FileObject]:
        """List your files, newest first; iterating fetches later pages as needed."""
        return self._paged(_LIST, params)

    async def delete(self, file_id: str, /, **options: Unpack[RequestOptions]) -> FileDeleted:
        """Delete a file."""
        return await self._call(_DELETE, options, file_id)

    async def content(self, file_id: str, /, **options: Unpack[RequestOptions]) -> AsyncBinaryContent:
        """A file's content, read whole (`.content`, `.write_to_file(path)`).

        For a large file use `download(file_id, path)`, which writes it to disk as it arrives.
        """
        return await self._call(_ASYNC_CONTENT, options, file_id)

    @helper
    async def download(self, file_id: str, path: FilePath, /, **options: Unpack[RequestOptions]) -> Path:
        """Write a file's content to `path` as it arrives, holding one chunk in memory at a time;
        returns the path. A failed download leaves no partial file behind."""
        target = Path(path)
        try:
            async with self.with_streaming_response.content(file_id, **options) as response:
                await response.write_to_file(target)
        except BaseException:
            target.unlink(missing_ok=True)
            raise
        return target
