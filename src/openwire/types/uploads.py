"""Uploads: a large file sent in parts (up to 64 MB each, 8 GB in all) that becomes one `FileObject`.

```python
upload = client.uploads.upload_file(Path("train.jsonl"), purpose="fine-tune")  # parts, concurrently
print(upload.file.id)
```

Or step by step: `uploads.create(...)`, `uploads.parts.create(upload.id, data=...)` for each part,
then `uploads.complete(upload.id, part_ids=[...], md5=...)`.
"""

# No `from __future__ import annotations` here: it would turn `Required[...]` into strings, and the
# TypedDicts would no longer know at runtime which keys are required.

from collections.abc import Sequence
from typing import Literal

from typing_extensions import Required, TypedDict

from openwire._files import FileTypes
from openwire._models import BaseModel
from openwire.types.files import FileExpirationAfterParam, FileObject

__all__ = [
    "Upload",
    "UploadCompleteParams",
    "UploadCreateParams",
    "UploadPart",
    "UploadPartCreateParams",
    "UploadPurpose",
]

UploadPurpose = Literal["assistants", "batch", "fine-tune", "vision", "user_data", "evals"]
"""What the file an upload makes is for (as for `files.create`)."""


class UploadCreateParams(TypedDict, total=False):
    """The parameters of `uploads.create`."""

    bytes: Required[int]
    """The size of the whole file in bytes: the parts must add up to it."""
    filename: Required[str]
    """The name of the file the upload makes."""
    mime_type: Required[str]
    """The file's MIME type (`application/jsonl`, `text/plain`, ...): it must suit the purpose."""
    purpose: Required[UploadPurpose | str]
    """What the file is for."""
    expires_after: FileExpirationAfterParam
    """When the file made by the upload expires."""


class UploadPartCreateParams(TypedDict, total=False):
    """The parameters of `uploads.parts.create` (sent as a multipart form)."""

    data: Required[FileTypes]
    """The bytes of this part (at most 64 MB): bytes, a path, or a file open in binary mode."""


class UploadCompleteParams(TypedDict, total=False):
    """The parameters of `uploads.complete`."""

    part_ids: Required[Sequence[str]]
    """The ids of the parts, in the order their bytes make the file."""
    md5: str
    """The MD5 checksum (hex) of the whole file: the server refuses to complete if its bytes differ."""


class Upload(BaseModel):
    """An upload in progress, or done (`status="completed"`, with the `file` it made)."""

    id: str
    """The upload id (`upload_...`)."""
    bytes: int
    """The size the file is to have."""
    created_at: int
    """When the upload was created, in Unix seconds."""
    expires_at: int
    """When the upload expires (an hour after it was created), in Unix seconds."""
    filename: str
    """The name of the file."""
    purpose: str
    """What the file is for."""
    status: Literal["pending", "completed", "cancelled", "expired"] | str
    """`pending` while parts may be added, then `completed`, `cancelled` or `expired`."""
    object: Literal["upload"] | str = "upload"
    """Always `upload`."""
    file: FileObject | None = None
    """The file the upload made, once completed."""


class UploadPart(BaseModel):
    """One part added to an upload."""

    id: str
    """The part id (`part_...`): list them in order to complete the upload."""
    created_at: int
    """When the part was added, in Unix seconds."""
    upload_id: str
    """The upload the part belongs to."""
    object: Literal["upload.part"] | str = "upload.part"
    """Always `upload.part`."""
