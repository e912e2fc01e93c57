"""openwire: a typed, fast, sync and async client for the OpenAI API and every server that speaks it.

```python
import openwire

client = openwire.Client()  # OPENAI_API_KEY, OPENAI_BASE_URL from the environment
for model in client.models.list():
    print(model.id)
```
"""

from __future__ import annotations

from ._binary import AsyncBinaryContent, BinaryContent
from ._client import AsyncClient, Client
from ._config import ClientConfig
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
from ._files import FileTypes
from ._logging import setup_from_env as _setup_logging
from ._models import BaseModel
from ._pagination import Page
from ._response import APIResponse, AsyncAPIResponse
from ._retry import RetryPolicy
from ._streaming import AsyncStream, Stream
from ._types import NOT_GIVEN, NotGiven, RequestOptions, Timeout
from ._version import __version__

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
    "AsyncStream",
    "AuthenticationError",
    "BadRequestError",
    "BaseModel",
    "BinaryContent",
    "Client",
    "ClientConfig",
    "ConflictError",
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
    "UnprocessableEntityError",
    "__version__",
]

_setup_logging()
