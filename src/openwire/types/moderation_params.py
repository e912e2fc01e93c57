"""The parameters of `moderations.create`: a text, a list of texts, or multimodal parts.

```python
client.moderations.create(
    model="omni-moderation-latest",
    input=[
        {"type": "text", "text": "Is this allowed?"},
        {"type": "image_url", "image_url": {"url": "https://example.com/picture.png"}},
    ],
)
```
"""

# No `from __future__ import annotations` here: it would turn `Required[...]` into strings, and the
# TypedDicts would no longer know at runtime which keys are required.

from collections.abc import Sequence
from typing import Literal, TypeAlias

from typing_extensions import Required, TypedDict

__all__ = [
    "ModerationCreateParams",
    "ModerationImageURLInputParam",
    "ModerationImageURLParam",
    "ModerationModel",
    "ModerationMultiModalInputParam",
    "ModerationTextInputParam",
]

ModerationModel: TypeAlias = Literal[
    "omni-moderation-latest", "omni-moderation-2024-09-26", "text-moderation-latest", "text-moderation-stable"
]
"""The moderation models the API names; any other model id a server offers is accepted too."""


class ModerationTextInputParam(TypedDict):
    """A text part of a multimodal moderation input."""

    type: Literal["text"]
    """Always `text`."""
    text: str
    """The text to classify."""


class ModerationImageURLParam(TypedDict):
    """Where the image to classify is."""

    url: str
    """The image's URL, or a `data:image/...;base64,...` URL with the image inline."""


class ModerationImageURLInputParam(TypedDict):
    """An image part of a multimodal moderation input."""

    type: Literal["image_url"]
    """Always `image_url`."""
    image_url: ModerationImageURLParam
    """Where the image is."""


ModerationMultiModalInputParam: TypeAlias = ModerationTextInputParam | ModerationImageURLInputParam
"""One part of a multimodal moderation input: text or an image."""


class ModerationCreateParams(TypedDict, total=False):
    """The parameters of `moderations.create`."""

    # One `Sequence` of either kind rather than two alternatives: type checkers then read a list
    # written inline (`[{"type": "text", ...}, {"type": "image_url", ...}]`) as parts.
    input: Required[str | Sequence[str | ModerationMultiModalInputParam]]
    """What to classify: a text, a list of texts (a result for each), or a list of text and image
    parts classified together (`omni-moderation` models)."""
    model: ModerationModel | str
    """The moderation model (the server's default if left out)."""
