"""The chat completion chunk object: one event of a streamed chat completion (`stream=True`).

A stream's chunks share the completion's `id`, `created` and `model`. Most carry one delta per choice;
two kinds may have no choices at all: the usage chunk (with `stream_options={"include_usage": True}`)
and the moderation chunk (when the request asked for moderation).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from pydantic import Field

from openwire._models import BaseModel
from openwire.types._extensions import provider_fields
from openwire.types.chat.completion import ChatCompletionModeration, ChoiceLogprobs, FinishReason, ServiceTier
from openwire.types.chat.provider_extensions import ReasoningDetail, XGroq
from openwire.types.completion_usage import CompletionUsage
from openwire.types.content_filter import ContentFilterOffsets, ContentFilterResults, PromptFilterResult

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

    # Fields other services add (see `ChatCompletion`), read through typed properties: a chunk
    # without them costs nothing more to parse.
    if TYPE_CHECKING:
        prompt_filter_results: list[PromptFilterResult] | None = None
        """Azure: what the content filters found in the prompt (on the first chunk, with no
        choices)."""
        provider: str | None = None
        """OpenRouter: the provider that serves the request."""
        x_groq: XGroq | None = None
        """Groq: the request's id (first chunk), and its usage and timing (last chunk)."""


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

    # Fields other services add (see `Choice`).
    if TYPE_CHECKING:
        content_filter_results: ContentFilterResults | None = None
        """Azure: what the content filters found in the part of the answer checked so far."""
        content_filter_offsets: ContentFilterOffsets | None = None
        """Azure: which part of the answer `content_filter_results` is about."""
        stop_reason: int | str | None = None
        """vLLM: the stop string or stop token id that ended the choice, on its last chunk."""
        native_finish_reason: str | None = None
        """OpenRouter: the finish reason as the model's own provider gave it, on the last chunk."""


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

    # Fields other services add (see `ChatCompletionMessage`): append each to what came before.
    if TYPE_CHECKING:
        reasoning_content: str | None = None
        """DeepSeek, LiteLLM, older vLLM and others: more of the model's reasoning."""
        reasoning: str | None = None
        """OpenRouter, vLLM, Ollama, Groq: more of the model's reasoning."""
        reasoning_details: list[ReasoningDetail] | None = None
        """OpenRouter: more reasoning blocks; pieces with the same `index` belong to one block."""


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


provider_fields(
    ChatCompletionChunk,
    prompt_filter_results=list[PromptFilterResult] | None,
    provider=str | None,
    x_groq=XGroq | None,
)
provider_fields(
    ChunkChoice,
    content_filter_results=ContentFilterResults | None,
    content_filter_offsets=ContentFilterOffsets | None,
    stop_reason=int | str | None,
    native_finish_reason=str | None,
)
provider_fields(
    ChoiceDelta,
    reasoning_content=str | None,
    reasoning=str | None,
    reasoning_details=list[ReasoningDetail] | None,
)
