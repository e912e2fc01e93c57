"""A chat completion with its message parsed: what `chat.completions.parse(...)` and the stream
helper's `get_final_completion()` return.

Each is the plain type with one more field: the message's `parsed` (its JSON content as the
`response_format` model, typed by it), and each function tool call's `parsed_arguments` (its JSON
arguments as the model of the tool it named, when that tool was given as an
`openwire.function_tool` or `pydantic_function_tool`).
"""

from __future__ import annotations

from typing import Annotated, Any, Generic, TypeVar

from pydantic import Tag

from openwire._models import UnknownVariant, by_type
from openwire.types.chat.completion import (
    ChatCompletion,
    ChatCompletionMessage,
    ChatCompletionMessageCustomToolCall,
    ChatCompletionMessageFunctionToolCall,
    Choice,
    Function,
    _tool_call_variant,
)

__all__ = [
    "ParsedChatCompletion",
    "ParsedChatCompletionMessage",
    "ParsedChoice",
    "ParsedFunction",
    "ParsedFunctionToolCall",
]

T = TypeVar("T")

# The models are built lazily and name types their module defines after them; built now, their
# fields are complete and the subclasses below inherit them instead of looking those names up here.
for _parent in (
    ChatCompletion,
    Choice,
    ChatCompletionMessage,
    ChatCompletionMessageFunctionToolCall,
    Function,
):
    _parent.model_rebuild()


class ParsedFunction(Function):
    """A function tool call's name and arguments, with the arguments parsed."""

    parsed_arguments: Any = None
    """The arguments as the named tool's model (`None` for a tool given as a plain dict)."""


class ParsedFunctionToolCall(ChatCompletionMessageFunctionToolCall):
    """A function tool call with its arguments parsed."""

    function: ParsedFunction
    """The function the model called."""


ParsedToolCall = Annotated[
    Annotated[ParsedFunctionToolCall, Tag("function")]
    | Annotated[ChatCompletionMessageCustomToolCall, Tag("custom")]
    | Annotated[UnknownVariant, Tag("unknown")],
    by_type(_tool_call_variant),
]


class ParsedChatCompletionMessage(ChatCompletionMessage, Generic[T]):
    """A message with its content parsed."""

    parsed: T | None = None
    """The content as the `response_format` model; `None` when the model refused (see `refusal`)
    or called tools instead of answering."""
    tool_calls: list[ParsedToolCall] | None = None  # type: ignore[assignment]  # narrows, as above
    """The tools the model called, function calls with `parsed_arguments`."""


class ParsedChoice(Choice, Generic[T]):
    """A choice whose message is parsed."""

    message: ParsedChatCompletionMessage[T]
    """The message, with `parsed`."""


class ParsedChatCompletion(ChatCompletion, Generic[T]):
    """A chat completion whose messages are parsed (`choices[0].message.parsed`)."""

    choices: list[ParsedChoice[T]]  # type: ignore[assignment]  # narrows, as above
    """The choices, each message with `parsed`."""
