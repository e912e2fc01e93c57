"""Files: the `FileObject` the API keeps, and the parameters of `files.create` and `files.list`.

```python
file = client.files.create(file=Path("requests.jsonl"), purpose="batch")
for file in client.files.list(purpose="batch"):
    print(file.id, file.filename, file.bytes)
data = client.files.content(file.id).content
```
"""

# No `from __future__ import annotations` here: it would turn `Required[...]` into strings, and the
# TypedDicts would no longer know at runtime which keys are required.

from typing import Literal, TypeAlias

from typing_extensions import Required, TypedDict

from openwire._files import FileTypes
from openwire._models import BaseModel

__all__ = [
    "FileCreateParams",
    "FileDeleted",
    "FileExpirationAfterParam",
    "FileListParams",
    "FileObject",
    "FilePurpose",
]

FilePurpose: TypeAlias = Literal["assistants", "batch", "fine-tune", "vision", "user_data", "evals"]
"""What a file is uploaded for: `batch` for the Batch API's input, `fine-tune` for training data,
`assistants` / `user_data` for files models read, `vision` for images, `evals` for eval data."""


class FileExpirationAfterParam(TypedDict, total=False):
    """When an uploaded file expires: `{"anchor": "created_at", "seconds": 86400}`."""

    anchor: Required[Literal["created_at"]]
    """What the expiry counts from: the file's creation time."""
    seconds: Required[int]
    """Seconds after the anchor, from 3600 (an hour) to 2592000 (30 days)."""


class FileCreateParams(TypedDict, total=False):
    """The parameters of `files.create` (sent as a multipart form)."""

    file: Required[FileTypes]
    """The file: bytes, a path, a file open in binary mode, or `(filename, content[, type])`."""
    purpose: Required[FilePurpose | str]
    """What the file is for (`batch` for a Batch API input: JSONL, up to 200 MB)."""
    expires_after: FileExpirationAfterParam
    """When the file expires (files with purpose `batch` expire after 30 days by default)."""


class FileListParams(TypedDict, total=False):
    """The parameters of `files.list` (query parameters)."""

    after: str
    """List the files after this file id (the cursor)."""
    limit: int
    """How many files per page, from 1 to 10,000 (10,000 by default)."""
    order: Literal["asc", "desc"] | str
    """By creation time: `asc` (oldest first) or `desc` (newest first, the default)."""
    purpose: FilePurpose | str
    """Only the files with this purpose."""


class FileObject(BaseModel):
    """A file kept by the API (`GET /files/{file_id}`): an upload, or a file the API wrote (a
    batch's output)."""

    id: str
    """The file id (`file-...`), used to refer to it in other calls."""
    bytes: int
    """The size of the file in bytes."""
    created_at: int
    """When the file was created, in Unix seconds."""
    filename: str
    """The name of the file."""
    object: Literal["file"] | str = "file"
    """Always `file`."""
    purpose: (
        Literal[
            "assistants",
            "assistants_output",
            "batch",
            "batch_output",
            "fine-tune",
            "fine-tune-results",
            "vision",
            "user_data",
            "evals",
        ]
        | str
    )
    """What the file is for; files the API writes have `batch_output`, `fine-tune-results`, ..."""
    expires_at: int | None = None
    """When the file expires, in Unix seconds (None: kept until deleted)."""
    status: Literal["uploaded", "processed", "error"] | str | None = None
    """Deprecated by the API: `uploaded`, `processed` or `error`."""
    status_details: str | None = None
    """Deprecated by the API: why a file failed validation."""


class FileDeleted(BaseModel):
    """The answer to `files.delete`."""

    id: str
    """The id of the deleted file."""
    deleted: bool
    """Whether the file was deleted."""
    object: Literal["file"] | str = "file"
    """Always `file`."""
