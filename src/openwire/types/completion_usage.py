"""Token usage of a completion: on chat completions, on the final chunk of a stream, and elsewhere."""

from __future__ import annotations

from openwire._models import BaseModel

__all__ = ["CompletionTokensDetails", "CompletionUsage", "PromptTokensDetails"]


class CompletionUsage(BaseModel):
    """How many tokens the request used, in total and broken down."""

    prompt_tokens: int = 0
    """Tokens in the prompt (the input messages, tools and so on)."""
    completion_tokens: int = 0
    """Tokens in the generated completion, reasoning tokens included."""
    total_tokens: int = 0
    """Prompt plus completion tokens."""
    prompt_tokens_details: PromptTokensDetails | None = None
    """A breakdown of the prompt tokens, when the server gives one."""
    completion_tokens_details: CompletionTokensDetails | None = None
    """A breakdown of the completion tokens, when the server gives one."""


class PromptTokensDetails(BaseModel):
    """A breakdown of the prompt tokens."""

    cached_tokens: int | None = None
    """Prompt tokens read from the prompt cache."""
    audio_tokens: int | None = None
    """Audio tokens in the prompt."""
    text_tokens: int | None = None
    """Text tokens in the prompt."""
    image_tokens: int | None = None
    """Image tokens in the prompt."""
    cache_write_tokens: int | None = None
    """Prompt tokens written to the prompt cache."""


class CompletionTokensDetails(BaseModel):
    """A breakdown of the completion tokens."""

    accepted_prediction_tokens: int | None = None
    """With a Predicted Output: predicted tokens that appeared in the completion."""
    audio_tokens: int | None = None
    """Audio tokens the model generated."""
    reasoning_tokens: int | None = None
    """Tokens the model spent reasoning (not part of the visible reply, still billed)."""
    rejected_prediction_tokens: int | None = None
    """With a Predicted Output: predicted tokens that did not appear in the completion (still billed)."""
    text_tokens: int | None = None
    """Text tokens the model generated."""
