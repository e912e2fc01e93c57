"""The parameters of the Responses endpoints, as TypedDicts (plain dicts at runtime).

```python
client.responses.create(
    model="gpt-5.4",
    input=[
        {
            "role": "user",
            "content": [
                {"type": "input_text", "text": "What is in this image?"},
                {"type": "input_image", "image_url": "https://example.com/cat.png"},
            ],
        }
    ],
    moderation={"model": "omni-moderation-latest", "policy": {"input": {"mode": "block"}}},
)
```

The request bodies and their options are here; the input items are in `input_params` and
`tool_call_params`, their content parts in `content_params`, the tools in `tool_params`; all of them
can be imported from `openwire.types.responses`. Values the API takes from a fixed set are typed
`Literal[...] | str`, so values newer than this version of openwire still type-check; `type` and
`role` tags stay exact.
"""

# No `from __future__ import annotations` here: it would turn `Required[...]` into strings, and the
# TypedDicts would no longer know at runtime which keys are required. Names defined further down the
# module are written as strings instead.

from collections.abc import Iterable, Mapping, Sequence
from typing import Literal, TypeAlias

from typing_extensions import Required, TypedDict

from openwire.types.chat.params import (
    ModerationParam,
    PromptCacheOptionsParam,
    ReasoningEffort,
    ResponseFormatJSONObject,
    ResponseFormatText,
)

from .content_params import ResponseInputFileParam, ResponseInputImageParam, ResponseInputTextParam
from .input_params import ResponseInputItemParam
from .tool_params import ToolChoiceParam, ToolParam

__all__ = [
    "ContextManagementParam",
    "InputItemListParams",
    "InputTokenCountParams",
    "ReasoningParam",
    "ResponseCompactParams",
    "ResponseConversationParam",
    "ResponseCreateParams",
    "ResponseCreateParamsBase",
    "ResponseCreateParamsNonStreaming",
    "ResponseCreateParamsStreaming",
    "ResponseFormatTextConfigParam",
    "ResponseFormatTextJSONSchemaConfigParam",
    "ResponseIncludable",
    "ResponseParseParams",
    "ResponsePromptParam",
    "ResponsePromptVariableParam",
    "ResponseRetrieveParams",
    "ResponseRetrieveParamsBase",
    "ResponseRetrieveParamsNonStreaming",
    "ResponseRetrieveParamsStreaming",
    "ResponseStreamOptionsParam",
    "ResponseTextConfigParam",
]

ResponseIncludable: TypeAlias = (
    Literal[
        "file_search_call.results",
        "web_search_call.results",
        "web_search_call.action.sources",
        "message.input_image.image_url",
        "computer_call_output.output.image_url",
        "code_interpreter_call.outputs",
        "reasoning.encrypted_content",
        "message.output_text.logprobs",
    ]
    | str
)
"""Extra data a response (or a list of items) can include: search results and sources, image URLs,
code interpreter outputs, encrypted reasoning, log probabilities."""


class ResponseParseParams(TypedDict, total=False):
    """The parameters of `responses.create` that the helpers `parse` and `stream` take as they are:
    all but `stream`, and `tools`, which they take in their own form (tools that may be
    `openwire.function_tool`s).

    Every key is optional: `model` and `input` can also come from a stored `prompt`.
    """

    background: bool | None
    """Run the response in the background; poll it with `responses.retrieve` (or cancel it)."""
    context_management: Iterable["ContextManagementParam"] | None
    """How the context is managed over a long conversation: for now, when to compact it."""
    conversation: "str | ResponseConversationParam | None"
    """The conversation this response belongs to: its items come before `input`, and the input and
    output are added to it (not with `previous_response_id`)."""
    include: Sequence[ResponseIncludable] | None
    """Extra data to include in the response, like `reasoning.encrypted_content`."""
    input: str | Iterable[ResponseInputItemParam]
    """What the model responds to: a text, or items (messages, tool outputs, earlier output items)."""
    instructions: str | None
    """A system (developer) message put first in the context; not carried over by
    `previous_response_id`."""
    max_output_tokens: int | None
    """The most tokens the response may have, reasoning tokens included."""
    max_tool_calls: int | None
    """The most calls to built-in tools in the whole response (further calls are ignored)."""
    metadata: Mapping[str, str] | None
    """Up to 16 string pairs to store with the response (keys up to 64 chars, values up to 512)."""
    model: str
    """The model to use, like `gpt-5.4` or `o3`."""
    moderation: ModerationParam | None
    """Run moderation on the input and the output; results come back in the `moderation` field."""
    parallel_tool_calls: bool | None
    """Whether the model may call several tools at once (`True` by default)."""
    previous_response_id: str | None
    """Continue from this earlier response (not with `conversation`)."""
    prompt: "ResponsePromptParam | None"
    """A stored prompt to use, with values for its variables."""
    prompt_cache_key: str | None
    """A key to group requests that share a prompt prefix, for better cache hits (replaces `user`)."""
    prompt_cache_options: PromptCacheOptionsParam
    """How the prompt cache is used: its lifetime and whether breakpoints are implicit."""
    prompt_cache_retention: Literal["in_memory", "24h"] | str | None
    """Deprecated (use `prompt_cache_options`): `24h` keeps cached prefixes longer."""
    reasoning: "ReasoningParam | None"
    """How a reasoning model reasons: its effort, and whether to summarize it."""
    safety_identifier: str | None
    """A stable, hashed id of your end user, to help detect misuse (replaces `user`)."""
    service_tier: Literal["auto", "default", "flex", "scale", "priority", "fast", "ultrafast"] | str | None
    """The processing tier to use; the response says which one served the request."""
    store: bool | None
    """Whether to store the response, to retrieve it or continue from it later (`True` by default)."""
    stream_options: "ResponseStreamOptionsParam | None"
    """Streaming options (only with `stream=True`)."""
    temperature: float | None
    """Sampling temperature from 0 to 2: higher is more random. Change this or `top_p`, not both."""
    text: "ResponseTextConfigParam"
    """The text output: its format (plain text or JSON) and how long it is."""
    tool_choice: ToolChoiceParam
    """Which tool the model uses: `none`, `auto`, `required`, a subset, or a given tool."""
    top_logprobs: int
    """From 0 to 20: how many likeliest alternatives to return per token (with
    `message.output_text.logprobs` in `include`)."""
    top_p: float | None
    """Nucleus sampling: consider only the tokens in this top probability mass (0.1 = top 10%)."""
    truncation: Literal["auto", "disabled"] | str | None
    """Deprecated: `auto` drops the oldest items when the context is full; `disabled` (the default)
    fails the request instead."""
    user: str
    """Deprecated (use `safety_identifier` and `prompt_cache_key`): an id of your end user."""


class ResponseCreateParamsBase(ResponseParseParams, total=False):
    """The parameters of `responses.create` other than `stream`.

    Every key is optional: `model` and `input` can also come from a stored `prompt`.
    """

    tools: Iterable[ToolParam]
    """The tools the model may use: built-in tools, MCP servers, your functions and custom tools."""


class ResponseCreateParams(ResponseCreateParamsBase, total=False):
    """Every parameter of `responses.create`."""

    stream: bool | None
    """Stream the response as events while it is generated."""


class ResponseCreateParamsNonStreaming(ResponseCreateParamsBase, total=False):
    """The parameters of `responses.create` for a whole `Response`."""

    stream: Literal[False] | None
    """Leave out, or `False`, for a whole response."""


class ResponseCreateParamsStreaming(ResponseCreateParamsBase):
    """The parameters of `responses.create` for a stream of events."""

    stream: Required[Literal[True]]
    """`True`: stream the response."""


# Options of a response


class ResponseConversationParam(TypedDict, total=False):
    """A conversation, by id."""

    id: Required[str]
    """The conversation's id."""


class ContextManagementParam(TypedDict, total=False):
    """A way of managing the context."""

    type: Required[Literal["compaction"] | str]
    """The kind: `compaction` (the only one for now)."""
    compact_threshold: int | None
    """Compact the context when it reaches this many tokens (at least 1000)."""


class ResponseStreamOptionsParam(TypedDict, total=False):
    """Options of a streamed response."""

    include_obfuscation: bool
    """Pad delta events with an `obfuscation` field hiding their size (on by default); off saves
    bandwidth."""


class ReasoningParam(TypedDict, total=False):
    """How a reasoning model reasons."""

    mode: Literal["standard", "pro"] | str
    """The reasoning mode."""
    effort: ReasoningEffort | None
    """How hard the model thinks: `none`, `minimal`, `low`, `medium`, `high`, ..."""
    summary: Literal["auto", "concise", "detailed"] | str | None
    """Return a summary of the reasoning, this detailed."""
    context: Literal["auto", "current_turn", "all_turns"] | str | None
    """Which earlier reasoning the model sees on later turns: this turn's only, or every turn's."""
    generate_summary: Literal["auto", "concise", "detailed"] | str | None
    """Deprecated (use `summary`)."""


class ResponsePromptParam(TypedDict, total=False):
    """A stored prompt, by id, with values for its variables."""

    id: Required[str]
    """The prompt's id."""
    version: str | None
    """The version to use (the current one if left out)."""
    variables: "Mapping[str, ResponsePromptVariableParam] | None"
    """Values for the prompt's variables, by name."""


ResponsePromptVariableParam: TypeAlias = (
    str | ResponseInputTextParam | ResponseInputImageParam | ResponseInputFileParam
)
"""The value of a prompt variable: a string, or a text, image or file part."""


# The text output


class ResponseTextConfigParam(TypedDict, total=False):
    """The text output: its format and how long it is."""

    format: "ResponseFormatTextConfigParam"
    """Plain text (the default), JSON following a schema, or any JSON object."""
    verbosity: Literal["low", "medium", "high"] | str | None
    """How long and detailed the text should be (`medium` by default)."""


class ResponseFormatTextJSONSchemaConfigParam(TypedDict, total=False):
    """Write JSON following a schema (Structured Outputs)."""

    type: Required[Literal["json_schema"]]
    """Always `json_schema`."""
    name: Required[str]
    """The format's name: a-z, A-Z, 0-9, `_` and `-`, at most 64 characters."""
    schema: Required[Mapping[str, object]]
    """The JSON Schema object."""
    description: str
    """What the format is for, to help the model answer in it."""
    strict: bool | None
    """Make the output follow the schema exactly (a subset of JSON Schema is supported)."""


ResponseFormatTextConfigParam: TypeAlias = (
    ResponseFormatText | ResponseFormatTextJSONSchemaConfigParam | ResponseFormatJSONObject
)
"""The format of the text output. `json_object` (any JSON object) is the older JSON mode: prefer
`json_schema` where the model supports it."""


# The other endpoints


class ResponseRetrieveParamsBase(TypedDict, total=False):
    """The parameters of `responses.retrieve` other than `stream` (query parameters; the response id
    is the method's argument)."""

    include: Sequence[ResponseIncludable]
    """Extra data to include in the response."""
    include_obfuscation: bool
    """When streaming: pad delta events with an `obfuscation` field hiding their size (on by default)."""
    starting_after: int
    """When streaming: replay the events after this sequence number."""


class ResponseRetrieveParams(ResponseRetrieveParamsBase, total=False):
    """Every parameter of `responses.retrieve` (query parameters)."""

    stream: bool
    """Stream the response's events (of a background response) instead of returning it whole."""


class ResponseRetrieveParamsNonStreaming(ResponseRetrieveParamsBase, total=False):
    """The parameters of `responses.retrieve` for a whole `Response` (query parameters)."""

    stream: Literal[False]
    """Leave out, or `False`, for the whole response."""


class ResponseRetrieveParamsStreaming(ResponseRetrieveParamsBase):
    """The parameters of `responses.retrieve` for a stream of events (query parameters)."""

    stream: Required[Literal[True]]
    """`True`: stream the response's events."""


class InputItemListParams(TypedDict, total=False):
    """The parameters of `responses.input_items.list` (query parameters; the response id is the
    method's argument)."""

    after: str
    """List the items after this item id (the cursor)."""
    include: Sequence[ResponseIncludable]
    """Extra data to include in the items."""
    limit: int
    """How many items per page, from 1 to 100 (20 by default)."""
    order: Literal["asc", "desc"] | str
    """`asc` (oldest first) or `desc` (newest first, the default)."""


class InputTokenCountParams(TypedDict, total=False):
    """The parameters of `responses.input_tokens.count`: a response request whose input tokens to
    count, without running it."""

    conversation: "str | ResponseConversationParam | None"
    """The conversation whose items come before `input` (not with `previous_response_id`)."""
    input: str | Iterable[ResponseInputItemParam] | None
    """The input: a text, or items."""
    instructions: str | None
    """A system (developer) message put first in the context."""
    model: str | None
    """The model, like `gpt-5.4` or `o3`."""
    parallel_tool_calls: bool | None
    """Whether the model may call several tools at once."""
    personality: Literal["friendly", "pragmatic"] | str
    """A style preset of the model (the model's default style if left out)."""
    previous_response_id: str | None
    """Continue from this earlier response (not with `conversation`)."""
    reasoning: ReasoningParam | None
    """How a reasoning model reasons."""
    text: ResponseTextConfigParam | None
    """The text output: its format and how long it is."""
    tool_choice: ToolChoiceParam | None
    """Which tool the model uses."""
    tools: Iterable[ToolParam] | None
    """The tools the model may use."""
    truncation: Literal["auto", "disabled"] | str
    """Deprecated: `auto` drops the oldest items when the context is full; `disabled` fails instead."""


class ResponseCompactParams(TypedDict, total=False):
    """The parameters of `responses.compact`: shrink a long context into a compacted item."""

    model: Required[str | None]
    """The model, like `gpt-5.1-codex-max`."""
    input: str | Iterable[ResponseInputItemParam] | None
    """The context to compact: a text, or items."""
    instructions: str | None
    """A system (developer) message put first in the context."""
    previous_response_id: str | None
    """Start from the context of this earlier response (not with `conversation`)."""
    prompt_cache_key: str | None
    """A key to group requests that share a prompt prefix, for better cache hits."""
    prompt_cache_options: PromptCacheOptionsParam | None
    """How the prompt cache is used: its lifetime and whether breakpoints are implicit."""
    prompt_cache_retention: Literal["in_memory", "24h"] | str | None
    """Deprecated (use `prompt_cache_options`): `24h` keeps cached prefixes longer."""
    service_tier: Literal["auto", "default", "fast", "flex", "priority"] | str | None
    """The processing tier to use."""
