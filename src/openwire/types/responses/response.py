"""The Response object (what `responses.create`, `retrieve` and `cancel` return, and what the lifecycle
events of a stream carry) and the other answers of the Responses API: listed input items, input token
counts, compactions.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field, Tag

from openwire._models import BaseModel, UnknownVariant, by_type
from openwire.types.moderation import ModerationError, ModerationResult
from openwire.types.responses.content import ResponseInputContent, ResponseOutputText
from openwire.types.responses.output import ResponseItem, ResponseOutputItem, ResponseOutputMessage
from openwire.types.responses.tools import Tool, ToolChoice
from openwire.types.responses.usage import ResponseUsage

__all__ = [
    "CompactedResponse",
    "PromptCacheOptions",
    "Reasoning",
    "Response",
    "ResponseConversation",
    "ResponseError",
    "ResponseIncompleteDetails",
    "ResponseInputTokens",
    "ResponseItemList",
    "ResponseModeration",
    "ResponseModerationOutcome",
    "ResponsePrompt",
    "ResponseStatus",
    "ResponseTextConfig",
    "ResponseTextFormat",
    "ServiceTier",
    "TextFormatJSONObject",
    "TextFormatJSONSchema",
    "TextFormatText",
]

ResponseStatus = Literal["completed", "failed", "in_progress", "cancelled", "queued", "incomplete"] | str
"""Where a response is: `queued` (background), `in_progress`, `completed`, `incomplete` (stopped early,
see `incomplete_details`), `failed` (see `error`) or `cancelled`."""

ServiceTier = Literal["auto", "default", "flex", "scale", "priority", "fast", "ultrafast"] | str
"""The processing tier that served a request."""


class Response(BaseModel):
    """A model response: what it produced (`output`), the settings it ran with, and what it cost.

    ```python
    response.output_text   # the text of every assistant message, joined
    response.output        # every item: messages, reasoning, tool calls, ...
    ```
    """

    id: str
    """The response's unique id (`resp_...`)."""
    object: Literal["response"] | str = "response"
    """Always `response`."""
    created_at: int | float | str | None = None
    """When the response was created, in Unix seconds (a few servers, and one of the reference's own
    examples, give an ISO 8601 string instead: it is kept as given)."""
    completed_at: int | float | None = None
    """When the response completed, in Unix seconds (only once `completed`)."""
    status: ResponseStatus | None = None
    """Where the response is: `queued`, `in_progress`, `completed`, `incomplete`, `failed` or
    `cancelled`."""
    error: ResponseError | None = None
    """Why the response failed, when it did."""
    incomplete_details: ResponseIncompleteDetails | None = None
    """Why the response stopped early, when it is `incomplete`."""
    model: str | None = None
    """The model that produced the response (a queued response may not name it yet)."""
    output: list[ResponseOutputItem] = Field(default_factory=list)
    """What the model produced, in order: messages, reasoning, tool calls and their outputs."""
    instructions: str | list[ResponseItem] | None = None
    """The system (developer) instructions the response ran with: text, or a list of input items."""
    previous_response_id: str | None = None
    """The response this one continued, if any."""
    conversation: ResponseConversation | None = None
    """The conversation the response belongs to, if any: its items were added to it."""
    metadata: dict[str, str] | None = None
    """The key-value pairs attached to the response."""
    usage: ResponseUsage | None = None
    """Token usage of the response."""
    moderation: ResponseModeration | None = None
    """The moderation of the input and the output, when the request asked for moderation."""

    background: bool | None = None
    """Whether the response ran in the background."""
    store: bool | None = None
    """Whether the response is stored, to be retrieved or continued later."""
    max_output_tokens: int | None = None
    """The limit on generated tokens (visible and reasoning), if one was set."""
    max_tool_calls: int | None = None
    """The limit on calls to built-in tools, if one was set."""
    parallel_tool_calls: bool | None = None
    """Whether the model could call several tools at once."""
    temperature: float | None = None
    """The sampling temperature the response ran with."""
    top_p: float | None = None
    """The nucleus sampling mass the response ran with."""
    top_logprobs: int | None = None
    """How many of the likeliest tokens were returned at each position, if any."""
    reasoning: Reasoning | None = None
    """The reasoning settings (for reasoning models)."""
    text: ResponseTextConfig | None = None
    """The text output settings: format (plain text, JSON, a JSON schema) and verbosity."""
    tools: list[Tool] = Field(default_factory=list)
    """The tools the model could use."""
    tool_choice: ToolChoice | None = None
    """How the model was told to use its tools."""
    truncation: Literal["auto", "disabled"] | str | None = None
    """What happens to an input too long for the context: dropped from the start (`auto`) or an error
    (`disabled`)."""
    prompt: ResponsePrompt | None = None
    """The prompt template the response used, if any."""
    prompt_cache_key: str | None = None
    """The key that groups similar requests for prompt caching."""
    prompt_cache_retention: Literal["in_memory", "24h"] | str | None = None
    """How long cached prompt prefixes were kept at most (deprecated)."""
    prompt_cache_options: PromptCacheOptions | None = None
    """The prompt caching settings."""
    safety_identifier: str | None = None
    """The stable identifier of the end user, for abuse detection."""
    service_tier: ServiceTier | None = None
    """The processing tier that served the response."""
    user: str | None = None
    """The end-user identifier (deprecated: see `safety_identifier` and `prompt_cache_key`)."""

    @property
    def output_text(self) -> str:
        """The text of every `output_text` part of every assistant message in `output`, joined in
        order (`""` when there is none)."""
        return "".join(
            part.text
            for item in self.output
            if isinstance(item, ResponseOutputMessage)
            for part in item.content
            if isinstance(part, ResponseOutputText)
        )


class ResponseError(BaseModel):
    """Why a response failed."""

    code: (
        Literal[
            "server_error",
            "rate_limit_exceeded",
            "invalid_prompt",
            "data_residency_mismatch",
            "bio_policy",
            "vector_store_timeout",
            "invalid_image",
            "invalid_image_format",
            "invalid_base64_image",
            "invalid_image_url",
            "image_too_large",
            "image_too_small",
            "image_parse_error",
            "image_content_policy_violation",
            "invalid_image_mode",
            "image_file_too_large",
            "unsupported_image_media_type",
            "empty_image_file",
            "failed_to_download_image",
            "image_file_not_found",
        ]
        | str
        | None
    ) = None
    """The kind of error (`server_error`, `rate_limit_exceeded`, `invalid_prompt`, ...)."""
    message: str | None = None
    """What went wrong."""


class ResponseIncompleteDetails(BaseModel):
    """Why a response stopped before it was complete."""

    reason: Literal["max_output_tokens", "content_filter"] | str | None = None
    """The token limit was reached (`max_output_tokens`), or content was filtered (`content_filter`)."""


class ResponseConversation(BaseModel):
    """The conversation a response belongs to."""

    id: str
    """The conversation's id."""


class Reasoning(BaseModel):
    """The reasoning settings a response ran with."""

    effort: Literal["none", "minimal", "low", "medium", "high", "xhigh", "max"] | str | None = None
    """How much the model reasoned."""
    summary: Literal["auto", "concise", "detailed"] | str | None = None
    """How detailed a reasoning summary was asked for."""
    generate_summary: Literal["auto", "concise", "detailed"] | str | None = None
    """The same as `summary` (deprecated)."""
    context: Literal["auto", "current_turn", "all_turns"] | str | None = None
    """Which earlier reasoning the model kept in its context."""
    mode: Literal["standard", "pro"] | str | None = None
    """The reasoning mode."""


class ResponseTextConfig(BaseModel):
    """The text output settings of a response."""

    format: ResponseTextFormat | None = None
    """The output format: `TextFormatText`, `TextFormatJSONSchema` or `TextFormatJSONObject`."""
    verbosity: Literal["low", "medium", "high"] | str | None = None
    """How concise or detailed the output was asked to be."""


class TextFormatText(BaseModel):
    """Plain text output."""

    type: Literal["text"] = "text"
    """Always `text`."""


class TextFormatJSONSchema(BaseModel):
    """JSON output following a given schema (Structured Outputs)."""

    type: Literal["json_schema"] = "json_schema"
    """Always `json_schema`."""
    name: str
    """The format's name."""
    description: str | None = None
    """What the format is for, for the model."""
    schema_: dict[str, Any] | None = Field(default=None, alias="schema")
    """The JSON schema (sent and received as `schema`)."""
    strict: bool | None = None
    """Whether the output must follow the schema exactly."""


class TextFormatJSONObject(BaseModel):
    """Any JSON object as output (the older JSON mode)."""

    type: Literal["json_object"] = "json_object"
    """Always `json_object`."""


ResponseTextFormat = Annotated[
    Annotated[TextFormatText, Tag("text")]
    | Annotated[TextFormatJSONSchema, Tag("json_schema")]
    | Annotated[TextFormatJSONObject, Tag("json_object")]
    | Annotated[UnknownVariant, Tag("unknown")],
    by_type(),
]
"""The output format of a response: `TextFormatText`, `TextFormatJSONSchema`, `TextFormatJSONObject`,
or `UnknownVariant`."""


class ResponsePrompt(BaseModel):
    """A stored prompt template a response used, with the values filled into it."""

    id: str
    """The template's id."""
    version: str | None = None
    """The template's version."""
    variables: dict[str, str | ResponseInputContent] | None = None
    """The values of the template's variables: text, or input parts (images, files)."""


class PromptCacheOptions(BaseModel):
    """The prompt caching settings of a response."""

    mode: Literal["implicit", "explicit"] | str | None = None
    """How prefixes are cached: `implicit` (automatically) or `explicit` (at breakpoints)."""
    ttl: Literal["30m"] | str | None = None
    """How long cached prefixes are kept at least."""


# -- moderation ----------------------------------------------------------------------------------------

ResponseModerationOutcome = Annotated[
    Annotated[ModerationResult, Tag("moderation_result")]
    | Annotated[ModerationError, Tag("error")]
    | Annotated[UnknownVariant, Tag("unknown")],
    by_type(),
]
"""What moderation produced for one side of a response: one `ModerationResult` (the same class as in
chat moderation and `moderations.create`), `ModerationError`, or (for a `type` openwire does not know
yet) `UnknownVariant`."""


class ResponseModeration(BaseModel):
    """What moderation found in a response's input and in its output.

    Each side is one `ModerationResult` (moderation ran), `ModerationError` (it could not), or
    `UnknownVariant`; check with `isinstance` or by `.type`.
    """

    input: ResponseModerationOutcome | None = None
    """The moderation of the response's input."""
    output: ResponseModerationOutcome | None = None
    """The moderation of the response's output."""


# -- other answers of the Responses API ----------------------------------------------------------------


class ResponseItemList(BaseModel):
    """One page of the items a response was given (`GET /responses/{id}/input_items`)."""

    object: Literal["list"] | str = "list"
    """Always `list`."""
    data: list[ResponseItem] = Field(default_factory=list)
    """The items on this page."""
    first_id: str | None = None
    """The id of the first item on this page."""
    last_id: str | None = None
    """The id of the last item on this page: the cursor for the next one."""
    has_more: bool = False
    """Whether there are more items after this page."""


class ResponseInputTokens(BaseModel):
    """How many input tokens a request would use (`POST /responses/input_tokens`)."""

    object: Literal["response.input_tokens"] | str = "response.input_tokens"
    """Always `response.input_tokens`."""
    input_tokens: int
    """The number of input tokens."""


class CompactedResponse(BaseModel):
    """A conversation compacted into fewer items (`POST /responses/compact`), to pass as the input
    of the next request."""

    id: str
    """The compaction's id."""
    object: Literal["response.compaction"] | str = "response.compaction"
    """Always `response.compaction`."""
    created_at: int | float | None = None
    """When the compaction was made, in Unix seconds."""
    output: list[ResponseItem] = Field(default_factory=list)
    """The compacted items: kept messages and a `compaction` item standing for the rest."""
    usage: ResponseUsage | None = None
    """Token usage of the compaction."""
