"""The fields other services add to chat completions, typed: reasoning text and its details
(DeepSeek, vLLM, OpenRouter, Ollama, Groq, LiteLLM), OpenRouter's and Groq's request information.

They sit on the same models as the API's own fields (`message.reasoning_content`,
`completion.x_groq`), read `None` when the server did not send them, and are kept by `to_dict()`.
Azure's content filter results are in `openwire.types.content_filter`.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Tag

from openwire._models import BaseModel, UnknownVariant, by_type

__all__ = [
    "ReasoningDetail",
    "ReasoningDetailEncrypted",
    "ReasoningDetailSummary",
    "ReasoningDetailText",
    "XGroq",
    "XGroqUsage",
]


class _ReasoningDetailBase(BaseModel):
    id: str | None = None
    """The block's id, when the model gives one."""
    format: str | None = None
    """The format of the model that wrote it (`anthropic-claude-v1`, `openai-responses-v1`, ...):
    pass the details back only to a model of the same format."""
    index: int | None = None
    """The block's position among the message's reasoning details; streamed pieces of one block
    share it."""


class ReasoningDetailText(_ReasoningDetailBase):
    """Reasoning as text (OpenRouter `reasoning_details`), with the signature that lets it be sent
    back."""

    type: Literal["reasoning.text"] = "reasoning.text"
    """Always `reasoning.text`."""
    text: str | None = None
    """The reasoning."""
    signature: str | None = None
    """A signature the model's provider checks when the block is sent back."""


class ReasoningDetailSummary(_ReasoningDetailBase):
    """A summary of reasoning the model does not show in full."""

    type: Literal["reasoning.summary"] = "reasoning.summary"
    """Always `reasoning.summary`."""
    summary: str | None = None
    """The summary."""


class ReasoningDetailEncrypted(_ReasoningDetailBase):
    """Reasoning only the model's provider can read, to send back as it came."""

    type: Literal["reasoning.encrypted"] = "reasoning.encrypted"
    """Always `reasoning.encrypted`."""
    data: str | None = None
    """The encrypted reasoning."""


ReasoningDetail = Annotated[
    Annotated[ReasoningDetailText, Tag("reasoning.text")]
    | Annotated[ReasoningDetailSummary, Tag("reasoning.summary")]
    | Annotated[ReasoningDetailEncrypted, Tag("reasoning.encrypted")]
    | Annotated[UnknownVariant, Tag("unknown")],
    by_type(),
]
"""A block of OpenRouter's `reasoning_details`: `ReasoningDetailText`, `ReasoningDetailSummary`,
`ReasoningDetailEncrypted`, or (for a `type` openwire does not know yet) `UnknownVariant`."""


class XGroqUsage(BaseModel):
    """Groq's timing of a request, in seconds, with its token counts."""

    queue_time: float | None = None
    """Time spent waiting in Groq's queue."""
    prompt_tokens: int | None = None
    """Tokens in the prompt."""
    prompt_time: float | None = None
    """Time spent reading the prompt."""
    completion_tokens: int | None = None
    """Tokens generated."""
    completion_time: float | None = None
    """Time spent generating."""
    total_tokens: int | None = None
    """Prompt and completion tokens together."""
    total_time: float | None = None
    """Prompt and completion time together."""


class XGroq(BaseModel):
    """Groq's information about a request (`x_groq`): its id on every response and stream, and in
    a stream's last chunk the usage and timing."""

    id: str | None = None
    """Groq's request id (`req_...`), to quote when asking Groq for help."""
    usage: XGroqUsage | None = None
    """Tokens and timing, on the last chunk of a stream."""
