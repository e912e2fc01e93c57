"""The chat completion object: what `chat.completions.create` returns when not streaming.

Also what retrieving, updating and listing stored chat completions return.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import Field, Tag

from openwire._models import BaseModel, UnknownVariant, by_type, variant_of
from openwire.types._extensions import provider_fields
from openwire.types.chat.provider_extensions import ReasoningDetail, XGroq
from openwire.types.completion_usage import CompletionUsage
from openwire.types.content_filter import ContentFilterResults, PromptFilterResult
from openwire.types.moderation import ModerationOutcome

if TYPE_CHECKING:
    from openwire.types.chat.params import ChatCompletionAssistantMessageWithReasoningParam

__all__ = [
    "Annotation",
    "AnnotationURLCitation",
    "ChatCompletion",
    "ChatCompletionAudio",
    "ChatCompletionMessage",
    "ChatCompletionMessageCustomToolCall",
    "ChatCompletionMessageFunctionToolCall",
    "ChatCompletionMessageToolCallUnion",
    "ChatCompletionModeration",
    "ChatCompletionTokenLogprob",
    "Choice",
    "ChoiceLogprobs",
    "Custom",
    "FinishReason",
    "Function",
    "FunctionCall",
    "ServiceTier",
    "TopLogprob",
]

FinishReason = Literal["stop", "length", "tool_calls", "content_filter", "function_call"] | str
"""Why the model stopped: a natural stop or stop sequence (`stop`), the token limit (`length`), a tool
call (`tool_calls`), filtered content (`content_filter`), or a deprecated `function_call`."""

ServiceTier = Literal["auto", "default", "flex", "scale", "priority", "fast"] | str
"""The processing tier that served a request."""


class ChatCompletion(BaseModel):
    """The model's reply to a conversation: one or more choices, and what it cost."""

    id: str
    """The completion's unique id (`chatcmpl-...`)."""
    choices: list[Choice]
    """The generated choices: more than one when the request set `n` above 1."""
    created: int | None = None
    """When the completion was created, in Unix seconds."""
    model: str
    """The model that produced the completion."""
    object: Literal["chat.completion"] | str = "chat.completion"
    """Always `chat.completion`."""
    service_tier: ServiceTier | None = None
    """The processing tier that actually served the request."""
    system_fingerprint: str | None = None
    """The backend configuration that served the request (deprecated); compare it across `seed` calls."""
    usage: CompletionUsage | None = None
    """Token usage of the request."""
    metadata: dict[str, str] | None = None
    """The key-value pairs attached to a stored completion."""
    moderation: ChatCompletionModeration | None = None
    """The moderation of the input and the output, when the request asked for moderation."""

    # Fields other services add (the "Typed extensions" of docs/providers.md): kept as the server
    # sent them and read through typed properties (`provider_fields` below), so that an answer
    # without them parses as fast as before and one with another shape still parses.
    if TYPE_CHECKING:
        prompt_filter_results: list[PromptFilterResult] | None = None
        """Azure: what the content filters found in the prompt, one entry per prompt."""
        provider: str | None = None
        """OpenRouter: the provider that served the request (`OpenAI`, `Anthropic`, ...)."""
        x_groq: XGroq | None = None
        """Groq: the request's id (`x_groq.id`)."""


class Choice(BaseModel):
    """One generated reply."""

    finish_reason: FinishReason | None = None
    """Why the model stopped generating (`stop`, `length`, `tool_calls`, `content_filter`, ...)."""
    index: int = 0
    """The position of this choice in `choices`."""
    message: ChatCompletionMessage
    """The message the model wrote."""
    logprobs: ChoiceLogprobs | None = None
    """Log probabilities of the generated tokens, when the request set `logprobs`."""

    # Fields other services add; see `ChatCompletion`.
    if TYPE_CHECKING:
        content_filter_results: ContentFilterResults | None = None
        """Azure: what the content filters found in this choice."""
        stop_reason: int | str | None = None
        """vLLM: the stop string or stop token id that ended the choice; `None` when the model
        ended it itself or it hit the token limit."""
        native_finish_reason: str | None = None
        """OpenRouter: the finish reason as the model's own provider gave it (`end_turn`, `STOP`,
        ...), before OpenRouter mapped it to `finish_reason`."""


_REASONING_FIELDS = frozenset({"reasoning_content", "reasoning", "reasoning_details"})


class ChatCompletionMessage(BaseModel):
    """A message the model wrote: text, a refusal, tool calls, or audio."""

    content: str | None = None
    """The text of the message, if any."""
    refusal: str | None = None
    """The model's refusal, when it declined to answer."""
    role: Literal["assistant"] | str = "assistant"
    """Who wrote the message: always `assistant`."""
    tool_calls: list[ChatCompletionMessageToolCallUnion] | None = None
    """The tools the model called, if any."""
    function_call: FunctionCall | None = None
    """The function the model called (deprecated: replaced by `tool_calls`)."""
    audio: ChatCompletionAudio | None = None
    """The spoken reply, when the request asked for audio output."""
    annotations: list[Annotation] | None = None
    """Citations in the message, such as the web pages a web search used."""

    # Fields other services add; see `ChatCompletion`.
    if TYPE_CHECKING:
        reasoning_content: str | None = None
        """DeepSeek, LiteLLM, older vLLM and others: the model's reasoning before its answer."""
        reasoning: str | None = None
        """OpenRouter, vLLM, Ollama, Groq: the model's reasoning (what others call
        `reasoning_content`)."""
        reasoning_details: list[ReasoningDetail] | None = None
        """OpenRouter: the reasoning as blocks (text with its signature, summaries, encrypted
        data), to send back as they came so that the model can carry on from them."""

    @property
    def reasoning_text(self) -> str | None:
        """The model's reasoning under whichever name the server used (`reasoning_content`, else
        `reasoning`), or `None`."""
        for text in (self.reasoning_content, self.reasoning):
            if isinstance(text, str):
                return text
        return None

    def to_param(
        self, *, reasoning: bool = True, extras: bool = True
    ) -> ChatCompletionAssistantMessageWithReasoningParam:
        """This message as the assistant message to send back in `messages`: the fields the server
        sent, as it sent them (passing the message itself sends the same).

        `reasoning=False` leaves out `reasoning_content`, `reasoning` and `reasoning_details`;
        `extras=False` leaves out the fields openwire does not know. Servers differ in what they
        take back: DeepSeek needs `reasoning_content` back after a tool call in thinking mode,
        OpenRouter and vLLM take the reasoning back, while OpenAI's API may reject fields it does
        not define. For a message going to another service than the one that wrote it, use
        `to_param(reasoning=False, extras=False)`.
        """
        exclude: set[str] = set()
        if not reasoning:
            exclude |= _REASONING_FIELDS
        if not extras:
            exclude.update(name for name in self.model_extra or () if name not in _REASONING_FIELDS)
        param: Any = self.model_dump(mode="json", by_alias=True, exclude_unset=True, exclude=exclude)
        param.setdefault("role", self.role)
        # What the `parse` helpers add (on `ParsedChatCompletionMessage`) is openwire's, not the API's.
        param.pop("parsed", None)
        for call in param.get("tool_calls") or ():
            function = call.get("function") if isinstance(call, dict) else None
            if isinstance(function, dict):
                function.pop("parsed_arguments", None)
        return param  # type: ignore[no-any-return]


class ChatCompletionMessageFunctionToolCall(BaseModel):
    """A call the model made to one of the request's function tools."""

    id: str
    """The tool call's id: answer it with a `tool` message carrying this `tool_call_id`."""
    function: Function
    """The function the model called, with its arguments."""
    type: Literal["function"] = "function"
    """Always `function`."""


class Function(BaseModel):
    """A function called by the model."""

    name: str
    """The name of the function."""
    arguments: str
    """The arguments, as the JSON string the model wrote: it may be invalid, so validate it before use."""


class ChatCompletionMessageCustomToolCall(BaseModel):
    """A call the model made to one of the request's custom tools."""

    id: str
    """The tool call's id: answer it with a `tool` message carrying this `tool_call_id`."""
    custom: Custom
    """The custom tool the model called, with its input."""
    type: Literal["custom"] = "custom"
    """Always `custom`."""


class Custom(BaseModel):
    """A custom tool called by the model."""

    name: str
    """The name of the custom tool."""
    input: str
    """The input the model wrote for the tool."""


_known_tool_call = variant_of("function", "custom")


def _tool_call_variant(value: Any) -> str:
    # Some compatible servers leave `type` out of function tool calls; a `function` key says enough.
    kind = _known_tool_call(value)
    if kind == "unknown" and isinstance(value, dict) and value.get("type") is None and "function" in value:
        return "function"
    return kind


ChatCompletionMessageToolCallUnion = Annotated[
    Annotated[ChatCompletionMessageFunctionToolCall, Tag("function")]
    | Annotated[ChatCompletionMessageCustomToolCall, Tag("custom")]
    | Annotated[UnknownVariant, Tag("unknown")],
    by_type(_tool_call_variant),
]
"""A tool call in a message: `ChatCompletionMessageFunctionToolCall`,
`ChatCompletionMessageCustomToolCall`, or (for a `type` openwire does not know yet) `UnknownVariant`."""


class FunctionCall(BaseModel):
    """A function called by the model (deprecated: replaced by tool calls)."""

    name: str
    """The name of the function."""
    arguments: str
    """The arguments as a JSON string the model wrote; validate it before use."""


class ChatCompletionAudio(BaseModel):
    """The spoken reply of a model asked for audio output."""

    id: str
    """The audio's id: pass it back in an assistant message to continue the conversation."""
    data: str
    """The audio, base64-encoded, in the format the request asked for."""
    expires_at: int | None = None
    """When the server forgets the audio (Unix seconds): after that, its id can no longer be used."""
    transcript: str | None = None
    """What the audio says, as text."""


class Annotation(BaseModel):
    """A citation in a message."""

    type: Literal["url_citation"] | str = "url_citation"
    """The kind of annotation: `url_citation`."""
    url_citation: AnnotationURLCitation | None = None
    """The cited web page, for a `url_citation`."""


class AnnotationURLCitation(BaseModel):
    """A web page cited by a message, and where in the message."""

    url: str
    """The address of the page."""
    title: str | None = None
    """The title of the page."""
    start_index: int | None = None
    """The position of the first character of the citation in the message content."""
    end_index: int | None = None
    """The position of the last character of the citation in the message content."""


class ChoiceLogprobs(BaseModel):
    """Log probabilities of the tokens of a choice."""

    content: list[ChatCompletionTokenLogprob] | None = None
    """One entry per token of the message content."""
    refusal: list[ChatCompletionTokenLogprob] | None = None
    """One entry per token of the refusal."""


class ChatCompletionTokenLogprob(BaseModel):
    """A generated token, how likely it was, and the likeliest alternatives."""

    token: str
    """The token."""
    logprob: float
    """Its log probability (`-9999.0` when it was not among the 20 likeliest tokens)."""
    bytes: list[int] | None = None
    """The token's UTF-8 bytes (join neighbours' bytes to rebuild split characters), or `None`."""
    top_logprobs: list[TopLogprob] = Field(default_factory=list)
    """The likeliest tokens at this position, at most as many as `top_logprobs` asked for."""


class TopLogprob(BaseModel):
    """One of the likeliest tokens at a position."""

    token: str
    """The token."""
    logprob: float
    """Its log probability (`-9999.0` when it was not among the 20 likeliest tokens)."""
    bytes: list[int] | None = None
    """The token's UTF-8 bytes, or `None` when it has no byte form."""


class ChatCompletionModeration(BaseModel):
    """What moderation found in the request's input and in the generated output.

    Each side is `ModerationResults` (moderation ran), `ModerationError` (it could not), or
    `UnknownVariant`; check with `isinstance` or by `.type`.
    """

    input: ModerationOutcome | None = None
    """The moderation of the request's input messages."""
    output: ModerationOutcome | None = None
    """The moderation of the generated output."""


provider_fields(
    ChatCompletion,
    prompt_filter_results=list[PromptFilterResult] | None,
    provider=str | None,
    x_groq=XGroq | None,
)
provider_fields(
    Choice,
    content_filter_results=ContentFilterResults | None,
    stop_reason=int | str | None,
    native_finish_reason=str | None,
)
provider_fields(
    ChatCompletionMessage,
    reasoning_content=str | None,
    reasoning=str | None,
    reasoning_details=list[ReasoningDetail] | None,
)
