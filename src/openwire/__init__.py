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
    ConflictError,
    FileMissingError,
    InternalServerError,
    InvalidFileError,
    InvalidInputError,
    NotFoundError,
    OpenwireError,
    PermissionDeniedError,
    RateLimitError,
    UnprocessableEntityError,
)
from ._lazy import lazy_attributes
from ._logging import setup_from_env as _setup_logging
from ._retry import RetryPolicy
from ._types import NOT_GIVEN, NotGiven, RequestOptions, Timeout
from ._version import __version__

if TYPE_CHECKING:
    from ._binary import AsyncBinaryContent, BinaryContent
    from ._config import ClientConfig, ClientOptions
    from ._files import FileTypes
    from ._models import BaseModel, UnknownVariant
    from ._pagination import AsyncCursorPage, AsyncCursorPager, AsyncPager, CursorPage, Page
    from ._response import APIResponse, AsyncAPIResponse
    from ._streaming import AsyncStream, Stream

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
    "AsyncBinaryContent",
    "AsyncClient",
    "AsyncCursorPage",
    "AsyncCursorPager",
    "AsyncPager",
    "AsyncStream",
    "AuthenticationError",
    "BadRequestError",
    "BaseModel",
    "BinaryContent",
    "Client",
    "ClientConfig",
    "ClientOptions",
    "ConflictError",
    "CursorPage",
    "FileMissingError",
    "FileTypes",
    "InternalServerError",
    "InvalidFileError",
    "InvalidInputError",
    "NotFoundError",
    "NotGiven",
    "OpenwireError",
    "Page",
    "PermissionDeniedError",
    "RateLimitError",
    "RequestOptions",
    "RetryPolicy",
    "Stream",
    "Timeout",
    "UnknownVariant",
    "UnprocessableEntityError",
    "__version__",
]

# Loaded on first use: `import openwire` and building a client need neither pydantic's model
# machinery nor the stream, upload and response types, and a program that never touches them
# should not pay for importing them.
_LAZY = {
    "AsyncBinaryContent": "._binary",
    "BinaryContent": "._binary",
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
}


__getattr__, __dir__ = lazy_attributes(__name__, _LAZY, __all__)


_setup_logging()
