"""`client.embeddings`: vector embeddings of texts or token lists."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from typing_extensions import Unpack

from openwire._exceptions import InvalidInputError
from openwire._models import parser
from openwire._request import Endpoint
from openwire._resource import AsyncAPIResource, SyncAPIResource
from openwire._types import RequestOptions
from openwire.types.embeddings import CreateEmbeddingResponse, EmbeddingCreateParams

if TYPE_CHECKING:
    from openwire.resources._views.embeddings import (  # noqa: F401 - named in the class bases below
        AsyncEmbeddingsWithRawResponse,
        AsyncEmbeddingsWithStreamingResponse,
        EmbeddingsWithRawResponse,
        EmbeddingsWithStreamingResponse,
    )

__all__ = ["AsyncEmbeddings", "Embeddings"]


# The keyword arguments of `create`: the API's parameters plus the per-call options.
class _Create(EmbeddingCreateParams, RequestOptions, total=False): ...


def _check_input(body: Mapping[str, Any]) -> None:
    """The API rejects an empty input, and some compatible servers answer it with an empty list or
    a 500: fail here instead, saying which item is empty."""
    value = body.get("input")
    if isinstance(value, str):
        if not value:
            raise InvalidInputError(
                "embeddings.create() got an empty string as input; there is nothing to embed. Pass some text."
            )
    elif isinstance(value, (list, tuple)):
        if not value:
            raise InvalidInputError(
                "embeddings.create() got an empty list as input; pass at least one text (or token list)."
            )
        for position, item in enumerate(value):
            if isinstance(item, (str, list, tuple)) and not item:
                what = "string" if isinstance(item, str) else "token list"
                raise InvalidInputError(
                    f"embeddings.create() got an empty {what} at input[{position}]; the API cannot embed "
                    "it. Leave empty items out of the batch (and keep track of their positions)."
                )


_CREATE = Endpoint(
    "POST",
    "/embeddings",
    parser(CreateEmbeddingResponse),
    params=EmbeddingCreateParams,
    name="embeddings.create",
    check=_check_input,
)


class Embeddings(SyncAPIResource["EmbeddingsWithRawResponse", "EmbeddingsWithStreamingResponse"]):
    """Vector embeddings of texts or token lists."""

    def create(self, **params: Unpack[_Create]) -> CreateEmbeddingResponse:
        """Embed a text, a batch of texts, or token lists: one vector per input.

        `encoding_format` is sent only when you pass it; `"base64"` is the fast path for large
        batches (read them with `.to_numpy()`).
        """
        return self._call(_CREATE, params)


class AsyncEmbeddings(
    AsyncAPIResource["AsyncEmbeddingsWithRawResponse", "AsyncEmbeddingsWithStreamingResponse"]
):
    """Vector embeddings of texts or token lists."""

    async def create(self, **params: Unpack[_Create]) -> CreateEmbeddingResponse:
        """Embed a text, a batch of texts, or token lists: one vector per input.

        `encoding_format` is sent only when you pass it; `"base64"` is the fast path for large
        batches (read them with `.to_numpy()`).
        """
        return await self._call(_CREATE, params)
