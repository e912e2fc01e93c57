"""The parameters of the Conversations endpoints, as TypedDicts (plain dicts at runtime).

```python
conversation = client.conversations.create(
    metadata={"topic": "demo"},
    items=[{"type": "message", "role": "user", "content": "Hello!"}],
)
client.responses.create(model="gpt-5.4", conversation=conversation.id, input="Go on.")
```

A conversation holds the same items as a Responses `input` (`ResponseInputItemParam`): messages,
tool calls and their outputs, reasoning, and output items of earlier responses sent back as they came.
The conversation and item ids are the methods' arguments, not parameters.
"""

# No `from __future__ import annotations` here: it would turn `Required[...]` into strings, and the
# TypedDicts would no longer know at runtime which keys are required.

from collections.abc import Iterable, Mapping, Sequence
from typing import Literal

from typing_extensions import Required, TypedDict

from openwire.types.responses.input_params import ResponseInputItemParam
from openwire.types.responses.params import ResponseIncludable

__all__ = [
    "ConversationCreateParams",
    "ConversationUpdateParams",
    "ItemCreateParams",
    "ItemListParams",
    "ItemRetrieveParams",
]


class ConversationCreateParams(TypedDict, total=False):
    """The parameters of `conversations.create`."""

    items: Iterable[ResponseInputItemParam] | None
    """Items to start the conversation with (up to 20)."""
    metadata: Mapping[str, str] | None
    """Up to 16 string pairs to store with the conversation (keys up to 64 chars, values up to 512)."""


class ConversationUpdateParams(TypedDict, total=False):
    """The parameters of `conversations.update`."""

    metadata: Required[Mapping[str, str] | None]
    """The new metadata of the conversation: replaces the old; `None` removes it."""


class ItemCreateParams(TypedDict, total=False):
    """The parameters of `conversations.items.create`: `items` goes in the body, `include` in the
    query string."""

    items: Required[Iterable[ResponseInputItemParam]]
    """The items to add, at most 20 at a time."""
    include: Sequence[ResponseIncludable]
    """Query parameter: extra data to include in the items returned."""


class ItemListParams(TypedDict, total=False):
    """The parameters of `conversations.items.list` (query parameters)."""

    after: str
    """List the items after this item id (the cursor)."""
    include: Sequence[ResponseIncludable]
    """Extra data to include in the items, like `reasoning.encrypted_content`."""
    limit: int
    """How many items per page, from 1 to 100 (20 by default)."""
    order: Literal["asc", "desc"] | str
    """`asc` (oldest first) or `desc` (newest first, the default)."""


class ItemRetrieveParams(TypedDict, total=False):
    """The parameters of `conversations.items.retrieve` (query parameters)."""

    include: Sequence[ResponseIncludable]
    """Extra data to include in the item."""
