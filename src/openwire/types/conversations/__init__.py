"""Conversations: the request parameter types."""

from __future__ import annotations

from .params import (
    ConversationCreateParams,
    ConversationUpdateParams,
    ItemCreateParams,
    ItemListParams,
    ItemRetrieveParams,
)

__all__ = [
    "ConversationCreateParams",
    "ConversationUpdateParams",
    "ItemCreateParams",
    "ItemListParams",
    "ItemRetrieveParams",
]
