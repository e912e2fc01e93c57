"""`client.chat.completions`: create chat completions (whole or streamed) and manage stored ones."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING, overload

from typing_extensions import Unpack

from openwire._models import cursor_page_parser, parser
from openwire._pydantic import JsonValidator
from openwire._request import Endpoint
from openwire._resource import AsyncAPIResource, SyncAPIResource
from openwire._streaming import AsyncStream, Stream
from openwire._types import RequestOptions
from openwire.types.chat.chunk import ChatCompletionChunk
from openwire.types.chat.completion import ChatCompletion
from openwire.types.chat.params import (
    ChatCompletionCreateParams,
    ChatCompletionCreateParamsNonStreaming,
    ChatCompletionCreateParamsStreaming,
    CompletionListParams,
    CompletionUpdateParams,
    MessageListParams,
)
from openwire.types.chat.stored import ChatCompletionDeleted, ChatCompletionStoreMessage

if TYPE_CHECKING:
    from openwire._pagination import AsyncCursorPager, CursorPage
    from openwire.resources._views.chat.completions import (  # noqa: F401 - named in the class bases below
        AsyncCompletionsWithRawResponse,
        AsyncCompletionsWithStreamingResponse,
        AsyncMessagesWithRawResponse,
        AsyncMessagesWithStreamingResponse,
        CompletionsWithRawResponse,
        CompletionsWithStreamingResponse,
        MessagesWithRawResponse,
        MessagesWithStreamingResponse,
    )

__all__ = ["AsyncCompletions", "AsyncMessages", "Completions", "Messages"]


# The keyword arguments of each method: the API's parameters plus the per-call options.
class _Create(ChatCompletionCreateParams, RequestOptions, total=False): ...


class _CreateNonStreaming(ChatCompletionCreateParamsNonStreaming, RequestOptions, total=False): ...


class _CreateStreaming(ChatCompletionCreateParamsStreaming, RequestOptions, total=False): ...


class _List(CompletionListParams, RequestOptions, total=False): ...


class _Update(CompletionUpdateParams, RequestOptions, total=False): ...


class _ListMessages(MessageListParams, RequestOptions, total=False): ...


_CREATE = Endpoint(
    "POST",
    "/chat/completions",
    parser(ChatCompletion),
    params=ChatCompletionCreateParams,
    stream_parse=JsonValidator(ChatCompletionChunk),
    name="chat.completions.create",
)
_RETRIEVE = Endpoint("GET", "/chat/completions/{}", parser(ChatCompletion), name="chat.completions.retrieve")
_UPDATE = Endpoint(
    "POST",
    "/chat/completions/{}",
    parser(ChatCompletion),
    params=CompletionUpdateParams,
    name="chat.completions.update",
)
_LIST = Endpoint(
    "GET",
    "/chat/completions",
    cursor_page_parser(ChatCompletion),
    params=CompletionListParams,
    body="query",
    name="chat.completions.list",
)
_DELETE = Endpoint(
    "DELETE", "/chat/completions/{}", parser(ChatCompletionDeleted), name="chat.completions.delete"
)
_LIST_MESSAGES = Endpoint(
    "GET",
    "/chat/completions/{}/messages",
    cursor_page_parser(ChatCompletionStoreMessage),
    params=MessageListParams,
    body="query",
    name="chat.completions.messages.list",
)


class Completions(SyncAPIResource["CompletionsWithRawResponse", "CompletionsWithStreamingResponse"]):
    """Chat completions: a model's reply to a conversation, whole or streamed as it is written."""

    @overload
    def create(self, **params: Unpack[_CreateNonStreaming]) -> ChatCompletion: ...
    @overload
    def create(self, **params: Unpack[_CreateStreaming]) -> Stream[ChatCompletionChunk]: ...
    @overload
    def create(self, **params: Unpack[_Create]) -> ChatCompletion | Stream[ChatCompletionChunk]: ...
    def create(self, **params: Unpack[_Create]) -> ChatCompletion | Stream[ChatCompletionChunk]:
        """Create a model response for a conversation (`POST /chat/completions`).

        Takes the API's parameters as keyword arguments (`model` and `messages` are required; see
        `ChatCompletionCreateParams`). With `stream=True` returns a stream of
        `ChatCompletionChunk`s to iterate as they arrive, else the whole `ChatCompletion`.
        """
        return self._call(_CREATE, params)

    def retrieve(self, completion_id: str, /, **options: Unpack[RequestOptions]) -> ChatCompletion:
        """Get a stored chat completion (one created with `store=True`)."""
        return self._call(_RETRIEVE, options, completion_id)

    def update(self, completion_id: str, /, **params: Unpack[_Update]) -> ChatCompletion:
        """Replace the `metadata` of a stored chat completion."""
        return self._call(_UPDATE, params, completion_id)

    def list(self, **params: Unpack[_List]) -> CursorPage[ChatCompletion]:
        """List stored chat completions; iterating the result fetches later pages as needed."""
        return self._paged(_LIST, params)

    def delete(self, completion_id: str, /, **options: Unpack[RequestOptions]) -> ChatCompletionDeleted:
        """Delete a stored chat completion."""
        return self._call(_DELETE, options, completion_id)

    @cached_property
    def messages(self) -> Messages:
        """The messages of stored chat completions."""
        return self._sub(Messages)


class Messages(SyncAPIResource["MessagesWithRawResponse", "MessagesWithStreamingResponse"]):
    """The messages of a stored chat completion."""

    def list(
        self, completion_id: str, /, **params: Unpack[_ListMessages]
    ) -> CursorPage[ChatCompletionStoreMessage]:
        """List the messages of a stored chat completion; iterating fetches later pages as needed."""
        return self._paged(_LIST_MESSAGES, params, completion_id)


class AsyncCompletions(
    AsyncAPIResource["AsyncCompletionsWithRawResponse", "AsyncCompletionsWithStreamingResponse"]
):
    """Chat completions: a model's reply to a conversation, whole or streamed as it is written."""

    @overload
    async def create(self, **params: Unpack[_CreateNonStreaming]) -> ChatCompletion: ...
    @overload
    async def create(self, **params: Unpack[_CreateStreaming]) -> AsyncStream[ChatCompletionChunk]: ...
    @overload
    async def create(
        self, **params: Unpack[_Create]
    ) -> ChatCompletion | AsyncStream[ChatCompletionChunk]: ...
    async def create(self, **params: Unpack[_Create]) -> ChatCompletion | AsyncStream[ChatCompletionChunk]:
        """Create a model response for a conversation (`POST /chat/completions`).

        Takes the API's parameters as keyword arguments (`model` and `messages` are required; see
        `ChatCompletionCreateParams`). With `stream=True` returns a stream of
        `ChatCompletionChunk`s to iterate as they arrive, else the whole `ChatCompletion`.
        """
        return await self._call(_CREATE, params)

    async def retrieve(self, completion_id: str, /, **options: Unpack[RequestOptions]) -> ChatCompletion:
        """Get a stored chat completion (one created with `store=True`)."""
        return await self._call(_RETRIEVE, options, completion_id)

    async def update(self, completion_id: str, /, **params: Unpack[_Update]) -> ChatCompletion:
        """Replace the `metadata` of a stored chat completion."""
        return await self._call(_UPDATE, params, completion_id)

    def list(self, **params: Unpack[_List]) -> AsyncCursorPager[ChatCompletion]:
        """List stored chat completions; iterating the result fetches later pages as needed."""
        return self._paged(_LIST, params)

    async def delete(self, completion_id: str, /, **options: Unpack[RequestOptions]) -> ChatCompletionDeleted:
        """Delete a stored chat completion."""
        return await self._call(_DELETE, options, completion_id)

    @cached_property
    def messages(self) -> AsyncMessages:
        """The messages of stored chat completions."""
        return self._sub(AsyncMessages)


class AsyncMessages(AsyncAPIResource["AsyncMessagesWithRawResponse", "AsyncMessagesWithStreamingResponse"]):
    """The messages of a stored chat completion."""

    def list(
        self, completion_id: str, /, **params: Unpack[_ListMessages]
    ) -> AsyncCursorPager[ChatCompletionStoreMessage]:
        """List the messages of a stored chat completion; iterating fetches later pages as needed."""
        return self._paged(_LIST_MESSAGES, params, completion_id)
