"""Conversations: the `Conversation` object and its items."""

from __future__ import annotations

from .conversation import Conversation, ConversationDeleted
from .items import ConversationItem, ConversationItemList, Message, MessageContent, TextContent

__all__ = [
    "Conversation",
    "ConversationDeleted",
    "ConversationItem",
    "ConversationItemList",
    "Message",
    "MessageContent",
    "TextContent",
]
