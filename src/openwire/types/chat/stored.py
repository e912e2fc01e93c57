"""Stored chat completions (created with `store=True`): deleting one, and listing its messages."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Tag

from openwire._models import BaseModel, UnknownVariant, by_type

# pydantic resolves the fields `ChatCompletionStoreMessage` inherits in this module's namespace when it
# builds the model (on first use), so the names those fields refer to are imported here too.
from openwire.types.chat.completion import (  # noqa: F401
    Annotation,
    ChatCompletionAudio,
    ChatCompletionMessage,
    ChatCompletionMessageToolCallUnion,
    FunctionCall,
)

__all__ = [
    "ChatCompletionDeleted",
    "ChatCompletionStoreMessage",
    "ChatCompletionStoreMessageContentPart",
    "ContentPartImage",
    "ContentPartImageURL",
    "ContentPartText",
]


class ChatCompletionDeleted(BaseModel):
    """The answer to deleting a stored chat completion."""

    id: str
    """The id of the deleted completion."""
    deleted: bool
    """Whether the completion was deleted."""
    object: Literal["chat.completion.deleted"] | str = "chat.completion.deleted"
    """Always `chat.completion.deleted`."""


class ChatCompletionStoreMessage(ChatCompletionMessage):
    """A message of a stored chat completion, with its id (from `chat.completions.messages.list`)."""

    id: str
    """The message's id."""
    content_parts: list[ChatCompletionStoreMessageContentPart] | None = None
    """The content as the text and image parts it was sent in; `None` if it was a plain string."""


class ContentPartText(BaseModel):
    """A text part of a stored message."""

    type: Literal["text"] = "text"
    """Always `text`."""
    text: str
    """The text."""


class ContentPartImage(BaseModel):
    """An image part of a stored message."""

    type: Literal["image_url"] = "image_url"
    """Always `image_url`."""
    image_url: ContentPartImageURL
    """The image."""


class ContentPartImageURL(BaseModel):
    """Where an image part's image is, and at what detail the model saw it."""

    url: str
    """The image's URL, or its data as a `data:` URL."""
    detail: Literal["auto", "low", "high"] | str | None = None
    """The detail level the image was read at."""


ChatCompletionStoreMessageContentPart = Annotated[
    Annotated[ContentPartText, Tag("text")]
    | Annotated[ContentPartImage, Tag("image_url")]
    | Annotated[UnknownVariant, Tag("unknown")],
    by_type(),
]
"""A part of a stored message: `ContentPartText`, `ContentPartImage`, or (for a `type` openwire does
not know yet) `UnknownVariant`."""
