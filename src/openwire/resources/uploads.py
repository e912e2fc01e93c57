"""`client.uploads`: send a large file in parts (up to 64 MB each, 8 GB in all) that become one file."""

from __future__ import annotations

import os
from functools import cached_property
from typing import TYPE_CHECKING

from typing_extensions import Unpack

from openwire._models import parser
from openwire._request import Endpoint
from openwire._resource import AsyncAPIResource, SyncAPIResource, helper
from openwire._types import NOT_GIVEN, NotGiven, RequestOptions
from openwire._uploading import MAX_PART_SIZE, upload_file, upload_file_async
from openwire.types.files import FileExpirationAfterParam
from openwire.types.uploads import (
    Upload,
    UploadCompleteParams,
    UploadCreateParams,
    UploadPart,
    UploadPartCreateParams,
    UploadPurpose,
)

if TYPE_CHECKING:
    from openwire.resources._views.uploads import (  # noqa: F401 - named in the class bases below
        AsyncPartsWithRawResponse,
        AsyncPartsWithStreamingResponse,
        AsyncUploadsWithRawResponse,
        AsyncUploadsWithStreamingResponse,
        PartsWithRawResponse,
        PartsWithStreamingResponse,
        UploadsWithRawResponse,
        UploadsWithStreamingResponse,
    )

__all__ = ["AsyncParts", "AsyncUploads", "Parts", "Uploads"]


# The keyword arguments of each method: the API's parameters plus the per-call options.
class _Create(UploadCreateParams, RequestOptions, total=False): ...


class _Complete(UploadCompleteParams, RequestOptions, total=False): ...


class _CreatePart(UploadPartCreateParams, RequestOptions, total=False): ...


_CREATE = Endpoint("POST", "/uploads", parser(Upload), params=UploadCreateParams, name="uploads.create")
_COMPLETE = Endpoint(
    "POST", "/uploads/{}/complete", parser(Upload), params=UploadCompleteParams, name="uploads.complete"
)
_CANCEL = Endpoint("POST", "/uploads/{}/cancel", parser(Upload), name="uploads.cancel")
_CREATE_PART = Endpoint(
    "POST",
    "/uploads/{}/parts",
    parser(UploadPart),
    params=UploadPartCreateParams,
    body="multipart",
    files=("data",),
    name="uploads.parts.create",
)


class Uploads(SyncAPIResource["UploadsWithRawResponse", "UploadsWithStreamingResponse"]):
    """Large files sent in parts: `upload_file` does it all; or `create`, `parts.create` for
    each part, and `complete`."""

    def create(self, **params: Unpack[_Create]) -> Upload:
        """Start an upload of a file of `bytes` bytes; parts may be added for an hour."""
        return self._call(_CREATE, params)

    def complete(self, upload_id: str, /, **params: Unpack[_Complete]) -> Upload:
        """Finish an upload: its parts, in the order of `part_ids`, become the upload's `file`. With
        `md5`, the server refuses if the bytes it got have another checksum."""
        return self._call(_COMPLETE, params, upload_id)

    def cancel(self, upload_id: str, /, **options: Unpack[RequestOptions]) -> Upload:
        """Cancel an upload: no more parts may be added, and no file is made."""
        return self._call(_CANCEL, options, upload_id)

    @cached_property
    def parts(self) -> Parts:
        """The parts of uploads."""
        return self._sub(Parts)

    @helper
    def upload_file(
        self,
        file: str | os.PathLike[str],
        /,
        *,
        purpose: UploadPurpose | str,
        filename: str | None = None,
        mime_type: str | None = None,
        part_size: int = MAX_PART_SIZE,
        concurrency: int = 4,
        journal: str | os.PathLike[str] | None = None,
        expires_after: FileExpirationAfterParam | NotGiven = NOT_GIVEN,
        **options: Unpack[RequestOptions],
    ) -> Upload:
        """Upload a file of up to 8 GB in parts of `part_size` bytes (64 MiB at most), `concurrency`
        at a time, and complete it with the file's MD5; returns the completed upload (`.file.id`).

        The file is read once, holding at most `concurrency` parts in memory. `mime_type` defaults to
        one guessed from the name (`application/jsonl` for `.jsonl`). With `journal=path`, the ids
        of finished parts are written there as they come in: if the upload fails or the program
        stops, calling again with the same journal sends only the missing parts (within the hour an
        upload stays open); the journal is deleted once the upload is complete. The per-call
        `options` (`timeout`, `extra_headers`, ...) apply to each call it makes.
        """
        return upload_file(
            self,
            file,
            purpose=purpose,
            filename=filename,
            mime_type=mime_type,
            part_size=part_size,
            concurrency=concurrency,
            journal=journal,
            expires_after=expires_after,
            options=options,
        )


class Parts(SyncAPIResource["PartsWithRawResponse", "PartsWithStreamingResponse"]):
    """The parts of an upload."""

    def create(self, upload_id: str, /, **params: Unpack[_CreatePart]) -> UploadPart:
        """Add a part (`data`, at most 64 MB) to an upload. Parts may be added concurrently; their
        order is given when the upload is completed."""
        return self._call(_CREATE_PART, params, upload_id)


class AsyncUploads(AsyncAPIResource["AsyncUploadsWithRawResponse", "AsyncUploadsWithStreamingResponse"]):
    """Large files sent in parts: `upload_file` does it all; or `create`, `parts.create` for
    each part, and `complete`."""

    async def create(self, **params: Unpack[_Create]) -> Upload:
        """Start an upload of a file of `bytes` bytes; parts may be added for an hour."""
        return await self._call(_CREATE, params)

    async def complete(self, upload_id: str, /, **params: Unpack[_Complete]) -> Upload:
        """Finish an upload: its parts, in the order of `part_ids`, become the upload's `file`. With
        `md5`, the server refuses if the bytes it got have another checksum."""
        return await self._call(_COMPLETE, params, upload_id)

    async def cancel(self, upload_id: str, /, **options: Unpack[RequestOptions]) -> Upload:
        """Cancel an upload: no more parts may be added, and no file is made."""
        return await self._call(_CANCEL, options, upload_id)

    @cached_property
    def parts(self) -> AsyncParts:
        """The parts of uploads."""
        return self._sub(AsyncParts)

    @helper
    async def upload_file(
        self,
        file: str | os.PathLike[str],
        /,
        *,
        purpose: UploadPurpose | str,
        filename: str | None = None,
        mime_type: str | None = None,
        part_size: int = MAX_PART_SIZE,
        concurrency: int = 4,
        journal: str | os.PathLike[str] | None = None,
        expires_after: FileExpirationAfterParam | NotGiven = NOT_GIVEN,
        **options: Unpack[RequestOptions],
    ) -> Upload:
        """Upload a file of up to 8 GB in parts of `part_size` bytes (64 MiB at most), `concurrency`
        at a time, and complete it with the file's MD5; returns the completed upload (`.file.id`).

        The file is read once, holding at most `concurrency` parts in memory. `mime_type` defaults to
        one guessed from the name (`application/jsonl` for `.jsonl`). With `journal=path`, the ids
        of finished parts are written there as they come in: if the upload fails or the program
        stops, calling again with the same journal sends only the missing parts (within the hour an
        upload stays open); the journal is deleted once the upload is complete. The per-call
        `options` (`timeout`, `extra_headers`, ...) apply to each call it makes.
        """
        return await upload_file_async(
            self,
            file,
            purpose=purpose,
            filename=filename,
            mime_type=mime_type,
            part_size=part_size,
            concurrency=concurrency,
            journal=journal,
            expires_after=expires_after,
            options=options,
        )


class AsyncParts(AsyncAPIResource["AsyncPartsWithRawResponse", "AsyncPartsWithStreamingResponse"]):
    """The parts of an upload."""

    async def create(self, upload_id: str, /, **params: Unpack[_CreatePart]) -> UploadPart:
        """Add a part (`data`, at most 64 MB) to an upload. Parts may be added concurrently; their
        order is given when the upload is completed."""
        return await self._call(_CREATE_PART, params, upload_id)
