"""The parameters of the chat completions endpoints, as TypedDicts (plain dicts at runtime).

Values the API takes from a fixed set are typed `Literal[...] | str`, so values newer than this version
of openwire still type-check; `role` and `type` tags stay exact, so type checkers tell kinds apart.
"""

# No `from __future__ import annotations` here: it would turn `Required[...]` into strings, and the
# TypedDicts would no longer know at runtime which keys are required. Names defined further down the
# module are written as strings instead.

from collections.abc import Iterable, Mapping, Sequence
from typing import Literal, TypeAlias

from typing_extensions import Required, TypedDict

from openwire.types.chat.completion import ChatCompletionMessage

__all__ = [
    "ChatCompletionAllowedToolChoiceParam",
    "ChatCompletionAllowedToolsParam",
    "ChatCompletionAssistantAudioParam",
    "ChatCompletionAssistantContentPartParam",
    "ChatCompletionAssistantMessageParam",
    "ChatCompletionAssistantMessageWithReasoningParam",
    "ChatCompletionAudioParam",
    "ChatCompletionContentPartFileParam",
    "ChatCompletionContentPartImageParam",
    "ChatCompletionContentPartInputAudioParam",
    "ChatCompletionContentPartParam",
    "ChatCompletionContentPartRefusalParam",
    "ChatCompletionContentPartTextParam",
    "ChatCompletionCreateParams",
    "ChatCompletionCreateParamsBase",
    "ChatCompletionCreateParamsNonStreaming",
    "ChatCompletionCreateParamsStreaming",
    "ChatCompletionCustomToolParam",
    "ChatCompletionDeveloperMessageParam",
    "ChatCompletionFunctionCallOptionParam",
    "ChatCompletionFunctionMessageParam",
    "ChatCompletionFunctionToolParam",
    "ChatCompletionMessageCustomToolCallParam",
    "ChatCompletionMessageFunctionToolCallParam",
    "ChatCompletionMessageParam",
    "ChatCompletionMessageToolCallParam",
    "ChatCompletionNamedToolChoiceCustomParam",
    "ChatCompletionNamedToolChoiceParam",
    "ChatCompletionParseParams",
    "ChatCompletionPredictionContentParam",
    "ChatCompletionStreamOptionsParam",
    "ChatCompletionSystemMessageParam",
    "ChatCompletionToolChoiceOptionParam",
    "ChatCompletionToolMessageParam",
    "ChatCompletionToolUnionParam",
    "ChatCompletionUserMessageParam",
    "CompletionListParams",
    "CompletionUpdateParams",
    "CustomToolDefinitionParam",
    "CustomToolFormat",
    "CustomToolFormatGrammarParam",
    "CustomToolFormatTextParam",
    "CustomToolGrammarParam",
    "CustomVoiceParam",
    "FileInputParam",
    "FunctionCallChoiceParam",
    "FunctionCallParam",
    "FunctionDefinition",
    "FunctionParameters",
    "ImageURLParam",
    "InputAudioParam",
    "JSONSchema",
    "MessageListParams",
    "ModerationConfigParam",
    "ModerationParam",
    "ModerationPolicyParam",
    "NamedToolParam",
    "PromptCacheBreakpointParam",
    "PromptCacheOptionsParam",
    "ReasoningEffort",
    "ResponseFormat",
    "ResponseFormatJSONObject",
    "ResponseFormatJSONSchema",
    "ResponseFormatText",
    "ToolCallCustomParam",
    "VoiceParam",
    "WebSearchLocation",
    "WebSearchOptions",
    "WebSearchUserLocation",
]

ReasoningEffort: TypeAlias = Literal["none", "minimal", "low", "medium", "high", "xhigh", "max"] | str
"""How hard a reasoning model thinks before answering; less is faster and uses fewer tokens."""

FunctionParameters: TypeAlias = Mapping[str, object]
"""The parameters of a function tool, as a JSON Schema object."""


class ChatCompletionParseParams(TypedDict, total=False):
    """The parameters of `chat.completions.create` that the helpers `parse` and `stream` take as
    they are: all but `stream`, and `response_format` and `tools`, which they take in their own
    form (a model class; tools that may be `openwire.function_tool`s)."""

    messages: Required[Iterable["ChatCompletionMessageParam"]]
    """The conversation so far, oldest message first."""
    model: Required[str]
    """The model to use, like `gpt-4o` or `o3`."""
    audio: "ChatCompletionAudioParam | None"
    """The voice and format of the spoken reply: required with `modalities=["audio"]`."""
    frequency_penalty: float | None
    """From -2.0 to 2.0: positive values make the model less likely to repeat tokens it used often."""
    function_call: "FunctionCallChoiceParam"
    """Deprecated (use `tool_choice`): `none`, `auto`, or `{"name": ...}` to force a function."""
    functions: Iterable["FunctionDefinition"]
    """Deprecated (use `tools`): the functions the model may call (without `strict`)."""
    logit_bias: Mapping[str, int] | None
    """Token id (as a string) to a bias from -100 (never) to 100 (always) added to its logit."""
    logprobs: bool | None
    """Whether to return the log probability of each generated token."""
    max_completion_tokens: int | None
    """The most tokens the model may generate, reasoning tokens included."""
    max_tokens: int | None
    """Deprecated (use `max_completion_tokens`; not supported by reasoning models)."""
    metadata: Mapping[str, str] | None
    """Up to 16 string pairs to store with the completion (keys up to 64 chars, values up to 512)."""
    modalities: list[Literal["text", "audio"] | str] | None
    """The kinds of output wanted: `["text"]` (the default) or `["text", "audio"]`."""
    moderation: "ModerationParam | None"
    """Run moderation on the input and the output; results come back in the `moderation` field."""
    n: int | None
    """How many choices to generate (each one is billed)."""
    parallel_tool_calls: bool
    """Whether the model may call several tools in one turn."""
    prediction: "ChatCompletionPredictionContentParam | None"
    """Content the reply is expected to largely repeat (a Predicted Output), to make it faster."""
    presence_penalty: float | None
    """From -2.0 to 2.0: positive values make the model more likely to move to new topics."""
    prompt_cache_key: str | None
    """A key to group requests that share a prompt prefix, for better cache hits (replaces `user`)."""
    prompt_cache_options: "PromptCacheOptionsParam"
    """How the prompt cache is used: its lifetime and whether breakpoints are implicit."""
    prompt_cache_retention: Literal["in_memory", "24h"] | str | None
    """Deprecated (use `prompt_cache_options`): `24h` keeps cached prefixes longer."""
    reasoning_effort: ReasoningEffort | None
    """How hard a reasoning model thinks: `none`, `minimal`, `low`, `medium`, `high`, ..."""
    safety_identifier: str | None
    """A stable, hashed id of your end user, to help detect misuse (replaces `user`)."""
    seed: int | None
    """Deprecated: a seed for best-effort deterministic sampling."""
    service_tier: Literal["auto", "default", "flex", "scale", "priority", "fast"] | str | None
    """The processing tier to use; the response says which one served the request."""
    stop: str | Sequence[str] | None
    """Up to 4 sequences that end the generation (not in the returned text)."""
    store: bool | None
    """Whether to store the completion, for later retrieval, evals or distillation."""
    stream_options: "ChatCompletionStreamOptionsParam | None"
    """Streaming options (only with `stream=True`): e.g. a final usage chunk."""
    temperature: float | None
    """Sampling temperature from 0 to 2: higher is more random. Change this or `top_p`, not both."""
    tool_choice: "ChatCompletionToolChoiceOptionParam"
    """Which tool the model calls: `none`, `auto`, `required`, a named tool, or an allowed subset."""
    top_logprobs: int | None
    """From 0 to 20: how many likeliest alternatives to return per token (needs `logprobs`)."""
    top_p: float | None
    """Nucleus sampling: consider only the tokens in this top probability mass (0.1 = top 10%)."""
    user: str
    """Deprecated (use `safety_identifier` and `prompt_cache_key`): an id of your end user."""
    verbosity: Literal["low", "medium", "high"] | str | None
    """How long and detailed the reply should be."""
    web_search_options: "WebSearchOptions"
    """Search the web before answering (search models only)."""


class ChatCompletionCreateParamsBase(ChatCompletionParseParams, total=False):
    """The parameters of `chat.completions.create` other than `stream`."""

    response_format: "ResponseFormat"
    """The output format: plain text, any JSON object, or JSON following a schema."""
    tools: Iterable["ChatCompletionToolUnionParam"]
    """The tools the model may call: function tools and custom tools."""


class ChatCompletionCreateParams(ChatCompletionCreateParamsBase, total=False):
    """Every parameter of `chat.completions.create`."""

    stream: bool | None
    """Stream the reply as `ChatCompletionChunk`s as it is generated."""


class ChatCompletionCreateParamsNonStreaming(ChatCompletionCreateParamsBase, total=False):
    """The parameters of `chat.completions.create` for a whole `ChatCompletion`."""

    stream: Literal[False] | None
    """Leave out, or `False`, for a whole completion."""


class ChatCompletionCreateParamsStreaming(ChatCompletionCreateParamsBase):
    """The parameters of `chat.completions.create` for a stream of `ChatCompletionChunk`s."""

    stream: Required[Literal[True]]
    """`True`: stream the reply."""


# Messages


class ChatCompletionDeveloperMessageParam(TypedDict, total=False):
    """Instructions the model follows whatever the user says (replaces `system` for o1 and newer)."""

    role: Required[Literal["developer"]]
    """Always `developer`."""
    content: Required["str | Iterable[ChatCompletionContentPartTextParam]"]
    """The instructions: a string or text parts."""
    name: str
    """A name to tell apart participants of the same role."""


class ChatCompletionSystemMessageParam(TypedDict, total=False):
    """Instructions the model follows whatever the user says (`developer` for o1 and newer)."""

    role: Required[Literal["system"]]
    """Always `system`."""
    content: Required["str | Iterable[ChatCompletionContentPartTextParam]"]
    """The instructions: a string or text parts."""
    name: str
    """A name to tell apart participants of the same role."""


class ChatCompletionUserMessageParam(TypedDict, total=False):
    """A message from the end user: text, and for some models images, audio or files."""

    role: Required[Literal["user"]]
    """Always `user`."""
    content: Required["str | Iterable[ChatCompletionContentPartParam]"]
    """A string, or parts: text, image, audio, file."""
    name: str
    """A name to tell apart participants of the same role."""


class ChatCompletionAssistantMessageParam(TypedDict, total=False):
    """A reply of the model, sent back as part of the conversation."""

    role: Required[Literal["assistant"]]
    """Always `assistant`."""
    content: "str | Iterable[ChatCompletionAssistantContentPartParam] | None"
    """The reply: a string, or text parts or one refusal part; needed unless there are tool calls."""
    refusal: str | None
    """The model's refusal."""
    name: str
    """A name to tell apart participants of the same role."""
    audio: "ChatCompletionAssistantAudioParam | None"
    """A previous spoken reply of the model, by id."""
    tool_calls: Iterable["ChatCompletionMessageToolCallParam"]
    """The tools the model called."""
    function_call: "FunctionCallParam | None"
    """Deprecated (use `tool_calls`): the function the model called."""


class ChatCompletionAssistantMessageWithReasoningParam(ChatCompletionAssistantMessageParam, total=False):
    """An assistant message with the model's reasoning, for the services that take it back (not an
    OpenAI type: OpenAI's API does not define these fields). What `ChatCompletionMessage.to_param()`
    returns."""

    reasoning_content: str | None
    """The model's reasoning as DeepSeek (and LiteLLM, older vLLM) name it: DeepSeek requires it
    back on an assistant message with tool calls in thinking mode."""
    reasoning: str | None
    """The model's reasoning as OpenRouter, vLLM, Ollama and Groq name it."""
    reasoning_details: Iterable[dict[str, object]]
    """OpenRouter's reasoning blocks, sent back as they came."""


class ChatCompletionAssistantAudioParam(TypedDict, total=False):
    """A previous spoken reply of the model."""

    id: Required[str]
    """The `id` of the reply's `audio`."""


class ChatCompletionToolMessageParam(TypedDict, total=False):
    """The result of a tool call, sent back to the model."""

    role: Required[Literal["tool"]]
    """Always `tool`."""
    content: Required["str | Iterable[ChatCompletionContentPartTextParam]"]
    """The result: a string or text parts."""
    tool_call_id: Required[str]
    """The `id` of the tool call this answers."""


class ChatCompletionFunctionMessageParam(TypedDict, total=False):
    """The result of a function call (deprecated: use `tool` messages)."""

    role: Required[Literal["function"]]
    """Always `function`."""
    content: Required[str | None]
    """The result."""
    name: Required[str]
    """The name of the function that was called."""


ChatCompletionMessageParam: TypeAlias = (
    ChatCompletionDeveloperMessageParam
    | ChatCompletionSystemMessageParam
    | ChatCompletionUserMessageParam
    | ChatCompletionAssistantMessageParam
    | ChatCompletionAssistantMessageWithReasoningParam
    | ChatCompletionToolMessageParam
    | ChatCompletionFunctionMessageParam
    | ChatCompletionMessage
)
"""A message of the conversation, told apart by its `role`. A `ChatCompletionMessage` from an
earlier response can be sent back as it is: only the fields the server sent go out, those other
services add (`reasoning_content`, ...) included; `message.to_param(reasoning=False, extras=False)`
leaves those out, for a message going to another service."""


# Content parts


class ChatCompletionContentPartTextParam(TypedDict, total=False):
    """A text part."""

    type: Required[Literal["text"]]
    """Always `text`."""
    text: Required[str]
    """The text."""
    prompt_cache_breakpoint: "PromptCacheBreakpointParam"
    """Mark the end of this part as the end of a reusable prompt prefix."""


class ChatCompletionContentPartImageParam(TypedDict, total=False):
    """An image part."""

    type: Required[Literal["image_url"]]
    """Always `image_url`."""
    image_url: Required["ImageURLParam"]
    """The image."""
    prompt_cache_breakpoint: "PromptCacheBreakpointParam"
    """Mark the end of this part as the end of a reusable prompt prefix."""


class ImageURLParam(TypedDict, total=False):
    """An image, by URL or inline."""

    url: Required[str]
    """The image's URL, or its data as a base64 `data:` URL."""
    detail: Literal["auto", "low", "high"] | str
    """The detail level to read the image at (`auto` by default)."""


class ChatCompletionContentPartInputAudioParam(TypedDict, total=False):
    """An audio part."""

    type: Required[Literal["input_audio"]]
    """Always `input_audio`."""
    input_audio: Required["InputAudioParam"]
    """The audio."""
    prompt_cache_breakpoint: "PromptCacheBreakpointParam"
    """Mark the end of this part as the end of a reusable prompt prefix."""


class InputAudioParam(TypedDict, total=False):
    """Audio data."""

    data: Required[str]
    """The audio, base64-encoded."""
    format: Required[Literal["wav", "mp3"] | str]
    """The audio's format."""


class ChatCompletionContentPartFileParam(TypedDict, total=False):
    """A file part (for example a PDF), inline or by the id of an uploaded file."""

    type: Required[Literal["file"]]
    """Always `file`."""
    file: Required["FileInputParam"]
    """The file."""
    prompt_cache_breakpoint: "PromptCacheBreakpointParam"
    """Mark the end of this part as the end of a reusable prompt prefix."""


class FileInputParam(TypedDict, total=False):
    """A file: give `file_id`, or `file_data` with `filename`."""

    file_data: str
    """The file's content, base64-encoded."""
    file_id: str
    """The id of an uploaded file."""
    filename: str
    """The file's name, with `file_data`."""


class ChatCompletionContentPartRefusalParam(TypedDict, total=False):
    """A refusal part (assistant messages only)."""

    type: Required[Literal["refusal"]]
    """Always `refusal`."""
    refusal: Required[str]
    """The model's refusal."""


class PromptCacheBreakpointParam(TypedDict, total=False):
    """An explicit prompt cache breakpoint; it lives as long as `prompt_cache_options.ttl` says."""

    mode: Required[Literal["explicit"]]
    """Always `explicit`."""


ChatCompletionContentPartParam: TypeAlias = (
    ChatCompletionContentPartTextParam
    | ChatCompletionContentPartImageParam
    | ChatCompletionContentPartInputAudioParam
    | ChatCompletionContentPartFileParam
)
"""A part of a user message."""

ChatCompletionAssistantContentPartParam: TypeAlias = (
    ChatCompletionContentPartTextParam | ChatCompletionContentPartRefusalParam
)
"""A part of an assistant message."""


# Tool calls (in assistant messages)


class ChatCompletionMessageFunctionToolCallParam(TypedDict, total=False):
    """A function tool call the model made."""

    id: Required[str]
    """The tool call's id."""
    type: Required[Literal["function"]]
    """Always `function`."""
    function: Required["FunctionCallParam"]
    """The function called and its arguments."""


class FunctionCallParam(TypedDict, total=False):
    """A function the model called: its name and arguments."""

    name: Required[str]
    """The function's name."""
    arguments: Required[str]
    """The arguments, as the JSON string the model wrote."""


class ChatCompletionMessageCustomToolCallParam(TypedDict, total=False):
    """A custom tool call the model made."""

    id: Required[str]
    """The tool call's id."""
    type: Required[Literal["custom"]]
    """Always `custom`."""
    custom: Required["ToolCallCustomParam"]
    """The custom tool called and its input."""


class ToolCallCustomParam(TypedDict, total=False):
    """The custom tool of a tool call."""

    name: Required[str]
    """The custom tool's name."""
    input: Required[str]
    """The input the model wrote."""


ChatCompletionMessageToolCallParam: TypeAlias = (
    ChatCompletionMessageFunctionToolCallParam | ChatCompletionMessageCustomToolCallParam
)
"""A tool call in an assistant message, told apart by its `type`."""


# Tools


class ChatCompletionFunctionToolParam(TypedDict, total=False):
    """A function the model may call with JSON arguments."""

    type: Required[Literal["function"]]
    """Always `function`."""
    function: Required["FunctionDefinition"]
    """The function."""


class FunctionDefinition(TypedDict, total=False):
    """A function: its name, what it does, and its parameters."""

    name: Required[str]
    """The function's name: a-z, A-Z, 0-9, `_` and `-`, at most 64 characters."""
    description: str
    """What the function does, for the model to decide when and how to call it."""
    parameters: FunctionParameters
    """The parameters as a JSON Schema object; leave out for a function without parameters."""
    strict: bool | None
    """Make the arguments follow `parameters` exactly (a subset of JSON Schema is supported)."""


class ChatCompletionCustomToolParam(TypedDict, total=False):
    """A custom tool: the model calls it with free text, or text following a grammar."""

    type: Required[Literal["custom"]]
    """Always `custom`."""
    custom: Required["CustomToolDefinitionParam"]
    """The custom tool."""


class CustomToolDefinitionParam(TypedDict, total=False):
    """A custom tool: its name, what it does, and the format of its input."""

    name: Required[str]
    """The tool's name, as tool calls will name it."""
    description: str
    """What the tool does."""
    format: "CustomToolFormat"
    """The format of the input: unconstrained text (the default) or a grammar."""


class CustomToolFormatTextParam(TypedDict, total=False):
    """Unconstrained text input."""

    type: Required[Literal["text"]]
    """Always `text`."""


class CustomToolFormatGrammarParam(TypedDict, total=False):
    """Input that follows a grammar."""

    type: Required[Literal["grammar"]]
    """Always `grammar`."""
    grammar: Required["CustomToolGrammarParam"]
    """The grammar."""


class CustomToolGrammarParam(TypedDict, total=False):
    """A grammar, in Lark or regular expression syntax."""

    definition: Required[str]
    """The grammar's definition."""
    syntax: Required[Literal["lark", "regex"] | str]
    """The syntax of the definition: `lark` or `regex`."""


CustomToolFormat: TypeAlias = CustomToolFormatTextParam | CustomToolFormatGrammarParam
"""The input format of a custom tool."""

ChatCompletionToolUnionParam: TypeAlias = ChatCompletionFunctionToolParam | ChatCompletionCustomToolParam
"""A tool the model may call."""


# Tool choice


class ChatCompletionAllowedToolChoiceParam(TypedDict, total=False):
    """Let the model call only some of the tools (keeping `tools` the same helps prompt caching)."""

    type: Required[Literal["allowed_tools"]]
    """Always `allowed_tools`."""
    allowed_tools: Required["ChatCompletionAllowedToolsParam"]
    """The tools allowed, and whether one must be called."""


class ChatCompletionAllowedToolsParam(TypedDict, total=False):
    """The tools the model may call, out of `tools`."""

    mode: Required[Literal["auto", "required"] | str]
    """`auto`: call an allowed tool or answer; `required`: call one or more allowed tools."""
    tools: Required[Iterable[Mapping[str, object]]]
    """The allowed tools, like `{"type": "function", "function": {"name": "get_weather"}}`."""


class ChatCompletionNamedToolChoiceParam(TypedDict, total=False):
    """Make the model call a given function tool."""

    type: Required[Literal["function"]]
    """Always `function`."""
    function: Required["NamedToolParam"]
    """The function to call."""


class ChatCompletionNamedToolChoiceCustomParam(TypedDict, total=False):
    """Make the model call a given custom tool."""

    type: Required[Literal["custom"]]
    """Always `custom`."""
    custom: Required["NamedToolParam"]
    """The custom tool to call."""


class NamedToolParam(TypedDict, total=False):
    """A tool, by name."""

    name: Required[str]
    """The tool's name."""


ChatCompletionToolChoiceOptionParam: TypeAlias = (
    Literal["none", "auto", "required"]
    | str
    | ChatCompletionAllowedToolChoiceParam
    | ChatCompletionNamedToolChoiceParam
    | ChatCompletionNamedToolChoiceCustomParam
)
"""Which tool the model calls: `none` (no tool; the default without tools), `auto` (its choice; the
default with tools), `required` (at least one), a named tool, or a subset of the tools."""


class ChatCompletionFunctionCallOptionParam(TypedDict, total=False):
    """Make the model call a given function (deprecated: use `tool_choice`)."""

    name: Required[str]
    """The function's name."""


FunctionCallChoiceParam: TypeAlias = Literal["none", "auto"] | str | ChatCompletionFunctionCallOptionParam
"""The deprecated `function_call` parameter."""


# Response formats


class ResponseFormatText(TypedDict, total=False):
    """Reply with text (the default)."""

    type: Required[Literal["text"]]
    """Always `text`."""


class ResponseFormatJSONObject(TypedDict, total=False):
    """Reply with a JSON object (JSON mode; the messages must also ask for JSON)."""

    type: Required[Literal["json_object"]]
    """Always `json_object`."""


class ResponseFormatJSONSchema(TypedDict, total=False):
    """Reply with JSON following a schema (Structured Outputs)."""

    type: Required[Literal["json_schema"]]
    """Always `json_schema`."""
    json_schema: Required["JSONSchema"]
    """The schema and its options."""


class JSONSchema(TypedDict, total=False):
    """A named JSON Schema for the reply."""

    name: Required[str]
    """The format's name: a-z, A-Z, 0-9, `_` and `-`, at most 64 characters."""
    description: str
    """What the format is for, to help the model answer in it."""
    schema: Mapping[str, object]
    """The JSON Schema object."""
    strict: bool | None
    """Make the reply follow the schema exactly (a subset of JSON Schema is supported)."""


ResponseFormat: TypeAlias = ResponseFormatText | ResponseFormatJSONSchema | ResponseFormatJSONObject
"""The format of the reply."""


# Other options


class ChatCompletionStreamOptionsParam(TypedDict, total=False):
    """Options of a streamed completion."""

    include_usage: bool
    """Send a last chunk, with no choices, whose `usage` covers the whole request."""
    include_obfuscation: bool
    """Pad each event with an `obfuscation` field hiding its size (on by default); off saves bandwidth."""


class ChatCompletionPredictionContentParam(TypedDict, total=False):
    """Text the reply is expected to largely repeat, such as a file being edited."""

    type: Required[Literal["content"]]
    """Always `content`."""
    content: Required["str | Iterable[ChatCompletionContentPartTextParam]"]
    """The predicted text: a string or text parts."""


class ChatCompletionAudioParam(TypedDict, total=False):
    """The voice and format of a spoken reply."""

    voice: Required["VoiceParam"]
    """A built-in voice (`alloy`, `ash`, `coral`, `marin`, `cedar`, ...) or a custom voice."""
    format: Required[Literal["wav", "aac", "mp3", "flac", "opus", "pcm16"] | str]
    """The audio format."""


class CustomVoiceParam(TypedDict, total=False):
    """A custom voice, by id."""

    id: Required[str]
    """The voice's id, like `voice_1234`."""


VoiceParam: TypeAlias = (
    Literal["alloy", "ash", "ballad", "coral", "echo", "sage", "shimmer", "verse", "marin", "cedar"]
    | str
    | CustomVoiceParam
)
"""A built-in voice, by name, or a custom voice."""


class WebSearchOptions(TypedDict, total=False):
    """Options of the web search that search models run before answering."""

    user_location: "WebSearchUserLocation | None"
    """Where the user roughly is, to localize the search."""
    search_context_size: Literal["low", "medium", "high"] | str
    """How much of the context window the search results may take (`medium` by default)."""


class WebSearchUserLocation(TypedDict, total=False):
    """The user's rough location."""

    type: Required[Literal["approximate"]]
    """Always `approximate`."""
    approximate: Required["WebSearchLocation"]
    """The location."""


class WebSearchLocation(TypedDict, total=False):
    """A rough location: give any of its fields."""

    city: str
    """The city, like `San Francisco`."""
    country: str
    """The two-letter ISO country code, like `US`."""
    region: str
    """The region, like `California`."""
    timezone: str
    """The IANA time zone, like `America/Los_Angeles`."""


class ModerationParam(TypedDict, total=False):
    """Run moderation on the input and the output of the completion."""

    model: Required[str]
    """The moderation model, like `omni-moderation-latest`."""
    policy: "ModerationPolicyParam | None"
    """What to do with the moderation of each side."""


class ModerationPolicyParam(TypedDict, total=False):
    """How moderation applies to the input and to the output."""

    input: "ModerationConfigParam | None"
    """The policy for the input."""
    output: "ModerationConfigParam | None"
    """The policy for the output."""


class ModerationConfigParam(TypedDict, total=False):
    """The moderation policy for one side."""

    mode: Required[Literal["score", "block"] | str]
    """`score`: only report the results; `block`: also stop flagged content."""


class PromptCacheOptionsParam(TypedDict, total=False):
    """Prompt caching options."""

    ttl: Literal["30m"] | str
    """The least time every cache breakpoint the request writes is kept (`30m`)."""
    mode: Literal["implicit", "explicit"] | str
    """`implicit` (the default): the server adds a breakpoint; `explicit`: only the parts' breakpoints."""


# Stored completions


class CompletionListParams(TypedDict, total=False):
    """The parameters of `chat.completions.list`."""

    after: str
    """List the completions after this completion id (the cursor)."""
    limit: int
    """How many completions per page (20 by default)."""
    metadata: Mapping[str, str] | None
    """Only completions with these metadata pairs."""
    model: str
    """Only completions made with this model."""
    order: Literal["asc", "desc"] | str
    """By creation time: `asc` (the default) or `desc`."""


class CompletionUpdateParams(TypedDict, total=False):
    """The parameters of `chat.completions.update`."""

    metadata: Required[Mapping[str, str] | None]
    """The new metadata of the completion: replaces the old; `None` removes it."""


class MessageListParams(TypedDict, total=False):
    """The parameters of `chat.completions.messages.list`."""

    after: str
    """List the messages after this message id (the cursor)."""
    limit: int
    """How many messages per page (20 by default)."""
    order: Literal["asc", "desc"] | str
    """By creation time: `asc` (the default) or `desc`."""
