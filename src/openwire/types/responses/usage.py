"""Token usage of a Response (and of a compaction)."""

from __future__ import annotations

from openwire._models import BaseModel

__all__ = ["InputTokensDetails", "OutputTokensDetails", "ResponseUsage"]


class ResponseUsage(BaseModel):
    """How many tokens a response used, in total and broken down."""

    input_tokens: int = 0
    """Tokens in the input (messages, instructions, tools, files, ...)."""
    input_tokens_details: InputTokensDetails | None = None
    """A breakdown of the input tokens, when the server gives one."""
    output_tokens: int = 0
    """Tokens the model generated, reasoning tokens included."""
    output_tokens_details: OutputTokensDetails | None = None
    """A breakdown of the output tokens, when the server gives one."""
    total_tokens: int = 0
    """Input plus output tokens."""


class InputTokensDetails(BaseModel):
    """A breakdown of the input tokens."""

    cached_tokens: int | None = None
    """Input tokens read from the prompt cache."""
    cache_write_tokens: int | None = None
    """Input tokens written to the prompt cache."""


class OutputTokensDetails(BaseModel):
    """A breakdown of the output tokens."""

    reasoning_tokens: int | None = None
    """Tokens the model spent reasoning (not part of the visible output, still billed)."""
