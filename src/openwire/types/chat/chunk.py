"""The chat completion chunk object: one event of a streamed chat completion (`stream=True`).

A stream's chunks share the completion's `id`, `created` and `model`. Most carry one delta per choice;
two kinds may have no choices at all: the usage chunk (with `stream_options={"include_usage": True}`)
and the moderation chunk (when the request asked for moderation).
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from openwire._models import BaseModel
from openwire.types.chat.completion import ChatCompletionModeration, ChoiceLogprobs, FinishReason, ServiceTier
from openwire.types.completion_usage import CompletionUsage

__all__ = [
    "ChatCompletionChunk",
    "ChoiceDelta",
    "ChoiceDeltaFunctionCall",
    "ChoiceDeltaToolCall",
    "ChoiceDeltaToolCallFunction",
    "ChunkChoice",
]


class ChatCompletionChunk(BaseModel):
    """One streamed piece of a chat completion."""

    id: str
    """The completion's id, the same on every chunk of the stream."""
    choices: list[ChunkChoice] = Field(default_factory=list)
    """The deltas of this chunk, one per choice; empty on the usage and moderation chunks."""
    created: int | None = None
    """When the completion was created, in Unix seconds, the same on every chunk."""
    model: str
    """The model that produces the completion."""
    object: Literal["chat.completion.chunk"] | str = "chat.completion.chunk"
    """Always `chat.completion.chunk`."""
    service_tier: ServiceTier | None = None
    """The processing tier that actually served the request."""
    system_fingerprint: str | None = None
    """An identifier of the backend configuration (deprecated)."""
    usage: CompletionUsage | None = None
    """Token usage of the whole request: only on the usage chunk (with `include_usage`), else `None`."""
    moderation: ChatCompletionModeration | None = None
    """The moderation of the input and the output: only on the moderation chunk."""
    obfuscation: str | None = None
    """Random padding that hides the size of each event; ignore it."""


def _empty_delta() -> ChoiceDelta:
    return ChoiceDelta()


class ChunkChoice(BaseModel):
    """What one choice gained in this chunk."""

    delta: ChoiceDelta = Field(default_factory=_empty_delta)
    """The new part of the message."""
    finish_reason: FinishReason | None = None
    """Why the model stopped, on the choice's last chunk; `None` before."""
    index: int = 0
    """The position of the choice this delta belongs to."""
    logprobs: ChoiceLogprobs | None = None
    """Log probabilities of the tokens in this delta, when the request set `logprobs`."""


class ChoiceDelta(BaseModel):
    """The new part of a streamed message: append each field to what came before."""

    content: str | None = None
    """More text of the message."""
    refusal: str | None = None
    """More of the model's refusal."""
    role: Literal["developer", "system", "user", "assistant", "tool"] | str | None = None
    """The author's role, usually only on the first chunk of a choice."""
    tool_calls: list[ChoiceDeltaToolCall] | None = None
    """More of the tool calls: pieces with the same `index` belong to the same call."""
    function_call: ChoiceDeltaFunctionCall | None = None
    """More of the function call (deprecated: replaced by `tool_calls`)."""


class ChoiceDeltaToolCall(BaseModel):
    """A piece of a tool call: the first piece has the id and name, later ones add arguments."""

    index: int = 0
    """Which tool call of the message this piece belongs to."""
    id: str | None = None
    """The tool call's id, on its first piece."""
    function: ChoiceDeltaToolCallFunction | None = None
    """The function's name (first piece) and more of its arguments."""
    type: Literal["function"] | str | None = None
    """The kind of tool (`function`), on the first piece."""


class ChoiceDeltaToolCallFunction(BaseModel):
    """A piece of a function tool call."""

    name: str | None = None
    """The function's name, on the first piece."""
    arguments: str | None = None
    """More of the JSON arguments: concatenate the pieces, then parse."""


class ChoiceDeltaFunctionCall(BaseModel):
    """A piece of a function call (deprecated: replaced by tool calls)."""

    name: str | None = None
    """The function's name, on the first piece."""
    arguments: str | None = None
    """More of the JSON arguments: concatenate the pieces, then parse."""
