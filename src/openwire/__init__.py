"""openwire: a typed, fast, sync and async client for the OpenAI API and every server that speaks it.

```python
import openwire

client = openwire.Client()  # OPENAI_API_KEY, OPENAI_BASE_URL from the environment
for model in client.models.list():
    print(model.id)
```
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._client import AsyncClient, Client
from ._exceptions import (
    APIConnectionError,
    APIError,
    APIResponseValidationError,
    APIStatusError,
    APIStreamError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    BatchNotDoneError,
    BatchSubmitError,
    ConflictError,
    ContentFilterFinishReasonError,
    FileMissingError,
    InternalServerError,
    InvalidFileError,
    InvalidInputError,
    LengthFinishReasonError,
    NotFoundError,
    OpenwireError,
    OutputValidationError,
    PermissionDeniedError,
    RateLimitError,
    StrictSchemaError,
    StructuredOutputError,
    ToolArgumentsError,
    ToolDefinitionError,
    ToolRoundsExceededError,
    UnprocessableEntityError,
)
from ._failover import Fallback
from ._lazy import lazy_attributes
from ._logging import setup_from_env as _setup_logging
from ._middleware import CallInfo, Middleware
from ._retry import RetryPolicy
from ._types import NOT_GIVEN, NotGiven, RequestOptions, Timeout
from ._version import __version__

if TYPE_CHECKING:
    from ._azure import AsyncAzureClient, AzureClient, AzureClientOptions
    from ._batch_job import (
        AsyncBatchJob,
        BatchItemError,
        BatchJob,
        BatchProgress,
        BatchResult,
        BatchResults,
        BatchSubmitOptions,
        BatchWaitOptions,
    )
    from ._binary import AsyncBinaryContent, BinaryContent
    from ._bulk import BulkOptions, BulkRequest, BulkResult, BulkResults, estimate_tokens
    from ._bulk_runners import abulk, bulk
    from ._chat_stream import AsyncChatCompletionStream, ChatCompletionStream, aaccumulate, accumulate
    from ._config import ClientConfig, ClientOptions
    from ._files import FileTypes
    from ._models import BaseModel, UnknownVariant
    from ._pagination import AsyncCursorPage, AsyncCursorPager, AsyncPager, CursorPage, Page
    from ._progress import BulkProgress
    from ._ratelimit import RateLimiter
    from ._response import APIResponse, AsyncAPIResponse
    from ._response_stream import AsyncResponseStream, ResponseStream
    from ._streaming import AsyncStream, Stream
    from ._strict_schema import strict_json_schema
    from ._tool_runner import (
        AsyncChatToolRunner,
        AsyncResponseToolRunner,
        ChatToolRunner,
        ResponseToolRunner,
        ToolRound,
    )
    from ._tools import FunctionTool, function_tool, pydantic_function_tool
    from ._usage import ModelUsage, TokenPrice, UsageTracker, track_usage

__all__ = [
    "NOT_GIVEN",
    "APIConnectionError",
    "APIError",
    "APIResponse",
    "APIResponseValidationError",
    "APIStatusError",
    "APIStreamError",
    "APITimeoutError",
    "AsyncAPIResponse",
    "AsyncAzureClient",
    "AsyncBatchJob",
    "AsyncBinaryContent",
    "AsyncChatCompletionStream",
    "AsyncChatToolRunner",
    "AsyncClient",
    "AsyncCursorPage",
    "AsyncCursorPager",
    "AsyncPager",
    "AsyncResponseStream",
    "AsyncResponseToolRunner",
    "AsyncStream",
    "AuthenticationError",
    "AzureClient",
    "AzureClientOptions",
    "BadRequestError",
    "BaseModel",
    "BatchItemError",
    "BatchJob",
    "BatchNotDoneError",
    "BatchProgress",
    "BatchResult",
    "BatchResults",
    "BatchSubmitError",
    "BatchSubmitOptions",
    "BatchWaitOptions",
    "BinaryContent",
    "BulkOptions",
    "BulkProgress",
    "BulkRequest",
    "BulkResult",
    "BulkResults",
    "CallInfo",
    "ChatCompletionStream",
    "ChatToolRunner",
    "Client",
    "ClientConfig",
    "ClientOptions",
    "ConflictError",
    "ContentFilterFinishReasonError",
    "CursorPage",
    "Fallback",
    "FileMissingError",
    "FileTypes",
    "FunctionTool",
    "InternalServerError",
    "InvalidFileError",
    "InvalidInputError",
    "LengthFinishReasonError",
    "Middleware",
    "ModelUsage",
    "NotFoundError",
    "NotGiven",
    "OpenwireError",
    "OutputValidationError",
    "Page",
    "PermissionDeniedError",
    "RateLimitError",
    "RateLimiter",
    "RequestOptions",
    "ResponseStream",
    "ResponseToolRunner",
    "RetryPolicy",
    "Stream",
    "StrictSchemaError",
    "StructuredOutputError",
    "Timeout",
    "TokenPrice",
    "ToolArgumentsError",
    "ToolDefinitionError",
    "ToolRound",
    "ToolRoundsExceededError",
    "UnknownVariant",
    "UnprocessableEntityError",
    "UsageTracker",
    "__version__",
    "aaccumulate",
    "abulk",
    "accumulate",
    "bulk",
    "estimate_tokens",
    "function_tool",
    "pydantic_function_tool",
    "strict_json_schema",
    "track_usage",
]

# Loaded on first use: `import openwire` and building a client need neither pydantic's model
# machinery nor the stream, upload and response types, and a program that never touches them
# should not pay for importing them.
_LAZY = {
    "AsyncAzureClient": "._azure",
    "AzureClient": "._azure",
    "AzureClientOptions": "._azure",
    "AsyncBatchJob": "._batch_job",
    "BatchItemError": "._batch_job",
    "BatchJob": "._batch_job",
    "BatchProgress": "._batch_job",
    "BatchResult": "._batch_job",
    "BatchResults": "._batch_job",
    "BatchSubmitOptions": "._batch_job",
    "BatchWaitOptions": "._batch_job",
    "AsyncBinaryContent": "._binary",
    "BinaryContent": "._binary",
    "BulkOptions": "._bulk",
    "BulkRequest": "._bulk",
    "BulkResult": "._bulk",
    "BulkResults": "._bulk",
    "estimate_tokens": "._bulk",
    "abulk": "._bulk_runners",
    "bulk": "._bulk_runners",
    "BulkProgress": "._progress",
    "RateLimiter": "._ratelimit",
    "ClientConfig": "._config",
    "ClientOptions": "._config",
    "FileTypes": "._files",
    "BaseModel": "._models",
    "UnknownVariant": "._models",
    "AsyncCursorPage": "._pagination",
    "AsyncCursorPager": "._pagination",
    "AsyncPager": "._pagination",
    "CursorPage": "._pagination",
    "Page": "._pagination",
    "APIResponse": "._response",
    "AsyncAPIResponse": "._response",
    "AsyncStream": "._streaming",
    "Stream": "._streaming",
    "AsyncChatCompletionStream": "._chat_stream",
    "ChatCompletionStream": "._chat_stream",
    "aaccumulate": "._chat_stream",
    "accumulate": "._chat_stream",
    "AsyncResponseStream": "._response_stream",
    "ResponseStream": "._response_stream",
    "strict_json_schema": "._strict_schema",
    "AsyncChatToolRunner": "._tool_runner",
    "AsyncResponseToolRunner": "._tool_runner",
    "ChatToolRunner": "._tool_runner",
    "ResponseToolRunner": "._tool_runner",
    "ToolRound": "._tool_runner",
    "FunctionTool": "._tools",
    "function_tool": "._tools",
    "pydantic_function_tool": "._tools",
    "ModelUsage": "._usage",
    "TokenPrice": "._usage",
    "UsageTracker": "._usage",
    "track_usage": "._usage",
}


__getattr__, __dir__ = lazy_attributes(__name__, _LAZY, __all__)


_setup_logging()
