"""The events of `client.chat.completions.stream(...)`: what each chunk of a chat stream changed.

Every chunk gives a `ChunkEvent`, then one event per thing it added: reasoning (`reasoning.delta`,
from servers that stream the model's reasoning), text (`content.delta`), a refusal
(`refusal.delta`), tool-call arguments, log probabilities, the moderation or the usage.
When a choice finishes (or the stream ends) its `*.done` events follow, with the whole reasoning,
text, refusal or arguments. Each event names the choice it belongs to (`index`, for `n > 1`).

The text so far (`snapshot`) and the partially parsed JSON (`parsed`) are worked out only when
read: a stream of many deltas costs nothing for them unless they are used. Events are plain
slotted dataclasses, not frozen ones (which cost four times as much to make, once or more per
chunk): treat them as read-only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, Literal, TypeAlias, TypeVar

if TYPE_CHECKING:
    from openwire.types.chat.chunk import ChatCompletionChunk
    from openwire.types.chat.completion import ChatCompletionModeration, ChatCompletionTokenLogprob
    from openwire.types.completion_usage import CompletionUsage

__all__ = [
    "ChatCompletionStreamEvent",
    "ChunkEvent",
    "ContentDeltaEvent",
    "ContentDoneEvent",
    "FunctionToolCallArgumentsDeltaEvent",
    "FunctionToolCallArgumentsDoneEvent",
    "LogprobsContentDeltaEvent",
    "LogprobsContentDoneEvent",
    "LogprobsRefusalDeltaEvent",
    "LogprobsRefusalDoneEvent",
    "ModerationEvent",
    "ReasoningDeltaEvent",
    "ReasoningDoneEvent",
    "RefusalDeltaEvent",
    "RefusalDoneEvent",
    "UsageEvent",
]

T = TypeVar("T")


class _Pieces:
    """The pieces of a growing text, shared by every event of it; each event remembers how many
    pieces there were when it was made, so its snapshot is the text as it stood then."""

    __slots__ = ("parts",)

    def __init__(self) -> None:
        self.parts: list[str] = []

    def text(self, count: int) -> str:
        return "".join(self.parts[:count])


def _partial(text: str) -> Any:
    from openwire._pydantic import partial_json

    return partial_json(text)


@dataclass(slots=True)
class ChunkEvent:
    """A chunk as it arrived, before the events of what it added."""

    chunk: ChatCompletionChunk
    """The chunk."""
    type: Literal["chunk"] = "chunk"


@dataclass(slots=True)
class _Growing:
    """An event of a text that grows: its new piece, and the text so far on demand."""

    index: int
    """The choice this event belongs to."""
    delta: str
    """The new piece."""
    _pieces: _Pieces = field(repr=False, compare=False)
    _count: int = field(repr=False, compare=False)

    @property
    def snapshot(self) -> str:
        """The whole text up to and including this piece."""
        return self._pieces.text(self._count)


@dataclass(slots=True)
class ContentDeltaEvent(_Growing):
    """More text of a choice's message."""

    type: Literal["content.delta"] = "content.delta"

    @property
    def parsed(self) -> Any:
        """The text so far parsed as JSON as far as it goes (a structured output while it is being
        written): complete values as they are, an unfinished string (with pydantic 2.10 or later)
        or number as far as it arrived, anything else unfinished left out. `None` while nothing
        parses yet."""
        return _partial(self.snapshot)


@dataclass(slots=True)
class ContentDoneEvent(Generic[T]):
    """A choice's message text is complete."""

    index: int
    """The choice."""
    content: str
    """The whole text."""
    parsed: T | None
    """The text parsed into the `response_format` model (`None` without one)."""
    type: Literal["content.done"] = "content.done"


@dataclass(slots=True)
class ReasoningDeltaEvent(_Growing):
    """More of a choice's reasoning, from a server that streams it (`reasoning_content` on
    DeepSeek and others, `reasoning` on OpenRouter, vLLM, Ollama and Groq)."""

    type: Literal["reasoning.delta"] = "reasoning.delta"


@dataclass(slots=True)
class ReasoningDoneEvent:
    """A choice's reasoning is complete (before its `content.done`)."""

    index: int
    """The choice."""
    reasoning: str
    """The whole reasoning."""
    type: Literal["reasoning.done"] = "reasoning.done"


@dataclass(slots=True)
class RefusalDeltaEvent(_Growing):
    """More of a choice's refusal."""

    type: Literal["refusal.delta"] = "refusal.delta"


@dataclass(slots=True)
class RefusalDoneEvent:
    """A choice's refusal is complete."""

    index: int
    """The choice."""
    refusal: str
    """The whole refusal."""
    type: Literal["refusal.done"] = "refusal.done"


@dataclass(slots=True)
class FunctionToolCallArgumentsDeltaEvent:
    """More of the JSON arguments of a function tool call."""

    index: int
    """The choice."""
    tool_index: int
    """The tool call's position in the message's `tool_calls`."""
    name: str
    """The function's name (empty if the server has not sent it yet)."""
    arguments_delta: str
    """The new piece of the arguments."""
    _pieces: _Pieces = field(repr=False, compare=False)
    _count: int = field(repr=False, compare=False)
    type: Literal["tool_calls.function.arguments.delta"] = "tool_calls.function.arguments.delta"

    @property
    def arguments(self) -> str:
        """The arguments so far."""
        return self._pieces.text(self._count)

    @property
    def parsed_arguments(self) -> Any:
        """The arguments so far parsed as far as they go (see `ContentDeltaEvent.parsed`)."""
        return _partial(self.arguments)


@dataclass(slots=True)
class FunctionToolCallArgumentsDoneEvent:
    """A function tool call is complete."""

    index: int
    """The choice."""
    tool_index: int
    """The tool call's position in the message's `tool_calls`."""
    name: str
    """The function's name."""
    arguments: str
    """The whole JSON arguments."""
    parsed_arguments: Any
    """The arguments parsed into the tool's model when the call named a tool built with
    `openwire.function_tool` / `pydantic_function_tool`, else `None`."""
    type: Literal["tool_calls.function.arguments.done"] = "tool_calls.function.arguments.done"


@dataclass(slots=True)
class _LogprobsDelta:
    index: int
    """The choice."""
    logprobs: list[ChatCompletionTokenLogprob]
    """The log probabilities of this chunk's tokens."""
    _all: list[ChatCompletionTokenLogprob] = field(repr=False, compare=False)
    _count: int = field(repr=False, compare=False)

    @property
    def snapshot(self) -> list[ChatCompletionTokenLogprob]:
        """The log probabilities of every token so far."""
        return self._all[: self._count]


@dataclass(slots=True)
class LogprobsContentDeltaEvent(_LogprobsDelta):
    """Log probabilities of more of the message's tokens."""

    type: Literal["logprobs.content.delta"] = "logprobs.content.delta"


@dataclass(slots=True)
class LogprobsRefusalDeltaEvent(_LogprobsDelta):
    """Log probabilities of more of the refusal's tokens."""

    type: Literal["logprobs.refusal.delta"] = "logprobs.refusal.delta"


@dataclass(slots=True)
class LogprobsContentDoneEvent:
    """The log probabilities of all of the message's tokens."""

    index: int
    """The choice."""
    logprobs: list[ChatCompletionTokenLogprob]
    """Every token's log probability."""
    type: Literal["logprobs.content.done"] = "logprobs.content.done"


@dataclass(slots=True)
class LogprobsRefusalDoneEvent:
    """The log probabilities of all of the refusal's tokens."""

    index: int
    """The choice."""
    logprobs: list[ChatCompletionTokenLogprob]
    """Every token's log probability."""
    type: Literal["logprobs.refusal.done"] = "logprobs.refusal.done"


@dataclass(slots=True)
class ModerationEvent:
    """The moderation of the input and the output (the moderation chunk)."""

    moderation: ChatCompletionModeration
    """Both verdicts, as on the completion."""
    type: Literal["moderation"] = "moderation"


@dataclass(slots=True)
class UsageEvent:
    """The token usage of the whole request (the usage chunk)."""

    usage: CompletionUsage
    """As on the completion."""
    type: Literal["usage"] = "usage"


ChatCompletionStreamEvent: TypeAlias = (
    ChunkEvent
    | ReasoningDeltaEvent
    | ReasoningDoneEvent
    | ContentDeltaEvent
    | ContentDoneEvent[T]
    | RefusalDeltaEvent
    | RefusalDoneEvent
    | FunctionToolCallArgumentsDeltaEvent
    | FunctionToolCallArgumentsDoneEvent
    | LogprobsContentDeltaEvent
    | LogprobsContentDoneEvent
    | LogprobsRefusalDeltaEvent
    | LogprobsRefusalDoneEvent
    | ModerationEvent
    | UsageEvent
)
"""Any event of a chat stream helper; `match event.type` tells them apart. `T` is the type of the
parsed message (the `response_format` model)."""
