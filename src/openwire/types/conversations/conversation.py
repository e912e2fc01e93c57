"""The conversation object: what creating, retrieving and updating a conversation return (and deleting
one of its items), and the answer to deleting one."""

from __future__ import annotations

from typing import Literal

from openwire._models import BaseModel

__all__ = ["Conversation", "ConversationDeleted"]


class Conversation(BaseModel):
    """A stored conversation: responses made in it add their input and output items to it."""

    id: str
    """The conversation's unique id (`conv_...`)."""
    object: Literal["conversation"] | str = "conversation"
    """Always `conversation`."""
    created_at: int | None = None
    """When the conversation was created, in Unix seconds."""
    metadata: dict[str, str] | None = None
    """The key-value pairs attached to the conversation."""


class ConversationDeleted(BaseModel):
    """The answer to deleting a conversation."""

    id: str
    """The id of the deleted conversation."""
    deleted: bool
    """Whether the conversation was deleted."""
    object: Literal["conversation.deleted"] | str = "conversation.deleted"
    """Always `conversation.deleted`."""
