"""Conversations: the `Conversation` object and its items, and the request parameter types."""

from __future__ import annotations

from .conversation import (
    Conversation,
    ConversationDeleted,
)
from .items import (
    ConversationItem,
    ConversationItemList,
    Message,
    MessageContent,
    TextContent,
)
from .params import (
    ConversationCreateParams,
    ConversationUpdateParams,
    ItemCreateParams,
    ItemListParams,
    ItemRetrieveParams,
)

__all__ = [
    "Conversation",
    "ConversationCreateParams",
    "ConversationDeleted",
    "ConversationItem",
    "ConversationItemList",
    "ConversationUpdateParams",
    "ItemCreateParams",
    "ItemListParams",
    "ItemRetrieveParams",
    "Message",
    "MessageContent",
    "TextContent",
]
