"""Batches: the `Batch` object, the parameters of `batches.create` and `batches.list`, and the
lines of a batch's input and output files.

```python
batch = client.batches.create(
    input_file_id=file.id, endpoint="/v1/chat/completions", completion_window="24h"
)
batch = client.batches.retrieve(batch.id)
print(batch.status, batch.request_counts)
```

For the whole round trip (JSONL, upload, polling, results in input order) see
`client.batches.run(...)`.
"""

# No `from __future__ import annotations` here: it would turn `Required[...]` into strings, and the
# TypedDicts would no longer know at runtime which keys are required.

from collections.abc import Mapping
from typing import Any, Literal, TypeAlias

from pydantic import Field
from typing_extensions import Required, TypedDict

from openwire._models import BaseModel

__all__ = [
    "Batch",
    "BatchCreateParams",
    "BatchEndpoint",
    "BatchError",
    "BatchErrors",
    "BatchListParams",
    "BatchOutputExpirationAfterParam",
    "BatchRequestCounts",
    "BatchRequestInput",
    "BatchRequestOutput",
    "BatchResponseBody",
    "BatchStatus",
    "BatchUsage",
]

BatchEndpoint: TypeAlias = Literal[
    "/v1/responses",
    "/v1/chat/completions",
    "/v1/embeddings",
    "/v1/completions",
    "/v1/moderations",
    "/v1/images/generations",
    "/v1/images/edits",
    "/v1/videos",
]
"""The endpoints a batch can run every request of its input file against."""

BatchStatus: TypeAlias = Literal[
    "validating",
    "failed",
    "in_progress",
    "finalizing",
    "completed",
    "expired",
    "cancelling",
    "cancelled",
]
"""Where a batch is: `validating` → `in_progress` → `finalizing` → `completed`; or `failed` (its
input file was refused), `expired` (not done in the window), `cancelling` → `cancelled`."""


class BatchOutputExpirationAfterParam(TypedDict, total=False):
    """When a batch's output and error files expire: `{"anchor": "created_at", "seconds": ...}`."""

    anchor: Required[Literal["created_at"]]
    """What the expiry counts from: the output file's creation time."""
    seconds: Required[int]
    """Seconds after the anchor, from 3600 (an hour) to 2592000 (30 days)."""


class BatchCreateParams(TypedDict, total=False):
    """The parameters of `batches.create`."""

    input_file_id: Required[str]
    """A file uploaded with purpose `batch`: JSONL, one request a line, up to 50,000 lines and 200 MB."""
    endpoint: Required[BatchEndpoint | str]
    """The endpoint every line of the input file is sent to (each line's `url` must match)."""
    completion_window: Required[Literal["24h"] | str]
    """How long the batch may take; the API offers `24h`."""
    metadata: Mapping[str, str] | None
    """Up to 16 string pairs to store with the batch."""
    output_expires_after: BatchOutputExpirationAfterParam
    """When the output and error files expire."""


class BatchListParams(TypedDict, total=False):
    """The parameters of `batches.list` (query parameters)."""

    after: str
    """List the batches after this batch id (the cursor)."""
    limit: int
    """How many batches per page, from 1 to 100 (20 by default)."""


class BatchError(BaseModel):
    """Why a batch's input was refused (one entry of `Batch.errors`)."""

    code: str | None = None
    """A code naming the problem (`invalid_json_line`, `too_many_requests`, ...)."""
    message: str | None = None
    """What was wrong, in words."""
    param: str | None = None
    """The field at fault, if any."""
    line: int | None = None
    """The line of the input file at fault (from 1), if any."""


class BatchErrors(BaseModel):
    """The problems found with a batch's input (`Batch.errors`)."""

    data: list[BatchError] = Field(default_factory=list)
    """The problems."""
    object: str | None = None
    """Always `list`."""


class BatchRequestCounts(BaseModel):
    """How many of a batch's requests have finished."""

    total: int = 0
    """Requests in the batch."""
    completed: int = 0
    """Requests that succeeded."""
    failed: int = 0
    """Requests that failed."""


class BatchUsage(BaseModel):
    """Tokens a batch used (batches created after September 2025)."""

    input_tokens: int = 0
    """Input tokens."""
    output_tokens: int = 0
    """Output tokens."""
    total_tokens: int = 0
    """All tokens."""
    input_tokens_details: dict[str, Any] | None = None
    """`cached_tokens`: input tokens read from the prompt cache."""
    output_tokens_details: dict[str, Any] | None = None
    """`reasoning_tokens`: output tokens spent reasoning."""


class Batch(BaseModel):
    """A batch of requests the API runs within its completion window, at half the price."""

    id: str
    """The batch id (`batch_...`): keep it to find the batch again after a restart."""
    completion_window: str
    """How long the batch may take (`24h`)."""
    created_at: int
    """When the batch was created, in Unix seconds."""
    endpoint: str
    """The endpoint its requests go to (`/v1/chat/completions`)."""
    input_file_id: str
    """The file of its requests."""
    status: BatchStatus | str
    """Where the batch is (see `BatchStatus`)."""
    object: Literal["batch"] | str = "batch"
    """Always `batch`."""
    model: str | None = None
    """The model that ran the batch, if the server says."""
    errors: BatchErrors | None = None
    """Why the input was refused, for a `failed` batch."""
    output_file_id: str | None = None
    """The file of the requests that succeeded, once the batch is done."""
    error_file_id: str | None = None
    """The file of the requests that failed, once the batch is done (if any did)."""
    request_counts: BatchRequestCounts | None = None
    """How many requests there are, and how many have succeeded or failed so far."""
    usage: BatchUsage | None = None
    """Tokens used."""
    metadata: dict[str, str] | None = None
    """The metadata it was created with."""
    in_progress_at: int | None = None
    """When it started running."""
    expires_at: int | None = None
    """When its window closes."""
    finalizing_at: int | None = None
    """When it started writing its output."""
    completed_at: int | None = None
    """When it completed."""
    failed_at: int | None = None
    """When its input was refused."""
    expired_at: int | None = None
    """When it expired."""
    cancelling_at: int | None = None
    """When cancelling began."""
    cancelled_at: int | None = None
    """When it was cancelled."""


class BatchRequestInput(TypedDict):
    """One line of a batch's input file."""

    custom_id: str
    """Your id for the request, unique in the file: its result carries it."""
    method: Literal["POST"]
    """Always `POST`."""
    url: str
    """The endpoint, the same as the batch's (`/v1/chat/completions`)."""
    body: Mapping[str, Any]
    """The request's parameters, as for the endpoint itself."""


class BatchResponseBody(BaseModel):
    """The HTTP answer to one request of a batch."""

    status_code: int
    """Its status (200 for success)."""
    answer_request_id: str | None = Field(default=None, alias="request_id")
    """Its request id (the line's `request_id`; `request_id` on a model is the id of the HTTP
    response the model came in)."""
    body: Any = None
    """Its JSON body: the endpoint's object, or `{"error": {...}}`."""


class BatchRequestOutput(BaseModel):
    """One line of a batch's output or error file."""

    id: str | None = None
    """The id of this line (`batch_req_...`)."""
    custom_id: str
    """The `custom_id` of the request it answers."""
    response: BatchResponseBody | None = None
    """The answer, when the request was sent."""
    error: BatchError | None = None
    """Why the request was not sent (the batch expired or was cancelled first), if it was not."""
