"""`client.conversations`: conversations the Responses API keeps (`conversation=` on
`responses.create`), and their items."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from typing_extensions import Unpack

from openwire._models import cursor_page_parser, parser
from openwire._request import Endpoint
from openwire._resource import AsyncAPIResource, SyncAPIResource
from openwire._types import RequestOptions
from openwire.types.conversations import (
    Conversation,
    ConversationCreateParams,
    ConversationDeleted,
    ConversationItem,
    ConversationItemList,
    ConversationUpdateParams,
    ItemCreateParams,
    ItemListParams,
    ItemRetrieveParams,
)

if TYPE_CHECKING:
    from openwire._pagination import AsyncCursorPager, CursorPage, CursorPageData
    from openwire.resources._views.conversations import (  # noqa: F401 - named in the class bases below
        AsyncConversationsWithRawResponse,
        AsyncConversationsWithStreamingResponse,
        AsyncItemsWithRawResponse,
        AsyncItemsWithStreamingResponse,
        ConversationsWithRawResponse,
        ConversationsWithStreamingResponse,
        ItemsWithRawResponse,
        ItemsWithStreamingResponse,
    )

__all__ = ["AsyncConversations", "AsyncItems", "Conversations", "Items"]


# The keyword arguments of each method: the API's parameters plus the per-call options.
class _Create(ConversationCreateParams, RequestOptions, total=False): ...


class _Update(ConversationUpdateParams, RequestOptions, total=False): ...


class _CreateItems(ItemCreateParams, RequestOptions, total=False): ...


class _ListItems(ItemListParams, RequestOptions, total=False): ...


class _RetrieveItem(ItemRetrieveParams, RequestOptions, total=False): ...


_CREATE = Endpoint(
    "POST",
    "/conversations",
    parser(Conversation),
    params=ConversationCreateParams,
    name="conversations.create",
)
_RETRIEVE = Endpoint("GET", "/conversations/{}", parser(Conversation), name="conversations.retrieve")
_UPDATE = Endpoint(
    "POST",
    "/conversations/{}",
    parser(Conversation),
    params=ConversationUpdateParams,
    name="conversations.update",
)
_DELETE = Endpoint("DELETE", "/conversations/{}", parser(ConversationDeleted), name="conversations.delete")
_CREATE_ITEMS = Endpoint(
    "POST",
    "/conversations/{}/items",
    parser(ConversationItemList),
    params=ItemCreateParams,
    in_query=("include",),
    name="conversations.items.create",
)
_LIST_ITEMS: Endpoint[CursorPageData[ConversationItem]] = Endpoint(
    "GET",
    "/conversations/{}/items",
    cursor_page_parser(ConversationItem),
    params=ItemListParams,
    body="query",
    name="conversations.items.list",
)
_RETRIEVE_ITEM: Endpoint[ConversationItem] = Endpoint(
    "GET",
    "/conversations/{}/items/{}",
    parser(ConversationItem),
    params=ItemRetrieveParams,
    body="query",
    name="conversations.items.retrieve",
)
_DELETE_ITEM = Endpoint(
    "DELETE", "/conversations/{}/items/{}", parser(Conversation), name="conversations.items.delete"
)


class Conversations(SyncAPIResource["ConversationsWithRawResponse", "ConversationsWithStreamingResponse"]):
    """Conversations: the items of a conversation kept by the server, which `responses.create`
    reads and adds to (`conversation=...`)."""

    def create(self, **params: Unpack[_Create]) -> Conversation:
        """Create a conversation, optionally with its first `items` and `metadata`."""
        return self._call(_CREATE, params)

    def retrieve(self, conversation_id: str, /, **options: Unpack[RequestOptions]) -> Conversation:
        """Get a conversation (its id, creation time and metadata; its items are in `items`)."""
        return self._call(_RETRIEVE, options, conversation_id)

    def update(self, conversation_id: str, /, **params: Unpack[_Update]) -> Conversation:
        """Replace a conversation's `metadata`."""
        return self._call(_UPDATE, params, conversation_id)

    def delete(self, conversation_id: str, /, **options: Unpack[RequestOptions]) -> ConversationDeleted:
        """Delete a conversation (its items are not deleted from responses that used them)."""
        return self._call(_DELETE, options, conversation_id)

    @cached_property
    def items(self) -> Items:
        """The items of conversations."""
        return self._sub(Items)


class Items(SyncAPIResource["ItemsWithRawResponse", "ItemsWithStreamingResponse"]):
    """The items of a conversation: messages, tool calls and their outputs, reasoning, ..."""

    def create(self, conversation_id: str, /, **params: Unpack[_CreateItems]) -> ConversationItemList:
        """Add `items` (up to 20 at a time) to a conversation."""
        return self._call(_CREATE_ITEMS, params, conversation_id)

    def list(self, conversation_id: str, /, **params: Unpack[_ListItems]) -> CursorPage[ConversationItem]:
        """List a conversation's items; iterating fetches later pages as needed."""
        return self._paged(_LIST_ITEMS, params, conversation_id)

    def retrieve(
        self, item_id: str, /, *, conversation_id: str, **params: Unpack[_RetrieveItem]
    ) -> ConversationItem:
        """Get one item of a conversation."""
        return self._call(_RETRIEVE_ITEM, params, conversation_id, item_id)

    def delete(
        self, item_id: str, /, *, conversation_id: str, **options: Unpack[RequestOptions]
    ) -> Conversation:
        """Delete an item from a conversation; returns the conversation."""
        return self._call(_DELETE_ITEM, options, conversation_id, item_id)


class AsyncConversations(
    AsyncAPIResource["AsyncConversationsWithRawResponse", "AsyncConversationsWithStreamingResponse"]
):
    """Conversations: the items of a conversation kept by the server, which `responses.create`
    reads and adds to (`conversation=...`)."""

    async def create(self, **params: Unpack[_Create]) -> Conversation:
        """Create a conversation, optionally with its first `items` and `metadata`."""
        return await self._call(_CREATE, params)

    async def retrieve(self, conversation_id: str, /, **options: Unpack[RequestOptions]) -> Conversation:
        """Get a conversation (its id, creation time and metadata; its items are in `items`)."""
        return await self._call(_RETRIEVE, options, conversation_id)

    async def update(self, conversation_id: str, /, **params: Unpack[_Update]) -> Conversation:
        """Replace a conversation's `metadata`."""
        return await self._call(_UPDATE, params, conversation_id)

    async def delete(self, conversation_id: str, /, **options: Unpack[RequestOptions]) -> ConversationDeleted:
        """Delete a conversation (its items are not deleted from responses that used them)."""
        return await self._call(_DELETE, options, conversation_id)

    @cached_property
    def items(self) -> AsyncItems:
        """The items of conversations."""
        return self._sub(AsyncItems)


class AsyncItems(AsyncAPIResource["AsyncItemsWithRawResponse", "AsyncItemsWithStreamingResponse"]):
    """The items of a conversation: messages, tool calls and their outputs, reasoning, ..."""

    async def create(self, conversation_id: str, /, **params: Unpack[_CreateItems]) -> ConversationItemList:
        """Add `items` (up to 20 at a time) to a conversation."""
        return await self._call(_CREATE_ITEMS, params, conversation_id)

    def list(
        self, conversation_id: str, /, **params: Unpack[_ListItems]
    ) -> AsyncCursorPager[ConversationItem]:
        """List a conversation's items; iterating fetches later pages as needed."""
        return self._paged(_LIST_ITEMS, params, conversation_id)

    async def retrieve(
        self, item_id: str, /, *, conversation_id: str, **params: Unpack[_RetrieveItem]
    ) -> ConversationItem:
        """Get one item of a conversation."""
        return await self._call(_RETRIEVE_ITEM, params, conversation_id, item_id)

    async def delete(
        self, item_id: str, /, *, conversation_id: str, **options: Unpack[RequestOptions]
    ) -> Conversation:
        """Delete an item from a conversation; returns the conversation."""
        return await self._call(_DELETE_ITEM, options, conversation_id, item_id)
